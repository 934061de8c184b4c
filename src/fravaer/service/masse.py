"""MasseindberetHaendelser (issue 15 items 1–2): many registrations in one request, each judged
exactly as a single OpretHaendelse/RetHaendelse/SletHaendelse (the same helpers of
Haendelsestjeneste, hence domain.vurdering.vurder_haendelse), in request order, so that each is
judged also against the ones before it in the batch; a registration may name a group instead of
an employment (seed 002: events for a PKAT/KL or a unit "uden at angive de enkelte ansatte").

One transaction for the whole batch. Every registration is judged completely before anything of
it is written (the use cases raise before they write), so a refused one leaves nothing behind
and needs no savepoint; the accepted ones are written at once, so the next registration reads
them. Per registration (the default) the batch commits what was accepted; all-or-nothing and the
dry run (Proeve) roll everything back. Every employment is locked once, in id order, before the
first registration is judged: two batches cannot deadlock, and none waits halfway through."""

from __future__ import annotations

import gc
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import NamedTuple

from fravaer.adapters.db import codec
from fravaer.domain.ansaettelse import Ansaettelse, AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, kraev_registrering
from fravaer.domain.gruppe import Gruppe
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.meddelelser import Afvist, Meddelelse, meddelelse
from fravaer.service.aendringer import registrer_oprettet
from fravaer.service.ansaettelser import find_hver, institutionens
from fravaer.service.haendelser import (
    Forhaandslaest,
    HaendelseAnmodning,
    Haendelsestjeneste,
    HaendelseSvar,
    gemt_svar_json,
    skrivningens_hash,
)
from fravaer.service.ports import UnitOfWork
from fravaer.service.runner import i_transaktion

MAKS_INDBERETNINGER = 10_000  # issue 15: "up to 10,000 registrations … in one request"
_NAVNERUM = uuid.UUID("0d7f5c8e-2b9a-4f1e-8c3d-6a5e4b3c2d1f")  # a group member's TransaktionsID


class Handling(StrEnum):
    OPRET = "Opret"
    RET = "Ret"
    SLET = "Slet"


class Status(StrEnum):
    OPRETTET = "Oprettet"
    RETTET = "Rettet"
    SLETTET = "Slettet"
    GENTAGET = "Gentaget"  # the TransaktionsID's first answer: nothing new stored
    AFVIST = "Afvist"
    IKKE_GEMT = "IkkeGemt"  # accepted, but all-or-nothing and another one was refused (A030)
    PROEVE = "Proeve"  # the dry run: it would be stored (A031)


@dataclass(frozen=True)
class Indberetning:
    """One registration of a batch: for one employment (`ansaettelse`) or for every employment
    of `gruppe`; with `haendelse_id` and `version` a change or deletion of a stored event."""

    data: HaendelseData | None
    ansaettelse: AnsaettelsesIdent | None = None
    gruppe: Gruppe | None = None
    transaktions_id: str | None = None
    handling: Handling = Handling.OPRET
    haendelse_id: str | None = None
    version: int | None = None


@dataclass(frozen=True)
class Resultat:
    """What became of one registration (a group gives one per employment, all with its Nummer)."""

    nummer: int
    status: Status
    ansaettelse: Ansaettelse | None = None
    svar: HaendelseSvar | None = None  # the event as stored (or as it would be)
    meddelelser: list[Meddelelse] = field(default_factory=list)
    haendelse_id: str | None = None  # a deletion's event


class _Post(NamedTuple):
    """One registration for one employment, ready to be judged (a tuple: a frozen dataclass
    costs three times as much to make, and a batch makes one per registration)."""

    nummer: int
    indberetning: Indberetning
    ansaettelse: Ansaettelse | None
    problem: Meddelelse | None
    transaktions_id: str | None


class _Ventende:
    """The inserts of accepted registrations wait and go together (adapters/db/insert_batch.py:
    one executemany per table instead of statements per registration), but never past a read
    that must see them: they are sent before the next registration for a person with one
    waiting (the rules read the employment's events and the person's accounts), before a
    TransaktionsID seen again, and before any change or deletion. Likewise what was read for
    the whole batch up front (Forhaandslaest) serves a registration only while the batch has
    written nothing for its person, and nothing after a change or deletion."""

    def __init__(self, uow: UnitOfWork, forhaand: Forhaandslaest | None, kendte: set[str]):
        self.uow = uow
        self.forhaand = forhaand
        self.kendte = kendte  # the batch's TransaktionsIDs stored before it or by it
        self.personer: set[str] = set()  # with inserts waiting
        self.skrevne: set[str] = set()  # written for in this batch
        self.transaktioner: set[str] = set()

    def ny(self, post: _Post) -> bool:
        """A TransaktionsID (or none) that nothing stored has: no retry to look up."""
        return post.transaktions_id is None or post.transaktions_id not in self.kendte

    def forhaand_for(self, post: _Post) -> Forhaandslaest | None:
        a = post.ansaettelse
        return None if a is None or a.cpr in self.skrevne else self.forhaand

    def foer(self, post: _Post) -> None:
        a = post.ansaettelse
        if post.indberetning.handling is not Handling.OPRET:
            self.forhaand = None
        if (post.indberetning.handling is not Handling.OPRET or (a is not None and a.cpr in self.personer)
                or (post.transaktions_id is not None and post.transaktions_id in self.transaktioner)):
            self.uow.samler.toem()
            self.personer.clear()
            self.transaktioner.clear()

    def efter(self, post: _Post, resultat: Resultat) -> None:
        if resultat.status is Status.OPRETTET and resultat.ansaettelse is not None:
            self.personer.add(resultat.ansaettelse.cpr)
            self.skrevne.add(resultat.ansaettelse.cpr)
            if post.transaktions_id is not None:
                self.transaktioner.add(post.transaktions_id)
                self.kendte.add(post.transaktions_id)


def medlems_transaktions_id(transaktions_id: str | None, a: Ansaettelse) -> str | None:
    """A group registration's id made per employment: a retried group stores nothing twice."""
    return None if transaktions_id is None else str(uuid.uuid5(_NAVNERUM, f"{transaktions_id}:{a.id}"))


class Massetjeneste:
    def __init__(self, haendelser: Haendelsestjeneste):
        self.haendelser = haendelser

    def indberet(self, indberetninger: list[Indberetning], bruger: Bruger, alt_eller_intet: bool = False,
                 proeve: bool = False) -> list[Resultat]:
        if len(indberetninger) > MAKS_INDBERETNINGER:
            raise Afvist([meddelelse("F160", "Indberetning", antal=len(indberetninger),
                                     maks=MAKS_INDBERETNINGER)])

        def arbejde(uow: UnitOfWork) -> list[Resultat]:
            nu = self.haendelser.ur()
            resultater, poster = self._udfold(uow, indberetninger, bruger)
            uow.ansaettelser.laas_mange(self._at_laase(uow, poster))
            forhaand = self.haendelser.forhaandslaes(uow, [
                (p.ansaettelse, p.indberetning.data) for p in poster
                if p.ansaettelse is not None and p.indberetning.data is not None
                and p.indberetning.handling is Handling.OPRET], nu)
            with uow.samler.opsamlet():
                # ids stored where the user may register: a superset of each post's own (its
                # employment's institution), enough to know which posts are surely new
                ventende = _Ventende(uow, forhaand, uow.transaktioner.findes(
                    bruger.registrerbare,
                    (p.transaktions_id for p in poster if p.transaktions_id is not None)))
                for post in poster:
                    ventende.foer(post)
                    resultat = self._en(uow, post, bruger, nu, ventende.forhaand_for(post), ventende.ny(post))
                    ventende.efter(post, resultat)
                    resultater.append(resultat)
            resultater.sort(key=lambda r: r.nummer)  # stable: a group's members stay in id order
            afvist = any(r.status is Status.AFVIST for r in resultater)
            if proeve:
                return [_ikke_gemt(r, Status.PROEVE, "A031") for r in resultater]
            if alt_eller_intet and afvist:
                return [_ikke_gemt(r, Status.IKKE_GEMT, "A030") for r in resultater]
            uow.commit()
            return resultater

        with uden_cyklussoegning():
            return i_transaktion(self.haendelser.engine, arbejde, skriv=True)

    # ------------------------------------------------------------ reading the batch

    def _udfold(self, uow: UnitOfWork, indberetninger: list[Indberetning], bruger: Bruger
                ) -> tuple[list[Resultat], list[_Post]]:
        """Every registration as one post per employment (a group's members found once per
        group), and the registrations refused before judging (an unknown group)."""
        enkelte = [(nr, i) for nr, i in enumerate(indberetninger, 1) if i.gruppe is None]
        fundne = find_hver(uow, [i.ansaettelse or AnsaettelsesIdent() for _, i in enkelte
                                 if i.handling is not Handling.SLET], bruger)
        poster: dict[int, list[_Post]] = {}
        svar = iter(fundne)
        for nr, i in enkelte:
            a, problem = (None, None) if i.handling is Handling.SLET else next(svar)
            poster[nr] = [_Post(nr, i, a, problem, i.transaktions_id)]
        afviste: list[Resultat] = []
        grupper: dict[tuple[str, str | None], list[Ansaettelse]] = {}
        for nr, i in enumerate(indberetninger, 1):
            if i.gruppe is None:
                continue
            if i.handling is not Handling.OPRET:
                afviste.append(Resultat(nr, Status.AFVIST, meddelelser=[meddelelse("F163", "Gruppe")]))
                continue
            if (problem := _formen(i)) is not None:
                afviste.append(Resultat(nr, Status.AFVIST, meddelelser=[problem]))
                continue
            try:
                medlemmer = self._gruppen(uow, i, bruger, grupper)
            except Afvist as e:
                afviste.append(Resultat(nr, Status.AFVIST, meddelelser=e.meddelelser))
                continue
            poster[nr] = [_Post(nr, i, a, None, medlems_transaktions_id(i.transaktions_id, a))
                          for a in medlemmer]
        alle = [p for nr in sorted(poster) for p in poster[nr]]
        if len(alle) > MAKS_INDBERETNINGER:
            raise Afvist([meddelelse("F162", "Gruppe", antal=len(alle), maks=MAKS_INDBERETNINGER)])
        return afviste, alle

    @staticmethod
    def _gruppen(uow: UnitOfWork, i: Indberetning, bruger: Bruger,
                 laest: dict[tuple[str, str | None], list[Ansaettelse]]) -> list[Ansaettelse]:
        """The employments of the group in force on the event's first day (domain.gruppe), each
        institution's unit subtree read once per batch."""
        g, data = i.gruppe, i.data
        if g is None or data is None:  # only a group's registration comes here (_formen checked it)
            raise ValueError("en gruppes indberetning uden gruppe eller data")
        if g.klasse is not None and g.pkat is None:  # a KL is a pay class within a PKAT
            raise Afvist([meddelelse("F166", "KL")])
        if uow.institutioner.id_for(g.institution) is None or not bruger.maa_laese(g.institution):
            raise Afvist([meddelelse("F088", "Institution", institution=g.institution)])
        kraev_registrering(bruger, g.institution)
        noegle = (g.institution, g.enhed)
        if noegle not in laest:
            laest[noegle] = institutionens(uow, g.institution, g.enhed)
        medlemmer = [a for a in laest[noegle] if g.omfatter(a, data.fra)]
        if not medlemmer:
            raise Afvist([meddelelse("F161", "Gruppe", gruppe=g.vis(), dato=data.fra)])
        return medlemmer

    @staticmethod
    def _at_laase(uow: UnitOfWork, poster: list[_Post]) -> list[int]:
        """Every employment the batch writes for: named, a group's, or a changed event's."""
        ider = {p.ansaettelse.id for p in poster if p.ansaettelse is not None}
        for p in poster:
            if p.indberetning.haendelse_id is not None:
                h = uow.haendelser.hent(p.indberetning.haendelse_id)
                if h is not None:
                    ider.add(h.ansaettelse_id)
        return sorted(ider)

    # ------------------------------------------------------------ one registration

    def _en(self, uow: UnitOfWork, post: _Post, bruger: Bruger, nu,
            forhaand: Forhaandslaest | None, ny: bool) -> Resultat:
        i, a = post.indberetning, post.ansaettelse
        problem = _formen(i) or post.problem
        if problem is not None:
            return Resultat(post.nummer, Status.AFVIST, meddelelser=[problem])
        tj = self.haendelser
        try:
            haendelse_id, version = i.haendelse_id, i.version
            aendring = haendelse_id is not None and version is not None
            if i.handling is not Handling.OPRET and not aendring:
                raise ValueError("en ændring uden HaendelseID og Version")  # _formen refused it
            if i.handling is Handling.SLET and haendelse_id is not None and version is not None:
                hid = tj.slet_i(uow, haendelse_id, version, post.transaktions_id, bruger, nu)
                return Resultat(post.nummer, Status.SLETTET, haendelse_id=hid)
            ident = a.ident() if i.gruppe and a is not None else i.ansaettelse
            if ident is None or i.data is None:  # _formen refused it
                raise ValueError("en registrering uden ansættelse eller data")
            anmodning = HaendelseAnmodning(ident, i.data, post.transaktions_id)
            if i.handling is Handling.RET and haendelse_id is not None and version is not None:
                svar = tj.ret_i(uow, haendelse_id, version, anmodning, bruger, nu)
                return Resultat(post.nummer, Status.RETTET, svar.ansaettelse, svar, svar.meddelelser)
            if a is None:  # an Opret's employment was found before (else: its problem)
                raise ValueError("en oprettelse uden ansættelse")
            kraev_registrering(bruger, a.institution_kode)
            gentaget = None if ny else tj.gentagelse(uow, anmodning, a.institution_kode)
            if gentaget is not None:
                return Resultat(post.nummer, Status.GENTAGET, a, gentaget, gentaget.meddelelser)
            svar = tj.vurder_ny(uow, a, anmodning, nu, forhaand)
        except Afvist as e:
            return Resultat(post.nummer, Status.AFVIST, a, meddelelser=e.meddelelser)
        _gem(uow, anmodning, svar, bruger.navn, nu)
        return Resultat(post.nummer, Status.OPRETTET, a, svar, svar.meddelelser)


@contextmanager
def uden_cyklussoegning() -> Iterator[None]:
    """The collector's cycle search paused while a batch is judged: what a batch makes (its
    results, the rows that wait for COPY) lives until its answer is written, so each of the
    collections it would set off (every 20,000 objects: server.GC_GEN0) walks the survivors for
    nothing — 5–7 % of a 10,000 batch. Garbage without cycles is freed as always; the few
    cycles made meanwhile are found by the first collection after. The SOAP operation holds
    it also over reading the request and writing the answer."""
    if not gc.isenabled():  # paused already (a batch inside a batch, or the caller's choice)
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _gem(uow: UnitOfWork, anmodning: HaendelseAnmodning, svar: HaendelseSvar, bruger: str, nu) -> None:
    """What Haendelsestjeneste.gem_ny stores, row for row the same, with the event's JSON
    written once for its log row and the retry's answer (it was written twice, and the
    answer's once more around it)."""
    h, a = svar.haendelse, svar.ansaettelse
    efter = codec.haendelse_json(h)
    uow.haendelser.tilfoej(h)
    registrer_oprettet(uow, nu, a, bruger, anmodning.transaktions_id, h, efter)
    if anmodning.transaktions_id:
        uow.transaktioner.gem_skrevet(a.institution_kode, anmodning.transaktions_id, "OpretHaendelse",
                                      skrivningens_hash("OpretHaendelse", anmodning),
                                      gemt_svar_json(efter, svar.meddelelser), nu)


def _formen(i: Indberetning) -> Meddelelse | None:
    """What the XSD cannot say of one registration's shape: a change or deletion names its event
    and version, a creation does not; a creation or change has its employment (or group), code
    and first day; a deletion needs only the event."""
    aendring = i.handling is not Handling.OPRET
    if aendring != (i.haendelse_id is not None and i.version is not None) or (
            not aendring and (i.haendelse_id is not None or i.version is not None)):
        return meddelelse("F164", "HaendelseID", handling=i.handling.value)
    if i.handling is not Handling.SLET and (i.data is None or (i.ansaettelse is None and i.gruppe is None)):
        return meddelelse("F165", "Ansaettelse" if i.data is not None else "FastAarsagskode",
                          felter="Ansaettelse eller Gruppe, FastAarsagskode og FraDato",
                          handling=i.handling.value)
    return None


def _ikke_gemt(r: Resultat, status: Status, kode: str) -> Resultat:
    """A result of a batch rolled back: what was accepted becomes `status` with its advis; a
    refusal or a retry's first answer stays as it was."""
    if r.status in (Status.AFVIST, Status.GENTAGET):
        return r
    return replace(r, status=status, meddelelser=[*r.meddelelser, meddelelse(kode, None)])
