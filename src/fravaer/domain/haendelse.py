"""Events (hændelser) and the rules of DOMAIN.md §4 that decide whether one may be stored:
items 1–8, 12 and 13. Every check returns Meddelelser; a rejected event yields all its problems."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.egne_typer import pkat_tilladt
from fravaer.domain.ferieaar import afholdelsesperiode
from fravaer.domain.godkendelse import Status
from fravaer.domain.katalog import Aarsagskode, Katalog, Samtidighed, TidsKrav
from fravaer.domain.maaleenheder import MAKS_MINUTTER_PR_DAG
from fravaer.domain.meddelelser import Meddelelse, afvis_hvis_fejl, meddelelse
from fravaer.domain.stopregler import Trin, stopper

AABEN_SLUT = date.max  # an open event is stored with Til dato 9999-12-31
EN_DAG = timedelta(days=1)


@dataclass(frozen=True)
class HaendelseData:
    """What a client registers: the content of an event."""

    kode: str
    fra: date
    til: date | None  # None: an open event
    minutter: int | None = None  # None: whole days; else the part of a day (per working day)
    barnenummer: int | None = None
    ferieaar: int | None = None
    bemaerkning: str | None = None
    barselssag_id: str | None = None
    arbejdsskadesag: str | None = None  # its sagsnummer
    tjenestefriaarsag: str | None = None  # a leave reason of the institution's list

    def __post_init__(self):
        # 9999-12-31 is how an open event is stored and how payroll systems write "no end": sent
        # explicitly it means open, judged and answered as open (issue 17 item 5)
        if self.til == AABEN_SLUT:
            object.__setattr__(self, "til", None)

    @property
    def slut(self) -> date:
        return AABEN_SLUT if self.til is None else self.til

    @property
    def er_aaben(self) -> bool:
        return self.til is None

    @property
    def er_periode(self) -> bool:
        return self.til is None or self.til != self.fra

    @property
    def er_delvis(self) -> bool:
        return self.minutter is not None

    def overlapper(self, fra: date, til: date) -> bool:
        return self.fra <= til and fra <= self.slut

    def med_ferieaar(self, ferieaar: int | None) -> HaendelseData:
        """dataclasses.replace(self, ferieaar=…) without its field-by-field rebuilding (every
        vacation registration gets its ferieår so: a mass registration ten thousand, issue 15);
        the fields are already checked and normalised (__post_init__), so copied as they are."""
        ny = object.__new__(type(self))
        ny.__dict__.update(self.__dict__)
        ny.__dict__["ferieaar"] = ferieaar
        return ny


@dataclass(frozen=True)
class Haendelse:
    """A stored event."""

    id: str
    ansaettelse_id: int
    version: int
    data: HaendelseData
    oprettet: datetime
    aendret: datetime
    status: Status = Status.GODKENDT  # Afventer while it awaits approval (domain/godkendelse.py)
    begrundelse: str | None = None  # an approval decision's reason (in its answer and log only)

    @property
    def godkendt(self) -> bool:
        """Does the event reach payroll and the statistics (DOMAIN.md §17)?"""
        return self.status == Status.GODKENDT

    def med(self, **felter) -> Haendelse:
        """dataclasses.replace(self, **felter) without its field-by-field rebuilding through
        __init__ (every change and approval makes one): the class has no __post_init__, so the
        fields are copied as they are and the given ones set; an unknown name is replace's error."""
        if not _HAENDELSENS_FELTER.issuperset(felter):
            return replace(self, **felter)
        ny = object.__new__(Haendelse)
        d = ny.__dict__
        d.update(self.__dict__)
        d.update(felter)
        return ny


_HAENDELSENS_FELTER = frozenset(f.name for f in fields(Haendelse))


# ---------------------------------------------------------------- the event on its own


def valider_felter(data: HaendelseData, katalog: Katalog, ansaettelse: Ansaettelse) -> list[Meddelelse]:
    """Rules 1–5 and 12, the employment's dates, and the optional references."""
    fejl: list[Meddelelse] = []
    if data.til is not None and data.til < data.fra:
        fejl.append(meddelelse("F003", "TilDato", fra=data.fra, til=data.til))
    start, slut = ansaettelse.startdato, ansaettelse.slutdato
    if data.fra < start or (slut is not None and data.slut > slut):
        fejl.append(meddelelse("F018", "FraDato" if data.fra < start else "TilDato",
                               start=start, slut=slut or "ingen slutdato"))
    if data.minutter is not None and not 0 < data.minutter <= MAKS_MINUTTER_PR_DAG:
        fejl.append(meddelelse("F010", "Minutter", maks=MAKS_MINUTTER_PR_DAG, minutter=data.minutter))

    kode = katalog.kode(data.kode)
    if kode is None:
        fejl.append(meddelelse("F001", "FastAarsagskode", kode=data.kode))
        return fejl
    if not kode.gyldig_paa(data.fra):
        fejl.append(meddelelse("F002", "FastAarsagskode", kode=data.kode, dato=data.fra))
    fejl += _regler_for_periode_og_tid(data, kode)
    if kode.pkat:  # an own type for some PKATs only (else no employment's PKAT is asked for)
        fejl += pkat_tilladt(kode, ansaettelse.pr(data.fra).pkat)
    if data.barnenummer is not None and not kode.barn_tilladt:
        fejl.append(meddelelse("F016", "Barnenummer", kode=data.kode))
    if data.ferieaar is not None:
        if not kode.ferieaar_tilladt:
            fejl.append(meddelelse("F017", "Ferieaar", kode=data.kode))
        else:
            fra, til = afholdelsesperiode(data.ferieaar)
            if data.fra < fra or data.slut > til:
                fejl.append(meddelelse("F019", "Ferieaar", ferieaar=data.ferieaar, fra=fra, til=til))
    return fejl


def _regler_for_periode_og_tid(data: HaendelseData, kode: Aarsagskode) -> list[Meddelelse]:
    fejl = []
    if data.er_aaben and not kode.aaben_tilladt:
        fejl.append(meddelelse("F005", "TilDato", kode=kode.kode))
    elif data.er_periode and not kode.periode_tilladt and (data.til is None or data.til > data.fra):
        fejl.append(meddelelse("F004", "TilDato", kode=kode.kode))
    if data.er_periode:
        if not kode.periode_tilladt:
            pass  # F004/F005 already say it: hours for a period the code cannot have are moot
        elif kode.tid_periode is TidsKrav.IKKE and data.er_delvis:
            fejl.append(meddelelse("F008", "Timer", kode=kode.kode))
        elif kode.tid_periode is TidsKrav.OBLIGATORISK and not data.er_delvis:
            fejl.append(meddelelse("F009", "Timer", kode=kode.kode))
    else:
        if kode.tid_dag is TidsKrav.IKKE and data.er_delvis:
            fejl.append(meddelelse("F006", "Timer", kode=kode.kode))
        elif kode.tid_dag is TidsKrav.OBLIGATORISK and not data.er_delvis:
            fejl.append(meddelelse("F007", "Timer", kode=kode.kode))
    return fejl


def advis_for(data: HaendelseData, katalog: Katalog, idag: date) -> list[Meddelelse]:
    kode = katalog.kode(data.kode)
    if kode is not None and kode.gruppe == "egen_sygdom" and data.fra > idag:
        return [meddelelse("A001", "FraDato", fra=data.fra)]
    return []


# ---------------------------------------------------------------- the event among the others


def valider_samspil(
    data: HaendelseData, andre: Iterable[Haendelse], katalog: Katalog, ansaettelse: Ansaettelse,
    arbejdstid: Arbejdstid | None = None,
) -> list[Meddelelse]:
    """Rules 6 (simultaneity and the day's minutes), 7 (codes that need another code in force)
    and 8 (codes that exclude each other within a calendar year), against the other events."""
    andre = list(andre)
    fejl: list[Meddelelse] = []
    samtidige = [h for h in andre if h.data.overlapper(data.fra, data.slut)]
    delvise: list[Haendelse] = []
    for h in sorted(samtidige, key=lambda h: (h.data.fra, h.id)):
        regel = katalog.samtidighed_mellem(data, h.data)  # the institution's særregler on top
        tilladt = _maa_samtidig(regel, data, h.data)
        if not tilladt:
            fejl.append(meddelelse("F011", "FastAarsagskode", kode=data.kode, anden_kode=h.data.kode,
                                   haendelse_id=h.id, dato=max(data.fra, h.data.fra)))
        elif not _maa_samtidig(katalog.standard(data.kode, h.data.kode), data, h.data) \
                and (saerregel := katalog.saerregel_mellem(data, h.data)) is not None:
            fejl.append(meddelelse("A016", "FastAarsagskode", anden_kode=h.data.kode, haendelse_id=h.id,
                                   regel=saerregel.vis()))  # allowed by a særregel alone: say so
        elif h.data.er_delvis and data.er_delvis:
            delvise.append(h)
    if data.minutter is not None and 0 < data.minutter <= MAKS_MINUTTER_PR_DAG:  # else F010 says it
        fejl += _dagens_minutter(data, delvise, arbejdstid or Arbejdstid(ansaettelse))
    kode = katalog.kode(data.kode)
    if kode is not None and kode.kraever_samtidig:
        dag = foerste_udaekkede_dag(data.fra, data.slut,
                                    [h.data for h in andre if h.data.kode in kode.kraever_samtidig])
        if dag is not None:
            fejl.append(meddelelse("F013", "FastAarsagskode", kode=data.kode,
                                   kraevede=_liste(kode.kraever_samtidig), dato=dag))
    for _udelukkelse, anden_kode in katalog.udelukkelser_for(data.kode):
        for h in andre:
            if h.data.kode == anden_kode:
                aar = _faelles_aar(data, h.data)
                if aar is not None:
                    fejl.append(meddelelse("F014", "FastAarsagskode", kode=data.kode,
                                           anden_kode=anden_kode, aar=aar, haendelse_id=h.id))
    return fejl


def _maa_samtidig(regel: Samtidighed, a: HaendelseData, b: HaendelseData) -> bool:
    return regel is Samtidighed.JA or (regel is Samtidighed.DELVIS and a.er_delvis and b.er_delvis)


# Working times repeat within a year but for registered ones; an open period is checked that far.
_KONTROLHORISONT = timedelta(days=400)


def _dagens_minutter(data: HaendelseData, delvise: list[Haendelse], arbejdstid: Arbejdstid
                     ) -> list[Meddelelse]:
    """Partial-day registrations may not fall on a day without planned work, and on one day they
    may together not exceed the day's planned minutes (a reduced-time period counts on each of its
    working days). The total is constant between the events' boundaries; the plan is checked day
    by day within each stretch."""
    if not data.er_periode and arbejdstid.minutter(data.fra) == 0:
        return [meddelelse("F031", "FraDato", dato=data.fra)]
    graenser = {data.fra}
    for h in delvise:
        if data.fra <= h.data.fra <= data.slut:
            graenser.add(h.data.fra)
        if h.data.slut < data.slut:
            graenser.add(h.data.slut + EN_DAG)
    starter = sorted(graenser)
    for i, start in enumerate(starter):
        slut = starter[i + 1] - EN_DAG if i + 1 < len(starter) else data.slut
        i_alt = (data.minutter or 0) + sum(h.data.minutter or 0 for h in delvise
                                           if h.data.fra <= start <= h.data.slut)
        horisont = max([start + _KONTROLHORISONT, *arbejdstid.moedetider])
        dag = start
        while dag <= min(slut, horisont):
            plan = arbejdstid.minutter(dag)
            if plan > 0 and i_alt > plan:
                return [meddelelse("F012", "Minutter", dato=dag, minutter=i_alt, norm=plan)]
            dag += EN_DAG
    return []


def foerste_udaekkede_dag(fra: date, til: date, daekning: Iterable[HaendelseData]) -> date | None:
    """The first day in [fra, til] that none of the covering events is in force on, or None."""
    dag = fra
    for h in sorted(daekning, key=lambda d: d.fra):
        if h.fra > dag:
            return dag
        if h.slut >= dag:
            if h.slut >= til:
                return None
            dag = h.slut + EN_DAG
    return dag if dag <= til else None


def _faelles_aar(a: HaendelseData, b: HaendelseData) -> int | None:
    start, slut = max(a.fra.year, b.fra.year), min(a.slut.year, b.slut.year)
    return start if start <= slut else None


def _liste(koder: Iterable[str]) -> str:
    return ", ".join(sorted(koder))


def valider_afhaengige(
    foer: HaendelseData, efter: HaendelseData | None, andre: Iterable[Haendelse], katalog: Katalog
) -> list[Meddelelse]:
    """Rule 7 seen from the other side: changing or deleting an event must not leave an event that
    needs it (110 needs a 5xx) without cover on any of its days."""
    andre = list(andre)
    fejl = []
    for afhaengig in andre:
        kode = katalog.kode(afhaengig.data.kode)
        if kode is None or foer.kode not in kode.kraever_samtidig:
            continue
        if not afhaengig.data.overlapper(foer.fra, foer.slut):
            continue
        daekning = [h.data for h in andre if h.data.kode in kode.kraever_samtidig]
        if efter is not None and efter.kode in kode.kraever_samtidig:
            daekning.append(efter)
        dag = foerste_udaekkede_dag(afhaengig.data.fra, afhaengig.data.slut, daekning)
        if dag is not None:
            fejl.append(meddelelse("F015", "HaendelseID", haendelse_id=afhaengig.id,
                                   kode=afhaengig.data.kode, kraevede=_liste(kode.kraever_samtidig),
                                   dato=dag))
    return fejl


# ---------------------------------------------------------------- the three decisions


def problemer_alene_og_blandt_andre(data: HaendelseData, andre: Iterable[Haendelse], katalog: Katalog,
                                    ansaettelse: Ansaettelse, arbejdstid: Arbejdstid | None = None,
                                    foer: Haendelse | None = None) -> list[Meddelelse]:
    """Every problem of `data` on its own and among the other events (rules 1–8, 12), for a new
    event or as the change of `foer`; the relations are judged unless a field problem makes
    them meaningless (stopregler)."""
    andre = [h for h in andre if foer is None or h.id != foer.id]
    fejl = valider_felter(data, katalog, ansaettelse)
    if not stopper(fejl, Trin.SAMSPIL):
        fejl += valider_samspil(data, andre, katalog, ansaettelse, arbejdstid)
        if foer is not None:
            fejl += valider_afhaengige(foer.data, data, andre, katalog)
    return fejl


def vurder_oprettelse(data: HaendelseData, andre: Iterable[Haendelse], katalog: Katalog,
                      ansaettelse: Ansaettelse, idag: date, arbejdstid: Arbejdstid | None = None
                      ) -> list[Meddelelse]:
    """All problems of registering `data` (not its accounts: see vurdering.vurder_haendelse);
    raises Afvist on any fejl, else returns the advis."""
    fejl = problemer_alene_og_blandt_andre(data, andre, katalog, ansaettelse, arbejdstid)
    return afvis_hvis_fejl(fejl + advis_for(data, katalog, idag))


def vurder_aendring(haendelse: Haendelse, data: HaendelseData, andre: Iterable[Haendelse],
                    katalog: Katalog, ansaettelse: Ansaettelse, idag: date,
                    arbejdstid: Arbejdstid | None = None) -> list[Meddelelse]:
    fejl = problemer_alene_og_blandt_andre(data, andre, katalog, ansaettelse, arbejdstid, haendelse)
    return afvis_hvis_fejl(fejl + advis_for(data, katalog, idag))


def vurder_sletning(haendelse: Haendelse, andre: Iterable[Haendelse], katalog: Katalog) -> None:
    andre = [h for h in andre if h.id != haendelse.id]
    afvis_hvis_fejl(valider_afhaengige(haendelse.data, None, andre, katalog))


def relevant_periode(katalog: Katalog, *datas: HaendelseData) -> tuple[date, date]:
    """The dates whose other events can matter for these: their own days, and whole calendar
    years for a code that excludes another within a year (rule 8)."""
    if len(datas) == 1:  # the common case, without the generators (a batch asks twice per event)
        d = datas[0]
        fra, slut = d.fra, d.slut
        udelukker = bool(katalog.udelukkelser_for(d.kode))
    else:
        fra = min(d.fra for d in datas)
        slut = max(d.slut for d in datas)
        udelukker = any(katalog.udelukkelser_for(d.kode) for d in datas)
    if udelukker:
        fra, slut = date(fra.year, 1, 1), date(slut.year, 12, 31)
    return fra, slut


def daekket_periode(katalog: Katalog, periode: tuple[date, date],
                    haendelser: Iterable[Haendelse]) -> tuple[date, date]:
    """The period widened to the whole of every event in it that needs another code in force
    (a 110), so that its cover can be checked on all its days, not only on those in the period."""
    fra, slut = periode
    for h in haendelser:
        kode = katalog.kode(h.data.kode)
        if kode is not None and kode.kraever_samtidig and h.data.overlapper(*periode):
            fra, slut = min(fra, h.data.fra), max(slut, h.data.slut)
    return fra, slut
