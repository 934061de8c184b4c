"""Use cases of FravaerService: create, change, delete and read events, reason codes, the log."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import cache
from typing import NamedTuple

from sqlalchemy import Engine

from fravaer.adapters.db import codec
from fravaer.adapters.db.repository import Logpost, Transaktion
from fravaer.domain import godkendelse
from fravaer.domain.adgang import HELE, beskaaret, synlig
from fravaer.domain.ansaettelse import Ansaettelse, AnsaettelsesIdent, PersonIdent
from fravaer.domain.arbejdstid import Arbejdstid, Omkostning
from fravaer.domain.brugere import Bruger, kraev_registrering
from fravaer.domain.dataklasser import hurtig_init
from fravaer.domain.haendelse import (
    Haendelse,
    HaendelseData,
    relevant_periode,
    vurder_sletning,
)
from fravaer.domain.kalender import Kalender
from fravaer.domain.katalog import Aarsagskode, AarsagsType, Katalog
from fravaer.domain.kvoter import Barn, Regnskab
from fravaer.domain.loen import Loenperiode, advis_om_lukket
from fravaer.domain.meddelelser import Afvist, Alvor, Meddelelse, meddelelse
from fravaer.domain.optaelling import Del, PersonOptaelling, Stykke, optael_person
from fravaer.domain.vurdering import Grundlag, kraever_regnskab, vurder_haendelse
from fravaer.service.aendringer import registrer_oprettet, registrer_skrevet
from fravaer.service.ansaettelser import (
    annoncer_laesbare,
    ansaettelsen,
    find_ansaettelse,
    laesbare_ansaettelser,
    laesbart_fravaer,
    med_forloeb,
    naevner_alene,
)
from fravaer.service.clock import dansk_dato, utc_nu
from fravaer.service.gentagelser import tidligere_svar
from fravaer.service.grundlag import Kontovalg, andre_haendelser, grundlag_for, kontovalg_for
from fravaer.service.ider import nyt_id
from fravaer.service.indberettet import for_sent, sent_laesning
from fravaer.service.katalog import institutionens_katalog
from fravaer.service.omkostninger import arbejdstid_for, koster, mange_koster, omkostning_af
from fravaer.service.ports import UnitOfWork
from fravaer.service.referencer import tjenestefriaarsager
from fravaer.service.regnskaber import annoncer_kontohaendelser_og_perioden, laes_regnskaber
from fravaer.service.runner import i_transaktion
from fravaer.service.sager import Sagstjeneste

revision = logging.getLogger("fravaer.revision")
STANDARD_MAKS_LOGPOSTER = 1000
_MAKS_FORHAAND_DAGE = 400  # a batch's events within about a year: read for all at once


@hurtig_init
@dataclass(frozen=True)
class HaendelseAnmodning:
    ansaettelse: AnsaettelsesIdent
    data: HaendelseData
    transaktions_id: str | None = None


@dataclass(frozen=True)
class Forhaandslaest:
    """What the rules read, read once for a whole batch (mass registration, issue 15): each
    employment's events and registered working times over `periode`, and the accounts of those
    whose registrations need them. Valid for an employment only until the batch writes for its
    person: the caller passes it only until then."""

    periode: tuple[date, date]
    haendelser: dict[int, list[Haendelse]] = field(default_factory=dict)
    moedetider: dict[int, dict[date, int]] = field(default_factory=dict)
    regnskaber: dict[int, Regnskab] = field(default_factory=dict)
    # per institution, what each of its registrations is judged by (one `nu` for the batch):
    # looked up once here, not in the process's copy (under its lock) for every registration
    kataloger: dict[str, Katalog] = field(default_factory=dict)
    kalendere: dict[str, Kalender] = field(default_factory=dict)  # over `periode`
    lukkede: dict[str, list[Loenperiode]] = field(default_factory=dict)  # closed pay periods

    def daekker(self, fra: date, til: date) -> bool:
        return self.periode[0] <= fra and til <= self.periode[1]


@hurtig_init
@dataclass(frozen=True)
class HaendelseSvar:
    haendelse: Haendelse
    ansaettelse: Ansaettelse
    meddelelser: list[Meddelelse]
    omkostning: Omkostning | None = None
    aarsagstekst: str | None = None  # an own type's name (the default catalogue does not know it)


def lukket_loen(uow: UnitOfWork, institution: str, katalog: Katalog, datas: list[HaendelseData],
                forhaand: Forhaandslaest | None = None) -> list[Meddelelse]:
    """A036 when a write of a pay-affecting code touches a closed pay period (DOMAIN.md §17); the
    closed periods are read only for such codes, once per institution in a batch (`forhaand`:
    no registration closes a period)."""
    koder = [katalog.kode(d.kode) for d in datas]
    for k in koder:  # (a loop: any() over a generator cost more, and most codes are not)
        if k is not None and k.loendel:
            break
    else:
        return []
    lukkede = None if forhaand is None else forhaand.lukkede.get(institution)
    if lukkede is None:
        lukkede = uow.loen.lukkede_ved(institution)
        if forhaand is not None:
            forhaand.lukkede[institution] = lukkede
    return advis_om_lukket(koder, [(d.fra, d.slut) for d in datas], lukkede)


@dataclass(frozen=True)
class Aarsag:
    """One line of HentAarsagskoder: a fixed reason code or a leave reason."""

    kode: str
    tekst: str
    type: AarsagsType
    detaljer: Aarsagskode | None = None  # for fixed codes


class Haendelsestjeneste:
    def __init__(self, engine: Engine, katalog: Katalog, ur: Callable[[], datetime] = utc_nu):
        self.engine = engine
        self.katalog = katalog
        self.ur = ur
        self.sager = Sagstjeneste(engine, ur)  # maternity and work-injury cases, also FravaerService's

    # ------------------------------------------------------------ writes

    def opret(self, anmodning: HaendelseAnmodning, bruger: Bruger) -> HaendelseSvar:
        # the content's digest (the retry's check and record) and the new event's id made before
        # the write lock is taken
        hash_ = skrivningens_hash("OpretHaendelse", anmodning) if anmodning.transaktions_id else None
        haendelse_id = nyt_id()
        forsoeg = [0]

        def arbejde(uow: UnitOfWork) -> HaendelseSvar:
            nu = self.ur()
            forsoeg[0] += 1
            forudsagt: list[_Forudsagt] = []  # what _forudsig worked out (PostgreSQL's reads ahead)
            # the TransaktionsID taken for new, not looked up (_ny_tid): a retry of a stored write
            # is refused by the rules (its own event) or breaks the table's key (runner: retried)
            ny_tid = _ny_tid(anmodning.transaktions_id, forsoeg[0])
            a = find_ansaettelse(uow, anmodning.ansaettelse, laas=True, bruger=bruger, og_laes=lambda a: (
                self._forudsig(uow, a, nu, None if ny_tid else anmodning.transaktions_id, anmodning.data,
                               anmodning.data, husk=forudsagt)))
            kraev_registrering(bruger, a.institution_kode)
            if not ny_tid:
                gentaget = self.gentagelse(uow, anmodning, a.institution_kode, hash_=hash_)
                if gentaget is not None:
                    return gentaget
            try:
                svar = self.vurder_ny(uow, a, anmodning, nu, haendelse_id=haendelse_id,
                                      forudsagt=forudsagt[-1] if forudsagt else None)
            except Afvist:
                # the refusal may be the retry's own event: a stored write of this TransaktionsID
                # is answered as the retry it is
                if ny_tid and (gentaget := self.gentagelse(uow, anmodning, a.institution_kode,
                                                           hash_=hash_)) is not None:
                    return gentaget
                raise
            self.gem_ny(uow, anmodning, svar, bruger.navn, nu, hash_=hash_)
            uow.commit()
            return svar

        return i_transaktion(self.engine, arbejde, skriv=True)

    def vurder_ny(self, uow: UnitOfWork, a: Ansaettelse, anmodning: HaendelseAnmodning,
                  nu: datetime, forhaand: Forhaandslaest | None = None,
                  haendelse_id: str | None = None, forudsagt: _Forudsagt | None = None) -> HaendelseSvar:
        """Judge a new event for the (locked) employment `a` against what is stored (DOMAIN.md
        §4 rule 13, one entry point): the event it would be, with its advis and cost. Raises
        Afvist with every fejl. Stores nothing (OpretHaendelse and mass registration, issue 15).
        `haendelse_id`: its id, when the caller made it (before the lock); else a new one.
        `forudsagt`: what announcing the reads ahead worked out (_forudsig), used where it holds."""
        if haendelse_id is None:
            haendelse_id = nyt_id()
        katalog = (self.institutionens_katalog(uow, a.institution_kode, nu) if forhaand is None
                   else self._forhaands_katalog(uow, forhaand, a.institution_kode, nu))
        periode = kontovalg = None
        if forudsagt is not None:  # (none on SQLite: no reads ahead)
            periode, kontovalg = _forudsagt(forudsagt, katalog, anmodning.data, (anmodning.data,))
        grundlag = self._grundlag(uow, a, nu, anmodning.data,
                                  self._andre(uow, a.id, anmodning.data, forhaand=forhaand, periode=periode),
                                  katalog, forhaand=forhaand, kontovalg=kontovalg)
        vurdering = vurder_haendelse(anmodning.data, haendelse_id, katalog, grundlag)
        kode = katalog.kode(vurdering.data.kode)
        advis = (vurdering.meddelelser + godkendelse.advis_for(kode)
                 + for_sent(uow, a, [vurdering.data], self.katalog, dansk_dato(nu))
                 + lukket_loen(uow, a.institution_kode, katalog, [vurdering.data], forhaand))
        h = Haendelse(haendelse_id, a.id, 1, vurdering.data, nu, nu, godkendelse.status_for(kode))
        return HaendelseSvar(h, a, advis, omkostning_af(h, grundlag.arbejdstid, self.katalog),
                             kode.navn if kode is not None and kode.egen else None)

    def gem_ny(self, uow: UnitOfWork, anmodning: HaendelseAnmodning, svar: HaendelseSvar,
               bruger: str, nu: datetime, operation: str = "OpretHaendelse",
               hash_: str | None = None) -> None:
        """Store a judged new event: the event, its log row and the retry's answer (one statement
        on PostgreSQL: adapters/db/insert_batch.py); the event's JSON written once for the log row
        and the answer (`_husk`'s {"haendelse": …, "meddelelser": […]}, its keys in codec.dumps'
        sorted order)."""
        h, a, tid = svar.haendelse, svar.ansaettelse, anmodning.transaktions_id
        efter = codec.haendelse_json(h)
        self._husk_gaet(uow, h, a)
        with uow.samler.samlet():
            uow.haendelser.tilfoej(h)
            registrer_oprettet(uow, nu, a, bruger, tid, h, efter)
            if tid:
                uow.transaktioner.gem_skrevet(a.institution_kode, tid, operation,
                                              hash_ or skrivningens_hash(operation, anmodning),
                                              gemt_svar_json(efter, svar.meddelelser), nu)

    def gentagelse(self, uow: UnitOfWork, anmodning: HaendelseAnmodning, institution: str,
                   operation: str = "OpretHaendelse", hash_: str | None = None) -> HaendelseSvar | None:
        """The first answer of a retried creation at the employment's institution (by its
        TransaktionsID), or None for a new one."""
        gentaget = self._gentagelse(uow, [institution], anmodning.transaktions_id, operation, anmodning,
                                    hash_)
        return None if gentaget is None else self._svar_fra(uow, gentaget)

    def ret(self, haendelse_id: str, version: int, anmodning: HaendelseAnmodning,
            bruger: Bruger) -> HaendelseSvar:
        hash_ = (skrivningens_hash("RetHaendelse", (haendelse_id, version, anmodning))
                 if anmodning.transaktions_id else None)
        forsoeg = [0]

        def arbejde(uow: UnitOfWork) -> HaendelseSvar:
            forsoeg[0] += 1
            svar = self.ret_i(uow, haendelse_id, version, anmodning, bruger, self.ur(), til_sidst=True,
                              hash_=hash_, ny_tid=_ny_tid(anmodning.transaktions_id, forsoeg[0]))
            uow.commit()
            return svar

        return i_transaktion(self.engine, arbejde, skriv=True)

    def ret_i(self, uow: UnitOfWork, haendelse_id: str, version: int, anmodning: HaendelseAnmodning,
              bruger: Bruger, nu: datetime, til_sidst: bool = False,
              hash_: str | None = None, ny_tid: bool = False) -> HaendelseSvar:
        """RetHaendelse inside the caller's transaction (a single call or mass registration):
        everything is judged before anything is written, so a refusal writes nothing. `til_sidst`:
        nothing else is written before the commit, so the UPDATE may go with the event's log row
        and the COMMIT (one statement on PostgreSQL), its refusal known after (uow.efter_commit).
        `ny_tid`: the TransaktionsID is taken for new (_ny_tid): not looked up unless the change
        is refused (a retry of a stored change finds its event at the next version)."""
        indhold = (haendelse_id, version, anmodning)
        forudsagt: list[_Forudsagt] = []  # what _forudsig worked out (PostgreSQL's reads ahead)

        def og_laes(foer: Haendelse, a: Ansaettelse) -> Callable[[], None]:
            # what ret_i reads next, as it stands before the lock (find_ansaettelse, _andre, …)
            resten = self._forudsig(uow, a, nu, None if ny_tid else anmodning.transaktions_id,
                                    anmodning.data, foer.data, anmodning.data, uden=foer.id, husk=forudsagt)

            def annoncer() -> None:
                if anmodning.ansaettelse.fuldstaendig:
                    if naevner_alene(anmodning.ansaettelse, a):
                        uow.historik.forloeb([a.id])  # the locked one is the one it names
                    else:  # (not the history: the employment found tells whether it has one)
                        uow.ansaettelser.find(anmodning.ansaettelse)
                resten()
            return annoncer

        h, ha = self._hent_laast(uow, haendelse_id, bruger, og_laes, efter_laasen=True)
        institution = ha.institution_kode if ha is not None else None
        # the id is the event's institution's; an event gone (or not the user's to see): the
        # id is looked for only where the user may register
        def gentagelse() -> HaendelseSvar | None:
            gentaget = self._gentagelse(
                uow, [institution] if institution is not None else bruger.registrerbare,
                anmodning.transaktions_id, "RetHaendelse", indhold, hash_)
            if gentaget is None:
                return None
            # the first answer again, but only to who may make the change
            svar = self._svar_fra(uow, gentaget)
            if not bruger.maa_laese(svar.ansaettelse.institution_kode):
                raise Afvist([meddelelse("F021", "HaendelseID", haendelse_id=haendelse_id)])
            kraev_registrering(bruger, svar.ansaettelse.institution_kode)
            return svar

        if not ny_tid and (gentaget := gentagelse()) is not None:
            return gentaget
        try:
            if h is None:
                raise Afvist([meddelelse("F021", "HaendelseID", haendelse_id=haendelse_id)])
            # the employment locked with the event, when the request names it by a key of its own,
            # is what finding it would read again (PostgreSQL: its history read after the lock)
            a = find_ansaettelse(uow, anmodning.ansaettelse, bruger=bruger, kendt=ha)
            kraev_registrering(bruger, a.institution_kode)
            if a.id != h.ansaettelse_id:
                raise Afvist([meddelelse("F027", "Ansaettelse", haendelse_id=haendelse_id)])
            self._tjek_version(h, version)
            # the other events and the accounts read without the event changed (held already)
            periode = kontovalg = None
            if forudsagt:  # (none on SQLite: no reads ahead)
                periode, _ = _forudsagt(forudsagt[-1], None, anmodning.data, (h.data, anmodning.data))
            andre = self._andre(uow, a.id, h.data, anmodning.data, uden=h.id, periode=periode)
            katalog = self.institutionens_katalog(uow, a.institution_kode, nu)
            if forudsagt:
                _, kontovalg = _forudsagt(forudsagt[-1], katalog, anmodning.data, (h.data, anmodning.data))
            grundlag = self._grundlag(uow, a, nu, anmodning.data, andre, katalog, uden=h.id,
                                      kontovalg=kontovalg)
            vurdering = vurder_haendelse(anmodning.data, h.id, katalog, grundlag, foer=h)
            kode = katalog.kode(vurdering.data.kode)
            advis = (vurdering.meddelelser + godkendelse.advis_for(kode)
                     + for_sent(uow, a, [h.data, vurdering.data], self.katalog, dansk_dato(nu))
                     + lukket_loen(uow, a.institution_kode, katalog, [h.data, vurdering.data]))
            tid = grundlag.arbejdstid
            # a change of an event of a code that needs approval needs it again
            ny = h.med(version=h.version + 1, data=vurdering.data, aendret=nu,
                       status=godkendelse.status_for(kode))
            if not til_sidst and not uow.haendelser.opdater(ny, h.version, h):
                raise _versionsfejl(h.id, version)
            svar = HaendelseSvar(ny, a, advis, omkostning_af(ny, tid, self.katalog),
                                 kode.navn if kode is not None and kode.egen else None)
        except Afvist:
            # the refusal may be the retry's (its event at the next version): a stored write of
            # this TransaktionsID is answered as the retry it is
            if ny_tid and (gentaget := gentagelse()) is not None:
                return gentaget
            raise
        self._husk_gaet(uow, ny, a)
        with uow.samler.samlet(uow.haendelser.opdatering(ny, h.version, h) if til_sidst else None) as udfald:
            _kraev_ramt(uow, udfald, h.id, version)
            efter = codec.haendelse_json(ny)
            registrer_skrevet(uow, nu, "Ret", a, bruger.navn, anmodning.transaktions_id, h.id,
                              codec.haendelse_json(h), efter)
            self._husk(uow, a.institution_kode, anmodning.transaktions_id, "RetHaendelse", indhold, svar,
                       nu, hash_, efter)
        return svar

    def slet(self, haendelse_id: str, version: int, transaktions_id: str | None, bruger: Bruger) -> str:
        def arbejde(uow: UnitOfWork) -> str:
            hid = self.slet_i(uow, haendelse_id, version, transaktions_id, bruger, self.ur(), til_sidst=True)
            uow.commit()
            return hid

        return i_transaktion(self.engine, arbejde, skriv=True)

    def slet_i(self, uow: UnitOfWork, haendelse_id: str, version: int, transaktions_id: str | None,
               bruger: Bruger, nu: datetime, til_sidst: bool = False) -> str:
        """SletHaendelse inside the caller's transaction (as ret_i, also `til_sidst`)."""
        indhold = (haendelse_id, version)

        def og_laes(foer: Haendelse, a: Ansaettelse) -> Callable[[], None]:
            periode = relevant_periode(self.katalog, foer.data)

            def annoncer() -> None:
                if transaktions_id:
                    uow.transaktioner.hent([a.institution_kode], transaktions_id)
                uow.haendelser.i_perioden([a.id], *periode)
            return annoncer

        h, ha = self._hent_laast(uow, haendelse_id, bruger, og_laes)
        institution = ha.institution_kode if ha is not None else None
        # a replay finds the event gone: its id, stored under the event's institution, is looked
        # for only where the user may register now; anyone else gets the unknown event's F021
        # below and changes nothing (issue 17 item 6)
        gentaget = self._gentagelse(uow, [institution] if institution is not None else bruger.registrerbare,
                                    transaktions_id, "SletHaendelse", indhold)
        if gentaget is not None:
            return gentaget["haendelse_id"]
        if h is None or ha is None or institution is None:  # the three go together
            raise Afvist([meddelelse("F021", "HaendelseID", haendelse_id=haendelse_id)])
        kraev_registrering(bruger, institution)
        self._tjek_version(h, version)
        andre = self._andre(uow, h.ansaettelse_id, h.data)
        vurder_sletning(h, andre, self.institutionens_katalog(uow, institution, nu))
        if not til_sidst and not uow.haendelser.slet(h.id, h.version):
            raise _versionsfejl(h.id, version)
        self._husk_gaet(uow, h, None)
        with uow.samler.samlet(uow.haendelser.sletning(h.id, h.version) if til_sidst else None) as udfald:
            _kraev_ramt(uow, udfald, h.id, version)
            registrer_skrevet(uow, nu, "Slet", ha, bruger.navn, transaktions_id, h.id,
                              codec.haendelse_json(h), None)
            if transaktions_id:
                uow.transaktioner.gem(institution, Transaktion(transaktions_id, "SletHaendelse",
                                                               skrivningens_hash("SletHaendelse", indhold),
                                                               {"haendelse_id": h.id}), nu)
        return h.id

    # ------------------------------------------------------------ reads

    def hent(self, idents: list[AnsaettelsesIdent], fra: date, til: date, koder: list[str],
             bruger: Bruger) -> list[tuple[Haendelse, Ansaettelse, Omkostning | None]]:
        if til < fra:
            raise Afvist([meddelelse("F003", "TilDato", fra=fra, til=til)])

        # Where reads go together (PostgreSQL), one employment named by its tjenestenummer (the
        # usual read): its events and working times go in the round trip that reads the
        # employment (by that number: its id is not known yet), kept if the user may read it —
        # one round trip, not two. Several employments, or one by CPR: read as before.
        def arbejde(uow: UnitOfWork):
            tjnr = (idents[0].tjenestenummer if len(idents) == 1 else None) or ""
            forud = tjnr != "" and uow.session.samler_laesninger
            if forud:
                def annoncer_alt():
                    annoncer_laesbare(uow, idents)
                    uow.haendelser.i_perioden_for_tjenestenummer(tjnr, fra, til, koder)
                    uow.moedetider.over_perioden_for_tjenestenummer(tjnr, fra, til)
                uow.session.laes_sammen(annoncer_alt)
            laesbare = laesbare_ansaettelser(uow, idents, bruger, dansk_dato(self.ur()))
            ansaettelser = {a.id: a for a, _ in laesbare}
            udsnit = {a.id: u for a, u in laesbare}
            if forud and all(a.tjenestenummer == tjnr for a in ansaettelser.values()):
                alle = [h for h in uow.haendelser.i_perioden_for_tjenestenummer(tjnr, fra, til, koder)
                        if h.ansaettelse_id in ansaettelser]
            else:
                def annoncer():  # the events and the working times over their span (their costs)
                    uow.haendelser.i_perioden(list(ansaettelser), fra, til, koder)
                    uow.moedetider.over_haendelsesspan(list(ansaettelser), fra, til)
                uow.session.laes_sammen(annoncer, sidste=True)  # the last reads: the transaction ends
                alle = uow.haendelser.i_perioden(list(ansaettelser), fra, til, koder)
            # only the dates and codes the user may read (domain.adgang: an institution keeps its
            # own past; the reportable absence follows the employee); an employment read whole
            # (HELE, the usual case) shows every event: nothing to ask per event
            haendelser = alle if all(u is HELE for u in udsnit.values()) else [
                h for h in alle
                if synlig(udsnit[h.ansaettelse_id], h.data.fra, h.data.slut, self._pligtig(h))]
            # Reading absence (health) data is itself logged: who, which employments (internal
            # ids, never CPR numbers), how many events.
            revision.info("laesning bruger=%s operation=HentHaendelser ansaettelser=%s antal=%d",
                          bruger.navn, sorted(ansaettelser), len(haendelser))
            return mange_koster(uow, [(h, ansaettelser[h.ansaettelse_id]) for h in haendelser],
                                self.katalog)

        # Without a transaction on PostgreSQL (its BEGIN and COMMIT two statements fewer in the
        # same two round trips): under READ COMMITTED every statement of a transaction reads its
        # own snapshot anyway, so the reads see exactly what they saw in one. (SQLite's
        # transaction does give its reads one snapshot, and keeps it.)
        return i_transaktion(self.engine, arbejde, enkelt_laesning=True)

    def optael(self, hvem: AnsaettelsesIdent | PersonIdent, fra: date, til: date, koder: list[str],
               bruger: Bruger
               ) -> tuple[PersonOptaelling, list[tuple[Haendelse, Ansaettelse, Omkostning | None]]]:
        """The days and minutes of absence in [fra, til] of one employment, or of a person across
        all their employments (seed 002: "Fravær kan optælles på den enkelte ansatte – på
        CPR-nummer"), on the dates and of the codes the user may read (domain.adgang); with
        each employment's own count (delsummer, by Ansaettelse, in løbenummer order) and the
        events counted."""
        if til < fra:
            raise Afvist([meddelelse("F003", "TilDato", fra=fra, til=til)])

        def arbejde(uow: UnitOfWork):
            laesbare = laesbart_fravaer(uow, hvem, bruger, dansk_dato(self.ur()))
            ider = [a.id for a, _ in laesbare]

            def annoncer():  # what follows reads, in one round trip (the costs: the events' span)
                uow.haendelser.i_perioden(ider, fra, til, koder)
                for aid in ider:
                    uow.moedetider.i_perioden(aid, fra, til)
                uow.moedetider.over_haendelsesspan(ider, fra, til)
            uow.session.laes_sammen(annoncer, sidste=True)  # the last reads: the transaction ends
            alle = uow.haendelser.i_perioden(ider, fra, til, koder)
            dele: list[Del] = []
            talte: set[str] = set()
            for a, udsnit in laesbare:
                tid = arbejdstid_for(uow, a, fra, til)
                stykker = []
                for u in beskaaret(udsnit, fra, til):
                    med = [h for h in alle if h.ansaettelse_id == a.id and h.data.fra <= u.til
                           and h.data.slut >= u.fra and u.viser(self._pligtig(h))]
                    talte.update(h.id for h in med)
                    stykker.append(Stykke(u.fra, u.til, tuple(
                        (h.data.fra, h.data.til, h.data.minutter, tid, self._halv(h)) for h in med)))
                dele.append(Del(a, tid, tuple(stykker)))
            haendelser = [h for h in alle if h.id in talte]
            ansaettelser = {a.id: a for a, _ in laesbare}
            revision.info("laesning bruger=%s operation=OptaelFravaer ansaettelser=%s antal=%d",
                          bruger.navn, sorted(ansaettelser), len(haendelser))
            return optael_person(dele), mange_koster(
                uow, [(h, ansaettelser[h.ansaettelse_id]) for h in haendelser], self.katalog)

        return i_transaktion(self.engine, arbejde)

    def boern(self, ident: AnsaettelsesIdent, bruger: Bruger) -> list[Barn]:
        """The children of the employment's person, by barnenummer."""
        def arbejde(uow: UnitOfWork):
            a = find_ansaettelse(uow, ident, bruger=bruger)
            revision.info("laesning bruger=%s operation=HentBoern ansaettelser=[%d]", bruger.navn, a.id)
            return sorted(uow.boern.for_personer([a.cpr])[a.cpr].values(), key=lambda b: b.barnenummer)

        return i_transaktion(self.engine, arbejde)

    def log(self, fra: datetime, til: datetime, maks: int | None, bruger: Bruger
            ) -> tuple[list[tuple[Logpost, Ansaettelse]], bool]:
        if til < fra:
            raise Afvist([meddelelse("F025", "TilTidspunkt", fra=fra, til=til)])

        def arbejde(uow: UnitOfWork):
            poster, flere = uow.log.mellem(fra, til, maks or STANDARD_MAKS_LOGPOSTER,
                                           bruger.institutioner)
            ansaettelser = uow.ansaettelser.hent_mange(p.ansaettelse_id for p in poster)
            revision.info("laesning bruger=%s operation=HentHaendelseLog antal=%d", bruger.navn,
                          len(poster))
            return [(p, ansaettelser[p.ansaettelse_id]) for p in poster], flere

        return i_transaktion(self.engine, arbejde)

    def aarsagskoder(self, type_: AarsagsType | None, dato: date | None,
                     ident: AnsaettelsesIdent | None = None, bruger: Bruger | None = None) -> list[Aarsag]:
        """The fixed codes valid on `dato`, and the leave reasons: when an employment is named, its
        institution's own registration types too (DOMAIN.md §17) and its own list of leave
        reasons, else the default list."""
        dato = dato or dansk_dato(self.ur())
        svar: list[Aarsag] = []
        if type_ in (None, AarsagsType.FRAVAER):
            svar += [Aarsag(k.kode, k.navn, AarsagsType.FRAVAER, k)
                     for k in sorted(self.katalog.koder.values(), key=lambda k: k.kode)
                     if k.gyldig_paa(dato)]
        if ident is None:
            if type_ is AarsagsType.FRAVAER:
                return svar
            tjenestefri = [(t.kode, t.tekst, t.type) for t in self.katalog.tjenestefri]
        else:
            def arbejde(uow: UnitOfWork):
                a = find_ansaettelse(uow, ident, bruger=bruger)
                # the institution's own registration types, and its codes that need approval
                katalog = institutionens_katalog(uow, self.katalog, a.institution_kode, dato)
                return katalog, tjenestefriaarsager(uow, a.institution_kode, self.katalog)

            katalog, aarsager = i_transaktion(self.engine, arbejde)
            if type_ in (None, AarsagsType.FRAVAER):
                svar = [Aarsag(k.kode, k.navn, AarsagsType.FRAVAER, k)
                        for k in sorted(katalog.koder.values(), key=lambda k: k.kode) if k.gyldig_paa(dato)]
            if type_ is AarsagsType.FRAVAER:
                return svar
            tjenestefri = [(t.kode, t.tekst, AarsagsType.TJENESTEFRI_MED_LOEN if t.med_loen
                            else AarsagsType.TJENESTEFRI_UDEN_LOEN) for t in aarsager]
        svar += [Aarsag(kode, tekst, t) for kode, tekst, t in tjenestefri if type_ in (None, t)]
        return svar

    # ------------------------------------------------------------ helpers

    def institutionens_katalog(self, uow: UnitOfWork, institution: str, nu: datetime) -> Katalog:
        """The catalogue the rules judge an institution's events by today: the default with its
        særregler on top (DOMAIN.md §5; seed 002 §12). Built once per institution and day in the
        process's copy of the reference data: its særregler and own types change only with that
        data's version."""
        idag = dansk_dato(nu)
        return uow.referencer.hent(
            ("katalog", institution, idag, id(self.katalog)),
            lambda: institutionens_katalog(uow, self.katalog, institution, idag))

    def _forhaands_katalog(self, uow: UnitOfWork, forhaand: Forhaandslaest, institution: str,
                           nu: datetime) -> Katalog:
        """institutionens_katalog, kept in a batch's Forhaandslaest for its institution."""
        katalog = forhaand.kataloger.get(institution)
        if katalog is None:
            katalog = forhaand.kataloger[institution] = self.institutionens_katalog(uow, institution, nu)
        return katalog

    def _andre(self, uow: UnitOfWork, ansaettelse_id: int, *datas: HaendelseData,
               forhaand: Forhaandslaest | None = None, uden: str | None = None,
               periode: tuple[date, date] | None = None) -> list[Haendelse]:
        """The employment's events that the rules need to judge `datas` against (from `forhaand`,
        a mass registration's reads, when it holds the period); `uden`: an event the caller
        holds and the rules leave out (a change's own), not read again (`forhaand`'s lists may
        hold it: the rules drop it there). Leaving it out never moves the period: its days are
        within `datas`' (relevant_periode), all daekket_periode could widen it to."""
        def i_perioden(fra: date, til: date) -> list[Haendelse]:
            if forhaand is not None and ansaettelse_id in forhaand.haendelser and forhaand.daekker(fra, til):
                return [h for h in forhaand.haendelser[ansaettelse_id] if h.data.overlapper(fra, til)]
            return uow.haendelser.i_perioden([ansaettelse_id], fra, til, uden=uden)

        return andre_haendelser(self.katalog, i_perioden, *datas, periode=periode)

    def forhaandslaes(self, uow: UnitOfWork, nye: list[tuple[Ansaettelse, HaendelseData]], nu: datetime
                      ) -> Forhaandslaest | None:
        """For a batch of new events: what the rules will read for them, in a few queries for
        all (the same queries as for one, over every employment and the span of every event).
        None when the span would be too long to be worth it (an open event, years apart): then
        each is read on its own."""
        # (the period depends on the code and the dates alone: each distinct one asked once)
        perioder = [relevant_periode(self.katalog, d) for d in
                    {(d.kode, d.fra, d.til): d for _, d in nye if d.til is not None}.values()]
        if not perioder:
            return None
        periode = (min(f for f, _ in perioder), max(t for _, t in perioder))
        if (periode[1] - periode[0]).days > _MAKS_FORHAAND_DAGE:
            return None
        ids = sorted({a.id for a, _ in nye})
        haendelser: dict[int, list[Haendelse]] = {i: [] for i in ids}
        for h in uow.haendelser.i_perioden(ids, *periode):
            haendelser[h.ansaettelse_id].append(h)
        kataloger = {i: self.institutionens_katalog(uow, i, nu)
                     for i in dict.fromkeys(a.institution_kode for a, _ in nye)}
        kraever: dict[tuple[str, str], bool] = {}  # by institution and code (all it depends on)
        regnskab: dict[int, Ansaettelse] = {}
        for a, d in nye:
            k = kraever.get((a.institution_kode, d.kode))
            if k is None:
                k = kraever[(a.institution_kode, d.kode)] = kraever_regnskab(d, kataloger[a.institution_kode])
            if k:
                regnskab[a.id] = a
        return Forhaandslaest(periode, haendelser, uow.moedetider.minutter_for_mange(ids, *periode),
                              laes_regnskaber(uow, self.katalog, list(regnskab.values())) if regnskab else {},
                              kataloger)

    def _forudsig(self, uow: UnitOfWork, a: Ansaettelse, nu: datetime, transaktions_id: str | None,
                  ny: HaendelseData, *datas: HaendelseData, uden: str | None = None,
                  husk: list[_Forudsagt] | None = None) -> Callable[[], None]:
        """What announces the reads a write of `ny` (judged against `datas`' periods) will make
        for the locked employment `a`, so that they go in one round trip (Kerne.laes_sammen): the
        retry's stored answer, the events in the rules' period, the registered working times, and
        the accounts when the code needs them — the same calls with the same arguments as the
        use case makes after (a guess that misses only costs that read a round trip of its own).
        `uden`: the event a change leaves out of its reads (_andre, laes_regnskaber). `husk`: where
        what it works out is kept for the use case's own judgement (_forudsagt)."""
        katalog = self.institutionens_katalog(uow, a.institution_kode, nu)
        periode = relevant_periode(self.katalog, *datas)
        kontovalg = kontovalg_for(ny, katalog)
        regnskab, ferieaar, kun_ferie = kontovalg
        if husk is not None:
            husk.append(_Forudsagt(katalog, ny, datas, periode, kontovalg))
        sent = sent_laesning(a, list(dict.fromkeys(datas)), self.katalog, dansk_dato(nu))

        def annoncer() -> None:
            if sent:
                uow.indberetninger.seneste_for(sent)
            if transaktions_id:
                uow.transaktioner.hent([a.institution_kode], transaktions_id)
            if regnskab:  # with laes_regnskaber's reads of its events (grundlag_for's): one statement
                annoncer_kontohaendelser_og_perioden(uow, self.katalog, a.id, ferieaar, *periode, uden=uden,
                                                     kun_ferie=kun_ferie)
            else:
                uow.haendelser.i_perioden([a.id], *periode, uden=uden)
            uow.moedetider.i_perioden(a.id, ny.fra, ny.slut)
            if regnskab:  # laes_regnskaber's reads (the working times over its events' span)
                uow.moedetider.over_kontospan(a.id, self.katalog.kontokoder())
                uow.kvoteposter.for_ansaettelser([a.id])
                uow.boern.med_flere([a.cpr])
        return annoncer

    def _grundlag(self, uow: UnitOfWork, a: Ansaettelse, nu: datetime, data: HaendelseData,
                  andre: list[Haendelse], katalog: Katalog, uden: str | None = None,
                  forhaand: Forhaandslaest | None = None,
                  kontovalg: Kontovalg | None = None) -> Grundlag:
        tid = regnskab = None
        if forhaand is not None:  # what a mass registration read once for its batch
            if a.id in forhaand.moedetider and forhaand.daekker(data.fra, data.slut):
                kalender = forhaand.kalendere.get(a.institution_kode)
                if kalender is None:  # the calendar over the batch's period holds the event's days
                    kalender = forhaand.kalendere[a.institution_kode] = uow.kalendere.for_institution(
                        a.institution_kode, *forhaand.periode)
                tid = Arbejdstid.af(a, kalender, forhaand.moedetider[a.id])
            regnskab = forhaand.regnskaber.get(a.id)
        return grundlag_for(uow, self.katalog, a, dansk_dato(nu), data, andre, katalog, uden, tid, regnskab,
                            kontovalg)

    def _pligtig(self, h: Haendelse) -> bool:
        """Whether the event's code is reportable: such absence follows the employee (domain.adgang)."""
        kode = self.katalog.kode(h.data.kode)
        return kode is not None and kode.indberetningspligtig

    @staticmethod
    def _hent_laast(uow: UnitOfWork, haendelse_id: str, bruger: Bruger,
                    og_laes: Callable[[Haendelse, Ansaettelse], Callable[[], object]] | None = None,
                    efter_laasen: bool = False) -> tuple[Haendelse | None, Ansaettelse | None]:
        """The event, read after its employment is locked, and its employment; None also when it
        belongs to an institution the user has no right to see. On PostgreSQL the lock (found
        by the event's id) and the event go in one round trip, with the transaction's BEGIN.
        `og_laes(h, a)` gives what announces the caller's next reads: they go together in the
        next (Kerne.laes_sammen). `efter_laasen`: without a guess, what the employment lacks is
        read after the lock in its round trip, and the next round trip's reads of it spared
        (AnsaettelseRepository.efter_laasen: RetHaendelse's rules read them); with a guess, the
        reads sent with the lock leave out what the guessed employment lacked at its last write
        here (gaettet_tomt): what it has now that they left out is read after."""
        gaet = Haendelsestjeneste._gaet(uow, haendelse_id, og_laes)
        efter = efter_laasen and og_laes is not None and uow.session.samler_laesninger

        def begge() -> None:
            uow.ansaettelser.af_haendelse(haendelse_id, laas=True)
            uow.haendelser.hent(haendelse_id)
            if efter:
                uow.ansaettelser.efter_laasen(haendelse_id=haendelse_id,
                                              gaet=None if gaet is None else gaet[0][1])
            if gaet is not None:
                if efter:
                    with uow.ansaettelser.gaettet_tomt(gaet[0][1].id):
                        gaet[2]()
                else:
                    gaet[2]()
        uow.session.laes_sammen(begge)
        if uow.session.samler_laesninger:
            a = uow.ansaettelser.af_haendelse(haendelse_id, laas=True)
            h = uow.haendelser.hent(haendelse_id)
        else:  # SQLite: both in one statement under the write lock
            a, h = uow.ansaettelser.af_haendelse_og_haendelse(haendelse_id)
        if efter and a is not None and h is not None and a.id == h.ansaettelse_id:
            # (asked about the guessed employment by its id when the lock found it; else by the event)
            uow.ansaettelser.efter_laasen(haendelse_id=haendelse_id, laaste=[a.id], gaet=(
                a if gaet is not None and (a.id, a.cpr) == (gaet[0][1].id, gaet[0][1].cpr) else None))
        if gaet is not None and h is not None and a is not None and (h, a) == gaet[0] \
                and bruger.maa_laese(a.institution_kode) \
                and all(v == uow.referencer.version() for v in gaet[1]):
            return h, a  # the caller's next reads came with the lock
        if h is not None and (a is None or a.id != h.ansaettelse_id):
            # moved to another employment while the lock waited: lock where it is now
            uow.ansaettelser.laas(h.ansaettelse_id)
            h = uow.haendelser.hent(haendelse_id)
            a = None if h is None else uow.ansaettelser.af_haendelse(haendelse_id)
        if h is None or a is None or not bruger.maa_laese(a.institution_kode):
            return None, None
        if og_laes is not None and uow.session.samler_laesninger:
            uow.session.laes_sammen(og_laes(h, a))
        return h, a

    @staticmethod
    def _gaet(uow: UnitOfWork, haendelse_id: str,
              og_laes: Callable[[Haendelse, Ansaettelse], Callable[[], object]] | None
              ) -> tuple[tuple[Haendelse, Ansaettelse], list[int], Callable[[], object]] | None:
        """Where reads go together (PostgreSQL): the event and its employment as this process last
        wrote them (a guess: _husk_gaet), the versions of the reference data `og_laes` chose its
        reads by, and what announces them — sent with the lock, used only if the lock finds the
        same event and employment and the reference data unchanged (_hent_laast). None: no guess."""
        if og_laes is None or not uow.session.samler_laesninger:
            return None
        g = uow.referencer.gaet(("haendelse", haendelse_id))
        if g is None:
            return None
        try:
            with uow.referencer.foreloebig() as versioner:  # only what the process holds: no read
                annoncer = og_laes(*g)
        except LookupError:  # the guess needs what is not held: no reads ahead
            return None
        return g, versioner, annoncer

    @staticmethod
    def _husk_gaet(uow: UnitOfWork, h: Haendelse, a: Ansaettelse | None) -> None:
        """The event and its employment as written (None: deleted), the next write's guess."""
        if uow.session.samler_laesninger:
            uow.referencer.husk(("haendelse", h.id), None if a is None else (h, a.med_forloeb(())))

    @staticmethod
    def _tjek_version(h: Haendelse, version: int) -> None:
        if h.version != version:
            raise Afvist([meddelelse("F020", "Version", haendelse_id=h.id, version=version,
                                     aktuel=h.version)])

    @staticmethod
    def _gentagelse(uow: UnitOfWork, institutioner: Iterable[str], transaktions_id: str | None,
                    operation: str, indhold, hash_: str | None = None) -> dict | None:
        """The first answer of a retried write, or None for a new one; other content is an error.
        `hash_`: the content's digest, when the caller made it already."""
        if not transaktions_id:
            return None
        return tidligere_svar(uow, institutioner, transaktions_id, operation,
                              hash_ or skrivningens_hash(operation, indhold))

    @staticmethod
    def _husk(uow: UnitOfWork, institution: str, transaktions_id: str | None, operation: str, indhold,
              svar: HaendelseSvar, nu: datetime, hash_: str | None = None, efter: str | None = None) -> None:
        """The retry's record of a written event's answer. `efter`: the event's JSON
        (codec.haendelse_json), when the caller wrote it already for the log row."""
        if not transaktions_id:
            return
        haendelse = codec.haendelse_json(svar.haendelse) if efter is None else efter
        uow.transaktioner.gem_skrevet(institution, transaktions_id, operation,
                                      hash_ or skrivningens_hash(operation, indhold),
                                      gemt_svar_json(haendelse, svar.meddelelser), nu)

    def _halv(self, h: Haendelse) -> bool:
        kode = self.katalog.kode(h.data.kode)
        return kode is not None and kode.halv_dag

    def _svar_fra(self, uow: UnitOfWork, gemt: dict) -> HaendelseSvar:
        h = codec.haendelse_fra_dict(gemt["haendelse"])
        meddelelser = [Meddelelse(m["kode"], Alvor(m["alvor"]), m["tekst"], m["felt"])
                       for m in gemt["meddelelser"]]
        a = med_forloeb(uow, [ansaettelsen(uow, h.ansaettelse_id)])[0]
        return HaendelseSvar(h, a, meddelelser, koster(uow, h, a, self.katalog))


class _Forudsagt(NamedTuple):
    """What _forudsig worked out for a write."""
    katalog: Katalog  # the institution's
    ny: HaendelseData
    datas: tuple[HaendelseData, ...]  # the data judged
    periode: tuple[date, date]  # relevant_periode of `datas`
    kontovalg: Kontovalg  # kontovalg_for of `ny` under `katalog`


def _forudsagt(f: _Forudsagt | None, katalog: Katalog | None, ny: HaendelseData,
               datas: tuple[HaendelseData, ...]) -> tuple[tuple[date, date] | None,
                                                          Kontovalg | None]:
    """Of what _forudsig worked out (announcing a write's reads ahead, on PostgreSQL), what holds
    for the judgement of `ny` against `datas` under `katalog`: the period of `datas` (a matter of
    the data alone: the default catalogue's rules), and — when the institution's catalogue is
    the very one it used — the accounts' choice; (None, None) where nothing was worked out or it
    was for other data (a guess that missed: a change's event as it was then)."""
    if f is None or f.ny is not ny or (f.datas is not datas and f.datas != datas):
        return None, None
    return f.periode, (f.kontovalg if katalog is not None and f.katalog is katalog else None)


def _ny_tid(transaktions_id: str | None, forsoeg: int) -> bool:
    """Whether a write's TransaktionsID is taken for new, not looked up before the rules: on its
    first attempt. A retry of a stored write is refused by the rules (its own event; a change's
    event at the next version), and the refusal looks the id up; one the rules accept breaks the
    transaction table's key with its own record, and the runner's second attempt looks it up
    (issue 13: the lookup was a statement of every write, a retry is rare)."""
    return bool(transaktions_id) and forsoeg == 1


def gemt_svar_json(haendelse: str, meddelelser: list[Meddelelse]) -> str:
    """codec.dumps of a retry's stored answer ({"haendelse": …, "meddelelser": […]}, keys in
    dumps' sorted order) around the event's JSON already written (codec.haendelse_json): the same
    text without encoding the event again; no advis (the usual write) without a call."""
    if not meddelelser:
        return f'{{"haendelse":{haendelse},"meddelelser":[]}}'
    skrevet = codec.dumps([{"kode": m.kode, "alvor": m.alvor.value, "tekst": m.tekst, "felt": m.felt}
                           for m in meddelelser])
    return f'{{"haendelse":{haendelse},"meddelelser":{skrevet}}}'


def _versionsfejl(haendelse_id: str, version: int) -> Afvist:
    """The stored version was not the one read after the lock (written past it)."""
    return Afvist([meddelelse("F020", "Version", haendelse_id=haendelse_id, version=version,
                              aktuel="ukendt")])


def _kraev_ramt(uow: UnitOfWork, udfald, haendelse_id: str, version: int) -> None:
    """Refuse a change or deletion whose UPDATE/DELETE hit no row: at once when that is known,
    else after the commit (which then wrote nothing of it)."""
    if udfald.ramt is False:
        raise _versionsfejl(haendelse_id, version)
    if udfald.ramt is None:
        def tjek() -> None:
            if not udfald.ramt:
                raise _versionsfejl(haendelse_id, version)
        uow.efter_commit.append(tjek)


@cache
def _feltnavne(klasse: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(klasse))


def _flad(v: object) -> dict:
    """dataclasses.asdict of a record whose fields are plain values (AnsaettelsesIdent,
    HaendelseData), without its deep copies: the JSON-able form of a request's records that
    skrivningens_hash digests (written directly there; tests/unit/test_json_tekster.py holds the
    two equal)."""
    klasse: type = type(v)
    return {navn: getattr(v, navn) for navn in _feltnavne(klasse)}


def skrivningens_hash(operation: str, indhold) -> str:
    """A stable digest of a write's content; the TransaktionsID itself is left out. The digest of
    codec.dumps({"operation": …, "indhold": …}) of the content as JSON-able values (a request as
    {"ansaettelse": …, "data": …} of its records' fields, a tuple as a list), its text written
    directly (_indhold_json) without the dicts and the encoder's sorting and date callbacks
    (every write with a TransaktionsID makes one, a mass registration thousands)."""
    navn = _OPERATIONSNAVNE.get(operation)
    if navn is None:
        navn = _OPERATIONSNAVNE[operation] = codec.dumps(operation)  # a few operations' names
    return hashlib.sha256(f'{{"indhold":{_indhold_json(indhold)},"operation":{navn}}}'.encode()).hexdigest()


_OPERATIONSNAVNE: dict[str, str] = {}  # skrivningens_hash's operation names as dumps writes them


def _indhold_json(v) -> str:
    """codec.dumps of skrivningens_hash's content, in dumps' sorted key order (the records by
    codec's writers)."""
    if isinstance(v, HaendelseAnmodning):
        return f'{{"ansaettelse":{codec.ident_json(v.ansaettelse)},"data":{codec.data_json(v.data)}}}'
    if isinstance(v, tuple):
        return f"[{','.join([_indhold_json(x) for x in v])}]"
    return codec.dumps(v)
