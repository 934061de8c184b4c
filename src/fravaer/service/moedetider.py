"""Use cases of MoedetidsplanService: register, read, change and delete working times (mødetider).
A change may not leave a partial-day absence on that date over its new plan; it is logged."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine

from fravaer.adapters.db import codec
from fravaer.adapters.db.repository import Transaktion
from fravaer.domain.aendringer import Art
from fravaer.domain.ansaettelse import Ansaettelse, AnsaettelsesIdent
from fravaer.domain.arbejdstid import Arbejdstid, Moedetid, valider_moedetid
from fravaer.domain.brugere import Bruger, kraev_registrering
from fravaer.domain.meddelelser import Afvist, Meddelelse, afvis_hvis_fejl, meddelelse
from fravaer.service.aendringer import registrer
from fravaer.service.ansaettelser import find_ansaettelse
from fravaer.service.clock import utc_nu
from fravaer.service.ports import UnitOfWork
from fravaer.service.runner import i_transaktion

MAKS_DAGE = 366


@dataclass(frozen=True)
class PlanDag:
    """A day of a working-time plan as read: registered, or the default of the employment."""

    moedetid: Moedetid
    registreret: bool


class Moedetidstjeneste:
    def __init__(self, engine: Engine, ur: Callable[[], datetime] = utc_nu):
        self.engine = engine
        self.ur = ur

    def opret(self, ident: AnsaettelsesIdent, moedetider: list[Moedetid], bruger: Bruger,
              transaktions_id: str | None = None) -> list[Moedetid]:
        return self._skriv("Opret", ident, moedetider, bruger, transaktions_id)

    def ret(self, ident: AnsaettelsesIdent, moedetider: list[Moedetid], bruger: Bruger,
            transaktions_id: str | None = None) -> list[Moedetid]:
        return self._skriv("Ret", ident, moedetider, bruger, transaktions_id)

    def slet(self, ident: AnsaettelsesIdent, datoer: list[date], bruger: Bruger,
             transaktions_id: str | None = None) -> list[date]:
        slettet = self._skriv("Slet", ident, [Moedetid(d, 0) for d in datoer], bruger, transaktions_id)
        return [m.dato for m in slettet]

    def laes(self, ident: AnsaettelsesIdent, fra: date, til: date, bruger: Bruger) -> list[PlanDag]:
        if til < fra:
            raise Afvist([meddelelse("F003", "TilDato", fra=fra, til=til)])
        if (til - fra).days + 1 > MAKS_DAGE:
            raise Afvist([meddelelse("F026", "TilDato", maks=MAKS_DAGE, dage=(til - fra).days + 1)])

        def arbejde(uow: UnitOfWork) -> list[PlanDag]:
            a = find_ansaettelse(uow, ident, bruger=bruger)
            registrerede = uow.moedetider.i_perioden(a.id, fra, til)
            standard = Arbejdstid(a, uow.kalendere.for_institution(a.institution_kode, fra, til))
            return [PlanDag(registrerede[d], True) if d in registrerede
                    else PlanDag(Moedetid(d, standard.minutter(d)), False)
                    for d in (fra + timedelta(days=i) for i in range((til - fra).days + 1))]

        return i_transaktion(self.engine, arbejde)

    def _skriv(self, handling: str, ident: AnsaettelsesIdent, moedetider: list[Moedetid],
               bruger: Bruger, transaktions_id: str | None) -> list[Moedetid]:
        operation = f"{handling}Moedetider"
        indhold = _hash(operation, ident, moedetider)

        def arbejde(uow: UnitOfWork) -> list[Moedetid]:
            nu = self.ur()
            a = find_ansaettelse(uow, ident, laas=True, bruger=bruger)
            kraev_registrering(bruger, a.institution_kode)
            if transaktions_id:  # a retry gets the first answer; other content under the id is F022
                t = uow.transaktioner.hent([a.institution_kode], transaktions_id)
                if t is not None:
                    if t.operation != operation or t.indhold_hash != indhold:
                        raise Afvist([meddelelse("F022", "TransaktionsID", transaktions_id=transaktions_id)])
                    return [_fra_dict(m) for m in t.svar["moedetider"]]
            datoer = [m.dato for m in moedetider]
            fra, til = min(datoer), max(datoer)
            gemte = uow.moedetider.i_perioden(a.id, fra, til)
            fejl = self._fejl(handling, a, moedetider, gemte)
            fejl += self._fravaer_passer(uow, a, moedetider, handling)
            afvis_hvis_fejl(fejl)
            with uow.samler.opsamlet():  # the feed's rows (and the retry's answer) go at the end
                for m in moedetider:
                    foer = gemte.get(m.dato)
                    if handling == "Slet":
                        uow.moedetider.slet(a.id, m.dato)
                    else:
                        uow.moedetider.gem(a.id, m, ny=handling == "Opret")
                    uow.moedetider.log(nu, handling, a.id, m.dato, bruger.navn, transaktions_id,
                                       foer.minutter if foer else None,
                                       None if handling == "Slet" else m.minutter)
                    registrer(uow, nu, Art.MOEDETID, handling, m.dato.isoformat(), a.institution_kode,
                              bruger.navn, _til_dict(foer) if foer is not None else None,
                              None if handling == "Slet" else _til_dict(m),
                              ansaettelse=a, transaktions_id=transaktions_id)
                svar = [gemte[m.dato] for m in moedetider] if handling == "Slet" else moedetider
                if transaktions_id:
                    uow.transaktioner.gem(a.institution_kode, Transaktion(
                        transaktions_id, operation, indhold,
                        {"moedetider": [_til_dict(m) for m in svar]}), nu)
            uow.commit()
            return svar

        return i_transaktion(self.engine, arbejde, skriv=True)

    @staticmethod
    def _fejl(handling: str, a: Ansaettelse, moedetider: list[Moedetid],
              gemte: dict[date, Moedetid]) -> list[Meddelelse]:
        fejl: list[Meddelelse] = []
        set_: set[date] = set()
        for m in moedetider:
            if m.dato in set_:
                fejl.append(meddelelse("F038", "Dato", dato=m.dato))
            set_.add(m.dato)
            if handling != "Slet":
                fejl += valider_moedetid(m, a)
            if handling == "Opret" and m.dato in gemte:
                fejl.append(meddelelse("F036", "Dato", dato=m.dato))
            if handling in ("Ret", "Slet") and m.dato not in gemte:
                fejl.append(meddelelse("F037", "Dato", dato=m.dato))
        return fejl

    @staticmethod
    def _fravaer_passer(uow: UnitOfWork, a: Ansaettelse, moedetider: list[Moedetid],
                        handling: str) -> list[Meddelelse]:
        """Partial-day absence already registered must still fit each day's new plan."""
        fejl = []
        for m in moedetider:
            kalender = uow.kalendere.for_institution(a.institution_kode, m.dato, m.dato)
            ny_plan = (Arbejdstid(a, kalender).minutter(m.dato) if handling == "Slet" else m.minutter)
            delvise = [h for h in uow.haendelser.i_perioden([a.id], m.dato, m.dato)
                       if h.data.minutter is not None]
            i_alt = sum(h.data.minutter or 0 for h in delvise)  # all partial: none is None
            enkelt = [h for h in delvise if not h.data.er_periode]
            if delvise and ((ny_plan == 0 and enkelt) or (ny_plan > 0 and i_alt > ny_plan)):
                fejl.append(meddelelse("F032", "Minutter", dato=m.dato, minutter=ny_plan,
                                       haendelse_id=delvise[0].id, fravaer=i_alt))
        return fejl


def _til_dict(m: Moedetid) -> dict:
    return {"dato": m.dato.isoformat(), "minutter": m.minutter,
            "starttid": m.starttid.isoformat() if m.starttid else None,
            "sluttid": m.sluttid.isoformat() if m.sluttid else None}


def _fra_dict(v: dict) -> Moedetid:
    return Moedetid(date.fromisoformat(v["dato"]), v["minutter"],
                    time.fromisoformat(v["starttid"]) if v["starttid"] else None,
                    time.fromisoformat(v["sluttid"]) if v["sluttid"] else None)


def _hash(operation: str, ident: AnsaettelsesIdent, moedetider: list[Moedetid]) -> str:
    tekst = codec.dumps({"operation": operation, "ansaettelse": asdict(ident),
                         "moedetider": [_til_dict(m) for m in moedetider]})
    return hashlib.sha256(tekst.encode()).hexdigest()
