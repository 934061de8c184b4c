"""What the rules read to judge an event: the other events around it, the working time of its
days, and — only where its code needs them — the person's references and accounts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.haendelse import Haendelse, HaendelseData, daekket_periode, relevant_periode
from fravaer.domain.katalog import Katalog
from fravaer.domain.kvoter import Regnskab
from fravaer.domain.kvoteregler import laeser_kun_ferie, vurderede_ferieaar
from fravaer.domain.vurdering import Grundlag, kraever_referencer, kraever_regnskab
from fravaer.service.omkostninger import arbejdstid_for
from fravaer.service.ports import UnitOfWork
from fravaer.service.referencer import referencer_for
from fravaer.service.regnskaber import laes_regnskaber

# (kraever_regnskab, vurderede_ferieaar, laeser_kun_ferie) of an event's data under a catalogue:
# whether its judgement reads the accounts, and which (kontovalg_for)
Kontovalg = tuple[bool, frozenset[int] | None, bool]


def andre_haendelser(katalog: Katalog, laes: Callable[[date, date], list[Haendelse]],
                     *datas: HaendelseData, periode: tuple[date, date] | None = None) -> list[Haendelse]:
    """The employment's events that the rules need to judge `datas` against; `laes(fra, til)`
    gives its events in force in a period (from the database, or a history import's memory).
    `periode`: relevant_periode(katalog, *datas), when the caller has it already."""
    if periode is None:
        periode = relevant_periode(katalog, *datas)
    andre = laes(*periode)
    udvidet = daekket_periode(katalog, periode, andre)
    if udvidet != periode:
        andre = laes(*udvidet)
    return andre


def grundlag_for(uow: UnitOfWork, standard: Katalog, a: Ansaettelse, idag: date, data: HaendelseData,
                 andre: list[Haendelse], katalog: Katalog, uden: str | None = None,
                 arbejdstid: Arbejdstid | None = None, regnskab: Regnskab | None = None,
                 kontovalg: Kontovalg | None = None) -> Grundlag:
    """What the rules need to judge `data`: the working time of its days, the other events, and —
    only when its code needs them under the institution's catalogue `katalog` — the person's
    references and the accounts (without the event `uden` that is being changed); the working
    time and the accounts are read here unless given (already read for a batch). `kontovalg`:
    (kraever_regnskab, vurderede_ferieaar, laeser_kun_ferie) of `data` under `katalog`, when the
    caller worked them out already (kontovalg_for)."""
    referencer = referencer_for(uow, a, standard) if kraever_referencer(data, katalog) else None
    if kontovalg is None:
        kontovalg = kontovalg_for(data, katalog) if regnskab is None else (kraever_regnskab(data, katalog),
                                                                          None, False)
    if not kontovalg[0]:
        regnskab = None
    elif regnskab is None:
        regnskab = laes_regnskaber(uow, standard, [a], uden_haendelse=uden, ferieaar=kontovalg[1],
                                   kun_ferie=kontovalg[2])[a.id]
    return Grundlag(a, idag, arbejdstid or arbejdstid_for(uow, a, data.fra, data.slut), andre, referencer,
                    regnskab)


def kontovalg_for(data: HaendelseData, katalog: Katalog) -> Kontovalg:
    """Whether judging `data` needs the accounts (kraever_regnskab) and, when it does, which
    ferieår's (vurderede_ferieaar) and whether the vacation accounts alone (laeser_kun_ferie):
    what grundlag_for reads them by, and what a write's reads ahead announce (_forudsig)."""
    if not kraever_regnskab(data, katalog):
        return False, None, False
    kode = katalog.kode(data.kode)
    return True, vurderede_ferieaar(data, kode), laeser_kun_ferie(kode)
