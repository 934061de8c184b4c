"""Exact units: minutes are integers, days are fractions; round only when presenting.

Every number of days (or hours) that is shown — an event's Dage, an account's amounts, a count,
a message's text — goes through `hundrededele`: rounded *down* (toward minus infinity) to two
decimals (DOMAIN.md §4 "Units"). That reproduces every row of the SLS conversion table (seed 002,
the last section: 8 h 30 min = 510 min → 1,14) and the forskud example of seed 004 (−2,9167 →
−2,92; −0,8333 → −0,84; 1,25). The exact value stays underneath."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

MINUTTER_PR_DAG = 444  # 7 hours 24 minutes (circular §4)
MINUTTER_PR_FULDTIDSUGE = 5 * MINUTTER_PR_DAG  # 37 hours
MAKS_MINUTTER_PR_DAG = 24 * 60


_NY, _GCD = object.__new__, math.gcd


def brok(taeller: int, naevner: int) -> Fraction:
    """Fraction(taeller, naevner) of two ints: the same value, reduced, made without
    Fraction.__new__'s checks of its arguments' types (an ABC's isinstance, twice) when the
    denominator is positive (every sum and balance of the accounts, and every judgement's)."""
    if naevner <= 0 or type(taeller) is not int or type(naevner) is not int:
        return Fraction(taeller, naevner)
    g = _GCD(taeller, naevner)
    f = _NY(Fraction)
    f._numerator = taeller // g  # type: ignore[attr-defined]  # (its __slots__)
    f._denominator = naevner // g  # type: ignore[attr-defined]
    return f


def til_minutter(timer: int | None, minutter: int | None) -> int | None:
    """Hours and minutes as one number of minutes; None when neither is given."""
    if timer is None and minutter is None:
        return None
    return (timer or 0) * 60 + (minutter or 0)


def fra_minutter(minutter: int) -> tuple[int, int]:
    return divmod(minutter, 60)


def dage(minutter: int, dagsnorm: int = MINUTTER_PR_DAG) -> Fraction:
    return brok(minutter, dagsnorm)


def som_timer(dage_: Fraction) -> Fraction:
    """Days as hours, a day being 444 minutes (7,4 hours)."""
    return dage_ * MINUTTER_PR_DAG / 60


def hundrededele(v: Fraction | int) -> int:
    """The shown value in hundredths: rounded down, toward minus infinity (DOMAIN.md §4 "Units").
    Integer arithmetic: an answer of a thousand employments shows 42,000 amounts."""
    if type(v) is not Fraction:  # Fraction(v) of a Fraction costs an ABC check for nothing
        v = Fraction(v)
    return v.numerator * 100 // v.denominator


def vis_tal(v: Fraction | int) -> str:
    """The shown value as the wire writes it (xs:decimal, two decimals): −2,9167 → "-2.92"."""
    if type(v) is Fraction and v.denominator == 1:  # whole days (0 most of all): no division
        return f"{v.numerator}.00"
    h = hundrededele(v)
    heltal, rest = divmod(abs(h), 100)
    return f"{'-' if h < 0 else ''}{heltal}.{rest:02d}"


def vis_dage(v: Fraction | int) -> Decimal:
    """The shown value as a Decimal with two decimals (510 minutes' 1,1486 days → 1.14)."""
    return Decimal(vis_tal(v))


def vis_timer(dage_: Fraction) -> str:
    """Days shown as hours (Enhed Timer): the exact hours, rounded down like days."""
    return vis_tal(som_timer(dage_))


def minutter_som_timer(minutter: int) -> Decimal:
    """Minutes shown as hours (e.g. weekly working time), rounded down like days."""
    return Decimal(vis_tal(Fraction(minutter, 60)))


def dansk(v: Fraction | int) -> str:
    """The shown value in a Danish text: two decimals, decimal comma (−2,92)."""
    return vis_tal(v).replace(".", ",")


def dansk_mangel(saldo: Fraction) -> str:
    """What a negative balance lacks, as the balance itself is shown: −2,9167 shows as −2,92, so
    the text says 2,92 missing (not 2,91)."""
    return dansk(brok(-hundrededele(saldo), 100))
