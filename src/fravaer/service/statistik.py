"""Key figures of absence (StatistikService.HentFravaersstatistik, `fravaer statistik`, `fravaer
rapport`): the population of an institution, a unit subtree or a PKAT group over a period, read
page by page (memory bounded) and counted by domain/statistik.py in one read transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.brugere import Bruger
from fravaer.domain.datoer import FOERSTE_BEREGNINGSDATO, SIDSTE_BEREGNINGSDATO
from fravaer.domain.egne_typer import er_egen_kode
from fravaer.domain.katalog import Katalog
from fravaer.domain.meddelelser import Afvist, Meddelelse, meddelelse
from fravaer.domain.personale import Forhold
from fravaer.domain.statistik import GRUPPERINGER, Fravaer, Medarbejder, Noegletal, Optaelling, ophold_af
from fravaer.service.ansaettelser import enhedens_ider, med_forloeb
from fravaer.service.ports import UnitOfWork
from fravaer.service.runner import i_transaktion

revision = logging.getLogger("fravaer.revision")
MAKS_DAGE = 1096  # [default] three years: the report's trend needs eight quarters (DOMAIN.md §15)
MAKS_GRUPPER = 5000  # what a client stack accepts in one answer (the XSD's limit)
SIDE = 500  # employments read per round trip


@dataclass(frozen=True)
class Statistikanmodning:
    institution: str
    fra: date
    til: date
    enhed: str | None = None  # the unit and every unit under it
    pkat: str | None = None
    grupperinger: tuple[str, ...] = ()


@dataclass(frozen=True)
class Statistik:
    noegletal: list[Noegletal]
    meddelelser: list[Meddelelse]


def tjek_anmodning(r: Statistikanmodning) -> list[Meddelelse]:
    fejl = []
    if r.til < r.fra:
        fejl.append(meddelelse("F003", "TilDato", fra=r.fra, til=r.til))
    elif r.fra < FOERSTE_BEREGNINGSDATO or r.til > SIDSTE_BEREGNINGSDATO:
        fejl.append(meddelelse("F196", "FraDato" if r.fra < FOERSTE_BEREGNINGSDATO else "TilDato",
                               fra=FOERSTE_BEREGNINGSDATO, til=SIDSTE_BEREGNINGSDATO))
    elif (r.til - r.fra).days + 1 > MAKS_DAGE:
        fejl.append(meddelelse("F150", "TilDato", fra=r.fra, til=r.til, maks=MAKS_DAGE))
    for g in sorted({g for g in r.grupperinger if r.grupperinger.count(g) > 1}):
        fejl.append(meddelelse("F151", "Gruppering", gruppering=g))
    ukendte = set(r.grupperinger) - set(GRUPPERINGER)
    if ukendte:  # the XSD refuses these first; the CLI's choice too
        raise ValueError(f"ukendt gruppering: {sorted(ukendte)}")
    return fejl


def fravaerstype(katalog: Katalog, kode: str) -> tuple[str, bool]:
    """An event's type in the figures: the circular's type a–i (seed 003 §4), else its code's group
    (ferie, frihedsbank, …); and whether it is a half day."""
    k = katalog.kode(kode)
    if k is None:  # an institution's own registration type (DOMAIN.md §17), or a code gone
        return ("egen_type" if er_egen_kode(kode) else "ukendt"), False
    return k.cirkulaere_type or k.gruppe, k.halv_dag


def hent_statistik(engine: Engine, katalog: Katalog, r: Statistikanmodning, bruger: Bruger, mindst: int,
                   fremskridt: Callable[[int, int], None] = lambda gjort, i_alt: None,
                   undtaget: Callable[[Forhold], bool] | None = None) -> Statistik:
    """The key figures of `r` as `bruger` may read them: the `laes` right on the institution (a unit's
    figures only to who may read its institution; docs/RETTIGHEDER.md). Each employment counts on
    the days its history places it at the institution — the institution's own past, which it reads
    whole (rule 1); what followed an employee from elsewhere was counted where it happened.
    `undtaget` replaces the annex's exemption predicate (domain.indberetning.er_undtaget) in tests."""
    fejl = tjek_anmodning(r)
    if fejl:
        raise Afvist(fejl)

    def arbejde(uow: UnitOfWork) -> Statistik:
        if not bruger.maa_laese(r.institution) or uow.institutioner.id_for(r.institution) is None:
            raise Afvist([meddelelse("F088", "Institution", institution=r.institution)])
        enheder = uow.enheder.alle([r.institution])
        kode_for = {i: e.kode for i, (e, _) in enheder.items()}
        under = ({kode_for[i] for i in enhedens_ider(uow, r.institution, r.enhed)}
                 if r.enhed is not None else None)
        kalender = uow.kalendere.for_institution(r.institution, r.fra, r.til)
        optaelling = Optaelling(r.fra, r.til, r.grupperinger)
        ider = uow.ansaettelser.ider_ved(r.institution, r.fra, r.til)
        typer: dict[str, tuple[str, bool]] = {}
        saerlig = {} if undtaget is None else {"undtaget": undtaget}
        for start in range(0, len(ider), SIDE):
            side = ider[start:start + SIDE]
            ansaettelser = med_forloeb(uow, list(uow.ansaettelser.hent_mange(side).values()))
            historik = uow.historik.for_ansaettelser(side)
            moedetider = uow.moedetider.minutter_for_mange(side, r.fra, r.til)
            haendelser: dict[int, list[Fravaer]] = {i: [] for i in side}
            for aid, kode, fra, til, minutter in uow.haendelser.kort_i_perioden(side, r.fra, r.til):
                type_, halv = typer.get(kode) or typer.setdefault(kode, fravaerstype(katalog, kode))
                haendelser[aid].append(Fravaer(type_, fra, til, minutter, halv))
            for a in sorted(ansaettelser, key=lambda a: a.id):
                ophold = ophold_af(historik.get(a.id) or [som_forhold(a, kode_for)], a.startdato, a.slutdato,
                                   r.fra, r.til, r.institution, under, r.pkat, **saerlig)
                if not ophold:
                    continue
                optaelling.tilfoej(Medarbejder(a.id, Arbejdstid(a, kalender, moedetider[a.id]), ophold,
                                               tuple(haendelser[a.id])))
            fremskridt(min(start + SIDE, len(ider)), len(ider))
        noegletal = optaelling.noegletal(mindst)
        if len(noegletal) > MAKS_GRUPPER:
            raise Afvist([meddelelse("F152", "Gruppering", antal=len(noegletal), maks=MAKS_GRUPPER)])
        undertrykt = {(n.enhed, n.pkat, n.fra) for n in noegletal if n.undertrykt}
        advis = [meddelelse("A025", None, antal=len(undertrykt), mindst=mindst)] if undertrykt else []
        # reading absence (health) data is logged: who, what, how many employments; no CPR number
        revision.info("laesning bruger=%s operation=HentFravaersstatistik institution=%s enhed=%s pkat=%s "
                      "fra=%s til=%s ansaettelser=%d", bruger.navn, r.institution, r.enhed or "-",
                      r.pkat or "-", r.fra, r.til, len(ider))
        return Statistik(noegletal, advis)

    return i_transaktion(engine, arbejde)


def som_forhold(a: Ansaettelse, enhed_koder: dict[int, str]) -> Forhold:
    """An employment without history rows: its own row holds on every date."""
    return Forhold(a.startdato, a.pkat, a.klasse, a.stiko, a.loenform.value, a.ugentlige_minutter,
                   enhed_koder.get(a.enhed_id) if a.enhed_id is not None else None,
                   a.institution_kode, a.akko)


class Statistiktjeneste:
    """The use cases of StatistikService's key figures, with the threshold of small groups."""

    def __init__(self, engine: Engine, katalog: Katalog, mindst: int = 5):
        self.engine, self.katalog, self.mindst = engine, katalog, mindst

    def noegletal(self, anmodning: Statistikanmodning, bruger: Bruger) -> Statistik:
        return hent_statistik(self.engine, self.katalog, anmodning, bruger, self.mindst)
