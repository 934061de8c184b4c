"""Reading employments' accounts: their account events, stored postings, children and working
times, for one employment or a thousand in the same few queries."""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from itertools import chain
from typing import Any

from fravaer.adapters.db.repository import KontoHaendelse
from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.kalender import Kalender
from fravaer.domain.katalog import SYG_UNDER_FERIE, Aarsagskode, Katalog
from fravaer.domain.kvoter import (
    Brug,
    Regnskab,
    aabne_ferieaar,
    afvikling,
    brug,
    dagstraek,
    ferieaarenes_dage,
    haendelsens_ferieaar,
)
from fravaer.domain.politik import flere_loebenumre, politik_for
from fravaer.service.ansaettelser import med_forloeb
from fravaer.service.ports import UnitOfWork

_ny = tuple.__new__


def laes_regnskaber(uow: UnitOfWork, katalog: Katalog, ansaettelser: list[Ansaettelse],
                    uden_haendelse: str | None = None, samlet: bool = False,
                    ferieaar: frozenset[int] | None = None, kun_ferie: bool = False) -> dict[int, Regnskab]:
    """Every employment's accounts as of now (without the event `uden_haendelse`, when a
    change of it is being judged). `samlet`: the events' uses booked one per event and account
    (Brug), for the balances alone (HentKvoter), not day by day for the rules that walk them.
    `ferieaar`: of the ferieår's accounts only these years' (kvoteregler.vurderede_ferieaar: what
    a judgement reads), every other account whole. The event `uden_haendelse` is left out by the
    read itself (kontohaendelser' `uden`: it is neither fetched nor mapped). `kun_ferie` (with
    `ferieaar`): the vacation codes' events of those ferieår alone are read and booked, the other
    accounts' not at all (no uses and no sick days of 110; their stored postings are still read,
    so their balances are not true) — such a Regnskab is only for judging vacation, which reads
    these years' vacation accounts alone (kvoteregler.vurderede_ferieaar)."""
    ids = [a.id for a in ansaettelser]
    haendelser: dict[int, list[KontoHaendelse]] = defaultdict(list)
    koder = katalog.koder
    for h in kontohaendelser(uow, katalog, ids, ferieaar, uden_haendelse, samlet,
                             kun_ferie=kun_ferie):
        if ferieaar is not None:
            kode = koder.get(h.kode)
            # (a vacation without a ferieår books nothing: tilfoej_haendelser)
            if kode is not None and kode.traekker_paa_ferieaar and \
                    haendelsens_ferieaar(kode, h.fra, h.til, h.ferieaar) not in ferieaar:
                continue
        haendelser[h.ansaettelse_id].append(h)
    poster = uow.kvoteposter.for_ansaettelser(ids, saldi=samlet)  # (samlet: the balances alone)
    boern, flere = uow.boern.med_flere([a.cpr for a in ansaettelser])
    # the working times are only asked for the events' days (none: nothing to work out, not
    # even today's calendar)
    tider = arbejdstider(uow, ansaettelser, haendelser) if haendelser else {}
    andre = personernes_ansaettelser(uow, flere)
    regnskaber = {}
    ingen: list[Ansaettelse] = []
    priser: dict[tuple, Any] | None = {} if samlet else None
    for a in ansaettelser:
        r = Regnskab(a, politik_for(a), boern[a.cpr], list(poster[a.id]),
                     flere_loebenumre=flere_loebenumre(a, andre.get(a.cpr, ingen)) if andre else ())
        egne = haendelser.get(a.id)
        if egne:  # (arbejdstider: a working time for each employment with events)
            if priser is not None:  # (tilfoej_haendelser's way with priser, without its call)
                _tilfoej_brug(r, katalog, egne, tider[a.id], priser)
            else:
                tilfoej_haendelser(r, katalog, egne, tider[a.id])
        regnskaber[a.id] = r
    return regnskaber


def kontohaendelser(uow: UnitOfWork, katalog: Katalog, ids: list[int],
                    ferieaar: frozenset[int] | None = None, uden: str | None = None,
                    saldi: bool = False, kun_ferie: bool = False) -> list[KontoHaendelse]:
    """The employments' events of the account codes (Katalog.kontokoder); `ferieaar` (as
    laes_regnskaber's): of the codes that draw on a ferieår, only those that may draw on one of
    these (their own ferieår, or without one within the years' days: ferieaarenes_dage), so that
    other years' vacation is not read at all. laes_regnskaber then books only these years'.
    `uden`: an event left out (the one a change judges its accounts without). `saldi`: for the
    balances alone, without the events' ids (HaendelseRepository.kontohaendelser). `kun_ferie`
    (with `ferieaar`): of those codes' events alone, none of the other codes'."""
    if not ferieaar:  # (none: every ferieår's booked; an empty set books no vacation)
        return uow.haendelser.kontohaendelser(ids, katalog.kontokoder(), uden=uden, saldi=saldi)
    andre, ferie = _delt(katalog, kun_ferie)
    fra, til = ferieaarenes_dage(ferieaar)
    return uow.haendelser.kontohaendelser(ids, andre, (ferie, sorted(ferieaar), fra, til), uden, saldi)


def annoncer_kontohaendelser_og_perioden(uow: UnitOfWork, katalog: Katalog, ansaettelse_id: int,
                                         ferieaar: frozenset[int] | None, fra: date, til: date,
                                         uden: str | None = None, kun_ferie: bool = False) -> None:
    """Announce (Kerne.laes_sammen) kontohaendelser(uow, katalog, [ansaettelse_id], ferieaar, uden,
    kun_ferie=kun_ferie) and the employment's events in force in [fra, til]
    (HaendelseRepository.i_perioden, without `uden` too) as one read."""
    if not ferieaar:
        uow.haendelser.i_perioden_og_konto(ansaettelse_id, fra, til, katalog.kontokoder(), uden=uden)
        return
    andre, ferie = _delt(katalog, kun_ferie)
    ferie_fra, ferie_til = ferieaarenes_dage(ferieaar)
    uow.haendelser.i_perioden_og_konto(ansaettelse_id, fra, til, andre,
                                       (ferie, sorted(ferieaar), ferie_fra, ferie_til), uden)


def _delt(katalog: Katalog, kun_ferie: bool) -> tuple[Sequence[str], Sequence[str]]:
    """Katalog.kontokoder_delt: (the other account codes, the vacation codes); no other codes for
    `kun_ferie`."""
    andre, ferie = katalog.kontokoder_delt()
    return ((), ferie) if kun_ferie else (andre, ferie)


def tilfoej_haendelse(r: Regnskab, katalog: Katalog, d: KontoHaendelse, tid: Arbejdstid) -> None:
    """One stored event of the account codes (Katalog.kontokoder) on the accounts: its uses, or for 110
    its sick days. A history import adds the events it stores this way, as if read back."""
    tilfoej_haendelser(r, katalog, [d], tid)


def tilfoej_haendelser(r: Regnskab, katalog: Katalog, ds: list[KontoHaendelse], tid: Arbejdstid,
                       priser: dict[tuple, Any] | None = None) -> None:
    """tilfoej_haendelse of each of an employment's events, their uses added in one go (a
    HentKvoter of 1,000 employments adds thousands). With `priser` (a read's, laes_regnskaber's
    samlet) the uses are booked per event (Brug), and an event's are kept there by what decides
    them, for the next employment's event alike."""
    if priser is not None:
        _tilfoej_brug(r, katalog, ds, tid, priser)
        return
    brug: list = []
    for hid, kode, fra, til, minutter, barnenummer, ferieaar, afventer in _med_kode(r, katalog, ds, tid):
        # stored before accounts chose one (asked only of a code whose account has a ferieår)
        if ferieaar is None and til is not None and kode.traekker_paa_ferieaar:
            aabne = aabne_ferieaar(fra, til)
            ferieaar = aabne[0] if aabne else None
        poster = afvikling(hid, kode, fra, til, minutter, ferieaar, barnenummer, tid)
        brug += [p._replace(afventer=True) for p in poster] if afventer else poster
    if brug:
        r.tilfoej(brug)


def _med_kode(r: Regnskab, katalog: Katalog, ds: list[KontoHaendelse], tid: Arbejdstid):
    """The events of `ds` with their code, as (id, code, from, to, minutes, child, ferieår,
    awaiting); a sickness during vacation (110) adds its days to the sick days instead, and an
    event of a code the catalogue does not hold is passed over."""
    koder = katalog.koder
    for hid, _, kode_, fra, til, minutter, barnenummer, ferieaar, afventer in ds:
        if kode_ == SYG_UNDER_FERIE:
            if til is not None:
                r.sygedage.update(dag for dag, _ in dagstraek(fra, til, minutter, tid))
            continue
        kode = koder.get(kode_)
        if kode is not None:
            yield hid, kode, fra, til, minutter, barnenummer, ferieaar, afventer


def _tilfoej_brug(r: Regnskab, katalog: Katalog, ds: list[KontoHaendelse], tid: Arbejdstid,
                  priser: dict[tuple, Any]) -> None:
    """tilfoej_haendelser booked per event. Without registered working times an event's uses
    hang on its code, days, ferieår and child, the calendar and the fixed day off alone:
    a thousand employments' alike events are worked out once (with registered times, each anew).
    `priser` holds them by those (_prisen), and for each calendar and fixed day off, by the
    event's row as stored (its code, days, ferieår and child): an event alike one seen before is
    then one lookup, without its code's checks and the ferieår's choice made again."""
    # the calendar is the read's own object for the institution (laes_regnskaber's arbejdstider)
    faelles = None if tid.moedetider else (id(tid.kalender), tid.ansaettelse.fast_fridag)
    som_gemt: dict[tuple, Sequence[Brug]] | None = None
    if faelles is not None:
        som_gemt = priser.get(faelles)
        if som_gemt is None:
            som_gemt = priser[faelles] = {}  # (a 2-tuple: never one of _prisen's 7-tuple keys)
    koder = katalog.koder
    ud: list[Brug] = []
    for h in ds:
        hid, _, kode_, fra, til, minutter, barnenummer, ferieaar, afventer = h
        if som_gemt is not None and minutter is None and kode_ != SYG_UNDER_FERIE:
            noegle = (kode_, fra, til, ferieaar, barnenummer)
            stykker = som_gemt.get(noegle)
            if stykker is None:
                stykker = som_gemt[noegle] = _prisen(koder.get(kode_), fra, til, minutter, barnenummer,
                                                     ferieaar, tid, priser, faelles)
        else:
            stykker = ()  # a sickness during vacation (110) adds its sick days here (_med_kode)
            for _, kode, _, _, _, _, _, _ in _med_kode(r, katalog, [h], tid):
                stykker = _prisen(kode, fra, til, minutter, barnenummer, ferieaar, tid, priser, faelles)
        if hid is None and not afventer:  # (a read without ids: the balances alone)
            # the worked-out records are these uses as they are (brug(): no id, not awaiting):
            # alike events' uses one object each, which kvoter_i_aar keys an employment by
            if len(stykker) == 1:
                ud.append(stykker[0])
            else:
                ud += stykker
        # the record with the event's id and flag (tuple.__new__: Brug(...)'s tuple, no Python call)
        elif len(stykker) == 1:  # most: one account's (no comprehension's frame for it)
            konto, foerste, sidste, dage, dagene, _, kodens, _ = stykker[0]
            ud.append(_ny(Brug, (konto, foerste, sidste, dage, dagene, hid, kodens, afventer)))
        elif stykker:
            ud += [_ny(Brug, (konto, foerste, sidste, dage, dagene, hid, kodens, afventer))
                   for konto, foerste, sidste, dage, dagene, _, kodens, _ in stykker]
    if ud:
        r.tilfoej_brug(ud)


def _prisen(kode: Aarsagskode | None, fra: date, til: date | None, minutter: int | None,
            barnenummer: int | None, ferieaar: int | None, tid: Arbejdstid, priser: dict[tuple, Any],
            faelles: tuple | None) -> Sequence[Brug]:
    """An event's uses (its id and flag not yet set), none for a code the catalogue does not
    hold, an open event or a code that draws from no account; kept in `priser` by what decides
    them when `faelles` (the calendar and fixed day off) does and no minutes are given."""
    if kode is None or til is None or not kode.traekker_paa:
        return ()
    if ferieaar is None and kode.traekker_paa_ferieaar:  # as tilfoej_haendelser
        aabne = aabne_ferieaar(fra, til)
        ferieaar = aabne[0] if aabne else None
    if faelles is None or minutter is not None:  # minutes on a working day: the norm's too
        return brug(kode, fra, til, minutter, ferieaar, barnenummer, tid)
    noegle = (kode.kode, fra, til, minutter, ferieaar, barnenummer, faelles)
    stykker = priser.get(noegle)
    if stykker is None:
        stykker = priser[noegle] = brug(kode, fra, til, minutter, ferieaar, barnenummer, tid)
    return stykker


def personernes_ansaettelser(uow: UnitOfWork, cprs: list[str]) -> dict[str, list[Ansaettelse]]:
    """The employments, with their history, of these persons who have more than one (`cprs`,
    read with their children: whether the user may read them or not, they only decide the
    accrual)."""
    if not cprs:
        return {}
    pr_cpr: dict[str, list[Ansaettelse]] = defaultdict(list)
    for b in uow.ansaettelser.af_personer(cprs):
        pr_cpr[b.cpr].append(b)
    flere = {cpr: bs for cpr, bs in pr_cpr.items() if len(bs) > 1}
    med = {b.id: b for b in med_forloeb(uow, [b for bs in flere.values() for b in bs])}
    return {cpr: [med[b.id] for b in bs] for cpr, bs in flere.items()}


def arbejdstider(uow: UnitOfWork, ansaettelser: list[Ansaettelse],
                 haendelser: dict[int, list[KontoHaendelse]], fra: date | None = None,
                 til: date | None = None) -> dict[int, Arbejdstid]:
    """The working time of each employment that has events (those alone are booked), over the
    span of its events (and [fra, til]): registered working times in one query, each
    institution's calendar once."""
    med = [a for a in ansaettelser if haendelser.get(a.id)]
    alle = list(chain.from_iterable(haendelser[a.id] for a in med))
    # the span's bounds: every event's first day, and its last unless open (None, or date.max);
    # by the records' positions, over whole columns (a HentKvoter of 1,000 employments reads
    # some 3,000 events: a property or attribute per event cost more than the rest of this)
    slutter = list(filter(None, map(_TIL, alle)))  # a date is never false: only the open go
    if _AABEN in slutter:
        slutter = [d for d in slutter if d != _AABEN]
    datoer = [*map(_FRA, alle), *slutter, *(d for d in (fra, til) if d is not None)]
    if not datoer:
        datoer = [date.today()]
    start, slut = min(datoer), max(datoer)
    moedetider = uow.moedetider.minutter_for_mange([a.id for a in med], start, slut)
    kalendere: dict[str, Kalender] = {}
    tider = {}
    ingen: dict[date, int] = {}  # read only (Arbejdstid keeps its mapping as given)
    for a in med:
        kalender = kalendere.get(a.institution_kode)
        if kalender is None:
            kalender = kalendere[a.institution_kode] = uow.kalendere.for_institution(a.institution_kode,
                                                                                     start, slut)
        tider[a.id] = Arbejdstid.af(a, kalender, moedetider.get(a.id) or ingen)
    return tider


# a KontoHaendelse's first and last day (None when open), by position
_FRA, _TIL = operator.itemgetter(KontoHaendelse._fields.index("fra")), \
    operator.itemgetter(KontoHaendelse._fields.index("til"))
_AABEN = date.max
