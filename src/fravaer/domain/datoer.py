"""Stretches of days: closed intervals [fra, til] of dates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

EN_DAG = timedelta(days=1)


def uden(fra: date, til: date, huller: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """[fra, til] less the stretches `huller` (sorted, not overlapping)."""
    rest = []
    for h_fra, h_til in huller:
        if h_til < fra or h_fra > til:
            continue
        if h_fra > fra:
            rest.append((fra, h_fra - EN_DAG))
        if h_til >= til:
            return rest
        fra = h_til + EN_DAG
    return [*rest, (fra, til)]
