"""The quarterly report's domain (docs/INDBERETNING.md): the circular's annex of exempt personnel
groups (seed 003 Bilag), the quarters and deadlines (seed 002 §1) and the records (seed 003 §4)."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime

import pytest

from fravaer.domain.ansaettelse import Ansaettelse, Forholdsperiode, Loenform
from fravaer.domain.haendelse import Haendelse, HaendelseData
from fravaer.domain.indberetning import er_undtaget, minutter_pr_dag, pligtige_dage, poster, undtagelser
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvartaler import Kvartal, frist, kvartal_for
from fravaer.paths import DATA_DIR

KATALOG = standardkatalog()
NU = datetime(2026, 1, 1, tzinfo=UTC)


def _stilling(pkat=None, klasse=None, stiko=None) -> Forholdsperiode:
    return Forholdsperiode(date(2020, 1, 1), pkat, klasse, stiko, Loenform.MAANEDSLOEN, 2220)


# ------------------------------------------------------------------ the annex (seed 003 Bilag)

# written out here from the circular, so the test checks the data file
BILAG_PKAT = """0026 0027 0071 0075 0078 0080 0081 0082 0083 0090 0091 0092 0095 0096 0098 0103 0105 0106 0107
0109 0111 0121 0160 0192 0222 0250 0269 0270 0274 0277 0278 0293 0294 0326 0327 0328 0492 0493 0503 0505
0507 0509 0531 0549 0550 0554 0555 0567 0580 0581 0660 0666 0668 0683 0684 0693 0694 0695 0696 0697 0749
0750 0751 0777 0780 0781 0782 0785 0787 0791 0794 0795 0796 0797 0798 0799 0896""".split()
BILAG_STIKO = """00942 01213 01676 01677 01966 01164 04675 04677 04678 04685 04686 04687 04688 04734 04674
04739 04966 05267""".split()


def test_the_data_file_holds_exactly_the_annex():
    assert len(BILAG_PKAT) == 77 and len(BILAG_STIKO) == 18
    u = undtagelser()
    assert sorted(x.kode for x in u if x.felt == "PKAT" and x.kl is None) == sorted(BILAG_PKAT)
    assert sorted(x.kode for x in u if x.felt == "STIKO") == sorted(BILAG_STIKO)
    assert [(x.kode, x.kl) for x in u if x.kl is not None] == [("0553", "0052")]
    with open(DATA_DIR / "indberetning_undtagelser.csv", encoding="utf-8") as f:
        assert all(r["navn"] for r in csv.DictReader(f))


@pytest.mark.parametrize("pkat", BILAG_PKAT)
def test_every_annex_pkat_is_exempt_with_or_without_leading_zeros(pkat):
    assert er_undtaget(_stilling(pkat=pkat, klasse="01", stiko="10000"))
    assert er_undtaget(_stilling(pkat=str(int(pkat))))


@pytest.mark.parametrize("stiko", BILAG_STIKO)
def test_every_annex_stiko_is_exempt_whatever_the_pkat(stiko):
    assert er_undtaget(_stilling(pkat="0240", stiko=stiko))
    assert er_undtaget(_stilling(stiko=str(int(stiko))))


NABOER_PKAT = sorted({f"{int(p) + d:04d}" for p in BILAG_PKAT for d in (-1, 1)} - set(BILAG_PKAT) - {"0553"})
NABOER_STIKO = sorted({f"{int(s) + d:05d}" for s in BILAG_STIKO for d in (-1, 1)} - set(BILAG_STIKO))


@pytest.mark.parametrize("pkat", NABOER_PKAT)
def test_a_neighbouring_pkat_is_not_exempt(pkat):
    assert not er_undtaget(_stilling(pkat=pkat, klasse="0052", stiko="10000"))


@pytest.mark.parametrize("stiko", NABOER_STIKO)
def test_a_neighbouring_stiko_is_not_exempt(stiko):
    assert not er_undtaget(_stilling(pkat="0240", stiko=stiko))


@pytest.mark.parametrize("pkat, kl, undtaget", [
    ("0553", "0052", True), ("553", "52", True), ("0553", "0051", False), ("0553", None, False),
    ("0552", "0052", False), ("0240", "0052", False),
])
def test_pkat_0553_is_exempt_only_with_kl_0052(pkat, kl, undtaget):
    assert er_undtaget(_stilling(pkat=pkat, klasse=kl)) is undtaget


def test_no_codes_are_not_exempt():
    assert not er_undtaget(_stilling())


# ------------------------------------------------------------------ quarters and deadlines


@pytest.mark.parametrize("aar, nummer, fra, til, frist_", [
    (2025, 1, date(2025, 1, 1), date(2025, 3, 31), date(2025, 4, 10)),
    (2025, 2, date(2025, 4, 1), date(2025, 6, 30), date(2025, 7, 10)),
    (2025, 3, date(2025, 7, 1), date(2025, 9, 30), date(2025, 10, 10)),
    (2025, 4, date(2025, 10, 1), date(2025, 12, 31), date(2026, 1, 10)),
    (2024, 1, date(2024, 1, 1), date(2024, 3, 31), date(2024, 4, 10)),
])
def test_quarters_and_their_deadlines_in_the_pay_run_month_after(aar, nummer, fra, til, frist_):
    k = Kvartal(aar, nummer)
    assert (k.fra, k.til, frist(k)) == (fra, til, frist_)
    assert kvartal_for(fra) == kvartal_for(til) == k


def test_a_quarter_is_1_to_4():
    with pytest.raises(ValueError):
        Kvartal(2025, 5)


# ------------------------------------------------------------------ the records


def _ansaettelse(*forloeb: tuple, start=date(2020, 1, 1), slut=None, institution="A") -> Ansaettelse:
    """forloeb: (gyldig_fra, pkat, klasse, stiko, institution) rows of the history."""
    perioder = tuple(Forholdsperiode(d, p, k, s, Loenform.MAANEDSLOEN, 2220, institution_kode=i)
                     for d, p, k, s, i in forloeb)
    return Ansaettelse(7, institution, "0101801234", 1, "T7", "0240", "10000", Loenform.MAANEDSLOEN, 2220,
                       start, slut, forloeb=perioder)


def _h(kode, fra, til, minutter=None, hid="h1") -> Haendelse:
    return Haendelse(hid, 7, 1, HaendelseData(kode, fra, til, minutter), NU, NU)


Q1 = Kvartal(2025, 1)
_FRA_2020 = (date(2020, 1, 1), "0240", None, "10000", "A")  # the relationship until a change


def _en(*haendelser, a=None, institution="A", kvartal=Q1):
    return [(p.kode, p.type, p.dst_kategori, p.fra, p.til, p.aaben, p.minutter_pr_dag)
            for p in poster(a or _ansaettelse(), haendelser, institution, kvartal, KATALOG)]


def test_a_partial_sickness_is_reported_with_its_hours_per_day():
    assert _en(_h("155", date(2025, 2, 3), date(2025, 2, 28), 180)) == [
        ("155", "h", "1100", date(2025, 2, 3), date(2025, 2, 28), False, 180)]


def test_a_partial_sickness_keeps_its_hours_even_at_a_whole_day():
    assert _en(_h("155", date(2025, 2, 3), date(2025, 2, 7), 444))[0][6] == 444


def test_an_event_across_the_quarter_is_split_at_the_boundary():
    h = _h("100", date(2025, 3, 20), date(2025, 4, 10))
    assert _en(h) == [("100", "a", "1100", date(2025, 3, 20), date(2025, 3, 31), False, None)]
    assert _en(h, kvartal=Kvartal(2025, 2)) == [
        ("100", "a", "1100", date(2025, 4, 1), date(2025, 4, 10), False, None)]


@pytest.mark.parametrize("minutter, forventet", [
    (None, None),  # a whole day: counts 7 h 24 min
    (444, None),  # a day of 7 h 24 min is a whole day: no hours
    (443, 443),  # shorter than 7 h 24 min: its hours
    (222, 222),
    (510, None),  # longer than a day's 7 h 24 min: a whole day
])
def test_a_day_of_7_h_24_min_and_shorter(minutter, forventet):
    [post] = _en(_h("100", date(2025, 2, 3), date(2025, 2, 3), minutter))
    assert post[6] == forventet


@pytest.mark.parametrize("kode, minutter, forventet", [
    ("605", None, 222), ("615", None, 222), ("610", None, None), ("230", 120, 120), ("405", 200, 200),
    ("225", 300, 300), ("154", 444, 444),
])
def test_hours_per_day_by_code(kode, minutter, forventet):
    k = KATALOG.kode(kode)
    assert minutter_pr_dag(minutter, k.cirkulaere_type, k.halv_dag) == forventet


def test_codes_without_a_type_are_not_reported():
    assert _en(_h("500", date(2025, 2, 3), date(2025, 2, 7)), _h("801", date(2025, 2, 10), date(2025, 2, 10))
               ) == []


def test_an_open_event_is_reported_to_the_quarters_end_and_marked_open():
    assert _en(_h("100", date(2025, 3, 1), None)) == [
        ("100", "a", "1100", date(2025, 3, 1), date(2025, 3, 31), True, None)]


def test_an_event_across_a_change_into_an_exempt_pkat_is_cut():
    a = _ansaettelse(_FRA_2020, (date(2025, 2, 15), "0082", None, "10000", "A"))
    assert _en(_h("100", date(2025, 2, 10), date(2025, 2, 20)), a=a) == [
        ("100", "a", "1100", date(2025, 2, 10), date(2025, 2, 14), False, None)]


def test_an_event_across_an_exempt_stretch_is_reported_in_two_parts():
    a = _ansaettelse(_FRA_2020, (date(2025, 2, 12), "0240", None, "04687", "A"),
                     (date(2025, 2, 14), "0240", None, "10000", "A"))
    assert [(p[3], p[4]) for p in _en(_h("100", date(2025, 2, 10), date(2025, 2, 20)), a=a)] == [
        (date(2025, 2, 10), date(2025, 2, 11)), (date(2025, 2, 14), date(2025, 2, 20))]


def test_a_change_between_reportable_relationships_cuts_nothing():
    a = _ansaettelse(_FRA_2020, (date(2025, 2, 15), "0241", None, "10000", "A"))
    assert len(_en(_h("100", date(2025, 2, 10), date(2025, 2, 20)), a=a)) == 1


def test_an_employment_that_moves_is_reported_by_the_institution_it_belonged_to_each_day():
    a = _ansaettelse(_FRA_2020, (date(2025, 2, 15), "0240", None, "10000", "B"),
                     institution="B")
    h = _h("100", date(2025, 2, 10), date(2025, 2, 20))
    assert [(p[3], p[4]) for p in _en(h, a=a, institution="A")] == [(date(2025, 2, 10), date(2025, 2, 14))]
    assert [(p[3], p[4]) for p in _en(h, a=a, institution="B")] == [(date(2025, 2, 15), date(2025, 2, 20))]
    assert _en(h, a=a, institution="C") == []


def test_the_reportable_days_stay_within_the_employment():
    a = _ansaettelse(start=date(2025, 2, 1), slut=date(2025, 2, 28))
    assert pligtige_dage(a, "A", Q1.fra, Q1.til) == [(date(2025, 2, 1), date(2025, 2, 28))]
    assert pligtige_dage(a, "A", date(2025, 4, 1), date(2025, 6, 30)) == []


def test_an_exempt_employment_has_no_records():
    a = _ansaettelse((date(2020, 1, 1), "0553", "0052", "10000", "A"))
    assert _en(_h("100", date(2025, 2, 10), date(2025, 2, 20)), a=a) == []


def test_records_are_in_date_order_and_keyed_by_event_and_start():
    ps = poster(_ansaettelse(), [_h("100", date(2025, 3, 3), date(2025, 3, 4), hid="b"),
                                 _h("230", date(2025, 1, 6), date(2025, 1, 6), hid="a")], "A", Q1, KATALOG)
    assert [p.noegle for p in ps] == ["a/1", "b/1"]
    assert ps[0].felter() == ("0101801234", "1", "T7", "a", "230", "c", "1200", "2025-01-06", "2025-01-06",
                              "N", "", "")


@pytest.mark.parametrize("fra, slut, idag, forventet", [
    (date(2025, 2, 3), date(2025, 2, 3), date(2025, 4, 10), []),  # on the deadline: still in time
    (date(2025, 2, 3), date(2025, 2, 3), date(2025, 4, 11), [("A", Q1)]),
    (date(2025, 3, 30), date(2025, 4, 2), date(2025, 7, 11), [("A", Q1), ("A", Kvartal(2025, 2))]),
    (date(2025, 3, 30), date(2025, 4, 2), date(2025, 5, 1), [("A", Q1)]),
    (date(2025, 6, 1), date.max, date(2025, 7, 11), [("A", Kvartal(2025, 2))]),  # open: up to today
    (date(2025, 8, 1), date(2025, 8, 1), date(2025, 7, 11), []),  # in the future
])
def test_the_reported_quarters_past_their_deadline_an_event_touches(fra, slut, idag, forventet):
    from fravaer.domain.indberetning import efter_fristen

    assert efter_fristen(_ansaettelse(), fra, slut, idag) == forventet


def test_past_the_deadline_by_the_institution_the_employment_belonged_to():
    from fravaer.domain.indberetning import efter_fristen

    a = _ansaettelse(_FRA_2020, (date(2025, 2, 15), "0240", None, "10000", "B"), institution="B")
    assert efter_fristen(a, date(2025, 2, 10), date(2025, 2, 20), date(2025, 5, 1)) == [("A", Q1), ("B", Q1)]
    assert efter_fristen(a, date(2025, 2, 10), date(2025, 2, 12), date(2025, 5, 1)) == [("A", Q1)]
