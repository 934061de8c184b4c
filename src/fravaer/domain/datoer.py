"""Stretches of days: closed intervals [fra, til] of dates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

EN_DAG = timedelta(days=1)
# The dates the service computes quotas and key figures for: their ferieår and periods reach a
# year either side (and a special-days account two years back), and Python's dates end with the
# years 1 and 9999 (issue 17 item 5: HentKvoter with Dato 9999-12-31 was a server error, and so
# was any Dato in the year 2). Events and reads take any date the XSD allows.
FOERSTE_BEREGNINGSDATO, SIDSTE_BEREGNINGSDATO = date(3, 1, 1), date(9998, 12, 31)


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
