"""Exact units: minutes are integers, days are fractions; round only when presenting."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

MINUTTER_PR_DAG = 444  # 7 hours 24 minutes (circular §4)
MINUTTER_PR_FULDTIDSUGE = 5 * MINUTTER_PR_DAG  # 37 hours
MAKS_MINUTTER_PR_DAG = 24 * 60


def til_minutter(timer: int | None, minutter: int | None) -> int | None:
    """Hours and minutes as one number of minutes; None when neither is given."""
    if timer is None and minutter is None:
        return None
    return (timer or 0) * 60 + (minutter or 0)


def fra_minutter(minutter: int) -> tuple[int, int]:
    return divmod(minutter, 60)


def dage(minutter: int, dagsnorm: int = MINUTTER_PR_DAG) -> Fraction:
    return Fraction(minutter, dagsnorm)


def vis_dage(dage_: Fraction) -> Decimal:
    """Days as shown in SLS: cut (not rounded) to two decimals (510 min -> 1,14)."""
    return (Decimal(dage_.numerator) / Decimal(dage_.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_DOWN
    )


def afrund(v: Fraction) -> Decimal:
    """A balance shown with two decimals, rounded (the seed's −2,9166… days shows as −2,92);
    only a registration's hours shown as days are cut (vis_dage)."""
    d = (Decimal(v.numerator) / Decimal(v.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return d if d else abs(d)  # no "-0.00"


def som_timer(dage_: Fraction) -> Fraction:
    """Days as hours, a day being 444 minutes (7,4 hours)."""
    return dage_ * MINUTTER_PR_DAG / 60
