"""An event written into a quarter that has been reported and whose deadline has passed: the
advis the write answers with (A023; DOMAIN.md §8, docs/INDBERETNING.md; seed 002 §1: events count
in the quarter's transfer only when registered by the deadline)."""

from __future__ import annotations

from datetime import date

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.indberetning import efter_fristen
from fravaer.domain.katalog import Katalog
from fravaer.domain.kvartaler import Kvartal, frist
from fravaer.domain.meddelelser import Meddelelse, meddelelse
from fravaer.service.ports import UnitOfWork


def for_sent(uow: UnitOfWork, a: Ansaettelse, datas: list[HaendelseData], katalog: Katalog, idag: date
             ) -> list[Meddelelse]:
    """A023 for each reported quarter (with a stored run) past its deadline that the event — as
    it was (`datas`' first, on a change) and as it becomes — touches with a reportable code.
    Reads storage only when such a quarter exists: a current event costs nothing more."""
    par = sent_laesning(a, datas, katalog, idag)
    if not par:
        return []
    return [meddelelse("A023", "FraDato", kvartal=k.kvartal.vis(), institution=k.institution, dannet=k.dannet,
                       koersel=k.id, frist=frist(k.kvartal))
            for k in uow.indberetninger.seneste_for(par)]


def sent_laesning(a: Ansaettelse, datas: list[HaendelseData], katalog: Katalog, idag: date
                  ) -> set[tuple[str, Kvartal]]:
    """The (institution, quarter) pairs whose runs for_sent reads for `datas` (none: no read)."""
    return {p for d in datas if (k := katalog.kode(d.kode)) is not None and k.cirkulaere_type is not None
            for p in efter_fristen(a, d.fra, d.slut, idag)}
