"""A group of employments named without naming anyone (seed 002: events "for en PKAT/KL" or a
unit; DOMAIN.md §5): who belongs to it on a given day. Used by the særregler's group events and
by mass registration for a group, so both draw the line the same way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fravaer.domain.ansaettelse import Ansaettelse, samme_kode


def i_pkat(a: Ansaettelse, dato: date, pkat: str | None, klasse: str | None) -> bool:
    """Is `a` in force on `dato` with that PKAT (and KL, when one is named) on that day by its
    history? No PKAT named: every employment in force."""
    if a.startdato > dato or (a.slutdato is not None and a.slutdato < dato):
        return False
    if pkat is None:
        return True
    da = a.pr(dato)
    return samme_kode(da.pkat, pkat) and (klasse is None or samme_kode(da.klasse, klasse))


@dataclass(frozen=True)
class Gruppe:
    """An institution, optionally narrowed to a unit and the units under it and/or a PKAT (+KL)."""

    institution: str
    enhed: str | None = None
    pkat: str | None = None
    klasse: str | None = None

    def omfatter(self, a: Ansaettelse, dato: date) -> bool:
        """Is `a`, an employment of the institution's unit subtree, in the group on `dato`?"""
        return i_pkat(a, dato, self.pkat, self.klasse)

    def vis(self) -> str:
        dele = [f"institution {self.institution}"]
        if self.enhed:
            dele.append(f"enhed {self.enhed}")
        if self.pkat:
            dele.append(f"PKAT {self.pkat}" + (f" KL {self.klasse}" if self.klasse else ""))
        return ", ".join(dele)
