"""The event search's rules (domain/soegning.py): which event is a hit by where its employment stood,
the totals per code, and the continuation token (round trip, another search's, tampered)."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from fractions import Fraction

import pytest

from fravaer.domain.meddelelser import Afvist
from fravaer.domain.soegning import Fortsaettelse, Soegning, Total, fra_token, rammer, summer, til_token
from fravaer.domain.statistik import Ophold

D = date.fromisoformat
MARTS = Soegning("STA", D("2026-03-01"), D("2026-03-31"))
# in unit A with PKAT 0240 until 15 March, then in unit B with PKAT 0553
OPHOLD = (Ophold(D("2026-03-01"), D("2026-03-15"), "A", "0240", 2220, False),
          Ophold(D("2026-03-16"), D("2026-03-31"), "B", "0553", 2220, False))


@pytest.mark.parametrize("ophold, fra, soegning, hit", [
    (OPHOLD, "2026-03-02", MARTS, True),
    (OPHOLD, "2026-02-20", MARTS, True),  # begins before the period: its first day in it decides
    (OPHOLD[1:], "2026-02-20", MARTS, False),  # on 1 March elsewhere
    (OPHOLD[1:], "2026-03-10", MARTS, False),  # moved here after the event began
    (OPHOLD[:1], "2026-03-16", MARTS, False),  # had left when it began
    ((), "2026-03-02", MARTS, False),
    (OPHOLD, "2026-03-02", Soegning("STA", MARTS.fra, MARTS.til, pkat=("240",)), True),  # 0240 is 240
    (OPHOLD, "2026-03-16", Soegning("STA", MARTS.fra, MARTS.til, pkat=("240",)), False),  # PKAT then 0553
    (OPHOLD, "2026-03-16", Soegning("STA", MARTS.fra, MARTS.til, pkat=("240", "553")), True),
    (OPHOLD, "2026-03-16", Soegning("STA", D("2026-03-20"), MARTS.til), True),
])
def test_rammer(ophold, fra, soegning, hit):
    assert rammer(ophold, D(fra), soegning) is hit


def test_summer_per_code_in_code_order_with_open_events_as_spells_without_cost():
    totaler = summer([("500", Fraction(1), 444), ("100", Fraction(1, 2), 222), ("100", None, None)])
    assert totaler == (Total("100", Fraction(1, 2), 222, 2), Total("500", Fraction(1), 444, 1))
    assert summer([("100", Fraction(2), 888)], totaler) == (Total("100", Fraction(5, 2), 1110, 3),
                                                            Total("500", Fraction(1), 444, 1))
    assert summer([]) == ()


def _fortsaettelse(soegning=MARTS):
    return Fortsaettelse(datetime(2026, 4, 1, 9, 0, 0), (D("2026-03-05"), "0f3c-id"), soegning.fingeraftryk(),
                         (Total("100", Fraction(1333, 444), 1333, 4),))


def test_token_round_trip():
    f = _fortsaettelse()
    token = til_token(f)
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert fra_token(token, MARTS) == f


@pytest.mark.parametrize("anden", [
    Soegning("AND", MARTS.fra, MARTS.til),
    Soegning("STA", MARTS.fra, D("2026-03-30")),
    Soegning("STA", MARTS.fra, MARTS.til, enhed="A"),
    Soegning("STA", MARTS.fra, MARTS.til, koder=("100",)),
    Soegning("STA", MARTS.fra, MARTS.til, pkat=("0240",)),
])
def test_token_of_another_search(anden):
    with pytest.raises(Afvist) as e:
        fra_token(til_token(_fortsaettelse()), anden)
    assert e.value.meddelelser[0].kode == "F180"


def test_the_order_of_codes_and_pkat_makes_no_other_search():
    a = Soegning("STA", MARTS.fra, MARTS.til, koder=("100", "500"), pkat=("1", "2"))
    b = Soegning("STA", MARTS.fra, MARTS.til, koder=("500", "100"), pkat=("2", "1"))
    assert fra_token(til_token(_fortsaettelse(a)), b) == _fortsaettelse(a)


def _b64(x) -> str:
    return base64.urlsafe_b64encode(json.dumps(x).encode()).decode().rstrip("=")


@pytest.mark.parametrize("token", [
    "", "!!!", "abc", _b64([1, 2]), _b64({"g": "2026-04-01T09:00:00"}),
    _b64({"g": "ikke en tid", "d": "2026-03-05", "i": "x", "s": MARTS.fingeraftryk(), "t": []}),
    _b64({"g": "2026-04-01T09:00:00+00:00", "d": "2026-03-05", "i": "x", "s": MARTS.fingeraftryk(), "t": []}),
    _b64({"g": "2026-04-01T09:00:00", "d": "2026-03-05", "i": "x", "s": MARTS.fingeraftryk(),
          "t": [["100", 1, 0, 0, 0]]}),
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
])
def test_token_that_is_none_of_ours(token):
    with pytest.raises(Afvist) as e:
        fra_token(token, MARTS)
    assert [m.kode for m in e.value.meddelelser] == ["F180"]
