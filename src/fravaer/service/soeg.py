"""Searching events across the staff (FravaerService.SoegHaendelser): one page of a keyset walk
over an institution's or a unit subtree's events in a period, with each hit's employment and
cost and the totals per code of the whole result (domain/soegning.py has the rules and the token)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.arbejdstid import Omkostning
from fravaer.domain.brugere import Bruger
from fravaer.domain.haendelse import Haendelse
from fravaer.domain.katalog import Katalog
from fravaer.domain.meddelelser import Afvist, meddelelse
from fravaer.domain.soegning import (
    Fortsaettelse,
    Noegle,
    Soegning,
    Total,
    fra_token,
    rammer,
    summer,
    til_token,
)
from fravaer.domain.statistik import Ophold, ophold_af
from fravaer.service.ansaettelser import enhedens_ider, med_forloeb
from fravaer.service.omkostninger import mange_koster
from fravaer.service.ports import UnitOfWork
from fravaer.service.runner import i_transaktion
from fravaer.service.statistik import som_forhold

revision = logging.getLogger("fravaer.revision")
SIDE = 1000  # [default] hits per page (DOMAIN.md §15)
LAES = 2000  # events read per round trip while walking


Hit = tuple[Haendelse, Ansaettelse, Omkostning | None]


@dataclass(frozen=True)
class Soegeside:
    hits: list[Hit]
    totaler: tuple[Total, ...]
    fortsaettelse: str | None  # None: the last page


def soeg_haendelser(engine: Engine, katalog: Katalog, soegning: Soegning, token: str | None, bruger: Bruger,
                    ur: Callable[[], datetime], side: int = SIDE) -> Soegeside:
    """A page of the events of `soegning` that `bruger` may read. Rights: the `laes` right on the
    institution, which reads its own past whole (docs/RETTIGHEDER.md rule 1): an event is the
    institution's when its employment stood there on the event's first day in the period (by the
    history); absence that followed an employee from elsewhere is read per employee (HentHaendelser),
    not by searching the institution it came to. Without `token` a walk begins: its time bound is
    now, and its totals are counted over the whole result once; with one, the walk continues after
    the token's last key, the totals carried unchanged."""
    if soegning.til < soegning.fra:
        raise Afvist([meddelelse("F003", "TilDato", fra=soegning.fra, til=soegning.til)])

    def arbejde(uow: UnitOfWork) -> Soegeside:
        institution = soegning.institution
        if not bruger.maa_laese(institution) or uow.institutioner.id_for(institution) is None:
            raise Afvist([meddelelse("F088", "Institution", institution=institution)])
        vandring = _Vandring(uow, soegning)
        if token is None:
            graense = ur().astimezone(UTC).replace(tzinfo=None)
            totaler, hits = _begynd(uow, vandring, graense, katalog, side)
        else:
            f = fra_token(token, soegning)
            graense, totaler = f.graense, f.totaler
            hits = _fortsaet(uow, vandring, graense, f.efter, katalog, side)
        naeste = None
        if len(hits) > side:
            hits = hits[:side]
            sidste = hits[-1][0]
            naeste = til_token(Fortsaettelse(graense, (sidste.data.fra, sidste.id), soegning.fingeraftryk(),
                                             totaler))
        # reading absence (health) data is logged: who, what, how many events; no CPR number
        revision.info("laesning bruger=%s operation=SoegHaendelser institution=%s enhed=%s fra=%s til=%s "
                      "antal=%d", bruger.navn, soegning.institution, soegning.enhed or "-", soegning.fra,
                      soegning.til, len(hits))
        return Soegeside(hits, totaler, naeste)

    return i_transaktion(engine, arbejde)


def _begynd(uow: UnitOfWork, vandring: _Vandring, graense: datetime, katalog: Katalog, side: int
            ) -> tuple[tuple[Total, ...], list[Hit]]:
    """A walk's first page (one hit more, if there is one) and the totals of the whole result,
    read once (memory bounded: the first page and a round trip's worth of events)."""
    totaler: tuple[Total, ...] = ()
    hits: list[Hit] = []
    for stykke in vandring.hits(graense, None):
        kostede = mange_koster(uow, stykke, katalog)
        totaler = summer(((h.data.kode, o.dage if o else None, o.minutter if o else None)
                          for h, _, o in kostede), totaler)
        hits += kostede[:side + 1 - len(hits)]
    return totaler, hits


def _fortsaet(uow: UnitOfWork, vandring: _Vandring, graense: datetime, efter: Noegle, katalog: Katalog,
              side: int) -> list[Hit]:
    """The next page after the key `efter` (one hit more, if there is one)."""
    fundne: list[tuple[Haendelse, Ansaettelse]] = []
    for stykke in vandring.hits(graense, efter):
        fundne += stykke[:side + 1 - len(fundne)]
        if len(fundne) > side:
            break
    return mange_koster(uow, fundne, katalog)


class _Vandring:
    """The walk's reads: events in key order, and where each event's employment stood (read once
    per employment, as the events bring them)."""

    def __init__(self, uow: UnitOfWork, soegning: Soegning):
        self.uow, self.soegning = uow, soegning
        enheder = uow.enheder.alle([soegning.institution])
        self.kode_for = {i: e.kode for i, (e, _) in enheder.items()}
        self.under = ({self.kode_for[i] for i in enhedens_ider(uow, soegning.institution, soegning.enhed)}
                      if soegning.enhed is not None else None)
        self.ansaettelser: dict[int, tuple[Ansaettelse, tuple[Ophold, ...]]] = {}

    def hits(self, graense: datetime, efter: Noegle | None) -> Iterator[list[tuple[Haendelse, Ansaettelse]]]:
        """The hits after `efter`, a round trip's worth at a time (a list may be empty)."""
        s = self.soegning
        laes = self.uow.haendelser.soeg_side
        while stykke := laes(s.institution, s.fra, s.til, s.koder, graense, efter, LAES):
            self._laes({h.ansaettelse_id for h in stykke} - set(self.ansaettelser))
            yield [(h, self.ansaettelser[h.ansaettelse_id][0]) for h in stykke
                   if rammer(self.ansaettelser[h.ansaettelse_id][1], h.data.fra, s)]
            if len(stykke) < LAES:
                return
            efter = (stykke[-1].data.fra, stykke[-1].id)

    def _laes(self, ider: set[int]) -> None:
        if not ider:
            return
        s = self.soegning
        historik = self.uow.historik.for_ansaettelser(sorted(ider))
        for a in med_forloeb(self.uow, list(self.uow.ansaettelser.hent_mange(ider).values())):
            # the annex's exemption plays no part in a search
            ophold = ophold_af(historik.get(a.id) or [som_forhold(a, self.kode_for)], a.startdato,
                               a.slutdato, s.fra, s.til, s.institution, self.under, undtaget=lambda f: False)
            self.ansaettelser[a.id] = (a, ophold)
