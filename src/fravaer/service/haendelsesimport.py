"""Events in and out in bulk (issue 15 item 3): a history from another system imported by the
same rules as a single registration, and the export that the import reads back unchanged.

The import's key is the file's `haendelse_id` (a UUID, stored as the event's id): a line whose
event is already stored with the same content is left as it is (a retried or repeated file stores
nothing twice); with other content it is a bad line (the import never changes a stored event).
Each employment's lines are judged in date order (fra, then line number), each against the events
stored before and the file's earlier lines that were stored: a history is registered as it
happened, so that the rules that weigh earlier events (an account's balance, a spell's length)
see them. A line that breaks a rule is reported with the rule's messages and not stored (DOMAIN.md
§4 rule 13: a fejl stores nothing); advis are not reported. The whole file is one transaction
(its employments stay locked until it ends); with `alt_eller_intet` one bad line stores nothing.
The export (DOMAIN.md §8; seed 002 §10: "Oplysninger kan du 'Eksportere til fil' som csv") writes
the stored events in the same columns, so that it imports into another database unchanged."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy import Engine

from fravaer.adapters.db.repository import KontoHaendelse
from fravaer.adapters.stamdata import HaendelseLinje, LinjeFejl
from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.godkendelse import Status
from fravaer.domain.haendelse import AABEN_SLUT, Haendelse, HaendelseData
from fravaer.domain.katalog import Katalog
from fravaer.domain.kvoter import Regnskab
from fravaer.domain.meddelelser import Afvist
from fravaer.domain.vurdering import kraever_regnskab, vurder_haendelse
from fravaer.service.aendringer import haendelse_raekker
from fravaer.service.ansaettelser import institutionens, med_forloeb
from fravaer.service.clock import DANMARK
from fravaer.service.grundlag import andre_haendelser, grundlag_for
from fravaer.service.haendelser import Haendelsestjeneste
from fravaer.service.ports import UnitOfWork
from fravaer.service.regnskaber import laes_regnskaber, tilfoej_haendelse
from fravaer.service.runner import i_transaktion
from fravaer.service.stamdata import ImportResultat, tekst

IMPORTBRUGER = "import"  # the log's user of an imported event (the CLI runs as the administrator)
ANSAETTELSER_PR_PARTI = 500  # employments read, locked and written together


def importer_haendelser(engine: Engine, katalog: Katalog, linjer: Iterable, alt_eller_intet: bool = False,
                        fremskridt: Callable[[int], None] = lambda n: None,
                        nu: Callable[[], datetime] = lambda: datetime.now(UTC)) -> ImportResultat:
    linjer = list(linjer)
    tjeneste = Haendelsestjeneste(engine, katalog)

    def arbejde(uow: UnitOfWork) -> ImportResultat:
        tidspunkt = nu().replace(microsecond=0)
        resultat = ImportResultat()
        pr_ansaettelse: dict[tuple[str, int], list[HaendelseLinje]] = defaultdict(list)
        for linje in linjer:
            if isinstance(linje, LinjeFejl):
                resultat.fejl.append(linje)
                fremskridt(1)
            else:
                pr_ansaettelse[(linje.cpr, linje.loebenummer)].append(linje)
        import_ = _Import(uow, tjeneste, tidspunkt, resultat, fremskridt)
        noegler = list(pr_ansaettelse)
        for i in range(0, len(noegler), ANSAETTELSER_PR_PARTI):
            import_.parti({k: pr_ansaettelse[k] for k in noegler[i:i + ANSAETTELSER_PR_PARTI]})
        resultat.fejl.sort(key=lambda f: f.nummer)
        return resultat.afslut(uow, alt_eller_intet, "haendelser")

    return i_transaktion(engine, arbejde, skriv=True)


class _Import:
    """One import's work inside its transaction, a batch of employments at a time."""

    def __init__(self, uow: UnitOfWork, tjeneste: Haendelsestjeneste, tidspunkt: datetime,
                 resultat: ImportResultat, fremskridt: Callable[[int], None]):
        self.uow, self.tjeneste, self.tidspunkt = uow, tjeneste, tidspunkt
        self.katalog = tjeneste.katalog
        self.idag = tidspunkt.astimezone(DANMARK).date()
        self.resultat, self.fremskridt = resultat, fremskridt
        self.gemte: dict[str, Haendelse] = {}  # stored by this import (a key twice in the file)
        self.ventende: list[Haendelse] = []  # stored, not yet sent to the database
        self.ansaettelser: dict[int, Ansaettelse] = {}  # the employments of what waits
        self.kontokoder = frozenset(self.katalog.kontokoder())
        self.regnskaber: dict[int, Regnskab] = {}  # the batch's accounts, as stored so far
        self.moedetider: dict[int, dict[date, int]] = {}

    def parti(self, pr_ansaettelse: dict[tuple[str, int], list[HaendelseLinje]]) -> None:
        uow = self.uow
        fundne = uow.ansaettelser.find_mange(set(), set(pr_ansaettelse))
        uow.ansaettelser.laas_mange([a.id for a in fundne])
        ansaettelser = {(a.cpr, a.loebenummer): a for a in med_forloeb(uow, fundne)}
        ider = [linje.haendelse_id for linjer in pr_ansaettelse.values() for linje in linjer]
        eksisterende = {**uow.haendelser.hent_mange(ider), **self.gemte}
        deres: dict[int, list[Haendelse]] = defaultdict(list)
        for h in uow.haendelser.i_perioden([a.id for a in fundne], date.min, AABEN_SLUT):
            deres[h.ansaettelse_id].append(h)
        sager = {(s.cpr, s.noegle): s.id
                 for s in uow.barselssager.for_personer({c for c, _ in pr_ansaettelse})}
        # the accounts of every employment with a line that needs them, read once for the batch
        # and carried from line to line (each stored line added as if read back): no line waits
        # for the earlier ones to be sent and the accounts to be read again
        regnskab = [a for noegle, linjer in pr_ansaettelse.items() if (a := ansaettelser.get(noegle))
                    and any(linje.haendelse_id not in eksisterende
                            and kraever_regnskab(linje.data, self._katalog(a)) for linje in linjer)]
        self.regnskaber = laes_regnskaber(uow, self.katalog, regnskab) if regnskab else {}
        # the registered working times of every employment's lines, in one query
        datoer = [d for linjer in pr_ansaettelse.values() for linje in linjer
                  for d in (linje.data.fra, linje.data.slut)]
        self.moedetider = uow.moedetider.minutter_for_mange(
            [a.id for a in ansaettelser.values()], min(datoer), max(datoer)) if ansaettelser else {}
        for noegle, linjer in pr_ansaettelse.items():
            a = ansaettelser.get(noegle)
            if a is None:
                self.fremskridt(len(linjer))
                self._fejl(linjer, f"ansættelsen med løbenummer {noegle[1]} findes ikke for dette CPR-nummer")
                continue
            self._ansaettelse(a, sorted(linjer, key=lambda linje: (linje.data.fra, linje.nummer)),
                              deres[a.id], eksisterende, sager)
        self._send()

    def _katalog(self, a: Ansaettelse) -> Katalog:
        return self.tjeneste.institutionens_katalog(self.uow, a.institution_kode, self.tidspunkt)

    def _ansaettelse(self, a: Ansaettelse, linjer: list[HaendelseLinje], mine: list[Haendelse],
                     eksisterende: dict[str, Haendelse], sager: dict[tuple[str, str], str]) -> None:
        katalog = self._katalog(a)
        # the working time of every day the lines touch (as arbejdstid_for reads it for them)
        fra, til = min(linje.data.fra for linje in linjer), max(linje.data.slut for linje in linjer)
        tid = Arbejdstid(a, self.uow.kalendere.for_institution(a.institution_kode, fra, til),
                         {d: m for d, m in self.moedetider.get(a.id, {}).items() if fra <= d <= til})
        regnskab = self.regnskaber.get(a.id)

        def laes(fra: date, til: date) -> list[Haendelse]:
            return sorted((h for h in mine if h.data.fra <= til and h.data.slut >= fra),
                          key=lambda h: (h.data.fra, h.oprettet, h.id))

        for linje in linjer:
            self.fremskridt(1)
            data = linje.data
            if linje.barselssag_noegle is not None:
                sag = sager.get((linje.cpr, linje.barselssag_noegle))
                if sag is None:
                    self._fejl([linje], f"barselssagen {linje.barselssag_noegle} findes ikke for personen")
                    continue
                data = replace(data, barselssag_id=sag)
            gemt = eksisterende.get(linje.haendelse_id)
            if gemt is not None:
                if gemt.ansaettelse_id == a.id and _samme(gemt.data, data):
                    self.resultat.uaendret += 1
                else:
                    self._fejl([linje],
                               f"haendelse_id {linje.haendelse_id} findes allerede med andet indhold")
                continue
            grundlag = grundlag_for(self.uow, self.katalog, a, self.idag, data,
                                    andre_haendelser(self.katalog, laes, data), katalog, arbejdstid=tid,
                                    regnskab=regnskab)
            try:
                vurdering = vurder_haendelse(data, linje.haendelse_id, katalog, grundlag)
            except Afvist as e:
                self._fejl([linje], "; ".join(f"{m.kode}: {m.tekst}" for m in e.meddelelser))
                continue
            h = Haendelse(linje.haendelse_id, a.id, 1, vurdering.data, self.tidspunkt, self.tidspunkt)
            if regnskab is not None and h.data.kode in self.kontokoder:
                d = h.data
                tilfoej_haendelse(regnskab, self.katalog, KontoHaendelse(
                    h.id, a.id, d.kode, d.fra, d.til, d.minutter, d.barnenummer, d.ferieaar,
                    h.status is Status.AFVENTER), tid)
            mine.append(h)
            self.ventende.append(h)
            self.ansaettelser[a.id] = a
            self.gemte[h.id] = eksisterende[h.id] = h
            self.resultat.oprettet += 1

    def _send(self) -> None:
        if self.ventende:
            self.uow.haendelser.tilfoej_mange(self.ventende)
            self.uow.aendringer.tilfoej_mange([
                r for h in self.ventende for r in haendelse_raekker(
                    self.uow, self.tidspunkt, self.ansaettelser[h.ansaettelse_id], IMPORTBRUGER, [h])])
            self.ventende = []

    def _fejl(self, linjer: list[HaendelseLinje], grund: str) -> None:
        for linje in linjer:
            self.resultat.fejl.append(LinjeFejl(linje.nummer, grund))


def _samme(gemt: HaendelseData, ny: HaendelseData) -> bool:
    """The stored event is the line's: the ferieår the rules chose counts as the line's when the
    line leaves it out (seed 002: a vacation event is drawn from a ferieår)."""
    return gemt == (ny if ny.ferieaar is not None else replace(ny, ferieaar=gemt.ferieaar))


# ---------------------------------------------------------------- export

SIDE = 5000


def eksporter_haendelser(engine: Engine, institutioner: list[str] | None = None, enhed: str | None = None,
                         fra: date | None = None, til: date | None = None, koder: Iterable[str] = ()
                         ) -> list[dict[str, str]]:
    """The events in force on some day of [fra, til] of these institutions' employments (all, when
    none are named), or of those placed in `enhed` and the units under it, of these codes (all
    when none), in the import's columns: by employment, then date."""
    koder = list(koder)

    def arbejde(uow: UnitOfWork) -> list[dict[str, str]]:
        valgte = [i.kode for i in uow.institutioner.alle(institutioner)]
        raekker: list[dict[str, str]] = []
        for institution in valgte:
            ansaettelser = institutionens(uow, institution, enhed)
            for i in range(0, len(ansaettelser), SIDE):
                del_ = {a.id: a for a in ansaettelser[i:i + SIDE]}
                noegler = {s.id: s.noegle
                           for s in uow.barselssager.for_personer({a.cpr for a in del_.values()})}
                raekker += [_raekke(h, del_[h.ansaettelse_id], noegler) for h in uow.haendelser.i_perioden(
                    list(del_), fra or date.min, til or AABEN_SLUT, koder)]
        return raekker

    return i_transaktion(engine, arbejde)


def _raekke(h: Haendelse, a: Ansaettelse, noegler: dict[str, str]) -> dict[str, str]:
    d = h.data
    return {"haendelse_id": h.id, "cpr": a.cpr, "loebenummer": str(a.loebenummer), "kode": d.kode,
            "fra": d.fra.isoformat(), "til": "" if d.til is None else d.til.isoformat(),
            "minutter": tekst(d.minutter), "barnenummer": tekst(d.barnenummer),
            "ferieaar": tekst(d.ferieaar),
            "bemaerkning": tekst(d.bemaerkning),
            "barselssag_noegle": "" if d.barselssag_id is None else noegler[d.barselssag_id],
            "arbejdsskadesag": tekst(d.arbejdsskadesag), "tjenestefriaarsag": tekst(d.tjenestefriaarsag)}
