"""laveste_saldo given an account's accrual series beside its other postings must judge exactly as
with the series' postings first in the list (the series is shared and no longer copied and sorted
for every vacation event judged: issue 15's mass registration)."""

from datetime import date, timedelta
from fractions import Fraction
from itertools import accumulate

from hypothesis import given, settings
from hypothesis import strategies as st

from fravaer.domain.kvoter import Art, Konto, KvoteType, Optjeningsserie, Post, laveste_saldo

KONTO = Konto(KvoteType.FERIE, 2025)
START = date(2025, 9, 1)
dag = st.integers(0, 400).map(lambda n: START + timedelta(days=n))
dage = st.builds(Fraction, st.integers(1, 60), st.sampled_from([1, 2, 3, 4, 12, 37, 148]))
optjent = st.builds(lambda d, n: Post(KONTO, d, Art.OPTJENT, n), dag, dage)
anden = st.one_of(
    st.builds(lambda d, n: Post(KONTO, d, Art.AFVIKLET, n), dag, dage),
    st.builds(lambda d, n, a: Post(KONTO, d, a, n if a is not Art.OVERFOERT else -n),
              dag, dage, st.sampled_from([Art.OVERFOERT, Art.REGULERET, Art.LOENTRAEK])),
)


def serie(poster: list[Post]) -> Optjeningsserie:
    poster = sorted(poster, key=lambda p: p.dato)
    return Optjeningsserie(tuple(poster), tuple(p.dato for p in poster),
                           tuple(accumulate(p.dage for p in poster)))


@settings(max_examples=400, deadline=None)
@given(st.lists(optjent, max_size=14), st.lists(anden, max_size=14), dag)
def test_the_series_beside_the_postings_judges_as_its_postings_first(optjente, andre, fra):
    s = serie(optjente)
    assert laveste_saldo(andre, fra, s) == laveste_saldo([*s.poster, *andre], fra)


def test_a_use_before_it_is_earned_is_the_lowest_balance():
    s = serie([Post(KONTO, date(2025, 9, 30), Art.OPTJENT, Fraction(208, 100)),
               Post(KONTO, date(2025, 10, 31), Art.OPTJENT, Fraction(208, 100))])
    brug = [Post(KONTO, date(2025, 10, 6), Art.AFVIKLET, Fraction(3))]
    assert laveste_saldo(brug, date(2025, 9, 1), s) == (Fraction(208, 100) - 3, date(2025, 10, 6))
