"""The year-end transfer of leftover vacation (KvoteService.OverfoerRestferie and `fravaer ferie
overfoer`): every employment of an institution, or of a unit and the units under it, judged by
domain/restferie.py in one transaction; a dry run (Proeve) judges the same and stores nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from sqlalchemy import Engine

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.brugere import Bruger, kraev_registrering
from fravaer.domain.katalog import Katalog
from fravaer.domain.kvoter import NUL
from fravaer.domain.meddelelser import Afvist, afvis_hvis_fejl, meddelelse
from fravaer.domain.restferie import Overfoersel, Udfald, tjek_dato, vurder_overfoersel
from fravaer.service.aendringer import registrer_kvote
from fravaer.service.ansaettelser import institutionens
from fravaer.service.ports import UnitOfWork
from fravaer.service.regnskaber import laes_regnskaber
from fravaer.service.runner import i_transaktion

revision = logging.getLogger("fravaer.revision")


@dataclass(frozen=True)
class Restferieanmodning:
    institution: str
    enhed: str | None
    ferieaar: int
    dato: date
    proeve: bool = False


@dataclass(frozen=True)
class Restferieresultat:
    proeve: bool
    resultater: list[tuple[Ansaettelse, Overfoersel]]  # in id order

    def antal(self, udfald: Udfald) -> int:
        return sum(1 for _, o in self.resultater if o.udfald is udfald)

    @property
    def dage_i_alt(self) -> Fraction:
        """What this run moved (or would move)."""
        return sum((o.dage for _, o in self.resultater if o.udfald is Udfald.OVERFOERT), NUL)


def akko_i_kraft(a: Ansaettelse, dato: date) -> str | None:
    """The SLS AKKO code of the relationship in force on `dato` (its history), not today's."""
    return a.pr(dato).akko


def overfoer_restferie(engine: Engine, katalog: Katalog, anmodning: Restferieanmodning, bruger: Bruger,
                       nu: datetime, idag: date,
                       fremskridt: Callable[[int, int], None] = lambda gjort, i_alt: None
                       ) -> Restferieresultat:
    """Judge (and unless a dry run, make) the transfer for every employment; all or nothing.
    `fremskridt` hears (employments judged, of how many) after each."""
    r = anmodning
    afvis_hvis_fejl(tjek_dato(r.ferieaar, r.dato, idag))

    def arbejde(uow: UnitOfWork) -> Restferieresultat:
        # an institution the caller may not see is answered as one that does not exist
        if not bruger.maa_laese(r.institution) or uow.institutioner.id_for(r.institution) is None:
            raise Afvist([meddelelse("F088", "Institution", institution=r.institution)])
        kraev_registrering(bruger, r.institution)
        ansaettelser = institutionens(uow, r.institution, r.enhed)
        if not r.proeve:  # no other writer may change these accounts until this one commits
            uow.ansaettelser.laas_mange([a.id for a in ansaettelser])
        regnskaber = laes_regnskaber(uow, katalog, ansaettelser)
        resultater = []
        with uow.samler.opsamlet():  # the feed's rows: one executemany at the end
            for i, a in enumerate(ansaettelser, 1):
                o = vurder_overfoersel(r.ferieaar, r.dato, regnskaber[a.id], akko_i_kraft(a, r.dato),
                                       r.proeve)
                if o.poster and not r.proeve:
                    uow.kvoteposter.tilfoej(a.id, o.poster, bruger.navn, nu)
                    registrer_kvote(uow, nu, "Overfoer", a, bruger.navn, None, regnskaber[a.id],
                                    list(o.poster), r.dato)
                resultater.append((a, o))
                fremskridt(i, len(ansaettelser))
        svar = Restferieresultat(r.proeve, resultater)
        flyttet = [a.id for a, o in resultater if o.udfald is Udfald.OVERFOERT]
        revision.info("%s bruger=%s operation=OverfoerRestferie institution=%s enhed=%s ferieaar=%d dato=%s "
                      "overfoert=%d udeladt=%d allerede=%d ansaettelser=%s",
                      "laesning" if r.proeve else "skrivning", bruger.navn, r.institution, r.enhed or "-",
                      r.ferieaar, r.dato, len(flyttet), svar.antal(Udfald.UDELADT),
                      svar.antal(Udfald.ALLEREDE_OVERFOERT), flyttet)
        if not r.proeve:
            uow.commit()
        return svar

    return i_transaktion(engine, arbejde, skriv=not r.proeve)
