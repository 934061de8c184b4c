"""Moving days to the next year (DOMAIN.md §6.1, §6.3): the year-end transfer of leftover vacation
(seed 002 §7.4) with each exclusion and its reason, and moving særlige feriedage ("Flyt", same §)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from fravaer.domain.ansaettelse import Ansaettelse, Loenform
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvoter import Art, Konto, KvoteType, Regnskab
from fravaer.domain.kvoteregler import flyttefrist, kan_flyttes, vurder_flytning, vurder_traek
from fravaer.domain.meddelelser import Afvist
from fravaer.domain.politik import feriepolitikker
from fravaer.domain.restferie import Udfald, markoer, tjek_dato, vurder_overfoersel

KATALOG = standardkatalog()
FERIE, SAERLIGE = KvoteType.FERIE, KvoteType.SAERLIGE_FERIEDAGE
DATO = date(2024, 11, 15)  # ferieår 2024 ends its period of taking on 31 December 2024


def regnskab(start=date(2020, 1, 1), slut=None, loenform=Loenform.MAANEDSLOEN, politik="stat") -> Regnskab:
    a = Ansaettelse(1, "X", "0101801234", 1, "T1", "0240", None, loenform, 2220, start, slut)
    return Regnskab(a, feriepolitikker()[politik])


def ferie(r: Regnskab, fra: date, til: date, ferieaar: int | None = None, kode: str = "500") -> None:
    v = vurder_traek(HaendelseData(kode, fra, til, ferieaar=ferieaar), f"h{fra}", KATALOG.kode(kode), r,
                     Arbejdstid(r.ansaettelse))
    r.tilfoej(v.poster)


def afvist(fn, *args, **kw) -> list[str]:
    with pytest.raises(Afvist) as e:
        fn(*args, **kw)
    return [m.kode for m in e.value.meddelelser]


# ---------------------------------------------------------------- the transfer, one employment


def _fuld() -> Regnskab:
    return regnskab()


def _ti_holdt() -> Regnskab:
    r = regnskab()
    ferie(r, date(2024, 6, 10), date(2024, 6, 21))  # 10 of 25 taken: 5 beyond 20 left
    return r


def _to_holdt() -> Regnskab:
    r = regnskab()
    ferie(r, date(2024, 6, 10), date(2024, 6, 11))  # 23 left, still only 5 beyond 20
    return r


def _alt_holdt() -> Regnskab:
    r = regnskab()
    ferie(r, date(2024, 6, 3), date(2024, 7, 8))  # 25 working days (5 June is a day off)
    return r


def _toogtyve_holdt() -> Regnskab:
    r = regnskab()
    ferie(r, date(2024, 6, 3), date(2024, 7, 3))  # 22 working days (5 June is a day off)
    return r


def _halvt_aar() -> Regnskab:
    return regnskab(start=date(2024, 3, 1))  # 6 months: 12,50 earned, none beyond 20


def _forskud() -> Regnskab:
    r = regnskab(start=date(2024, 6, 1), politik="forskud")
    ferie(r, date(2024, 9, 2), date(2024, 9, 13), ferieaar=2024)  # 10 taken, 6,25 earned
    return r


def _timeloen() -> Regnskab:
    return regnskab(loenform=Loenform.TIMELOEN)  # no automatic accrual: nothing earned


def _planlagt_i_december() -> Regnskab:
    r = regnskab()
    ferie(r, date(2024, 12, 16), date(2024, 12, 20), ferieaar=2024)  # planned after DATO
    return r


def _fratraadt() -> Regnskab:
    return regnskab(slut=date(2024, 10, 31))


def _begynder_senere() -> Regnskab:
    return regnskab(start=date(2025, 1, 1))


def _efter_optjeningen() -> Regnskab:
    return regnskab(start=date(2024, 10, 1))  # in force on DATO, but not in ferieår 2024's accrual


def _allerede_flyttet_manuelt() -> Regnskab:
    r = regnskab()
    r.tilfoej(vurder_flytning(2024, Fraction(3), "manuel", r, date(2024, 10, 1)))
    return r


@pytest.mark.parametrize("lav, akko, udfald, dage, kode", [
    (_fuld, None, Udfald.OVERFOERT, 5, "A011"),
    (_ti_holdt, None, Udfald.OVERFOERT, 5, "A011"),
    (_to_holdt, None, Udfald.OVERFOERT, 5, "A011"),
    (_planlagt_i_december, None, Udfald.OVERFOERT, 5, "A011"),  # planned days count toward the 20
    (_toogtyve_holdt, None, Udfald.OVERFOERT, 3, "A011"),  # only what is left: 3 of the 5 beyond 20
    (_allerede_flyttet_manuelt, None, Udfald.OVERFOERT, 2, "A011"),  # a manual move counts
    (_fuld, "14", Udfald.UDELADT, 0, "F103"),
    (_fuld, "15", Udfald.UDELADT, 0, "F103"),
    (_fuld, "16", Udfald.UDELADT, 0, "F103"),
    (_fuld, "32", Udfald.UDELADT, 0, "F103"),
    (_fuld, "014", Udfald.UDELADT, 0, "F103"),
    (_fuld, "11", Udfald.OVERFOERT, 5, "A011"),  # "på AKKO" is the seed's codes (§7.2), not any AKKO
    (_fuld, "13", Udfald.OVERFOERT, 5, "A011"),
    (_fuld, "", Udfald.OVERFOERT, 5, "A011"),  # an empty code is none
    (_forskud, None, Udfald.UDELADT, 0, "F104"),
    (_alt_holdt, None, Udfald.UDELADT, 0, "F105"),
    (_timeloen, None, Udfald.UDELADT, 0, "F105"),
    (_halvt_aar, None, Udfald.UDELADT, 0, "F106"),
    (_fratraadt, None, Udfald.UDELADT, 0, "F107"),
    (_begynder_senere, None, Udfald.UDELADT, 0, "F107"),
    (_efter_optjeningen, None, Udfald.UDELADT, 0, "F108"),
    (_fratraadt, "14", Udfald.UDELADT, 0, "F107"),  # not employed is said before AKKO
    (_forskud, "14", Udfald.UDELADT, 0, "F103"),  # AKKO before the balance, as the seed lists them
])
def test_the_transfer_moves_the_days_beyond_20_or_says_why_not(lav, akko, udfald, dage, kode):
    o = vurder_overfoersel(2024, DATO, lav(), akko)
    assert (o.udfald, o.dage, o.meddelelse.kode) == (udfald, dage, kode)
    assert bool(o.poster) is (udfald is Udfald.OVERFOERT)


def test_the_transfer_posts_out_of_the_ending_ferieaar_and_into_the_next_with_its_marker():
    r = _ti_holdt()
    o = vurder_overfoersel(2024, DATO, r, None)
    assert [(p.konto, p.dato, p.art, p.dage, p.kilde) for p in o.poster] == [
        (Konto(FERIE, 2024), DATO, Art.OVERFOERT, -5, markoer(2024)),
        (Konto(FERIE, 2025), DATO, Art.OVERFOERT, 5, markoer(2024))]
    assert o.meddelelse.tekst == "5,00 dage er flyttet fra ferieåret 2024 til ferieåret 2025."
    r.tilfoej(o.poster)
    assert r.kvote(Konto(FERIE, 2024), DATO).disponibel == 10
    assert r.kvote(Konto(FERIE, 2025), DATO).overfoert == 5


def test_a_second_transfer_moves_nothing_more_and_says_when_and_how_much_the_first_did():
    r = _fuld()
    r.tilfoej(vurder_overfoersel(2024, DATO, r, None).poster)
    igen = vurder_overfoersel(2024, date(2024, 12, 1), r, None)
    assert (igen.udfald, igen.dage, igen.poster, igen.meddelelse.kode) == (
        Udfald.ALLEREDE_OVERFOERT, 5, [], "A010")
    assert "15-11-2024" in igen.meddelelse.tekst and "5,00" in igen.meddelelse.tekst
    # the next ferieår's transfer is its own
    assert vurder_overfoersel(2025, date(2025, 11, 1), r, None).udfald is Udfald.OVERFOERT


def test_a_dry_run_judges_the_same_and_says_it_would_move():
    o = vurder_overfoersel(2024, DATO, _fuld(), None, proeve=True)
    assert (o.udfald, o.dage, o.meddelelse.kode) == (Udfald.OVERFOERT, 5, "A012")
    assert "prøvekørsel" in o.meddelelse.tekst


def test_the_reasons_name_the_numbers():
    assert "-3,75" in vurder_overfoersel(2024, DATO, _forskud(), None).meddelelse.tekst
    assert "AKKO 14" in vurder_overfoersel(2024, DATO, _fuld(), " 14 ").meddelelse.tekst
    assert "ferieret 12,50" in vurder_overfoersel(2024, DATO, _halvt_aar(), None).meddelelse.tekst


@pytest.mark.parametrize("dato, idag, koder", [
    (date(2024, 9, 1), date(2024, 9, 1), []),  # the accrual has ended: from 1 September
    (date(2024, 12, 31), date(2024, 12, 31), []),  # the last day of the agreement
    (date(2024, 8, 31), date(2024, 8, 31), ["F102"]),  # the leftover is not known yet
    (date(2025, 1, 2), date(2025, 1, 2), ["F056"]),
    (date(2024, 12, 1), date(2025, 1, 2), ["F056"]),  # dated back after the deadline
    (date(2024, 11, 1), date(2024, 6, 1), []),  # prepared ahead for a date in the window
    (date(2024, 8, 1), date(2025, 1, 2), ["F102", "F056"]),
])
def test_the_transfer_is_made_after_the_accrual_and_by_31_december(dato, idag, koder):
    assert [m.kode for m in tjek_dato(2024, dato, idag)] == koder


# ---------------------------------------------------------------- moving særlige feriedage


def test_all_unused_special_days_can_be_moved_not_only_those_beyond_20():
    r = regnskab()
    ferie(r, date(2025, 5, 5), date(2025, 5, 6), kode="520")  # 2 of 2024's 5 taken
    assert kan_flyttes(r.kvote(Konto(SAERLIGE, 2024), date(2025, 6, 1))) == 3
    assert afvist(vurder_flytning, 2024, Fraction(4), "f", r, date(2025, 6, 1), SAERLIGE) == ["F054"]
    poster = vurder_flytning(2024, Fraction(3), "f", r, date(2025, 6, 1), SAERLIGE)
    assert [(p.konto, p.dage) for p in poster] == [(Konto(SAERLIGE, 2024), -3), (Konto(SAERLIGE, 2025), 3)]
    assert poster[0].tekst == "Flyttet til særlige feriedage optjent 2025"
    r.tilfoej(poster)
    assert r.kvote(Konto(SAERLIGE, 2025), date(2026, 5, 1)).disponibel == 8  # its own 5 and the 3 moved
    assert r.kvote(Konto(SAERLIGE, 2024), date(2025, 6, 1)).disponibel == 0


@pytest.mark.parametrize("idag, koder", [
    (date(2026, 4, 30), []), (date(2026, 5, 1), ["F100"]),  # the period of taking ends 30 April
    (date(2025, 3, 1), []),  # earned by the end of 2024: movable before the period of taking
])
def test_special_days_are_moved_by_the_end_of_their_period_of_taking(idag, koder):
    r = regnskab()
    if koder:
        assert afvist(vurder_flytning, 2024, Fraction(1), "f", r, idag, SAERLIGE) == koder
    else:
        assert len(vurder_flytning(2024, Fraction(5), "f", r, idag, SAERLIGE)) == 2


def test_special_days_not_yet_earned_cannot_be_moved():
    assert afvist(vurder_flytning, 2025, Fraction(3), "f", regnskab(), date(2025, 6, 1), SAERLIGE) == ["F054"]


@pytest.mark.parametrize("kvotetype, aar, frist", [
    (FERIE, 2024, date(2024, 12, 31)), (SAERLIGE, 2024, date(2026, 4, 30))])
def test_the_deadline_of_a_move_is_the_end_of_the_period_of_taking(kvotetype, aar, frist):
    assert flyttefrist(kvotetype, aar) == frist


@pytest.mark.parametrize("kvotetype", [KvoteType.OMSORGSDAGE, KvoteType.FRIHEDSBANK])
def test_only_ferie_and_special_days_move_to_the_next_year(kvotetype):
    assert afvist(vurder_flytning, 2024, Fraction(1), "f", regnskab(), DATO, kvotetype) == ["F101"]


def test_a_move_of_ferie_still_only_takes_the_days_beyond_20():
    r = _ti_holdt()
    assert afvist(vurder_flytning, 2024, Fraction(6), "f", r, DATO, FERIE) == ["F055"]
    assert len(vurder_flytning(2024, Fraction(5), "f", r, DATO)) == 2


def test_a_move_dated_later_is_not_moved_again_by_a_back_dated_one():
    r = regnskab()
    r.tilfoej(vurder_flytning(2024, Fraction(3), "manuel", r, date(2024, 12, 10)))
    o = vurder_overfoersel(2024, DATO, r, None)  # dated 15 November, before the manual move
    assert (o.udfald, o.dage) == (Udfald.OVERFOERT, 2)
    r.tilfoej(o.poster)
    assert afvist(vurder_flytning, 2024, Fraction(1), "igen", r, date(2024, 11, 1)) == ["F055"]


def test_a_manual_move_after_a_transfer_dated_ahead_finds_nothing_left():
    r = regnskab()
    r.tilfoej(vurder_overfoersel(2024, date(2024, 12, 1), r, None).poster)  # prepared ahead
    assert afvist(vurder_flytning, 2024, Fraction(1), "manuel", r, date(2024, 11, 1)) == ["F055"]
