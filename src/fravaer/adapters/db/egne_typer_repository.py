"""Institutions' own registration types and their fixed codes that need approval: rows to domain
objects and back (reference data: kept in the process's copy, reference_cache)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, insert, select

from fravaer.adapters.db.codec import naiv_utc as _naiv
from fravaer.adapters.db.reference_cache import Referencer
from fravaer.adapters.db.session import Session
from fravaer.adapters.db.tables import EgenTypeRow, GodkendelseskodeRow, InstitutionRow
from fravaer.domain.egne_typer import EgenType

_E = EgenTypeRow.__table__
_G = GodkendelseskodeRow.__table__
_I = InstitutionRow.__table__
_EGNE = (select(_E).join(_I, _I.c.id == _E.c.institution_id)
         .where(_I.c.kode == bindparam("kode")).order_by(_E.c.kode))
_GODKENDELSE = (select(_G.c.kode).join(_I, _I.c.id == _G.c.institution_id)
                .where(_I.c.kode == bindparam("kode")).order_by(_G.c.kode))


@dataclass(frozen=True)
class Institutionstyper:
    egne: tuple[EgenType, ...] = ()
    godkendelse: frozenset[str] = frozenset()  # fixed codes whose events need approval


def _egen(r) -> EgenType:
    return EgenType(r.kode, r.navn, r.loendel, tuple((r.pkat or "").split()), r.kraever_godkendelse)


class EgenTypeRepository:
    def __init__(self, session: Session, referencer: Referencer):
        self.session = session
        self.referencer = referencer

    def for_institution(self, kode: str) -> Institutionstyper:
        return self.referencer.hent(("egne_typer", kode), lambda: self._for_institution(kode))

    def _for_institution(self, kode: str) -> Institutionstyper:
        egne = tuple(_egen(r) for r in self.session.execute(_EGNE, {"kode": kode}))
        return Institutionstyper(egne, frozenset(self.session.scalars(_GODKENDELSE, {"kode": kode})))

    def tilfoej(self, institution_id: int, t: EgenType, bruger: str, nu: datetime) -> None:
        self.session.execute(insert(_E), {
            "institution_id": institution_id, "kode": t.kode, "navn": t.navn, "loendel": t.loendel,
            "pkat": " ".join(t.pkat) or None, "kraever_godkendelse": t.kraever_godkendelse,
            "oprettet": _naiv(nu), "bruger": bruger})

    def fjern(self, institution_id: int, kode: str) -> None:
        self.session.execute(delete(_E).where(_E.c.institution_id == institution_id, _E.c.kode == kode))

    def saet_godkendelse(self, institution_id: int, kode: str, kraevet: bool) -> bool:
        """Make a fixed code need approval (or not); whether that changed anything."""
        findes = self.session.execute(select(_G.c.kode).where(
            _G.c.institution_id == institution_id, _G.c.kode == kode)).first() is not None
        if findes == kraevet:
            return False
        if kraevet:
            self.session.execute(insert(_G), {"institution_id": institution_id, "kode": kode})
        else:
            self.session.execute(delete(_G).where(_G.c.institution_id == institution_id, _G.c.kode == kode))
        return True
