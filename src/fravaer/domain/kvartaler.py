"""Quarters and their reporting deadlines (DOMAIN.md §8; seed 002 §1: "Tidsfristerne for, hvornår
hændelser senest skal være indberettet i det enkelte kvartal … 4. kvartal: Måneds lønkørsel i
januar, 1. kvartal: … april, 2. kvartal: … juli, 3. kvartal: … oktober")."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from fravaer.paths import DATA_DIR


@dataclass(frozen=True, order=True)
class Kvartal:
    aar: int
    nummer: int  # 1–4

    def __post_init__(self) -> None:
        if not 1 <= self.nummer <= 4:
            raise ValueError(f"et kvartal er 1–4, ikke {self.nummer}")

    @property
    def fra(self) -> date:
        return date(self.aar, 3 * self.nummer - 2, 1)

    @property
    def til(self) -> date:
        naeste = date(self.aar + 1, 1, 1) if self.nummer == 4 else date(self.aar, 3 * self.nummer + 1, 1)
        return naeste - timedelta(days=1)

    def vis(self) -> str:
        return f"{self.nummer}. kvartal {self.aar}"


def kvartal_for(dato: date) -> Kvartal:
    return Kvartal(dato.year, (dato.month - 1) // 3 + 1)


@lru_cache(maxsize=1)
def _frister() -> dict[int, tuple[int, int]]:
    """Per quarter the month after it and the day of that month's pay run: the seed names the
    month; the day is **[default]** data (data/indberetningsfrister.csv), as SLS's calendar has it."""
    with open(DATA_DIR / "indberetningsfrister.csv", encoding="utf-8", newline="") as f:
        return {int(r["kvartal"]): (int(r["maaned"]), int(r["dag"])) for r in csv.DictReader(f)}


def frist(k: Kvartal) -> date:
    """The last day on which the quarter's events count in the transfer to ISOLA: the monthly pay
    run of the month after the quarter (January of the next year for the 4th; seed 002 §1)."""
    maaned, dag = _frister()[k.nummer]
    return date(k.aar + (1 if maaned < k.til.month else 0), maaned, dag)
