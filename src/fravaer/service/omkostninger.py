"""What events cost: each employment's working time over their days, read once for many events."""

from __future__ import annotations

from datetime import date

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.arbejdstid import Arbejdstid, Omkostning, omkostning
from fravaer.domain.haendelse import Haendelse
from fravaer.domain.katalog import Katalog
from fravaer.service.ports import UnitOfWork


def arbejdstid_for(uow: UnitOfWork, a: Ansaettelse, fra: date, til: date) -> Arbejdstid:
    """The employment's working time over [fra, til]: its registered working times there, else
    its default week under its institution's calendar."""
    return Arbejdstid(a, uow.kalendere.for_institution(a.institution_kode, fra, til),
                      {d: m.minutter for d, m in uow.moedetider.i_perioden(a.id, fra, til).items()})


def koster(uow: UnitOfWork, h: Haendelse, a: Ansaettelse, katalog: Katalog) -> Omkostning | None:
    """What the event costs now: computed when asked, from today's working times (never stored,
    so a changed working time changes the cost of the events on its date)."""
    return mange_koster(uow, [(h, a)], katalog)[0][2]


def omkostning_af(h: Haendelse, tid: Arbejdstid, katalog: Katalog) -> Omkostning | None:
    """The cost from working times already read for the event's days (the rules read them)."""
    if h.data.til is None:
        return None
    kode = katalog.kode(h.data.kode)
    return omkostning(h.data.fra, h.data.til, h.data.minutter, tid, kode is not None and kode.halv_dag)


def mange_koster(uow: UnitOfWork, haendelser: list[tuple[Haendelse, Ansaettelse]], katalog: Katalog
                 ) -> list[tuple[Haendelse, Ansaettelse, Omkostning | None]]:
    """The cost of many events, reading each employment's working times once for all of them."""
    spaend: dict[int, tuple[date, date]] = {}
    for h, a in haendelser:
        if h.data.til is not None:
            fra, til = spaend.get(a.id, (h.data.fra, h.data.til))
            spaend[a.id] = (min(fra, h.data.fra), max(til, h.data.til))
    ansaettelser = {a.id: a for _, a in haendelser}
    tider = {aid: arbejdstid_for(uow, ansaettelser[aid], fra, til) for aid, (fra, til) in spaend.items()}
    return [(h, a, None if h.data.til is None else omkostning_af(h, tider[a.id], katalog))
            for h, a in haendelser]
