"""Closed pay periods and the payroll lines delivered in them (append-only: a closed period's
lines never change; later changes are delivered as corrections in a later period)."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction

from sqlalchemy import insert, select

from fravaer.adapters.db.codec import naiv_utc as _naiv
from fravaer.adapters.db.session import Session
from fravaer.adapters.db.tables import InstitutionRow, LoenlinjeRow, LoenperiodeRow
from fravaer.domain.loen import Kildeart, Linjeart, Loenlinje, Loenperiode

_P = LoenperiodeRow.__table__
_L = LoenlinjeRow.__table__
_I = InstitutionRow.__table__


def _linje(r) -> Loenlinje:
    return Loenlinje(r.ansaettelse_id, r.loendel, r.enhed, Fraction(r.taeller, r.naevner), r.minutter,
                     r.fra_dato, r.til_dato, r.vedroerer, Kildeart(r.kilde_art), r.kilde_id, Linjeart(r.art))


class LoenRepository:
    def __init__(self, session: Session):
        self.session = session

    def laas_institution(self, institution_id: int) -> None:
        """One closing of an institution's period at a time (SQLite: the write transaction is)."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(select(_I.c.id).where(_I.c.id == institution_id).with_for_update())

    def lukkede(self, institution_id: int) -> dict[Loenperiode, datetime]:
        return {Loenperiode.fra_tekst(r.periode): r.lukket.replace(tzinfo=UTC) for r in self.session.execute(
            select(_P.c.periode, _P.c.lukket).where(_P.c.institution_id == institution_id))}

    def lukkede_ved(self, institution_kode: str) -> list[Loenperiode]:
        """The institution's closed periods, by its code."""
        return [Loenperiode.fra_tekst(p) for p in self.session.scalars(
            select(_P.c.periode).join(_I, _I.c.id == _P.c.institution_id)
            .where(_I.c.kode == institution_kode))]

    def leveret_i(self, institution_id: int, periode: Loenperiode) -> list[Loenlinje]:
        """The lines delivered in a closed period, in the order they were stored."""
        return [_linje(r) for r in self.session.execute(
            select(_L).where(_L.c.institution_id == institution_id, _L.c.loenperiode == str(periode))
            .order_by(_L.c.id))]

    def leveret_om(self, institution_id: int, perioder: list[Loenperiode]) -> dict[str, list[Loenlinje]]:
        """Every line delivered about these periods (their own and their corrections), per period
        concerned, in the order delivered."""
        ud: dict[str, list[Loenlinje]] = {str(p): [] for p in perioder}
        if perioder:
            for r in self.session.execute(select(_L).where(
                    _L.c.institution_id == institution_id, _L.c.vedroerer.in_(list(ud))).order_by(_L.c.id)):
                ud[r.vedroerer].append(_linje(r))
        return ud

    def luk(self, institution_id: int, periode: Loenperiode, linjer: list[Loenlinje], nu: datetime,
            bruger: str) -> None:
        self.session.execute(insert(_P), {"institution_id": institution_id, "periode": str(periode),
                                          "lukket": _naiv(nu), "bruger": bruger})
        if linjer:
            self.session.execute(insert(_L), [{
                "institution_id": institution_id, "loenperiode": str(periode), "vedroerer": x.vedroerer,
                "ansaettelse_id": x.ansaettelse_id, "loendel": x.loendel, "enhed": x.enhed,
                "taeller": x.dage.numerator, "naevner": x.dage.denominator, "minutter": x.minutter,
                "fra_dato": x.fra, "til_dato": x.til, "kilde_art": x.kilde_art.value, "kilde_id": x.kilde_id,
                "art": x.art.value} for x in linjer])
