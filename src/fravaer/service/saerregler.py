"""Managing and applying an institution's særregler (the CLI's `fravaer saerregel …`; seed 002
§12, DOMAIN.md §5). Every change is logged with who, when, before and after. The rules read them
through Haendelsestjeneste.institutionens_katalog; a group's default events are made by the
ordinary OpretHaendelse use case, one employment at a time, so each is judged exactly as a
single registration and stored (or refused) on its own."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace

from sqlalchemy import Engine

from fravaer.adapters.db.saerregel_repository import Logpost
from fravaer.domain.aendringer import Art
from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.katalog import Katalog, Matrixregel
from fravaer.domain.meddelelser import Afvist, Meddelelse, afvis_hvis_fejl, meddelelse
from fravaer.domain.saerregler import (
    Grupperegel,
    OmsorgUdenRegnskab,
    Saerregel,
    Saerregler,
    valider_grupperegel,
    valider_matrixregel,
)
from fravaer.service.aendringer import registrer
from fravaer.service.ansaettelser import institutionens
from fravaer.service.clock import utc_nu
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.ports import UnitOfWork
from fravaer.service.runner import i_transaktion

_NAVNERUM = uuid.UUID("5b0c6d1e-3f1a-4c55-9a7e-0f6a2b8e9d11")  # the group events' TransaktionsIDs


def _uden_regel(regel: Saerregel) -> str | None:
    """The log's text for the state without the rule."""
    return "med omsorgsregnskab" if isinstance(regel, OmsorgUdenRegnskab) else None


def _som_felter(vist: str | None) -> dict | None:
    """A rule as the feed shows it (before it was added or after it was removed: what the default
    catalogue says instead, if anything)."""
    return None if vist is None else {"regel": vist}


def _institution(uow: UnitOfWork, kode: str) -> int:
    iid = uow.institutioner.id_for(kode)
    if iid is None:
        raise Afvist([meddelelse("F088", "Institution", institution=kode)])
    return iid


def tilfoej(engine: Engine, katalog: Katalog, institution: str, regler: list[Saerregel], bruger: str
            ) -> list[tuple[int, bool]]:
    """Add rules, all or none; returns each one's number and whether it is new (a rule is
    stored once)."""
    afvis_hvis_fejl([m for r in regler for m in (
        valider_matrixregel(r, katalog) if isinstance(r, Matrixregel)
        else valider_grupperegel(r, katalog) if isinstance(r, Grupperegel) else [])])

    def arbejde(uow: UnitOfWork) -> list[tuple[int, bool]]:
        iid = _institution(uow, institution)
        nu, svar = utc_nu(), []
        gemt: dict[Saerregel, int] = {}  # a rule named twice in one call is stored once
        for regel in regler:
            eksisterende = gemt.get(regel) or _findes(uow, institution, regel)
            if eksisterende is not None:
                svar.append((eksisterende, False))
                continue
            ny_id = gemt[regel] = uow.saerregler.tilfoej(iid, regel, bruger, nu)
            uow.saerregler.log(nu, iid, bruger, "tilfoej", ny_id, _uden_regel(regel), regel.vis())
            registrer(uow, nu, Art.SAERREGEL, "Opret", str(ny_id), institution, bruger,
                      _som_felter(_uden_regel(regel)), _som_felter(regel.vis()))
            svar.append((ny_id, True))
        uow.commit()
        return svar

    return i_transaktion(engine, arbejde, skriv=True)


def _findes(uow: UnitOfWork, institution: str, regel: Saerregel) -> int | None:
    regler = uow.saerregler.for_institution(institution)
    if isinstance(regel, OmsorgUdenRegnskab):
        return regler.omsorg_id
    kandidater: tuple[Matrixregel | Grupperegel, ...] = (*regler.matrix, *regler.grupper)
    return next((r.id for r in kandidater if replace(r, id=None) == replace(regel, id=None)), None)


def fjern(engine: Engine, institution: str, regel_id: int, bruger: str) -> Saerregel:
    """Remove a rule. Events stored under it stay; a later change of them is judged without it."""
    def arbejde(uow: UnitOfWork) -> Saerregel:
        iid = _institution(uow, institution)
        regel = uow.saerregler.fjern(iid, regel_id)
        if regel is None:
            raise Afvist([meddelelse("F123", "Id", id=regel_id, institution=institution)])
        nu = utc_nu()
        uow.saerregler.log(nu, iid, bruger, "fjern", regel_id, regel.vis(), _uden_regel(regel))
        registrer(uow, nu, Art.SAERREGEL, "Slet", str(regel_id), institution, bruger,
                  _som_felter(regel.vis()), _som_felter(_uden_regel(regel)))
        uow.commit()
        return regel

    return i_transaktion(engine, arbejde, skriv=True)


def vis(engine: Engine, institution: str) -> Saerregler:
    def arbejde(uow: UnitOfWork) -> Saerregler:
        _institution(uow, institution)
        return uow.saerregler.for_institution(institution)

    return i_transaktion(engine, arbejde)


def log(engine: Engine, institution: str) -> list[Logpost]:
    """The institution's log of særregler, oldest first."""
    def arbejde(uow: UnitOfWork):
        return uow.saerregler.loggen(_institution(uow, institution))

    return i_transaktion(engine, arbejde)


# ---------------------------------------------------------------- default events for a group


@dataclass(frozen=True)
class Udfald:
    """What applying a group rule did for one employment."""

    ansaettelse: Ansaettelse
    status: str  # "oprettet", "allerede" (made by an earlier run) or "afvist"
    haendelse_id: str | None = None
    meddelelser: list[Meddelelse] = field(default_factory=list)


@dataclass(frozen=True)
class Anvendelse:
    regel: Grupperegel
    udfald: list[Udfald]

    def antal(self, status: str) -> int:
        return sum(u.status == status for u in self.udfald)


def transaktions_id(regel: Grupperegel, a: Ansaettelse) -> str:
    """The same id for a rule and an employment on every run: the event is made once (and a
    deleted one is not made again: the clerk's deletion stands)."""
    return str(uuid.uuid5(_NAVNERUM, f"saerregel:{regel.id}:{a.id}"))


def anvend(engine: Engine, tjeneste: Haendelsestjeneste, institution: str, regel_id: int | None,
           bruger: str) -> list[Anvendelse]:
    """Make the default events of the institution's group rules (or of one of them) for every
    employment of each group, as single OpretHaendelse registrations; idempotent per rule and
    employment. Returns per rule and employment what was made or refused and why."""
    def laes(uow: UnitOfWork):
        iid = _institution(uow, institution)
        regler = [g for g in uow.saerregler.for_institution(institution).grupper
                  if regel_id is None or g.id == regel_id]
        if regel_id is not None and not regler:
            raise Afvist([meddelelse("F123", "Id", id=regel_id, institution=institution)])
        ansaettelser = institutionens(uow, institution)
        planer = []
        for g in regler:
            medlemmer = [a for a in ansaettelser if g.omfatter(a)]
            gjort = {}
            for a in medlemmer:
                t = uow.transaktioner.hent([institution], transaktions_id(g, a))
                if t is not None:
                    gjort[a.id] = t.svar["haendelse"]["id"]
            planer.append((g, medlemmer, gjort))
        return iid, planer

    iid, planer = i_transaktion(engine, laes)
    registrant = Bruger(bruger, {institution: Ret.REGISTRER})
    svar = []
    for g, medlemmer, gjort in planer:
        udfald = []
        for a in medlemmer:
            if a.id in gjort:
                udfald.append(Udfald(a, "allerede", gjort[a.id]))
                continue
            anmodning = HaendelseAnmodning(a.ident(), g.haendelse(), transaktions_id(g, a))
            try:
                s = tjeneste.opret(anmodning, registrant)
            except Afvist as e:
                udfald.append(Udfald(a, "afvist", None, e.meddelelser))
            else:
                udfald.append(Udfald(a, "oprettet", s.haendelse.id, s.meddelelser))
        anvendelse = Anvendelse(g, udfald)
        _log_anvendelse(engine, iid, bruger, anvendelse)
        svar.append(anvendelse)
    return svar


def _log_anvendelse(engine: Engine, iid: int, bruger: str, anvendelse: Anvendelse) -> None:
    def arbejde(uow: UnitOfWork) -> None:
        udfald = ", ".join(f"{anvendelse.antal(s)} {s}" for s in ("oprettet", "allerede", "afvist"))
        regel = anvendelse.regel
        uow.saerregler.log(utc_nu(), iid, bruger, "anvend", regel.id, regel.vis(), udfald)
        uow.commit()

    i_transaktion(engine, arbejde, skriv=True)
