"""The Danish public holidays that the `holidays` package gives the calendar (domain/kalender.py),
held against a table written out here for the years the service works in. A new version of the
package (constraints.txt pins it) that moves, adds or drops a day in one of these years fails here,
loudly, before it changes anyone's vacation count. 2023 still has Store bededag; from 2024 the day is
no longer a public holiday (lov nr. 178 af 28. februar 2023)."""

from __future__ import annotations

from datetime import date

import pytest

from fravaer.domain.kalender import helligdag

HELLIGDAGE = {
    2023: {
        date(2023, 1, 1): 'Nytårsdag',
        date(2023, 4, 6): 'Skærtorsdag',
        date(2023, 4, 7): 'Langfredag',
        date(2023, 4, 9): 'Påskedag',
        date(2023, 4, 10): 'Anden påskedag',
        date(2023, 5, 5): 'Store bededag',
        date(2023, 5, 18): 'Kristi himmelfartsdag',
        date(2023, 5, 28): 'Pinsedag',
        date(2023, 5, 29): 'Anden pinsedag',
        date(2023, 12, 25): 'Juledag',
        date(2023, 12, 26): 'Anden juledag',
    },
    2024: {
        date(2024, 1, 1): 'Nytårsdag',
        date(2024, 3, 28): 'Skærtorsdag',
        date(2024, 3, 29): 'Langfredag',
        date(2024, 3, 31): 'Påskedag',
        date(2024, 4, 1): 'Anden påskedag',
        date(2024, 5, 9): 'Kristi himmelfartsdag',
        date(2024, 5, 19): 'Pinsedag',
        date(2024, 5, 20): 'Anden pinsedag',
        date(2024, 12, 25): 'Juledag',
        date(2024, 12, 26): 'Anden juledag',
    },
    2025: {
        date(2025, 1, 1): 'Nytårsdag',
        date(2025, 4, 17): 'Skærtorsdag',
        date(2025, 4, 18): 'Langfredag',
        date(2025, 4, 20): 'Påskedag',
        date(2025, 4, 21): 'Anden påskedag',
        date(2025, 5, 29): 'Kristi himmelfartsdag',
        date(2025, 6, 8): 'Pinsedag',
        date(2025, 6, 9): 'Anden pinsedag',
        date(2025, 12, 25): 'Juledag',
        date(2025, 12, 26): 'Anden juledag',
    },
    2026: {
        date(2026, 1, 1): 'Nytårsdag',
        date(2026, 4, 2): 'Skærtorsdag',
        date(2026, 4, 3): 'Langfredag',
        date(2026, 4, 5): 'Påskedag',
        date(2026, 4, 6): 'Anden påskedag',
        date(2026, 5, 14): 'Kristi himmelfartsdag',
        date(2026, 5, 24): 'Pinsedag',
        date(2026, 5, 25): 'Anden pinsedag',
        date(2026, 12, 25): 'Juledag',
        date(2026, 12, 26): 'Anden juledag',
    },
    2027: {
        date(2027, 1, 1): 'Nytårsdag',
        date(2027, 3, 25): 'Skærtorsdag',
        date(2027, 3, 26): 'Langfredag',
        date(2027, 3, 28): 'Påskedag',
        date(2027, 3, 29): 'Anden påskedag',
        date(2027, 5, 6): 'Kristi himmelfartsdag',
        date(2027, 5, 16): 'Pinsedag',
        date(2027, 5, 17): 'Anden pinsedag',
        date(2027, 12, 25): 'Juledag',
        date(2027, 12, 26): 'Anden juledag',
    },
}


@pytest.mark.parametrize("aar", sorted(HELLIGDAGE))
def test_the_years_public_holidays_are_exactly_the_pinned_ones(aar):
    fundet = {}
    dag = date(aar, 1, 1)
    while dag.year == aar:
        navn = helligdag(dag)
        if navn is not None:
            fundet[dag] = navn
        dag = date.fromordinal(dag.toordinal() + 1)
    assert fundet == HELLIGDAGE[aar], (
        f"the holidays package changed Denmark's public holidays of {aar}: check the law, then the "
        "table here, before moving the pin in constraints.txt")


def test_store_bededag_is_a_holiday_in_2023_and_not_from_2024():
    assert helligdag(date(2023, 5, 5)) == "Store bededag"
    assert helligdag(date(2024, 4, 26)) is None
