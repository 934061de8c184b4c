"""The failed-login counts of adapters/security/throttle.py, in the database: shared by every
worker process and host (a count per process would give an attacker a budget per process)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, case, delete, func, select, union_all, update
from sqlalchemy.dialects import postgresql, sqlite

from fravaer.adapters.db.codec import naiv_utc as _naiv
from fravaer.adapters.db.reference_cache import REFERENCEVERSION, Referencer
from fravaer.adapters.db.tables import LoginSpaerringRow

_L = LoginSpaerringRow.__table__
# One statement per request: the lock in force on the user's or the address's key, the user's
# failures, and the reference version the user lookup needs anyway (no extra round trip). Its
# text does not depend on its parameters: it can go in a write's first pipeline (forudlaesning).
# One scan of the keys' rows (at most two), each value an aggregate over them with its own
# condition: on PostgreSQL a scalar subquery each cost a scan and an index lookup of its own
# (issue 13: 124k -> 107k server instructions a request, every request sends it). An aggregate
# over no rows still gives the one row, its values NULL, as the subqueries did.
_TILSTAND = select(
    func.max(_L.c.spaerret_til).filter(_L.c.spaerret_til > bindparam("nu")).label("spaerret_til"),
    func.max(_L.c.fejl).filter(_L.c.noegle == bindparam("bruger"),
                               _L.c.sidste_fejl >= bindparam("glemt")).label("fejl"),
    REFERENCEVERSION,
).where(_L.c.noegle.in_([bindparam("bruger"), bindparam("adresse")]))
# The same on SQLite, over each key's row found by its own lookup: SQLite builds a table of an IN
# list at every run, for two values too, when the list drives an index (the statement's run 53k
# → 25k instructions; every authenticated request sends it once, issue 13). The same row.
_NOEGLERNES = union_all(*(
    select(_L.c.spaerret_til, _L.c.fejl, _L.c.noegle, _L.c.sidste_fejl).where(_L.c.noegle == bindparam(navn))
    for navn in ("bruger", "adresse"))).subquery("noeglerne")
_N = _NOEGLERNES.c
_TILSTAND_SQLITE = select(
    func.max(_N.spaerret_til).filter(_N.spaerret_til > bindparam("nu")).label("spaerret_til"),
    func.max(_N.fejl).filter(_N.noegle == bindparam("bruger"),
                             _N.sidste_fejl >= bindparam("glemt")).label("fejl"),
    REFERENCEVERSION,
)


def tilstand_forespoergsel(bruger: str, noegler: list[str], nu: datetime, glemt: datetime,
                           dialekt: str | None = None) -> tuple[object, dict]:
    """LoginSpaerringRepository.tilstand's statement and parameters (`noegler`: the user's key
    and at most one other, the address's); its row has spaerret_til, fejl, referenceversion.
    `dialekt`: the database's (sqlite: _TILSTAND_SQLITE; either statement runs on both)."""
    global _tider
    # the other key, found by a loop (a comprehension is a function call of its own in Python 3.11)
    adresse = None
    for n in noegler:
        if n != bruger:
            if adresse is not None:
                raise ValueError("højst én nøgle ud over brugerens")
            adresse = n
    # every request asks with the same `nu` and `glemt` objects within a second (clock.utc_nu,
    # Autentificering.glemt_foer): their naive forms made once, not twice a request
    tider = _tider
    if tider[0] is not nu or tider[1] is not glemt:
        tider = _tider = (nu, glemt, _naiv(nu), _naiv(glemt))  # swapped whole: safe for threads
    stmt = _TILSTAND_SQLITE if dialekt == "sqlite" else _TILSTAND
    return stmt, {"bruger": bruger, "adresse": adresse, "nu": tider[2], "glemt": tider[3]}


_tider: tuple = (None, None, None, None)  # the last (nu, glemt) and their naive forms


class LoginSpaerringRepository:
    def __init__(self, session, referencer: Referencer):
        self.session = session
        self.referencer = referencer

    def tilstand(self, bruger: str, noegler: list[str], nu: datetime, glemt: datetime
                 ) -> tuple[datetime | None, int]:
        """Until when any of `noegler` is locked (None: not locked), and the failures counted on
        the key `bruger`."""
        r = self.session.execute(*tilstand_forespoergsel(bruger, noegler, nu, glemt,
                                                         getattr(self.session, "dialekt", None))).one()
        self.referencer.kendt(r.referenceversion)
        return r.spaerret_til, r.fejl or 0

    def tael_fejl(self, noegle: str, nu: datetime, glemt: datetime) -> int:
        """One failure more on `noegle` (a count older than `glemt` starts over); the count."""
        dialekt = self.session.get_bind().dialect.name
        ny: postgresql.Insert | sqlite.Insert = (postgresql.insert(_L) if dialekt == "postgresql"
                                                 else sqlite.insert(_L))
        stmt = ny.values(noegle=noegle, fejl=1, sidste_fejl=_naiv(nu), spaerret_til=None) \
            .on_conflict_do_update(index_elements=[_L.c.noegle], set_={
            "fejl": case((_L.c.sidste_fejl < _naiv(glemt), 1), else_=_L.c.fejl + 1),
            "sidste_fejl": _naiv(nu),
        }).returning(_L.c.fejl)
        return self.session.execute(stmt).scalar_one()

    def spaer(self, noegle: str, til: datetime) -> None:
        self.session.execute(update(_L).where(_L.c.noegle == noegle).values(spaerret_til=_naiv(til)))

    def glem(self, noegle: str) -> None:
        self.session.execute(delete(_L).where(_L.c.noegle == noegle))

    def ryd(self, nu: datetime, glemt: datetime) -> None:
        """Drop counts that are forgotten and hold no lock in force."""
        self.session.execute(delete(_L).where(
            _L.c.sidste_fejl < _naiv(glemt),
            (_L.c.spaerret_til.is_(None)) | (_L.c.spaerret_til < _naiv(nu))))
