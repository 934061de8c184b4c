"""Use cases for maternity cases (barselssager: create, change, delete, read) and work-injury
cases (arbejdsskadesager: create, read). A case belongs to the person; a client names it through
one of the person's employments, and sees only the cases of employments it may see."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, replace
from datetime import date, datetime

from sqlalchemy import Engine, func, select

from fravaer.adapters.db.repository import Transaktion
from fravaer.adapters.db.tables import HaendelseRow
from fravaer.domain.aendringer import Art
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, kraev_registrering
from fravaer.domain.meddelelser import Afvist, afvis_hvis_fejl, meddelelse
from fravaer.domain.personale import Arbejdsskadesag, Barselssag, valider_barselssag
from fravaer.service.aendringer import barselssag_felter, registrer_for_person
from fravaer.service.ansaettelser import find_ansaettelse
from fravaer.service.gentagelser import indholdshash, tidligere_svar
from fravaer.service.ports import UnitOfWork
from fravaer.service.runner import i_transaktion

revision = logging.getLogger("fravaer.revision")


def _indhold(s: Barselssag) -> dict:
    v = asdict(s)
    for k in ("id", "cpr", "version", "oprettet", "aendret"):
        v.pop(k)
    return v



class Sagstjeneste:
    def __init__(self, engine: Engine, ur: Callable[[], datetime]):
        self.engine = engine
        self.ur = ur

    # ------------------------------------------------------------ maternity cases

    def hent_barselssager(self, ident: AnsaettelsesIdent, fra: date | None, til: date | None,
                          bruger: Bruger) -> list[Barselssag]:
        def arbejde(uow: UnitOfWork):
            a = find_ansaettelse(uow, ident, bruger=bruger)
            revision.info("laesning bruger=%s operation=HentBarselssager ansaettelser=[%d]", bruger.navn,
                          a.id)
            return uow.barselssager.for_person(a.cpr, fra, til)

        return i_transaktion(self.engine, arbejde)

    def opret_barselssag(self, ident: AnsaettelsesIdent, sag: Barselssag, transaktions_id: str | None,
                         bruger: Bruger) -> Barselssag:
        afvis_hvis_fejl(valider_barselssag(sag))
        indhold = {"ansaettelse": asdict(ident), "sag": _indhold(sag)}

        def arbejde(uow: UnitOfWork) -> Barselssag:
            nu = self.ur()
            a = find_ansaettelse(uow, ident, laas=True, bruger=bruger)
            kraev_registrering(bruger, a.institution_kode)
            gemt = self._gentagelse(uow, [a.institution_kode], transaktions_id, "OpretBarselssag", indhold)
            if gemt is not None:
                return uow.barselssager.hent(gemt["id"]) or _fjernet(gemt["id"])
            if uow.barselssager.med_noegle(a.cpr, sag.noegle) is not None:
                raise Afvist([meddelelse("F084", "Noegle", noegle=sag.noegle)])
            ny = replace(sag, id=str(uuid.uuid4()), cpr=a.cpr, version=1, oprettet=nu, aendret=nu)
            uow.barselssager.tilfoej(ny)
            uow.stamdatalog.skriv(nu, "Opret", "Barselssag", ny.id, bruger.navn, transaktions_id, None,
                                  _indhold(ny))
            registrer_for_person(uow, nu, Art.BARSELSSAG, "Opret", ny.id, a.cpr, bruger.navn, None,
                                 barselssag_felter(ny), transaktions_id)
            self._husk(uow, a.institution_kode, transaktions_id, "OpretBarselssag", indhold, ny.id, nu)
            uow.commit()
            return ny

        return i_transaktion(self.engine, arbejde, skriv=True)

    def ret_barselssag(self, sag_id: str, version: int, ident: AnsaettelsesIdent, sag: Barselssag,
                       transaktions_id: str | None, bruger: Bruger) -> Barselssag:
        afvis_hvis_fejl(valider_barselssag(sag))
        indhold = {"id": sag_id, "version": version, "ansaettelse": asdict(ident), "sag": _indhold(sag)}

        def arbejde(uow: UnitOfWork) -> Barselssag:
            nu = self.ur()
            a = find_ansaettelse(uow, ident, laas=True, bruger=bruger)
            kraev_registrering(bruger, a.institution_kode)
            gemt = self._gentagelse(uow, [a.institution_kode], transaktions_id, "RetBarselssag", indhold)
            if gemt is not None:
                return uow.barselssager.hent(gemt["id"]) or _fjernet(gemt["id"])
            gammel = self._egen(uow, sag_id, a.cpr)
            if gammel.version != version:
                raise Afvist([meddelelse("F020", "Version", haendelse_id=sag_id, version=version,
                                         aktuel=gammel.version)])
            anden = uow.barselssager.med_noegle(a.cpr, sag.noegle)
            if anden is not None and anden.id != sag_id:
                raise Afvist([meddelelse("F084", "Noegle", noegle=sag.noegle)])
            ny = replace(sag, id=sag_id, cpr=a.cpr, version=version + 1, oprettet=gammel.oprettet, aendret=nu)
            if not uow.barselssager.opdater(ny, version):
                raise Afvist([meddelelse("F020", "Version", haendelse_id=sag_id, version=version,
                                         aktuel="ukendt")])
            uow.stamdatalog.skriv(nu, "Ret", "Barselssag", sag_id, bruger.navn, transaktions_id,
                                  _indhold(gammel), _indhold(ny))
            registrer_for_person(uow, nu, Art.BARSELSSAG, "Ret", sag_id, a.cpr, bruger.navn,
                                 barselssag_felter(gammel), barselssag_felter(ny), transaktions_id)
            self._husk(uow, a.institution_kode, transaktions_id, "RetBarselssag", indhold, sag_id, nu)
            uow.commit()
            return ny

        return i_transaktion(self.engine, arbejde, skriv=True)

    def slet_barselssag(self, sag_id: str, version: int, transaktions_id: str | None, bruger: Bruger) -> str:
        indhold = {"id": sag_id, "version": version}

        def arbejde(uow: UnitOfWork) -> str:
            nu = self.ur()
            # a replay finds the case gone: its id, stored under an institution of the person's
            # where the deleter may register, is looked for only where this user may register;
            # anyone else gets the unknown case's F083 below and changes nothing (issue 17 item 6)
            gemt = self._gentagelse(uow, bruger.registrerbare, transaktions_id, "SletBarselssag", indhold)
            if gemt is not None:
                return gemt["id"]
            gammel = uow.barselssager.hent(sag_id)
            synlige = self._synlige_institutioner(uow, gammel.cpr, bruger) if gammel else []
            if gammel is None or not synlige:
                raise Afvist([meddelelse("F083", "BarselssagID", barselssag_id=sag_id)])
            # the case is the person's: a user who may register at any of the person's
            # employments may delete it (the same answer whatever order they are read in)
            if not any(bruger.maa_registrere(i) for i in synlige):
                kraev_registrering(bruger, synlige[0])
            if gammel.version != version:
                raise Afvist([meddelelse("F020", "Version", haendelse_id=sag_id, version=version,
                                         aktuel=gammel.version)])
            brugt = uow.session.scalar(select(func.count()).select_from(HaendelseRow).where(
                HaendelseRow.barselssag_id == sag_id))
            if brugt:
                raise Afvist([meddelelse("F085", "BarselssagID", barselssag_id=sag_id, antal=brugt)])
            uow.barselssager.slet(sag_id, version)
            uow.stamdatalog.skriv(nu, "Slet", "Barselssag", sag_id, bruger.navn, transaktions_id,
                                  _indhold(gammel), None)
            registrer_for_person(uow, nu, Art.BARSELSSAG, "Slet", sag_id, gammel.cpr, bruger.navn,
                                 barselssag_felter(gammel), None, transaktions_id)
            hjem = next(i for i in synlige if bruger.maa_registrere(i))
            self._husk(uow, hjem, transaktions_id, "SletBarselssag", indhold, sag_id, nu)
            uow.commit()
            return sag_id

        return i_transaktion(self.engine, arbejde, skriv=True)

    # ------------------------------------------------------------ work-injury cases

    def hent_arbejdsskadesager(self, ident: AnsaettelsesIdent, fra: date | None, til: date | None,
                               bruger: Bruger) -> list[Arbejdsskadesag]:
        def arbejde(uow: UnitOfWork):
            a = find_ansaettelse(uow, ident, bruger=bruger)
            revision.info("laesning bruger=%s operation=HentArbejdsskadesager ansaettelser=[%d]", bruger.navn,
                          a.id)
            return uow.arbejdsskadesager.for_person(a.cpr, fra, til)

        return i_transaktion(self.engine, arbejde)

    def opret_arbejdsskadesag(self, ident: AnsaettelsesIdent, sag: Arbejdsskadesag,
                              transaktions_id: str | None, bruger: Bruger) -> Arbejdsskadesag:
        indhold = {"ansaettelse": asdict(ident), "sag": [sag.sagsnummer, sag.ulykkesdato, sag.beskrivelse]}

        def arbejde(uow: UnitOfWork) -> Arbejdsskadesag:
            nu = self.ur()
            a = find_ansaettelse(uow, ident, laas=True, bruger=bruger)
            kraev_registrering(bruger, a.institution_kode)
            ny = replace(sag, cpr=a.cpr)
            if self._gentagelse(uow, [a.institution_kode], transaktions_id, "OpretArbejdsskadesag",
                                indhold) is not None:
                return ny
            if any(s.sagsnummer == sag.sagsnummer for s in uow.arbejdsskadesager.for_person(a.cpr)):
                raise Afvist([meddelelse("F086", "Sagsnummer", sagsnummer=sag.sagsnummer)])
            uow.arbejdsskadesager.gem(ny)
            efter = {"sagsnummer": ny.sagsnummer, "ulykkesdato": ny.ulykkesdato,
                     "beskrivelse": ny.beskrivelse, "ansaettelse": a.id}
            uow.stamdatalog.skriv(nu, "Opret", "Arbejdsskadesag", sag.sagsnummer, bruger.navn,
                                  transaktions_id, None, efter)
            registrer_for_person(uow, nu, Art.ARBEJDSSKADESAG, "Opret", sag.sagsnummer, a.cpr, bruger.navn,
                                 None, efter, transaktions_id)
            self._husk(uow, a.institution_kode, transaktions_id, "OpretArbejdsskadesag", indhold,
                       sag.sagsnummer, nu)
            uow.commit()
            return ny

        return i_transaktion(self.engine, arbejde, skriv=True)

    # ------------------------------------------------------------ helpers

    @staticmethod
    def _synlige_institutioner(uow: UnitOfWork, cpr: str, bruger: Bruger) -> list[str]:
        """The institutions of the person's employments the user may see, in code order."""
        return sorted({a.institution_kode for a in uow.ansaettelser.af_person(cpr)
                       if bruger.maa_laese(a.institution_kode)})

    @staticmethod
    def _egen(uow: UnitOfWork, sag_id: str, cpr: str) -> Barselssag:
        """The case, if it is this person's: another person's case is answered as one that does
        not exist."""
        sag = uow.barselssager.hent(sag_id)
        if sag is None or sag.cpr != cpr:
            raise Afvist([meddelelse("F083", "BarselssagID", barselssag_id=sag_id)])
        return sag

    @staticmethod
    def _gentagelse(uow: UnitOfWork, institutioner: Iterable[str], transaktions_id: str | None,
                    operation: str, indhold) -> dict | None:
        return tidligere_svar(uow, institutioner, transaktions_id, operation,
                              indholdshash(operation, indhold))

    @staticmethod
    def _husk(uow: UnitOfWork, institution: str, transaktions_id: str | None, operation: str, indhold,
              noegle: str, nu: datetime) -> None:
        if transaktions_id:
            uow.transaktioner.gem(institution, Transaktion(
                transaktions_id, operation, indholdshash(operation, indhold), {"id": noegle}), nu)


def _fjernet(sag_id: str):
    raise Afvist([meddelelse("F083", "BarselssagID", barselssag_id=sag_id)])
