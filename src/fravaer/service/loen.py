"""Use cases of payroll (LoenService.HentLoenlinjer, LukLoenperiode; `fravaer loen`): an
institution's lines for a pay period, and closing it (DOMAIN.md §17; domain/loen.py decides).

A closed period answers with the lines stored when it was closed, never recomputed. An open
period answers with its own lines as of now, and with the corrections of every closed period:
each closed period is computed again and compared with what was delivered about it; a
difference is a reversal and a new line. Closing stores exactly that answer."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.brugere import Bruger, kraev_registrering
from fravaer.domain.katalog import Katalog
from fravaer.domain.loen import (
    Loenlinje,
    Loenperiode,
    haendelseslinjer,
    loentraekslinjer,
    rettelser,
    sorteret,
    tjek_lukning,
    udbetalingslinjer,
)
from fravaer.domain.meddelelser import Afvist, meddelelse
from fravaer.domain.politik import IkkeOptjent, politik_for
from fravaer.domain.statistik import ophold_af
from fravaer.service.ansaettelser import med_forloeb
from fravaer.service.clock import DANMARK, utc_nu
from fravaer.service.katalog import institutionens_katalog
from fravaer.service.ports import UnitOfWork
from fravaer.service.regnskaber import laes_regnskaber
from fravaer.service.runner import i_transaktion
from fravaer.service.statistik import som_forhold

revision = logging.getLogger("fravaer.revision")
SIDE = 500  # employments read per round trip


@dataclass(frozen=True)
class Loenudtraek:
    institution: str
    periode: Loenperiode
    lukket: datetime | None  # None: open, the lines as of now
    linjer: list[tuple[Loenlinje, Ansaettelse]]


class Loentjeneste:
    def __init__(self, engine: Engine, katalog: Katalog, ur: Callable[[], datetime] = utc_nu):
        self.engine, self.katalog, self.ur = engine, katalog, ur

    def linjer(self, institution: str, periode: Loenperiode, bruger: Bruger) -> Loenudtraek:
        """The read right on the institution suffices (the register right includes it)."""
        def arbejde(uow: UnitOfWork) -> Loenudtraek:
            iid = self._institution(uow, institution, bruger)
            lukkede = uow.loen.lukkede(iid)
            if periode in lukkede:
                linjer = uow.loen.leveret_i(iid, periode)
            else:
                linjer = self._aabne(uow, iid, institution, periode, sorted(lukkede))
            svar = self._med_ansaettelser(uow, institution, periode, lukkede.get(periode), linjer)
            revision.info("laesning bruger=%s operation=HentLoenlinjer institution=%s periode=%s antal=%d",
                          bruger.navn, institution, periode, len(linjer))
            return svar

        return i_transaktion(self.engine, arbejde)

    def luk(self, institution: str, periode: Loenperiode, bruger: Bruger) -> Loenudtraek:
        """Close the period: its lines as HentLoenlinjer answers now are stored and delivered. The
        register right; the institution's closings take turns."""
        def arbejde(uow: UnitOfWork) -> Loenudtraek:
            iid = self._institution(uow, institution, bruger)
            kraev_registrering(bruger, institution)
            uow.loen.laas_institution(iid)
            nu = self.ur()
            lukkede = uow.loen.lukkede(iid)
            tjek_lukning(periode, sorted(lukkede), nu.astimezone(DANMARK).date())
            linjer = self._aabne(uow, iid, institution, periode, sorted(lukkede))
            uow.loen.luk(iid, periode, linjer, nu, bruger.navn)
            svar = self._med_ansaettelser(uow, institution, periode, nu, linjer)
            uow.commit()
            revision.info("loen bruger=%s operation=LukLoenperiode institution=%s periode=%s antal=%d",
                          bruger.navn, institution, periode, len(linjer))
            return svar

        return i_transaktion(self.engine, arbejde, skriv=True)

    # ------------------------------------------------------------ helpers

    def _aabne(self, uow: UnitOfWork, iid: int, institution: str, periode: Loenperiode,
               lukkede: list[Loenperiode]) -> list[Loenlinje]:
        """An open period's lines: its own, and the corrections of the closed periods before it."""
        tidligere = [p for p in lukkede if p < periode]
        beregnet = self._beregn(uow, institution, [*tidligere, periode])
        leveret = uow.loen.leveret_om(iid, tidligere)
        linjer = list(beregnet[str(periode)])
        for p in tidligere:
            linjer += rettelser(leveret[str(p)], beregnet[str(p)])
        return sorteret(linjer)

    def _beregn(self, uow: UnitOfWork, institution: str, perioder: list[Loenperiode]
                ) -> dict[str, list[Loenlinje]]:
        """The lines of each period as the data stand now (read once over their whole span)."""
        ud: dict[str, list[Loenlinje]] = {str(p): [] for p in perioder}
        fra, til = min(p.fra for p in perioder), max(p.til for p in perioder)
        katalog = institutionens_katalog(uow, self.katalog, institution, self.ur().astimezone(DANMARK).date())
        koder = sorted(k.kode for k in katalog.koder.values() if k.loendel)
        enheder = uow.enheder.alle([institution])
        kode_for = {i: e.kode for i, (e, _) in enheder.items()}
        kalender = uow.kalendere.for_institution(institution, fra, til)
        ider = uow.ansaettelser.ider_ved(institution, fra, til)
        for start in range(0, len(ider), SIDE):
            side = ider[start:start + SIDE]
            ansaettelser = med_forloeb(uow, list(uow.ansaettelser.hent_mange(side).values()))
            historik = uow.historik.for_ansaettelser(side)
            moedetider = uow.moedetider.minutter_for_mange(side, fra, til)
            haendelser = defaultdict(list)
            for h in uow.haendelser.i_perioden(side, fra, til, koder) if koder else ():
                if h.godkendt:  # a pending event reaches payroll only when approved
                    haendelser[h.ansaettelse_id].append(h)
            poster = uow.kvoteposter.for_ansaettelser(side)
            loentraek = [a for a in ansaettelser if politik_for(a).ikke_optjent is IkkeOptjent.LOENTRAEK]
            regnskaber = laes_regnskaber(uow, self.katalog, loentraek) if loentraek else {}
            for a in sorted(ansaettelser, key=lambda a: a.id):
                ophold = [(o.fra, o.til) for o in ophold_af(historik.get(a.id) or [som_forhold(a, kode_for)],
                                                            a.startdato, a.slutdato, fra, til, institution)]
                if not ophold:
                    continue
                tid = Arbejdstid(a, kalender, moedetider.get(a.id, {}))
                for p in perioder:
                    if not any(o_fra <= p.til and p.fra <= o_til for o_fra, o_til in ophold):
                        continue
                    linjer = ud[str(p)]
                    for h in haendelser[a.id]:
                        kode = katalog.kode(h.data.kode)
                        if kode is not None:
                            linjer += haendelseslinjer(a.id, h.id, kode, h.data.fra, h.data.slut,
                                                       h.data.minutter, ophold, p, tid)
                    if a.id in regnskaber:
                        linjer += loentraekslinjer(regnskaber[a.id], p, katalog.loendele.get("loentraek"))
                    linjer += udbetalingslinjer(a.id, poster.get(a.id, []), p,
                                                katalog.loendele.get("frihedsbank_udbetaling"))
        return ud

    @staticmethod
    def _institution(uow: UnitOfWork, institution: str, bruger: Bruger) -> int:
        iid = uow.institutioner.id_for(institution)
        if iid is None or not bruger.maa_laese(institution):
            raise Afvist([meddelelse("F088", "Institution", institution=institution)])
        return iid

    @staticmethod
    def _med_ansaettelser(uow: UnitOfWork, institution: str, periode: Loenperiode, lukket: datetime | None,
                          linjer: list[Loenlinje]) -> Loenudtraek:
        ansaettelser = uow.ansaettelser.hent_mange({x.ansaettelse_id for x in linjer})
        return Loenudtraek(institution, periode, lukket,
                           [(x, ansaettelser[x.ansaettelse_id]) for x in linjer])


