"""Importing and exporting master data (stamdata): idempotent upserts by natural keys, one
transaction for the whole file; each record is stored or refused on its own (a savepoint), and
with `alt_eller_intet` one bad record stores nothing."""

from __future__ import annotations

import uuid
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, overload

from sqlalchemy import Engine

from fravaer.adapters.db.repository import forhold_af
from fravaer.adapters.stamdata import (
    PERSONFELTER,
    AarsagLinje,
    ArbejdsskadesagLinje,
    BarnLinje,
    BarselssagLinje,
    EnhedLinje,
    HistorikLinje,
    Linje,
    LinjeFejl,
)
from fravaer.domain.aendringer import Art
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.service.aendringer import barselssag_felter, registrer, registrer_for_person
from fravaer.service.ports import Indhold, UnitOfWork
from fravaer.service.runner import i_transaktion

IMPORTBRUGER = "import"  # the feed's user of an imported change (the CLI runs as the administrator)
# An import storing at least this many records tells the storage to relearn its tables' sizes
# (UnitOfWork.opdater_statistik): a database planning with what it knew of the tables before a
# migration's import reads a page of 500 employees by sorting the whole institution.
STOR_INDLAESNING = 1_000


@dataclass
class ImportResultat:
    oprettet: int = 0
    aendret: int = 0
    uaendret: int = 0
    fejl: list[LinjeFejl] = field(default_factory=list)
    gemt: bool = True

    def afslut(self, uow: UnitOfWork, alt_eller_intet: bool, indhold: Indhold) -> ImportResultat:
        """Commit what was read, or — all or nothing, with a bad line — nothing at all."""
        if alt_eller_intet and self.fejl:
            self.gemt = False
            self.oprettet = self.aendret = self.uaendret = 0
            return self
        if self.oprettet + self.aendret >= STOR_INDLAESNING:
            uow.opdater_statistik(indhold)
        uow.commit()
        return self


def importer(engine: Engine, linjer: Iterable, alt_eller_intet: bool = False,
             fremskridt: Callable[[int], None] = lambda n: None,
             nu: Callable[[], datetime] = lambda: datetime.now(UTC)) -> ImportResultat:
    linjer = list(linjer)

    def arbejde(uow: UnitOfWork) -> ImportResultat:
        tidspunkt = nu()
        resultat = ImportResultat()
        for linje in linjer:
            fremskridt(1)
            if isinstance(linje, LinjeFejl):
                resultat.fejl.append(linje)
                continue
            try:
                with uow.session.begin_nested():  # a refused record leaves nothing behind
                    udfald = _GEM[type(linje)](uow, linje, tidspunkt)
            except ValueError as e:
                resultat.fejl.append(LinjeFejl(linje.nummer, str(e)))
                continue
            setattr(resultat, udfald, getattr(resultat, udfald) + 1)
        return resultat.afslut(uow, alt_eller_intet, "stamdata")

    return i_transaktion(engine, arbejde, skriv=True)


class _Koder:
    """Institution and unit codes by id, for the feed: its before and after name them by code (the
    ids are the database's own). Read once per import, again when an id is new (a unit just made)."""

    def __init__(self, uow: UnitOfWork):
        self.uow = uow
        self.institutioner: dict[int, str] = {}
        self.enheder: dict[int, str] = {}

    def institution(self, iid: int) -> str:
        if iid not in self.institutioner:
            self.institutioner = {i.id: i.kode for i in self.uow.institutioner.alle()}
        return self.institutioner[iid]

    def enhed(self, eid: int | None) -> str | None:
        if eid is not None and eid not in self.enheder:
            self.enheder = {i: e.kode for i, (e, _) in self.uow.enheder.alle().items()}
        return None if eid is None else self.enheder.get(eid)

    @overload
    def vis(self, felter: dict) -> dict: ...
    @overload
    def vis(self, felter: None) -> None: ...
    @overload
    def vis(self, felter: dict | None) -> dict | None: ...
    def vis(self, felter: dict | None) -> dict | None:
        """The fields with institution_id, enhed_id and overordnet_id as codes."""
        if felter is None:
            return None
        ud = dict(felter)
        if "institution_id" in ud:
            ud["institution"] = self.institution(ud.pop("institution_id"))
        for felt, navn in (("enhed_id", "enhed"), ("overordnet_id", "overordnet")):
            if felt in ud:
                ud[navn] = self.enhed(ud.pop(felt))
        return ud


# each unit of work's codes, read once (an import runs many records in one)
_KODER: weakref.WeakKeyDictionary[UnitOfWork, _Koder] = weakref.WeakKeyDictionary()


def _koder(uow: UnitOfWork) -> _Koder:
    koder = _KODER.get(uow)
    if koder is None:
        koder = _KODER[uow] = _Koder(uow)
    return koder


def _handling(udfald: str) -> str:
    return "Opret" if udfald == "oprettet" else "Ret"


# the names the rest of the code and the tests know
importer_ansaettelser = importer
importer_boern = importer


def _institution_id(uow: UnitOfWork, kode: str, navn: str | None) -> int:
    if navn:
        return uow.institutioner.hent_eller_opret(kode, navn)[0].id
    institution_id = uow.institutioner.id_for(kode)
    if institution_id is None:
        raise ValueError(f"institutionen {kode} findes ikke (angiv institution_navn for at oprette den)")
    return institution_id


# an import column and the employment's field it sets
_FELT = {"tjenestenummer": "tjenestenummer", "pkat": "pkat", "stiko": "stiko", "slutdato": "slutdato",
         "fast_fridag": "fast_fridag", "klasse": "klasse", "feriepolitik": "feriepolitik",
         "enhed_kode": "enhed_id", "akko": "akko", "postering": "postering"}


def _ansaettelse(uow: UnitOfWork, linje: Linje, tidspunkt: datetime) -> str:
    a = linje.ansaettelse
    if a.tjenestenummer and "tjenestenummer" not in linje.udeladte:
        ejer = uow.ansaettelser.tjenestenummer_ejer(a.tjenestenummer)
        if ejer is not None and ejer != (a.cpr, a.loebenummer):
            raise ValueError(f"tjenestenummer {a.tjenestenummer} tilhører en anden ansættelse")
    institution_id = _institution_id(uow, linje.institution_kode, linje.institution_navn)
    if linje.enhed_kode:
        enhed_id = uow.enheder.id_for(institution_id, linje.enhed_kode)
        if enhed_id is None:
            raise ValueError(f"enheden {linje.enhed_kode} findes ikke i institution {linje.institution_kode}")
        a = replace(a, enhed_id=enhed_id)
    behold = {_FELT[k] for k in linje.udeladte}
    foer: dict = {}
    ansaettelse_id, udfald, gemt = uow.ansaettelser.gem(institution_id, a, behold, foer)
    idag = tidspunkt.date()
    koder = _koder(uow)
    if udfald != "uaendret":
        efter = {k: getattr(a, k) for k in ("tjenestenummer", "startdato", "slutdato", "fast_fridag",
                                            "feriepolitik", "postering") if k not in behold}
        if udfald == "oprettet":
            efter.update(koder.vis(gemt))
        registrer(uow, tidspunkt, Art.ANSAETTELSE, _handling(udfald), str(ansaettelse_id),
                  linje.institution_kode,
                  IMPORTBRUGER, foer if udfald == "aendret" else None, efter, enhed_id=a.enhed_id,
                  ansaettelse_id=ansaettelse_id)
    if udfald == "oprettet":
        uow.historik.saet(ansaettelse_id, a.startdato, gemt, tidspunkt)
        return _med_person(uow, linje, udfald, ansaettelse_id, tidspunkt, a.enhed_id)
    # the line's relationship holds from its gyldig_fra, or from today: compared with the one
    # recorded for that date; what differs changes from then on, and a planned change recorded
    # for a later date stays
    gyldig_fra = linje.gyldig_fra or idag
    i_kraft = uow.historik.i_kraft(ansaettelse_id, gyldig_fra)
    if i_kraft is None:  # stored without history (as migration 0007 does: from its start)
        uow.historik.saet(ansaettelse_id, a.startdato, gemt, tidspunkt)
        i_kraft = gemt
    if institution_id != i_kraft["institution_id"]:
        behold.discard("enhed_id")  # a unit belongs to its institution: a move leaves it
    aendringer = {k: v for k, v in forhold_af(institution_id, a).items()
                  if k not in behold and v != i_kraft[k]}
    if aendringer:
        uow.historik.aendr_fra(ansaettelse_id, gyldig_fra, i_kraft, aendringer, tidspunkt)
        udfald = "aendret"
        registrer(uow, tidspunkt, Art.HISTORIK, "Ret", f"{ansaettelse_id} {gyldig_fra.isoformat()}",
                  linje.institution_kode, IMPORTBRUGER, {"gyldig_fra": gyldig_fra, **koder.vis(i_kraft)},
                  {"gyldig_fra": gyldig_fra, **koder.vis({**i_kraft, **aendringer})},
                  enhed_id=a.enhed_id, ansaettelse_id=ansaettelse_id)
    if _til_i_dag(uow, ansaettelse_id, gemt, idag, None if aendringer or gyldig_fra != idag else i_kraft,
                  tidspunkt):
        udfald = "aendret"
    return _med_person(uow, linje, udfald, ansaettelse_id, tidspunkt, a.enhed_id)


def _til_i_dag(uow: UnitOfWork, ansaettelse_id: int, gemt: dict, idag: date, i_dag: dict | None = None,
               tidspunkt: datetime | None = None) -> bool:
    """The employment row holds the relationship in force today (who may see it, its calendar, what
    is shown as current); a planned change reaches it with the first import on or after its date."""
    i_dag = i_dag or uow.historik.i_kraft(ansaettelse_id, idag)
    if i_dag is None or i_dag == gemt:
        return False
    _saet_forhold(uow, ansaettelse_id, gemt or None, i_dag, tidspunkt or datetime.now(UTC))
    return True


def _saet_forhold(uow: UnitOfWork, ansaettelse_id: int, gemt: dict | None, i_dag: dict,
                  tidspunkt: datetime) -> None:
    """The employment row takes the relationship in force today; the feed hears it (where it stands
    now, and where it stood, when that was another institution)."""
    uow.ansaettelser.saet_forhold(ansaettelse_id, i_dag)
    koder = _koder(uow)
    foer, efter = koder.vis(gemt), koder.vis(i_dag)
    for institution in dict.fromkeys([efter["institution"], *([foer["institution"]] if foer else [])]):
        registrer(uow, tidspunkt, Art.ANSAETTELSE, "Ret", str(ansaettelse_id), institution, IMPORTBRUGER,
                  foer, efter, enhed_id=i_dag.get("enhed_id") if institution == efter["institution"]
                  else (gemt or {}).get("enhed_id"), ansaettelse_id=ansaettelse_id)


def _med_person(uow: UnitOfWork, linje: Linje, udfald: str, ansaettelse_id: int, tidspunkt: datetime,
                enhed_id: int | None) -> str:
    if linje.person is None:
        return udfald
    foer: dict = {}
    person = uow.personer.gem(linje.person, linje.personfelter, foer)
    if person == "uaendret":
        return udfald
    # recorded where the line came from (its institution); RetKommunikation records at every one
    registrer(uow, tidspunkt, Art.PERSON, _handling(person), str(ansaettelse_id), linje.institution_kode,
              IMPORTBRUGER, foer or None, {k: getattr(linje.person, k) for k in linje.personfelter},
              enhed_id=enhed_id, ansaettelse_id=ansaettelse_id)
    return "aendret" if udfald == "uaendret" else udfald


def _historik(uow: UnitOfWork, linje: HistorikLinje, tidspunkt: datetime) -> str:
    fundne = uow.ansaettelser.find(AnsaettelsesIdent(cpr=linje.cpr, loebenummer=linje.loebenummer))
    if not fundne:
        raise ValueError(f"ansættelsen med løbenummer {linje.loebenummer} findes ikke for dette CPR-nummer")
    institution_id = uow.institutioner.id_for(linje.institution_kode)
    if institution_id is None:
        raise ValueError(f"institutionen {linje.institution_kode} findes ikke")
    enhed_id = None
    if linje.enhed_kode:
        enhed_id = uow.enheder.id_for(institution_id, linje.enhed_kode)
        if enhed_id is None:
            raise ValueError(f"enheden {linje.enhed_kode} findes ikke i institution {linje.institution_kode}")
    f = linje.forhold
    akko: object = f.akko
    if not linje.med_akko:  # a file without the column keeps the AKKO recorded for that date
        akko = (uow.historik.i_kraft(fundne[0].id, f.gyldig_fra) or {}).get("akko")
    foer: dict = {}
    forhold: dict[str, object] = dict(
        institution_id=institution_id, enhed_id=enhed_id, pkat=f.pkat, klasse=f.klasse, stiko=f.stiko,
        loenform=f.loenform.value, ugentlige_minutter=f.ugentlige_minutter, akko=akko)
    udfald = uow.historik.gem(fundne[0].id, f.gyldig_fra, forhold, tidspunkt, foer)
    if udfald != "uaendret":
        koder = _koder(uow)
        foer_vist, efter = koder.vis(foer or None), koder.vis(forhold)
        noegle = f"{fundne[0].id} {f.gyldig_fra.isoformat()}"
        hvor = [efter["institution"], *([foer_vist["institution"]] if foer_vist else [])]
        for institution in dict.fromkeys(hvor):
            registrer(uow, tidspunkt, Art.HISTORIK, _handling(udfald), noegle,
                      institution, IMPORTBRUGER,
                      {"gyldig_fra": f.gyldig_fra, **foer_vist} if foer_vist else foer_vist,
                      {"gyldig_fra": f.gyldig_fra, **efter}, ansaettelse_id=fundne[0].id,
                      enhed_id=enhed_id if institution == efter["institution"] else foer.get("enhed_id"))
        _til_i_dag(uow, fundne[0].id, {}, tidspunkt.date(), tidspunkt=tidspunkt)
    return udfald


def _barn(uow: UnitOfWork, linje: BarnLinje, tidspunkt: datetime) -> str:
    foer: dict = {}
    b = linje.barn
    udfald = uow.boern.gem(linje.foraelder_cpr, b, foer)
    if udfald != "uaendret":
        registrer_for_person(uow, tidspunkt, Art.BARN, _handling(udfald), str(b.barnenummer),
                             linje.foraelder_cpr, IMPORTBRUGER, foer or None,
                             dict(barnenummer=b.barnenummer, cpr=b.cpr, fornavn=b.fornavn,
                                  efternavn=b.efternavn,
                                  foedselsdato=b.foedselsdato))
    return udfald


def _enhed(uow: UnitOfWork, linje: EnhedLinje, tidspunkt: datetime) -> str:
    iid, e = _institution_id(uow, linje.enhed.institution_kode, linje.institution_navn), linje.enhed
    foer: dict[str, object] = {}
    udfald = uow.enheder.gem(iid, e, foer)
    if udfald != "uaendret":
        registrer(uow, tidspunkt, Art.ENHED, _handling(udfald), e.kode, e.institution_kode, IMPORTBRUGER,
                  _koder(uow).vis(foer or None), {"navn": e.navn, "overordnet": e.overordnet},
                  enhed_id=uow.enheder.id_for(iid, e.kode))
    return udfald


def _barselssag(uow: UnitOfWork, linje: BarselssagLinje, tidspunkt: datetime) -> str:
    ny = linje.sag
    gammel = uow.barselssager.med_noegle(ny.cpr, ny.noegle)
    if gammel is None:
        ny = replace(ny, id=str(uuid.uuid4()), oprettet=tidspunkt, aendret=tidspunkt)
        uow.barselssager.tilfoej(ny)
        registrer_for_person(uow, tidspunkt, Art.BARSELSSAG, "Opret", ny.id, ny.cpr, IMPORTBRUGER, None,
                             barselssag_felter(ny))
        return "oprettet"
    def indhold(s):
        return replace(s, id="", version=1, oprettet=None, aendret=None)

    if indhold(gammel) == indhold(ny):
        return "uaendret"
    ny = replace(ny, id=gammel.id, version=gammel.version + 1, oprettet=gammel.oprettet, aendret=tidspunkt)
    uow.barselssager.opdater(ny, gammel.version)
    registrer_for_person(uow, tidspunkt, Art.BARSELSSAG, "Ret", ny.id, ny.cpr, IMPORTBRUGER,
                         barselssag_felter(gammel), barselssag_felter(ny))
    return "aendret"


def _arbejdsskadesag(uow: UnitOfWork, linje: ArbejdsskadesagLinje, tidspunkt: datetime) -> str:
    s, foer = linje.sag, dict[str, object]()
    udfald = uow.arbejdsskadesager.gem(s, foer)
    if udfald != "uaendret":
        registrer_for_person(uow, tidspunkt, Art.ARBEJDSSKADESAG, _handling(udfald), s.sagsnummer, s.cpr,
                             IMPORTBRUGER, foer or None,
                             {"sagsnummer": s.sagsnummer, "ulykkesdato": s.ulykkesdato,
                              "beskrivelse": s.beskrivelse})
    return udfald


def _aarsag(uow: UnitOfWork, linje: AarsagLinje, tidspunkt: datetime) -> str:
    a, foer = linje.aarsag, dict[str, object]()
    udfald = uow.aarsager.gem(_institution_id(uow, linje.institution_kode, None), a, foer)
    if udfald != "uaendret":
        registrer(uow, tidspunkt, Art.AARSAG, _handling(udfald), a.kode, linje.institution_kode, IMPORTBRUGER,
                  foer or None, {"tekst": a.tekst, "med_loen": a.med_loen})
    return udfald


_GEM: dict[type, Callable[[UnitOfWork, Any, datetime], str]] = {
    Linje: _ansaettelse, HistorikLinje: _historik, BarnLinje: _barn, EnhedLinje: _enhed,
    BarselssagLinje: _barselssag, ArbejdsskadesagLinje: _arbejdsskadesag, AarsagLinje: _aarsag}




def til_i_dag(engine: Engine, nu: Callable[[], datetime] = lambda: datetime.now(UTC),
              fremskridt: Callable[[int], None] = lambda n: None) -> int:
    """Bring every employment to the relationship its history has in force today: a planned
    change (of institution, unit, hours …) takes effect in who may see the employment and what
    is shown as current. Imports do it for the lines they read; run daily for the rest. Returns
    how many changed."""

    def arbejde(uow: UnitOfWork) -> int:
        idag, aendret, efter = nu().date(), 0, 0
        while side := uow.ansaettelser.forhold_side(efter, SIDE):
            i_dag = uow.historik.i_kraft_mange([i for i, _ in side], idag)
            for ansaettelse_id, gemt in side:
                if ansaettelse_id in i_dag and i_dag[ansaettelse_id] != gemt:
                    _saet_forhold(uow, ansaettelse_id, gemt, i_dag[ansaettelse_id], nu())
                    aendret += 1
            fremskridt(len(side))
            efter = side[-1][0]
        uow.commit()
        return aendret

    return i_transaktion(engine, arbejde, skriv=True)


# ---------------------------------------------------------------- export

_UGEDAGE = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag")
SIDE = 5000


def _timer(minutter: int) -> str:
    """Weekly minutes as the import reads them: '37', '32,5' or, when not whole quarters, '37:01'."""
    timer, rest = divmod(minutter, 60)
    if rest == 0:
        return str(timer)
    if rest % 15 == 0:
        return f"{timer},{rest * 100 // 60:02d}".rstrip("0")
    return f"{timer}:{rest:02d}"


def tekst(v) -> str:
    """A field as written in an exported file: empty for none."""
    return "" if v is None else str(v)


def eksporter(engine: Engine, arter: list[str], institutioner: list[str] | None = None
              ) -> dict[str, list[dict]]:
    """The master data in the import's columns: exporting and importing again changes nothing."""

    def arbejde(uow: UnitOfWork) -> dict[str, list[dict]]:
        navne = {i.kode: i.navn for i in uow.institutioner.alle(institutioner)}
        ansaettelser, efter = [], 0
        while side := uow.ansaettelser.side(list(navne), efter, SIDE):
            ansaettelser += side
            efter = side[-1].id
        cprs = {a.cpr for a in ansaettelser}
        enheder = uow.enheder.alle(list(navne))
        ud: dict[str, list[dict]] = {}
        if "enheder" in arter:
            ud["enheder"] = _enheder(enheder, navne)
        if "ansaettelser" in arter:
            personer = uow.personer.hent_mange(cprs)
            ud["ansaettelser"] = [_ansaettelse_raekke(a, navne, enheder, personer.get(a.cpr))
                                  for a in ansaettelser]
        if "historik" in arter:
            ud["historik"] = _historik_raekker(uow, ansaettelser)
        if "boern" in arter:
            ud["boern"] = [{"foraelder_cpr": cpr, "barnenummer": b.barnenummer, "cpr": tekst(b.cpr),
                            "foedselsdato": b.foedselsdato.isoformat(), "fornavn": tekst(b.fornavn),
                            "efternavn": tekst(b.efternavn)}
                           for cpr, boern in sorted(uow.boern.for_personer(cprs).items())
                           for b in sorted(boern.values(), key=lambda b: b.barnenummer)]
        if "barselssager" in arter:
            ud["barselssager"] = [{k: tekst(getattr(s, k)) for k in (
                "cpr", "noegle", "type", "gyldig_fra", "gyldig_til", "forventet_foedsel", "faktisk_foedsel",
                "anmeldt", "indberettet")} for s in uow.barselssager.for_personer(cprs)]
        if "arbejdsskadesager" in arter:
            ud["arbejdsskadesager"] = [
                {k: tekst(getattr(s, k)) for k in ("cpr", "sagsnummer", "ulykkesdato", "beskrivelse")}
                for s in uow.arbejdsskadesager.for_personer(cprs)]
        if "aarsager" in arter:
            ud["aarsager"] = [{"institution_kode": kode, "kode": a.kode, "tekst": a.tekst,
                               "med_loen": "J" if a.med_loen else "N"}
                              for kode in navne for a in uow.aarsager.for_institution(kode)]
        return ud

    return i_transaktion(engine, arbejde)


def _historik_raekker(uow: UnitOfWork, ansaettelser: list) -> list[dict]:
    """Each employment's history, the row in force for each date (a later one of the same date
    replaced the earlier)."""
    raekker = []
    for side in range(0, len(ansaettelser), SIDE):
        del_ = ansaettelser[side:side + SIDE]
        historik = uow.historik.for_ansaettelser([a.id for a in del_])
        for a in del_:
            pr_dato = {h.gyldig_fra: h for h in historik[a.id]}
            raekker += [{"cpr": a.cpr, "loebenummer": a.loebenummer, "gyldig_fra": h.gyldig_fra.isoformat(),
                         "institution_kode": h.institution_kode, "enhed_kode": tekst(h.enhed),
                         "pkat": tekst(h.pkat), "klasse": tekst(h.klasse), "stiko": tekst(h.stiko),
                         "loenform": h.loenform, "ugentlig_arbejdstid": _timer(h.ugentlige_minutter),
                         "akko": tekst(h.akko)}
                        for _, h in sorted(pr_dato.items())]
    return raekker


def _enheder(enheder: dict, navne: dict[str, str]) -> list[dict]:
    """Parents before their children, so that the file imports in one pass."""
    raekker, skrevet = [], set()

    def skriv(enhed_id):
        if enhed_id in skrevet:
            return
        e, overordnet_id = enheder[enhed_id]
        if overordnet_id is not None:
            skriv(overordnet_id)
        skrevet.add(enhed_id)
        raekker.append({"institution_kode": e.institution_kode, "institution_navn": navne[e.institution_kode],
                        "kode": e.kode, "navn": e.navn, "overordnet_kode": tekst(e.overordnet)})

    for enhed_id in sorted(enheder, key=lambda i: (enheder[i][0].institution_kode, enheder[i][0].kode)):
        skriv(enhed_id)
    return raekker


def _ansaettelse_raekke(a, navne: dict[str, str], enheder: dict, person) -> dict:
    r = {"institution_kode": a.institution_kode, "institution_navn": navne[a.institution_kode], "cpr": a.cpr,
         "loebenummer": a.loebenummer, "tjenestenummer": tekst(a.tjenestenummer), "pkat": tekst(a.pkat),
         "stiko": tekst(a.stiko), "loenform": a.loenform.value,
         "ugentlig_arbejdstid": _timer(a.ugentlige_minutter),
         "startdato": a.startdato.isoformat(), "slutdato": tekst(a.slutdato),
         "fast_fridag": "" if a.fast_fridag is None else _UGEDAGE[a.fast_fridag], "klasse": tekst(a.klasse),
         "feriepolitik": tekst(a.feriepolitik),
         "enhed_kode": enheder[a.enhed_id][0].kode if a.enhed_id in enheder else "", "akko": tekst(a.akko),
         "postering": tekst(a.postering)}
    if person is not None:
        r.update({k: tekst(getattr(person, k)) for k in PERSONFELTER})
    return r
