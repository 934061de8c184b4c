"""The change feed's storage (issue 19 item 1): rows are appended with the write they record (through
the Samler: on PostgreSQL in the write's own statement) and read in (xid, id) order.

Why nothing is skipped. PostgreSQL: a row's `xid` is its transaction's id (the column's default,
evaluated in the INSERT). A page holds only rows whose xid lies below the xmin of the reading
statement's own snapshot: every transaction below it has ended, so every such row that will ever
exist is visible to that statement. The cursor handed out is the last row's (xid, id); a row
committed later belongs to a transaction at or above that xmin, so it sorts after the cursor and
comes on a later page. An open transaction holds the horizon (and so the feed) back until it ends:
the price of never skipping. SQLite: writers take the database's write lock before they write
(BEGIN IMMEDIATE) and keep it until they commit, so ids are handed out in commit order and a
reader's snapshot holds every row below the newest id it sees."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from sqlalchemy import BigInteger, bindparam, func, insert, literal_column, select, tuple_

from fravaer.adapters.db import codec
from fravaer.adapters.db.codec import naiv_utc
from fravaer.adapters.db.insert_batch import Samler
from fravaer.adapters.db.session import Session
from fravaer.adapters.db.tables import AendringRow, EnhedRow
from fravaer.domain.aendringer import Aendring, Art, Position

_AE = AendringRow.__table__
_E = EnhedRow.__table__
# below this no transaction is open: the read horizon (PostgreSQL)
_HORISONT = literal_column("(pg_snapshot_xmin(pg_current_snapshot())::text)::bigint", BigInteger)
_INDSAET = insert(_AE)
# raekke()'s keys, sorted by name: the form a row waits in (Samler.indsaet_raekke)
_AE_FORM = (_AE, ("ansaettelse_id", "art", "bruger", "efter", "enhed_id", "foer", "handling", "institution",
                  "noegle", "tidspunkt", "transaktions_id"))
_ART_VAERDI = {a: a.value for a in Art}  # (an enum's .value is a Python property: a call per use)


def _vaerdier(tidspunkt: datetime, art: Art, handling: str, noegle: str, institution: str, bruger: str,
              foer: str | None, efter: str | None, enhed_id: int | None, ansaettelse_id: int | None,
              transaktions_id: str | None) -> tuple:
    """A change's row (before and after written as JSON): its values in _AE_FORM's order."""
    return (ansaettelse_id, _ART_VAERDI.get(art) or art.value, bruger, efter, enhed_id, foer, handling,
            institution, noegle[:80], naiv_utc(tidspunkt), transaktions_id)


class AendringRepository:
    def __init__(self, session: Session, samler: Samler):
        self.session = session
        self.samler = samler

    def _postgresql(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    # ------------------------------------------------------------ writing

    def tilfoej(self, raekke: dict) -> None:
        """One change, with the write it records (inside `samler.samlet()` it joins that write's
        statement on PostgreSQL)."""
        self.samler.indsaet(_AE, raekke)

    def tilfoej_skrevet(self, tidspunkt: datetime, art: Art, handling: str, noegle: str, institution: str,
                        bruger: str, foer: str | None, efter: str | None, enhed_id: int | None = None,
                        ansaettelse_id: int | None = None, transaktions_id: str | None = None) -> None:
        """`tilfoej(raekke(…))` of a change whose before and after are already written as JSON
        (codec.dumps): a mass registration's rows wait as rows of _AE_FORM, without a dict each."""
        self.samler.indsaet_raekke(_AE_FORM, _vaerdier(
            tidspunkt, art, handling, noegle, institution, bruger, foer, efter, enhed_id, ansaettelse_id,
            transaktions_id))

    def tilfoej_mange(self, raekker: Sequence[dict]) -> None:
        """Many changes in one executemany (a history import's batch)."""
        if raekker:
            self.session.execute(_INDSAET, list(raekker))

    @staticmethod
    def raekke(tidspunkt: datetime, art: Art, handling: str, noegle: str, institution: str,
               bruger: str, foer: dict | None, efter: dict | None, enhed_id: int | None = None,
               ansaettelse_id: int | None = None, transaktions_id: str | None = None) -> dict:
        vaerdier = _vaerdier(tidspunkt, art, handling, noegle, institution, bruger,
                             None if foer is None else codec.dumps(foer),
                             None if efter is None else codec.dumps(efter), enhed_id, ansaettelse_id,
                             transaktions_id)
        return dict(zip(_AE_FORM[1], vaerdier, strict=True))

    # ------------------------------------------------------------ reading

    def side(self, efter: Position, institutioner: Iterable[str], enheder: Iterable[int] | None,
             arter: Iterable[Art], antal: int) -> list[Aendring]:
        """Up to `antal` changes after `efter`, in feed order, of these institutions (and, when
        given, of these units), of these kinds (all when none), below the read horizon."""
        q = (select(*_AE.columns, _E.c.kode.label("enhed_kode")).outerjoin(_E, _E.c.id == _AE.c.enhed_id)
             .where(tuple_(_AE.c.xid, _AE.c.id) > tuple_(bindparam("x"), bindparam("i")),
                    _AE.c.institution.in_(sorted(set(institutioner))))
             .order_by(_AE.c.xid, _AE.c.id).limit(antal))
        if enheder is not None:
            q = q.where(_AE.c.enhed_id.in_(sorted(set(enheder))))
        valgte = sorted({a.value for a in arter})
        if valgte:
            q = q.where(_AE.c.art.in_(valgte))
        if self._postgresql():
            q = q.where(_AE.c.xid < _HORISONT)
        return [_aendring(r) for r in self.session.execute(q, {"x": efter.xid, "i": efter.id})]

    def begyndelse(self, fra: datetime) -> Position:
        """Where a walk from the time `fra` begins: before the first change (in feed order)
        recorded at or after it, and never above the read horizon (a change still being written
        may be stamped after `fra`; it belongs to a transaction at or above the horizon)."""
        if self._postgresql():
            r = self.session.execute(select(func.min(_AE.c.xid), _HORISONT.label("horisont"))
                                     .where(_AE.c.tidspunkt >= naiv_utc(fra))).one()
            return Position(min(r[0], r.horisont) if r[0] is not None else r.horisont, 0)
        r = self.session.execute(select(func.min(_AE.c.id), func.max(_AE.c.id))
                                 .where(_AE.c.tidspunkt >= naiv_utc(fra))).one()
        if r[0] is not None:
            return Position(0, r[0] - 1)
        return Position(0, self.session.scalar(select(func.coalesce(func.max(_AE.c.id), 0))))


def _aendring(r) -> Aendring:
    return Aendring(Position(r.xid, r.id), r.tidspunkt.replace(tzinfo=UTC), Art(r.art), r.handling, r.noegle,
                    r.institution, r.enhed_kode, r.ansaettelse_id, r.bruger, r.transaktions_id,
                    None if r.foer is None else codec.loads(r.foer),
                    None if r.efter is None else codec.loads(r.efter))
