"""Key figures as files (`fravaer statistik`): CSV (one row per group, `;`-free, UTF-8) or JSON.
A suppressed group has empty figures and `undertrykt` set — never zeros (docs/STATISTIK.md)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from decimal import Decimal

from fravaer.domain.maaleenheder import vis_tal
from fravaer.domain.statistik import Noegletal, forloebslaengder

TAL = ("medarbejdere", "aarsvaerk", "planlagte_dage", "planlagte_timer", "fravaersdage", "fravaerstimer",
       "dage_pr_aarsvaerk", "fravaersprocent", "forloeb", "medarbejdere_med_fravaer")
HOVED = ("enhed", "pkat", "type", "maaned", "kvartal", "fra", "til", "undertrykt")


def raekke(n: Noegletal) -> dict[str, object]:
    """One group as plain values: figures rounded down to two decimals (DOMAIN.md §4 Units), None
    where suppressed or without a denominator."""
    def vis(v):
        if v is None or isinstance(v, int):
            return v
        return Decimal(vis_tal(v))

    r: dict[str, object] = {k: getattr(n, k) for k in HOVED}
    r["fra"], r["til"] = n.fra.isoformat(), n.til.isoformat()
    r.update({k: vis(getattr(n, k)) for k in TAL})
    laengder = dict(n.efter_laengde) if n.efter_laengde is not None else {}
    r.update({f"forloeb {la.navn}": laengder.get(la.navn) for la in forloebslaengder()})
    r["langtidsandel"], r["undtagne"] = vis(n.langtidsandel), n.undtagne
    return r


def som_csv(noegletal: Sequence[Noegletal]) -> str:
    ud = io.StringIO()
    rows = [raekke(n) for n in noegletal]
    felter = list(rows[0]) if rows else [*HOVED, *TAL]
    w = csv.DictWriter(ud, fieldnames=felter, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: _celle(v) for k, v in r.items()})
    return ud.getvalue()


def _celle(v: object) -> object:
    """J/N for yes and no, an empty cell for a figure not shown."""
    return "J" if v is True else "N" if v is False else "" if v is None else v


def som_json(noegletal: Sequence[Noegletal]) -> str:
    return json.dumps([raekke(n) for n in noegletal], ensure_ascii=False, indent=1,
                      default=lambda v: float(v) if isinstance(v, Decimal) else str(v)) + "\n"
