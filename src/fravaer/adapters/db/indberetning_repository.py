"""The quarterly report's storage: the employments an institution's report reads, and the stored
runs with their records (tables indberetning, indberetningspost; migration 0010)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import and_, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import aliased

from fravaer.adapters.db.any_list import blandt
from fravaer.adapters.db.codec import naiv_utc as _naiv
from fravaer.adapters.db.repository import _ANSAETTELSE, _ansaettelse
from fravaer.adapters.db.session import Session
from fravaer.adapters.db.tables import (
    AnsaettelseRow,
    AnsaettelseshistorikRow,
    IndberetningRow,
    IndberetningspostRow,
    InstitutionRow,
)
from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.indberetning import Indberetningspost
from fravaer.domain.kvartaler import Kvartal

_A = AnsaettelseRow.__table__
_H = AnsaettelseshistorikRow.__table__
_I = InstitutionRow.__table__
_K = IndberetningRow.__table__
_P = IndberetningspostRow.__table__
_INDSAET_POST = insert(_P)
# prebuilt, its text the same for any lists (PostgreSQL: = ANY): a write can read it with its
# other reads in one round trip (Haendelsestjeneste._forudsig)
_SENESTE_FOR = (select(_K, _I.c.kode).join(_I, _I.c.id == _K.c.institution_id)
                .where(blandt(_I.c.kode, "koder"), blandt(_K.c.aar, "aar")).order_by(_K.c.id))
_POSTER = (select(_P).where(_P.c.indberetning_id == bindparam("kid"), _P.c.nummer > bindparam("efter"))
           .order_by(_P.c.nummer).limit(bindparam("antal")))


@dataclass(frozen=True)
class Koersel:
    """A stored run of an institution's report for a quarter."""

    id: int
    institution: str
    kvartal: Kvartal
    dannet: datetime
    bruger: str
    antal: int
    indhold_hash: str




def _post(r) -> Indberetningspost:
    return Indberetningspost(r.ansaettelse_id, r.cpr, r.loebenummer, r.tjenestenummer, r.haendelse_id, r.kode,
                             r.type, r.dst_kategori, r.fra_dato, r.til_dato, r.aaben, r.minutter_pr_dag,
                             int(r.noegle.rsplit("/", 1)[1]))


class IndberetningRepository:
    def __init__(self, session: Session):
        self.session = session

    # ------------------------------------------------------------ what the report reads

    def _institutionens(self, institution_id: int, fra: date, til: date):
        """Employments that belonged to the institution (today, or by a history row) and whose
        dates overlap [fra, til]."""
        historik = select(_H.c.ansaettelse_id).where(_H.c.institution_id == institution_id)
        return and_(or_(_A.c.institution_id == institution_id, _A.c.id.in_(historik)),
                    _A.c.startdato <= til, or_(_A.c.slutdato.is_(None), _A.c.slutdato >= fra))

    def antal_ansaettelser(self, institution_id: int, fra: date, til: date) -> int:
        return self.session.scalar(select(func.count()).select_from(_A)
                                   .where(self._institutionens(institution_id, fra, til)))

    def ansaettelser_side(self, institution_id: int, fra: date, til: date, efter_id: int, antal: int
                          ) -> list[Ansaettelse]:
        """Up to `antal` of them with ids above `efter_id`, in id order (keyset paging)."""
        q = (_ANSAETTELSE.where(self._institutionens(institution_id, fra, til), _A.c.id > efter_id)
             .order_by(_A.c.id).limit(antal))
        return [_ansaettelse(r) for r in self.session.execute(q)]

    def laas_institution(self, institution_id: int) -> None:
        """One run of an institution's report at a time (PostgreSQL; SQLite's write lock does it)."""
        self.session.execute(select(_I.c.id).where(_I.c.id == institution_id).with_for_update())

    # ------------------------------------------------------------ runs

    def seneste(self, institution_id: int, kvartal: Kvartal) -> Koersel | None:
        r = self.session.execute(
            select(_K, _I.c.kode).join(_I, _I.c.id == _K.c.institution_id)
            .where(_K.c.institution_id == institution_id, _K.c.aar == kvartal.aar,
                   _K.c.kvartal == kvartal.nummer).order_by(_K.c.id.desc()).limit(1)).first()
        return self._koersel(r) if r else None

    def hent(self, koersel_id: int) -> Koersel | None:
        r = self.session.execute(select(_K, _I.c.kode).join(_I, _I.c.id == _K.c.institution_id)
                                 .where(_K.c.id == koersel_id)).first()
        return self._koersel(r) if r else None

    @staticmethod
    def _koersel(r) -> Koersel:
        return Koersel(r.id, r.kode, Kvartal(r.aar, r.kvartal), r.dannet.replace(tzinfo=UTC), r.bruger,
                       r.antal, r.indhold_hash)

    def opret(self, institution_id: int, kvartal: Kvartal, dannet: datetime, bruger: str) -> int:
        return self.session.execute(insert(_K).values(
            institution_id=institution_id, aar=kvartal.aar, kvartal=kvartal.nummer, dannet=_naiv(dannet),
            bruger=bruger, antal=0, indhold_hash="").returning(_K.c.id)).scalar_one()

    def afslut(self, koersel_id: int, antal: int, indhold_hash: str) -> None:
        self.session.execute(update(_K).where(_K.c.id == koersel_id).values(antal=antal,
                                                                            indhold_hash=indhold_hash))

    def tilfoej_poster(self, koersel_id: int, poster: Iterable[tuple[int, str, Indberetningspost]]) -> None:
        """(nummer, content hash, record) rows of the run, in one round trip."""
        rows = [{"indberetning_id": koersel_id, "nummer": n, "noegle": p.noegle, "indhold_hash": h,
                 "ansaettelse_id": p.ansaettelse_id, "cpr": p.cpr, "loebenummer": p.loebenummer,
                 "tjenestenummer": p.tjenestenummer, "haendelse_id": p.haendelse_id, "kode": p.kode,
                 "type": p.type, "dst_kategori": p.dst_kategori, "fra_dato": p.fra, "til_dato": p.til,
                 "aaben": p.aaben, "minutter_pr_dag": p.minutter_pr_dag} for n, h, p in poster]
        if rows:  # executemany: psycopg pipelines it (multi-row VALUES cost more to compile)
            self.session.execute(_INDSAET_POST, rows)

    def poster(self, koersel_id: int, efter_nummer: int, antal: int) -> list[tuple[int, Indberetningspost]]:
        """Up to `antal` records of the run after `efter_nummer`, in order, each with its row id."""
        return [(r.id, _post(r)) for r in self.session.execute(
            _POSTER, {"kid": koersel_id, "efter": efter_nummer, "antal": antal})]

    def alle_poster(self, koersel_id: int, side: int = 2000) -> Iterator[Indberetningspost]:
        """Every record of the run, in order, read in pages (a report may be large)."""
        efter = 0
        while stykke := self.session.execute(_POSTER, {"kid": koersel_id, "efter": efter,
                                                       "antal": side}).all():
            yield from (_post(r) for r in stykke)
            efter = stykke[-1].nummer

    def post_sted(self, post_id: int) -> tuple[int, int] | None:
        """(run, nummer) of a stored record: where a page of a run continues (Fortsaettelse)."""
        r = self.session.execute(select(_P.c.indberetning_id, _P.c.nummer).where(_P.c.id == post_id)).first()
        return (r.indberetning_id, r.nummer) if r else None

    def forskelle(self, ny_id: int, gammel_id: int) -> Iterator[tuple[str, Indberetningspost]]:
        """What differs between two runs, record by record (by its key): 'Ny' (only in the new
        run), 'AEndret' (in both, other content: the new one), 'Fjernet' (only in the old run)."""
        ny, gammel = aliased(IndberetningspostRow), aliased(IndberetningspostRow)
        for art, q in (
            ("Ny", select(ny).outerjoin(gammel, and_(gammel.indberetning_id == gammel_id,
                                                     gammel.noegle == ny.noegle))
             .where(ny.indberetning_id == ny_id, gammel.id.is_(None)).order_by(ny.nummer)),
            ("AEndret", select(ny).join(gammel, and_(gammel.indberetning_id == gammel_id,
                                                     gammel.noegle == ny.noegle))
             .where(ny.indberetning_id == ny_id, gammel.indhold_hash != ny.indhold_hash).order_by(ny.nummer)),
            ("Fjernet", select(gammel).outerjoin(ny, and_(ny.indberetning_id == ny_id,
                                                          ny.noegle == gammel.noegle))
             .where(gammel.indberetning_id == gammel_id, ny.id.is_(None)).order_by(gammel.nummer)),
        ):
            for r in self.session.scalars(q):
                yield art, _post(r)

    def seneste_for(self, par: Iterable[tuple[str, Kvartal]]) -> list[Koersel]:
        """The last run of each (institution, quarter) that has one."""
        par = set(par)
        if not par:
            return []
        rows = self.session.execute(_SENESTE_FOR, {"koder": sorted({i for i, _ in par}),
                                                   "aar": sorted({k.aar for _, k in par})}).all()
        seneste = {}
        for r in rows:
            if (r.kode, Kvartal(r.aar, r.kvartal)) in par:
                seneste[(r.kode, Kvartal(r.aar, r.kvartal))] = self._koersel(r)
        return [seneste[p] for p in sorted(seneste)]

    def tidligere(self, koersel: Koersel) -> Koersel | None:
        """The run of the same report made before `koersel`."""
        r = self.session.execute(
            select(_K, _I.c.kode).join(_I, _I.c.id == _K.c.institution_id)
            .where(_I.c.kode == koersel.institution, _K.c.aar == koersel.kvartal.aar,
                   _K.c.kvartal == koersel.kvartal.nummer, _K.c.id < koersel.id)
            .order_by(_K.c.id.desc()).limit(1)).first()
        return self._koersel(r) if r else None

