"""Institutions' særregler (seed 002 §12) and their log: rows to domain objects and back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import bindparam, delete, insert, select

from fravaer.adapters.db.codec import naiv_utc as _naiv
from fravaer.adapters.db.reference_cache import Referencer
from fravaer.adapters.db.session import Session
from fravaer.adapters.db.tables import InstitutionRow, SaerregellogRow, SaerregelRow
from fravaer.domain.katalog import Matrixregel, Samtidighed
from fravaer.domain.saerregler import Grupperegel, OmsorgUdenRegnskab, Saerregel, Saerregler

MATRIX, OMSORG, GRUPPE = "matrix", "omsorg", "gruppe"

_S = SaerregelRow.__table__
_L = SaerregellogRow.__table__
_I = InstitutionRow.__table__
_FOR_INSTITUTION = (select(_S).join(_I, _I.c.id == _S.c.institution_id)
                    .where(_I.c.kode == bindparam("kode")).order_by(_S.c.id))


@dataclass(frozen=True)
class Logpost:
    tidspunkt: datetime
    bruger: str
    handling: str  # tilfoej, fjern, anvend
    regel_id: int | None
    foer: str | None
    efter: str | None




def _regel(r) -> Saerregel:
    if r.art == MATRIX:
        return Matrixregel(r.kode, r.anden, Samtidighed(r.vaerdi), r.kode_aaben, r.anden_planlagt, r.id)
    if r.art == GRUPPE:
        return Grupperegel(r.pkat, r.klasse, r.kode, r.fra_dato, r.til_dato, r.id)
    return OmsorgUdenRegnskab(r.id)


def _felter(regel: Saerregel) -> dict:
    tom = dict(kode=None, anden=None, vaerdi=None, kode_aaben=False, anden_planlagt=False, pkat=None,
               klasse=None, fra_dato=None, til_dato=None)
    if isinstance(regel, Matrixregel):
        return {**tom, "art": MATRIX, "kode": regel.kode, "anden": regel.anden,
                "vaerdi": regel.vaerdi.value, "kode_aaben": regel.kode_aaben,
                "anden_planlagt": regel.anden_planlagt}
    if isinstance(regel, Grupperegel):
        return {**tom, "art": GRUPPE, "kode": regel.kode, "pkat": regel.pkat, "klasse": regel.klasse,
                "fra_dato": regel.fra, "til_dato": regel.til}
    return {**tom, "art": OMSORG}


class SaerregelRepository:
    def __init__(self, session: Session, referencer: Referencer):
        self.session = session
        self.referencer = referencer

    def for_institution(self, kode: str) -> Saerregler:
        """It is asked on every write of an event: from the process's copy (reference_cache)
        unless reference data changed."""
        return self.referencer.hent(("saerregler", kode), lambda: self._for_institution(kode))

    def _for_institution(self, kode: str) -> Saerregler:
        matrix, grupper, omsorg = [], [], None
        for r in self.session.execute(_FOR_INSTITUTION, {"kode": kode}):
            regel = _regel(r)
            if isinstance(regel, Matrixregel):
                matrix.append(regel)
            elif isinstance(regel, Grupperegel):
                grupper.append(regel)
            else:
                omsorg = regel.id
        return Saerregler(tuple(matrix), omsorg, tuple(grupper))

    def tilfoej(self, institution_id: int, regel: Saerregel, bruger: str, nu: datetime) -> int:
        return self.session.execute(insert(_S).returning(_S.c.id), {
            "institution_id": institution_id, "oprettet": _naiv(nu), "bruger": bruger,
            **_felter(regel)}).scalar_one()

    def fjern(self, institution_id: int, regel_id: int) -> Saerregel | None:
        """Remove one rule of the institution; the rule removed, None if it has none such."""
        r = self.session.execute(select(_S).where(_S.c.id == regel_id,
                                                  _S.c.institution_id == institution_id)).first()
        if r is None:
            return None
        self.session.execute(delete(_S).where(_S.c.id == regel_id))
        return _regel(r)

    def log(self, tidspunkt: datetime, institution_id: int, bruger: str, handling: str,
            regel_id: int | None, foer: str | None, efter: str | None) -> None:
        self.session.execute(insert(SaerregellogRow.__table__), {
            "tidspunkt": _naiv(tidspunkt), "institution_id": institution_id, "bruger": bruger,
            "handling": handling, "regel_id": regel_id, "foer": foer, "efter": efter})

    def loggen(self, institution_id: int) -> list[Logpost]:
        q = select(_L).where(_L.c.institution_id == institution_id).order_by(_L.c.id)
        return [Logpost(r.tidspunkt.replace(tzinfo=UTC), r.bruger, r.handling, r.regel_id, r.foer, r.efter)
                for r in self.session.execute(q)]
