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
    its default week under its institution's calendar (Arbejdstid.af: every write makes one under
    its lock, the dataclass's __init__ cost three times as much)."""
    return Arbejdstid.af(a, uow.kalendere.for_institution(a.institution_kode, fra, til),
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
    """The cost of many events, reading each employment's working times once for all of them
    (omkostning_af of each; a code's half-day flag looked up once: a read of 200 events asks for
    every one)."""
    spaend: dict[int, tuple[date, date]] = {}
    for h, a in haendelser:
        d = h.data
        til = d.til
        if til is not None:
            kendt = spaend.get(a.id)
            if kendt is None:
                spaend[a.id] = (d.fra, til)
            elif d.fra < kendt[0] or til > kendt[1]:  # (no min and max: two calls an event)
                fra = d.fra
                spaend[a.id] = (fra if fra < kendt[0] else kendt[0], til if til > kendt[1] else kendt[1])
    ansaettelser = {a.id: a for _, a in haendelser}
    tider = {aid: arbejdstid_for(uow, ansaettelser[aid], fra, til) for aid, (fra, til) in spaend.items()}
    halve: dict[str, bool] = {}
    ud: list[tuple[Haendelse, Ansaettelse, Omkostning | None]] = []
    for h, a in haendelser:
        d = h.data
        if d.til is None:
            ud.append((h, a, None))
            continue
        halv = halve.get(d.kode)
        if halv is None:
            kode = katalog.kode(d.kode)
            halv = halve[d.kode] = kode is not None and kode.halv_dag
        ud.append((h, a, omkostning(d.fra, d.til, d.minutter, tider[a.id], halv)))
    return ud
