"""Managing an institution's own registration types and the fixed codes it makes subject to
approval (`fravaer egentype`; seed 004 §4.2). Each change is one transaction, logged in the master
data log (who, when, before, after); the institution's catalogue follows with the reference
data's version (migration 0014's triggers)."""

from __future__ import annotations

from dataclasses import asdict

from fravaer.adapters.db.egne_typer_repository import Institutionstyper
from fravaer.domain.egne_typer import EgenType, valider
from fravaer.domain.katalog import Katalog
from fravaer.domain.meddelelser import Afvist, afvis_hvis_fejl, meddelelse
from fravaer.service.clock import utc_nu
from fravaer.service.ports import Storage, UnitOfWork
from fravaer.service.runner import i_transaktion

OBJEKT, GODKENDELSE = "egen_type", "godkendelseskode"


def _institution(uow: UnitOfWork, kode: str) -> int:
    iid = uow.institutioner.id_for(kode)
    if iid is None:
        raise Afvist([meddelelse("F088", "Institution", institution=kode)])
    return iid


def tilfoej(engine: Storage, institution: str, t: EgenType, bruger: str) -> None:
    t = EgenType(t.kode, t.navn.strip(), t.loendel or None, tuple(dict.fromkeys(t.pkat)),
                 t.kraever_godkendelse)
    afvis_hvis_fejl(valider(t))

    def arbejde(uow: UnitOfWork) -> None:
        iid = _institution(uow, institution)
        if any(e.kode == t.kode for e in uow.egne_typer.for_institution(institution).egne):
            raise Afvist([meddelelse("F212", "Kode", kode=t.kode, institution=institution)])
        nu = utc_nu()
        uow.egne_typer.tilfoej(iid, t, bruger, nu)
        uow.stamdatalog.skriv(nu, "Opret", OBJEKT, f"{institution}/{t.kode}", bruger, None, None, asdict(t))
        uow.commit()

    i_transaktion(engine, arbejde, skriv=True)


def fjern(engine: Storage, institution: str, kode: str, bruger: str) -> EgenType:
    """Remove a type no event uses (an event keeps its code: a type in use stays)."""
    def arbejde(uow: UnitOfWork) -> EgenType:
        iid = _institution(uow, institution)
        t = next((e for e in uow.egne_typer.for_institution(institution).egne if e.kode == kode), None)
        if t is None:
            raise Afvist([meddelelse("F213", "Kode", kode=kode, institution=institution)])
        antal = uow.haendelser.antal_med_kode(institution, kode)
        if antal:
            raise Afvist([meddelelse("F214", "Kode", kode=kode, antal=antal)])
        uow.egne_typer.fjern(iid, kode)
        uow.stamdatalog.skriv(utc_nu(), "Slet", OBJEKT, f"{institution}/{kode}", bruger, None, asdict(t),
                              None)
        uow.commit()
        return t

    return i_transaktion(engine, arbejde, skriv=True)


def saet_godkendelse(engine: Storage, katalog: Katalog, institution: str, kode: str, kraevet: bool,
                     bruger: str) -> bool:
    """Make a fixed code's events need approval at the institution (or no longer); whether that
    changed anything. Events stored before keep their status."""
    if katalog.kode(kode) is None:
        raise Afvist([meddelelse("F224", "Kode", kode=kode)])

    def arbejde(uow: UnitOfWork) -> bool:
        iid = _institution(uow, institution)
        aendret = uow.egne_typer.saet_godkendelse(iid, kode, kraevet)
        if aendret:
            uow.stamdatalog.skriv(utc_nu(), "Opret" if kraevet else "Slet", GODKENDELSE,
                                  f"{institution}/{kode}", bruger, None,
                                  None if kraevet else {"kode": kode}, {"kode": kode} if kraevet else None)
        uow.commit()
        return aendret

    return i_transaktion(engine, arbejde, skriv=True)


def vis(engine: Storage, institution: str) -> Institutionstyper:
    def arbejde(uow: UnitOfWork) -> Institutionstyper:
        _institution(uow, institution)
        return uow.egne_typer.for_institution(institution)

    return i_transaktion(engine, arbejde)
