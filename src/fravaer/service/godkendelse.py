"""Use cases of approval (FravaerService.GodkendHaendelse, AfvisHaendelse, HentAfventendeHaendelser;
`fravaer godkend`): a user with the right `godkend` at the employment's institution decides on a
pending event. Approving writes a new version with status Godkendt; rejecting deletes the event
(it leaves the accounts at once) — both are logged in the event log (handling Godkend / Afvis, the
event before and after, the reason on the after), so that the change feed carries them."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from fravaer.domain import godkendelse
from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.arbejdstid import Omkostning
from fravaer.domain.brugere import Bruger
from fravaer.domain.godkendelse import Status
from fravaer.domain.haendelse import Haendelse, vurder_sletning
from fravaer.domain.katalog import Katalog
from fravaer.domain.meddelelser import Afvist, meddelelse
from fravaer.service.aendringer import registrer_haendelse
from fravaer.service.ansaettelser import ansaettelsen, enhedens_ider, med_forloeb
from fravaer.service.haendelser import Haendelsestjeneste, HaendelseSvar
from fravaer.service.omkostninger import mange_koster
from fravaer.service.ports import UnitOfWork
from fravaer.service.runner import i_transaktion

revision = logging.getLogger("fravaer.revision")
STANDARD_MAKS = 1000  # [default] pending events in one answer (DOMAIN.md §17)


@dataclass(frozen=True)
class Beslutning:
    haendelse_id: str
    version: int
    godkend: bool
    begrundelse: str | None = None
    transaktions_id: str | None = None


class Godkendelsestjeneste:
    def __init__(self, haendelser: Haendelsestjeneste):
        self.h = haendelser

    def beslut(self, b: Beslutning, bruger: Bruger) -> HaendelseSvar:
        def arbejde(uow: UnitOfWork) -> HaendelseSvar:
            svar = self._beslut(uow, b, bruger, self.h.ur())
            uow.commit()
            return svar

        return i_transaktion(self.h.engine, arbejde, skriv=True)

    def _beslut(self, uow: UnitOfWork, b: Beslutning, bruger: Bruger, nu: datetime) -> HaendelseSvar:
        operation = "GodkendHaendelse" if b.godkend else "AfvisHaendelse"
        indhold = (b.haendelse_id, b.version, (b.begrundelse or "").strip() or None)
        h, laast = self.h._hent_laast(uow, b.haendelse_id, bruger)
        institution = laast.institution_kode if laast is not None else None
        gentaget = self.h._gentagelse(uow, [institution] if institution is not None else bruger.registrerbare,
                                      b.transaktions_id, operation, indhold)
        if gentaget is not None:  # the first answer again, only to who may decide there
            svar = self.h._svar_fra(uow, gentaget)
            if not bruger.maa_laese(svar.ansaettelse.institution_kode):
                raise Afvist([meddelelse("F021", "HaendelseID", haendelse_id=b.haendelse_id)])
            godkendelse.kraev_godkenderet(bruger, svar.ansaettelse.institution_kode)
            return svar
        if h is None or institution is None:  # the two go together
            raise Afvist([meddelelse("F021", "HaendelseID", haendelse_id=b.haendelse_id)])
        godkendelse.kraev_godkenderet(bruger, institution)
        self.h._tjek_version(h, b.version)
        godkendelse.vurder_beslutning(h.id, h.status, b.godkend, b.begrundelse,
                                      uow.log.registreret_af(h.id), bruger)
        begrundelse = indhold[2]
        if b.godkend:
            ny = h.med(version=h.version + 1, status=Status.GODKENDT, aendret=nu, begrundelse=begrundelse)
            if not uow.haendelser.opdater(ny, h.version, h):
                raise Afvist([meddelelse("F020", "Version", haendelse_id=h.id, version=b.version,
                                         aktuel="ukendt")])
        else:
            # an event that another needs (a 110 under a pending 500) cannot simply go
            vurder_sletning(h, self.h._andre(uow, h.ansaettelse_id, h.data),
                            self.h.institutionens_katalog(uow, institution, nu))
            ny = h.med(version=h.version + 1, status=Status.AFVIST, aendret=nu, begrundelse=begrundelse)
            if not uow.haendelser.slet(h.id, h.version):
                raise Afvist([meddelelse("F020", "Version", haendelse_id=h.id, version=b.version,
                                         aktuel="ukendt")])
        a = med_forloeb(uow, [ansaettelsen(uow, h.ansaettelse_id)])[0]
        kode = self.h.institutionens_katalog(uow, institution, nu).kode(h.data.kode)
        svar = HaendelseSvar(ny, a, [], mange_koster(uow, [(ny, a)], self.h.katalog)[0][2],
                             kode.navn if kode is not None and kode.egen else None)
        with uow.samler.samlet():
            registrer_haendelse(uow, nu, "Godkend" if b.godkend else "Afvis", a, bruger.navn,
                                b.transaktions_id, h, ny)
            self.h._husk(uow, institution, b.transaktions_id, operation, indhold, svar, nu)
        revision.info("godkendelse bruger=%s operation=%s ansaettelse=%d", bruger.navn, operation, a.id)
        return svar

    def afventende(self, institution: str, enhed: str | None, maks: int | None, bruger: Bruger
                   ) -> tuple[list[tuple[Haendelse, Ansaettelse, Omkostning | None]], bool, Katalog]:
        """The events awaiting approval of the employments now at the institution (or in a unit and
        the units under it), oldest first, whether there are more, and the institution's catalogue
        (its own types' names); the read right suffices (the register right includes it)."""
        maks = maks or STANDARD_MAKS

        def arbejde(uow: UnitOfWork):
            if not bruger.maa_laese(institution) or uow.institutioner.id_for(institution) is None:
                raise Afvist([meddelelse("F088", "Institution", institution=institution)])
            under = enhedens_ider(uow, institution, enhed) if enhed is not None else None
            haendelser = uow.haendelser.afventende(institution, under, maks)
            flere = len(haendelser) > maks
            haendelser = haendelser[:maks]
            ansaettelser = {a.id: a for a in med_forloeb(uow, list(uow.ansaettelser.hent_mange(
                {h.ansaettelse_id for h in haendelser}).values()))}
            revision.info("laesning bruger=%s operation=HentAfventendeHaendelser ansaettelser=%s antal=%d",
                          bruger.navn, sorted(ansaettelser), len(haendelser))
            par = [(h, ansaettelser[h.ansaettelse_id]) for h in haendelser]
            return (mange_koster(uow, par, self.h.katalog), flere,
                    self.h.institutionens_katalog(uow, institution, self.h.ur()))

        return i_transaktion(self.h.engine, arbejde)
