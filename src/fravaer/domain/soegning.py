"""A search for events across the staff (FravaerService.SoegHaendelser): which event is a hit, the
order of the walk, its continuation token and the totals per code (DOMAIN.md §15, issue 15).

The walk is a keyset: hits in the order (fra_dato, HaendelseID), each page continuing after the
last key of the one before, bounded by the time the walk began (an event created later is not
part of it). The totals are counted once, at the first page, and carried in the token, so that
every page of one walk answers with the same totals."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from fravaer.domain.ansaettelse import samme_kode
from fravaer.domain.meddelelser import Afvist, meddelelse
from fravaer.domain.statistik import Ophold

Noegle = tuple[date, str]  # (fra_dato, HaendelseID): the order of the walk


@dataclass(frozen=True)
class Soegning:
    """What is searched: an institution or a unit (and every unit under it) of it, a period, and
    optionally fixed codes and PKAT (any of them)."""

    institution: str
    fra: date
    til: date
    enhed: str | None = None
    koder: tuple[str, ...] = ()
    pkat: tuple[str, ...] = ()

    def fingeraftryk(self) -> str:
        """A short digest of the search, so that a token is only taken with the search it began."""
        felter = [self.institution, self.fra.isoformat(), self.til.isoformat(), self.enhed or "",
                  sorted(self.koder), sorted(self.pkat)]
        return hashlib.sha256(json.dumps(felter).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Total:
    """One code's totals over the whole result: working days and minutes of what the closed events
    cost, and the spells (the events; an open event is a spell whose cost is not yet known)."""

    kode: str
    dage: Fraction = Fraction(0)
    minutter: int = 0
    forloeb: int = 0


@dataclass(frozen=True)
class Fortsaettelse:
    """Where a walk stands: its time bound, the key of the last hit given, the search it belongs to,
    and the totals counted at its first page."""

    graense: datetime  # naive UTC, as events' creation times are stored
    efter: Noegle
    soegning: str
    totaler: tuple[Total, ...]


def rammer(ophold: Sequence[Ophold], haendelse_fra: date, soegning: Soegning) -> bool:
    """Whether an event in the period is a hit: on its first day within the period its employment
    stood at the institution (and unit), as `ophold` (domain.statistik.ophold_af) has it — the
    institution's own past (docs/RETTIGHEDER.md rule 1) — with one of the PKAT searched for, if any
    (compared as numbers). One day decides, so that an event is one institution's hit or another's,
    never half of each (DOMAIN.md §15, a project choice: seed 002 §10 only says "Vælg en periode,
    fast årsagskode og klik på knappen ”Søg”")."""
    dag = max(haendelse_fra, soegning.fra)
    return any(o.fra <= dag <= o.til
               and (not soegning.pkat or any(samme_kode(o.pkat, p) for p in soegning.pkat)) for o in ophold)


def summer(hits: Iterable[tuple[str, Fraction | None, int | None]],
           start: Iterable[Total] = ()) -> tuple[Total, ...]:
    """Totals per code (in code order) of (kode, days, minutes) — days and minutes None for an open
    event — added to `start`."""
    pr_kode = {t.kode: t for t in start}
    for kode, dage, minutter in hits:
        t = pr_kode.get(kode) or Total(kode)
        pr_kode[kode] = Total(kode, t.dage + (dage or 0), t.minutter + (minutter or 0), t.forloeb + 1)
    return tuple(pr_kode[k] for k in sorted(pr_kode))


# ---------------------------------------------------------------- the token

def til_token(f: Fortsaettelse) -> str:
    """The opaque token: URL-safe base64 of compact JSON (no padding)."""
    indhold = {"g": f.graense.isoformat(), "d": f.efter[0].isoformat(), "i": f.efter[1],
               "s": f.soegning,
               "t": [[t.kode, t.dage.numerator, t.dage.denominator, t.minutter, t.forloeb]
                     for t in f.totaler]}
    return base64.urlsafe_b64encode(json.dumps(indhold, separators=(",", ":")).encode()).decode().rstrip("=")


def fra_token(token: str, soegning: Soegning) -> Fortsaettelse:
    """The walk a token continues, or F180 when it is no token of ours or belongs to another search
    (the token is opaque: the client gives it back unchanged)."""
    try:
        d = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        f = Fortsaettelse(datetime.fromisoformat(d["g"]), (date.fromisoformat(d["d"]), str(d["i"])),
                          str(d["s"]), tuple(Total(str(k), Fraction(int(n), int(m)), int(mi), int(fo))
                                for k, n, m, mi, fo in d["t"]))
    except (binascii.Error, ValueError, KeyError, TypeError, ZeroDivisionError, UnicodeDecodeError):
        raise Afvist([meddelelse("F180", "Fortsaettelse")]) from None
    if f.soegning != soegning.fingeraftryk() or f.graense.tzinfo is not None:
        raise Afvist([meddelelse("F180", "Fortsaettelse")])
    return f
