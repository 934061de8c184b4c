"""One entry point that judges an event across every layer (DOMAIN.md §4 rule 13): its fields,
its relations to the other events, the child/case/leave reason it names, the account it draws
from and what that account holds — and rejects once, with every problem found. OpretHaendelse,
RetHaendelse and mass registration call it; which problem stops which later judgement is
decided in stopregler, nowhere else."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.dataklasser import hurtig_init
from fravaer.domain.haendelse import Haendelse, HaendelseData, advis_for, problemer_alene_og_blandt_andre
from fravaer.domain.katalog import Katalog
from fravaer.domain.kvoter import Regnskab
from fravaer.domain.kvoteregler import EGEN_FRIDAG, KvoteVurdering, vaelg_konto, vurder_saldo
from fravaer.domain.meddelelser import Meddelelse, afvis_hvis_fejl
from fravaer.domain.personale import Referencer, har_referencer, valider_referencer
from fravaer.domain.stopregler import Trin, stopper


@hurtig_init
@dataclass(frozen=True)
class Grundlag:
    """What the rules need to know besides the event: read by the service in its transaction."""

    ansaettelse: Ansaettelse
    idag: date
    arbejdstid: Arbejdstid
    andre: list[Haendelse] = field(default_factory=list)  # the employment's events that can matter
    referencer: Referencer | None = None  # needed when kraever_referencer
    regnskab: Regnskab | None = None  # needed when kraever_regnskab (without the event itself)


def kraever_referencer(data: HaendelseData, katalog: Katalog) -> bool:
    """Does judging `data` need the person's children, cases and the leave reasons?"""
    kode = katalog.kode(data.kode)
    return kode is not None and har_referencer(data, kode)


def kraever_regnskab(data: HaendelseData, katalog: Katalog) -> bool:
    """Does judging `data` need the employment's accounts (a code that draws from one, or the
    policy's own code 590)?"""
    kode = katalog.kode(data.kode)
    return kode is not None and bool(kode.traekker_paa or kode.gruppe == EGEN_FRIDAG)


def vurder_haendelse(data: HaendelseData, kilde: str, katalog: Katalog, grundlag: Grundlag,
                     foer: Haendelse | None = None) -> KvoteVurdering:
    """Every problem of registering `data` (new, or as the change of `foer`), all layers at once.
    Raises Afvist with every fejl; else returns the data with its ferieår, its postings and the
    advis."""
    kode = katalog.kode(data.kode)
    meddelelser = problemer_alene_og_blandt_andre(data, grundlag.andre, katalog, grundlag.ansaettelse,
                                                  grundlag.arbejdstid, foer)
    if grundlag.referencer is not None and kode is not None and not stopper(meddelelser, Trin.REFERENCER):
        meddelelser += valider_referencer(data, kode, grundlag.referencer)
    # the data with its ferieår and the postings, made into one KvoteVurdering at the end
    ny, poster = data, []
    if grundlag.regnskab is not None and not stopper(meddelelser, Trin.KONTO):
        afviklinger: dict = {}  # the event's postings, worked out once for both (kvoteregler)
        ny, fejl = vaelg_konto(data, kilde, kode, grundlag.regnskab, grundlag.arbejdstid, afviklinger)
        meddelelser += fejl
        if not stopper(meddelelser, Trin.SALDO):
            saldo = vurder_saldo(ny, kilde, kode, grundlag.regnskab, grundlag.arbejdstid, afviklinger)
            poster = saldo.poster
            meddelelser += saldo.meddelelser
    meddelelser += advis_for(data, katalog, grundlag.idag)
    advis = afvis_hvis_fejl(_een_gang(meddelelser))
    return KvoteVurdering(ny, poster, advis)


def _een_gang(meddelelser: list[Meddelelse]) -> list[Meddelelse]:
    """Each message once: two layers may find the same problem (an unknown child is both a bad
    reference and no care-day account). None or one (most events) are once already."""
    return meddelelser if len(meddelelser) < 2 else list(dict.fromkeys(meddelelser))
