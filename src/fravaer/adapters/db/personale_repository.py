"""Repositories for employee data: persons, units, the employment relationship's history,
maternity and work-injury cases, institutions' leave reasons, and the master-data log."""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from sqlalchemy import delete, insert, select, update

from fravaer.adapters.db import codec
from fravaer.adapters.db.any_list import blandt
from fravaer.adapters.db.codec import naiv_utc as _naiv
from fravaer.adapters.db.read_ahead import tupler
from fravaer.adapters.db.repository import FORHOLD
from fravaer.adapters.db.session import Session
from fravaer.adapters.db.tables import (
    AnsaettelseshistorikRow,
    ArbejdsskadesagRow,
    BarselssagRow,
    EnhedRow,
    InstitutionAarsagRow,
    InstitutionRow,
    PersonRow,
    StamdatalogRow,
)
from fravaer.adapters.db.upsert import upsert
from fravaer.domain.ansaettelse import Forholdsperiode, Loenform, aendringer_fremad, i_kraft
from fravaer.domain.personale import (
    PERSONFELTER,
    Arbejdsskadesag,
    Barselssag,
    Enhed,
    Forhold,
    Person,
    Tjenestefriaarsag,
)

_P = PersonRow.__table__
_E = EnhedRow.__table__
_I = InstitutionRow.__table__
_H = AnsaettelseshistorikRow.__table__
_B = BarselssagRow.__table__
_S = ArbejdsskadesagRow.__table__
_PERSONER = select(*_P.columns).where(blandt(_P.c.cpr, "cprs"))
_ENHEDER = (select(_E.c.id, _E.c.kode, _E.c.navn, _E.c.overordnet_id, _I.c.kode.label("institution_kode"))
            .join(_I, _I.c.id == _E.c.institution_id))
_ENHEDER_AF = _ENHEDER.where(blandt(_I.c.kode, "koder"))
_HISTORIK = (select(_H, _I.c.kode.label("institution_kode"), _E.c.kode.label("enhed_kode"))
             .join(_I, _I.c.id == _H.c.institution_id).outerjoin(_E, _E.c.id == _H.c.enhed_id)
             .where(blandt(_H.c.ansaettelse_id, "ids"))
             .order_by(_H.c.ansaettelse_id, _H.c.gyldig_fra, _H.c.id))


_FORLOEB = (select(_H.c.ansaettelse_id, _H.c.gyldig_fra, _H.c.pkat, _H.c.klasse, _H.c.stiko, _H.c.loenform,
                   _H.c.ugentlige_minutter, _H.c.akko, _I.c.kode.label("institution_kode"))
            .join(_I, _I.c.id == _H.c.institution_id)
            .where(blandt(_H.c.ansaettelse_id, "ids"))
            .order_by(_H.c.ansaettelse_id, _H.c.gyldig_fra, _H.c.id))




# a row of _PERSONER by position (a Row's attribute costs ten times its index; a page reads 500)
_PERSONFELTER = operator.itemgetter(*(list(_PERSONER.selected_columns.keys()).index(f) for f in (
    "cpr", "fornavn", "efternavn", "adresse", "postnummer", "bynavn", "land", "email", "telefon")))


def _person(r) -> Person:
    """Made without Person's __init__, which sets each of its fields through object.__setattr__
    (frozen): the fields in one dict, in their order (a page of HentMedarbejdere makes 500)."""
    cpr, fornavn, efternavn, adresse, postnummer, bynavn, land, email, telefon = _PERSONFELTER(r)
    p = _NY(Person)
    _SAET(p, "__dict__", {"cpr": cpr, "fornavn": fornavn, "efternavn": efternavn, "adresse": adresse,
                          "postnummer": postnummer, "bynavn": bynavn, "land": land, "email": email,
                          "telefon": telefon})
    return p


_NY = object.__new__
_SAET = object.__setattr__


class PersonRepository:
    def __init__(self, session: Session):
        self.session = session

    def hent_mange(self, cprs: Iterable[str]) -> dict[str, Person]:
        cprs = list(set(cprs))
        if not cprs:
            return {}
        return {p.cpr: p for p in map(_person, tupler(self.session.execute(_PERSONER, {"cprs": cprs})))}

    def gem(self, p: Person, felter: Iterable[str] = PERSONFELTER, foer: dict | None = None) -> str:
        """Upsert by CPR of the fields named (those a file has: the others are left as they
        are); returns 'oprettet', 'aendret' or 'uaendret'. A person with nothing is not created.
        `foer`: filled with the fields as they were (upsert)."""
        return upsert(self.session, PersonRow, {"cpr": p.cpr}, {k: getattr(p, k) for k in felter},
                      opret_tom=False, foer=foer)


class EnhedRepository:
    def __init__(self, session: Session):
        self.session = session

    def id_for(self, institution_id: int, kode: str) -> int | None:
        return self.session.scalar(select(EnhedRow.id).where(EnhedRow.institution_id == institution_id,
                                                             EnhedRow.kode == kode))

    def gem(self, institution_id: int, e: Enhed, foer: dict | None = None) -> str:
        """Upsert by institution and kode; the parent must exist already (files list parents
        first) or be this same import's earlier line. `foer`: filled with the name and the
        parent's id as they were."""
        overordnet_id = None
        if e.overordnet:
            overordnet_id = self.id_for(institution_id, e.overordnet)
            if overordnet_id is None:
                raise ValueError(f"den overordnede enhed {e.overordnet} findes ikke")
        row = self.session.scalar(select(EnhedRow).where(EnhedRow.institution_id == institution_id,
                                                         EnhedRow.kode == e.kode))
        if row is None:
            self.session.add(EnhedRow(institution_id=institution_id, kode=e.kode, navn=e.navn,
                                      overordnet_id=overordnet_id))
            self.session.flush()
            return "oprettet"
        if foer is not None:
            foer.update(navn=row.navn, overordnet_id=row.overordnet_id)
        if (row.navn, row.overordnet_id) == (e.navn, overordnet_id):
            return "uaendret"
        if overordnet_id is not None and self._er_under(overordnet_id, row.id):
            raise ValueError(f"enhed {e.kode} kan ikke ligge under sin egen underenhed {e.overordnet}")
        row.navn, row.overordnet_id = e.navn, overordnet_id
        self.session.flush()
        return "aendret"

    def _er_under(self, enhed_id: int, mulig_forfader: int) -> bool:
        seen = set()
        while enhed_id is not None and enhed_id not in seen:
            if enhed_id == mulig_forfader:
                return True
            seen.add(enhed_id)
            enhed_id = self.session.scalar(select(EnhedRow.overordnet_id).where(EnhedRow.id == enhed_id))
        return False

    def alle(self, institution_koder: Iterable[str] | None = None) -> dict[int, tuple[Enhed, int | None]]:
        """Units by id, with their parent's id."""
        if institution_koder is None:
            rows = self.session.execute(_ENHEDER).all()
        else:  # built once: a read that can be sent ahead (read_ahead.py)
            rows = self.session.execute(_ENHEDER_AF, {"koder": sorted(set(institution_koder))}).all()
        svar = {}
        koder = {r.id: r.kode for r in rows}
        for r in rows:
            svar[r.id] = (Enhed(r.institution_kode, r.kode, r.navn, koder.get(r.overordnet_id)),
                          r.overordnet_id)
        return svar


class HistorikRepository:
    def __init__(self, session: Session, uden_forloeb: set[int] | None = None):
        self.session = session
        # employments read in this transaction whose history has one date (AnsaettelseRepository)
        self.uden_forloeb = uden_forloeb if uden_forloeb is not None else set()

    def i_kraft(self, ansaettelse_id: int, dato: date) -> dict[str, object] | None:
        """The relationship in force on `dato` (domain.ansaettelse.i_kraft)."""
        return self.i_kraft_mange([ansaettelse_id], dato).get(ansaettelse_id)

    def i_kraft_mange(self, ids: Sequence[int], dato: date) -> dict[int, dict[str, object]]:
        """`i_kraft` for many employments in one query."""
        rows: dict[int, list] = defaultdict(list)
        if ids:
            q = (select(_H.c.ansaettelse_id, _H.c.gyldig_fra, *(_H.c[k] for k in FORHOLD))
                 .where(_H.c.ansaettelse_id.in_(list(ids)))
                 .order_by(_H.c.ansaettelse_id, _H.c.gyldig_fra, _H.c.id))
            for r in self.session.execute(q):
                rows[r.ansaettelse_id].append(r)
        valgt = {i: rs[i_kraft([r.gyldig_fra for r in rs], dato)] for i, rs in rows.items()}
        return {i: {k: getattr(r, k) for k in FORHOLD} for i, r in valgt.items()}

    def saet(self, ansaettelse_id: int, gyldig_fra: date, forhold: dict[str, object],
             tidspunkt: datetime) -> None:
        """The relationship from `gyldig_fra`: one row per date (a second change the same day
        replaces the first)."""
        self.uden_forloeb.discard(ansaettelse_id)  # it may have two dates now
        self.session.execute(delete(_H).where(_H.c.ansaettelse_id == ansaettelse_id,
                                              _H.c.gyldig_fra == gyldig_fra))
        self.session.execute(insert(_H).values(ansaettelse_id=ansaettelse_id, gyldig_fra=gyldig_fra,
                                               registreret=_naiv(tidspunkt), **forhold))

    def aendr_fra(self, ansaettelse_id: int, gyldig_fra: date, gammel: dict[str, object],
                  aendringer: dict[str, object], tidspunkt: datetime) -> None:
        """Change some fields of the relationship from `gyldig_fra` on, up to the next recorded
        change of each (domain.ansaettelse.aendringer_fremad)."""
        self.saet(ansaettelse_id, gyldig_fra, {**gammel, **aendringer}, tidspunkt)
        senere = [(r.id, {k: getattr(r, k) for k in FORHOLD}) for r in self.session.execute(
            select(_H.c.id, *(_H.c[k] for k in FORHOLD))
            .where(_H.c.ansaettelse_id == ansaettelse_id, _H.c.gyldig_fra > gyldig_fra)
            .order_by(_H.c.gyldig_fra, _H.c.id))]
        for row_id, felter in aendringer_fremad(gammel, aendringer, senere):
            self.session.execute(update(_H).where(_H.c.id == row_id).values(**felter))

    def gem(self, ansaettelse_id: int, gyldig_fra: date, forhold: dict[str, object],
            tidspunkt: datetime, foer: dict | None = None) -> str:
        """Upsert the row of one date (a history file's line); 'oprettet', 'aendret' or 'uaendret'.
        `foer`: filled with the row as it was."""
        r = self.session.execute(select(*(_H.c[k] for k in FORHOLD)).where(
            _H.c.ansaettelse_id == ansaettelse_id, _H.c.gyldig_fra == gyldig_fra)
            .order_by(_H.c.id.desc()).limit(1)).first()
        if r is not None and foer is not None:
            foer.update(r._mapping)
        if r is not None and dict(r._mapping) == forhold:
            return "uaendret"
        self.saet(ansaettelse_id, gyldig_fra, forhold, tidspunkt)
        return "oprettet" if r is None else "aendret"

    def for_ansaettelser(self, ids: Sequence[int]) -> dict[int, list[Forhold]]:
        """Each employment's history, one row per date (of two the same day, the later)."""
        pr_dato: dict[int, dict[date, Forhold]] = {i: {} for i in ids}
        if ids:
            for r in self.session.execute(_HISTORIK, {"ids": list(set(ids))}):
                pr_dato[r.ansaettelse_id][r.gyldig_fra] = Forhold(
                    r.gyldig_fra, r.pkat, r.klasse, r.stiko, r.loenform, r.ugentlige_minutter, r.enhed_kode,
                    r.institution_kode, r.akko)
        return {i: list(d.values()) for i, d in pr_dato.items()}

    def forloeb(self, ids: Sequence[int]) -> dict[int, tuple[Forholdsperiode, ...]]:
        """The relationship over time of those employments that changed (two rows or more)."""
        aendrede = set(ids) - self.uden_forloeb
        if not aendrede:
            return {}
        rows: dict[int, dict[date, Forholdsperiode]] = defaultdict(dict)
        for r in self.session.execute(_FORLOEB, {"ids": list(aendrede)}):
            rows[r.ansaettelse_id][r.gyldig_fra] = Forholdsperiode(
                r.gyldig_fra, r.pkat, r.klasse, r.stiko, Loenform(r.loenform), r.ugentlige_minutter,
                r.akko, r.institution_kode)
        # one row is the employment row itself (saet_forhold keeps them the same)
        return {i: tuple(p.values()) for i, p in rows.items() if len(p) > 1}


def _barselssag(r) -> Barselssag:
    return Barselssag(r.id, r.cpr, r.version, r.noegle, r.type, r.gyldig_fra, r.gyldig_til,
                      r.forventet_foedsel, r.faktisk_foedsel, r.anmeldt, r.indberettet,
                      r.oprettet.replace(tzinfo=UTC), r.aendret.replace(tzinfo=UTC))


def _barsel_felter(s: Barselssag) -> dict:
    return dict(noegle=s.noegle, type=s.type, gyldig_fra=s.gyldig_fra, gyldig_til=s.gyldig_til,
                forventet_foedsel=s.forventet_foedsel, faktisk_foedsel=s.faktisk_foedsel, anmeldt=s.anmeldt,
                indberettet=s.indberettet)


class BarselssagRepository:
    def __init__(self, session: Session):
        self.session = session

    def hent(self, sag_id: str) -> Barselssag | None:
        r = self.session.execute(select(_B).where(_B.c.id == sag_id)).first()
        return _barselssag(r) if r else None

    def for_personer(self, cprs: Iterable[str]) -> list[Barselssag]:
        q = select(_B).where(_B.c.cpr.in_(list(set(cprs)))).order_by(_B.c.cpr, _B.c.gyldig_fra, _B.c.id)
        return [_barselssag(r) for r in self.session.execute(q)]

    def for_person(self, cpr: str, fra: date | None = None, til: date | None = None) -> list[Barselssag]:
        q = select(_B).where(_B.c.cpr == cpr)
        if til is not None:
            q = q.where(_B.c.gyldig_fra <= til)
        if fra is not None:
            q = q.where((_B.c.gyldig_til.is_(None)) | (_B.c.gyldig_til >= fra))
        return [_barselssag(r) for r in self.session.execute(q.order_by(_B.c.gyldig_fra, _B.c.id))]

    def med_noegle(self, cpr: str, noegle: str) -> Barselssag | None:
        r = self.session.execute(select(_B).where(_B.c.cpr == cpr, _B.c.noegle == noegle)).first()
        return _barselssag(r) if r else None

    def tilfoej(self, s: Barselssag) -> None:
        self.session.execute(insert(_B).values(id=s.id, cpr=s.cpr, version=s.version,
                                               oprettet=_naiv(s.oprettet), aendret=_naiv(s.aendret),
                                               **_barsel_felter(s)))

    def opdater(self, s: Barselssag, forrige_version: int) -> bool:
        r = self.session.execute(update(_B).where(_B.c.id == s.id, _B.c.version == forrige_version).values(
            version=s.version, aendret=_naiv(s.aendret), **_barsel_felter(s)))
        return r.rowcount == 1

    def slet(self, sag_id: str, version: int) -> bool:
        r = self.session.execute(delete(_B).where(_B.c.id == sag_id, _B.c.version == version))
        return r.rowcount == 1


class ArbejdsskadesagRepository:
    def __init__(self, session: Session):
        self.session = session

    def for_personer(self, cprs: Iterable[str]) -> list[Arbejdsskadesag]:
        q = select(_S).where(_S.c.cpr.in_(list(set(cprs)))).order_by(_S.c.cpr, _S.c.ulykkesdato)
        return [Arbejdsskadesag(r.cpr, r.sagsnummer, r.ulykkesdato, r.beskrivelse)
                for r in self.session.execute(q)]

    def for_person(self, cpr: str, fra: date | None = None, til: date | None = None) -> list[Arbejdsskadesag]:
        q = select(_S).where(_S.c.cpr == cpr)
        if fra is not None:
            q = q.where(_S.c.ulykkesdato >= fra)
        if til is not None:
            q = q.where(_S.c.ulykkesdato <= til)
        return [Arbejdsskadesag(r.cpr, r.sagsnummer, r.ulykkesdato, r.beskrivelse)
                for r in self.session.execute(q.order_by(_S.c.ulykkesdato, _S.c.sagsnummer))]

    def gem(self, s: Arbejdsskadesag, foer: dict | None = None) -> str:
        return upsert(self.session, ArbejdsskadesagRow, {"cpr": s.cpr, "sagsnummer": s.sagsnummer},
                      {"ulykkesdato": s.ulykkesdato, "beskrivelse": s.beskrivelse}, foer=foer)


class AarsagRepository:
    """Institutions' own leave reasons."""

    def __init__(self, session: Session):
        self.session = session

    def for_institution(self, kode: str) -> list[Tjenestefriaarsag]:
        q = (select(InstitutionAarsagRow.kode, InstitutionAarsagRow.tekst, InstitutionAarsagRow.med_loen)
             .join(InstitutionRow, InstitutionRow.id == InstitutionAarsagRow.institution_id)
             .where(InstitutionRow.kode == kode).order_by(InstitutionAarsagRow.kode))
        return [Tjenestefriaarsag(r.kode, r.tekst, r.med_loen) for r in self.session.execute(q)]

    def gem(self, institution_id: int, a: Tjenestefriaarsag, foer: dict | None = None) -> str:
        return upsert(self.session, InstitutionAarsagRow, {"institution_id": institution_id, "kode": a.kode},
                      {"tekst": a.tekst, "med_loen": a.med_loen}, foer=foer)


class StamdatalogRepository:
    def __init__(self, session: Session):
        self.session = session

    def skriv(self, tidspunkt: datetime, handling: str, objekt: str, noegle: str, bruger: str,
              transaktions_id: str | None, foer: dict | None, efter: dict | None) -> None:
        self.session.execute(insert(StamdatalogRow.__table__).values(
            tidspunkt=_naiv(tidspunkt), handling=handling, objekt=objekt, noegle=noegle, bruger=bruger,
            transaktions_id=transaktions_id, foer=None if foer is None else codec.dumps(foer),
            efter=None if efter is None else codec.dumps(efter)))
