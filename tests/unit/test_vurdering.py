"""Every problem at once, across layers (DOMAIN.md §4 rule 13): fields, simultaneity and
dependencies, references, the account and what it holds are all judged, and a request is
rejected once with all they find — except where stopregler says an earlier fejl makes a later
judgement meaningless. Also care days only for a born child up to the year it turns 7."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

import pytest

from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.haendelse import Haendelse, HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvoter import Art, Barn, Konto, KvoteType, Post
from fravaer.domain.meddelelser import Afvist, Alvor, Meddelelse, _skabeloner
from fravaer.domain.personale import Referencer
from fravaer.domain.stopregler import STOPPER, Trin, stopper
from fravaer.domain.vurdering import Grundlag, kraever_referencer, kraever_regnskab, vurder_haendelse
from tests.unit.test_kvoter import ansat, regnskab

KATALOG = standardkatalog()
IDAG = date(2025, 8, 1)
NU = datetime(2025, 8, 1, tzinfo=UTC)
BARN = Barn(1, date(2019, 6, 14))  # turns 7 in 2026


def d(tekst: str) -> date:
    return date.fromisoformat(tekst)


def ny(kode, fra, til=..., minutter=None, **andet) -> HaendelseData:
    return HaendelseData(kode, d(fra), d(fra) if til is ... else (None if til is None else d(til)), minutter,
                         **andet)


def gemt(hid: str, kode: str, fra: str, til=..., **andet) -> Haendelse:
    return Haendelse(hid, 1, 1, ny(kode, fra, til, **andet), NU, NU)


def koder(data: HaendelseData, andre=(), politik="stat", start=date(2020, 1, 1), foer=None,
          bank: Fraction = Fraction(0)) -> list[str]:
    """The codes of the judgement through the one entry point, with everything the service
    would read: the references and the accounts only when the event needs them."""
    r = regnskab(ansat(start), politik, boern=[BARN])
    if bank:
        seniorbonus = Konto(KvoteType.FRIHEDSBANK, None, 6)
        r.tilfoej([Post(seniorbonus, date(2025, 1, 2), Art.REGULERET, bank, "r", 6)])
    referencer = Referencer(boern=frozenset(r.boern)) if kraever_referencer(data, KATALOG) else None
    grundlag = Grundlag(r.ansaettelse, IDAG, Arbejdstid(r.ansaettelse), list(andre), referencer,
                        r if kraever_regnskab(data, KATALOG) else None)
    try:
        v = vurder_haendelse(data, "ny", KATALOG, grundlag, foer)
    except Afvist as e:
        return [m.kode for m in e.meddelelser]
    return [m.kode for m in v.meddelelser]


S2010, S2020, S2025 = date(2010, 1, 1), date(2020, 1, 1), date(2025, 10, 1)


@pytest.mark.parametrize("data, andre, politik, start, forventet", [
    # the examples: hours on a period AND a 520 across 1 May
    (ny("520", "2025-04-28", "2025-05-02", 120), (), "stat", S2020, ["F008", "F041"]),
    # a 716/806 clash (rule 8) AND an empty time bank
    (ny("806", "2025-03-03"), [gemt("a", "716", "2025-02-03")], "stat", S2020, ["F014", "F050"]),
    # vacation on a sick day AND a policy that refuses unearned days
    (ny("500", "2025-10-13", "2025-10-17"), [gemt("a", "100", "2025-10-15")], "kun_optjent", S2025,
     ["F011", "F043"]),
    # a care day on a sick day AND before the child's birth
    (ny("610", "2019-03-04", barnenummer=1), [gemt("a", "100", "2019-03-04")], "stat", S2010,
     ["F011", "F094"]),
    # outside the employment AND an unknown child (found by two layers, said once)
    (ny("610", "2019-12-02", barnenummer=7), (), "stat", S2020, ["F018", "F047"]),
    # a field AND the new ferieår named while the old has days (rule 9)
    (ny("500", "2025-09-01", "2025-09-02", ferieaar=2026, barnenummer=1), (), "stat", S2020,
     ["F016", "F092"]),
    # a vacation day on a sick day AND a split the old ferieår needs
    (ny("500", "2025-12-29", "2026-01-02"), [gemt("a", "100", "2025-12-29")], "stat", S2020,
     ["F011", "F040"]),
    # a care day after the year the child turns 7 AND a clash with vacation
    (ny("610", "2027-03-01", barnenummer=1), [gemt("a", "500", "2027-03-01")], "stat", S2010,
     ["F011", "F095"]),
    # 110 without vacation under it AND outside the employment
    (ny("110", "2019-12-02"), (), "stat", S2020, ["F018", "F013"]),
])
def test_independent_problems_in_different_layers_are_all_listed(data, andre, politik, start, forventet):
    assert sorted(koder(data, andre, politik, start)) == sorted(forventet)


@pytest.mark.parametrize("data, andre, forventet", [
    # an unknown code has no rules: nothing else is judged (not the clash, not an account)
    (ny("999", "2025-03-03"), [gemt("a", "100", "2025-03-03")], ["F001"]),
    # Til before Fra: no days to compare or draw (the empty time bank is not judged)
    (ny("804", "2025-03-05", "2025-03-03"), [], ["F003"]),
    # the named ferieår cannot hold the dates: no account to judge (no 25-day limit, no policy)
    (ny("500", "2026-03-02", "2026-03-06", ferieaar=2025), [], ["F019"]),
    # no child named: no care-day account to judge
    (ny("610", "2025-03-03"), [gemt("a", "100", "2025-03-03")], ["F011", "F046"]),
    # minutes out of range: no cost to draw
    (ny("804", "2025-03-03", minutter=2000), [], ["F010"]),
])
def test_a_problem_stops_only_the_judgements_it_makes_meaningless(data, andre, forventet):
    assert koder(data, andre) == forventet


def test_a_full_time_bank_leaves_only_the_clash():
    assert koder(ny("806", "2025-03-03"), [gemt("a", "716", "2025-02-03")], bank=Fraction(5)) == ["F014"]


def test_a_change_hears_its_dependants_and_its_account_at_once():
    # the vacation under a 110 moved away from it (F015) and more days than the policy allows (F043)
    ferie = gemt("f", "500", "2025-10-13", "2025-10-14")
    syg = gemt("s", "110", "2025-10-14")
    data = ny("500", "2025-10-20", "2025-10-24")
    assert sorted(koder(data, [ferie, syg], "kun_optjent", date(2025, 10, 1), foer=ferie)) == ["F015", "F043"]


def test_every_stop_is_a_fejl_of_the_catalogue_with_a_reason():
    skabeloner = _skabeloner()
    for kode, (trin, grund) in STOPPER.items():
        assert skabeloner[kode][0] is Alvor.FEJL and trin and grund


@pytest.mark.parametrize("kode, trin, stopper_", [
    ("F001", Trin.SAMSPIL, True), ("F003", Trin.REFERENCER, False), ("F003", Trin.KONTO, True),
    ("F019", Trin.SAMSPIL, False), ("F046", Trin.SALDO, True), ("F046", Trin.KONTO, False),
    ("F011", Trin.SALDO, False), ("A001", Trin.SALDO, False),
])
def test_which_problem_stops_which_judgement(kode, trin, stopper_):
    m = Meddelelse(kode, Alvor.FEJL if kode.startswith("F") else Alvor.ADVIS, "")
    assert stopper([m], trin) is stopper_


# ---------------------------------------------------------------- care days: a born child, to 7


@pytest.mark.parametrize("fra, til, forventet", [
    ("2019-06-13", ..., ["F094"]),  # the day before the birth
    ("2019-06-14", ..., []),  # the birth date itself
    ("2019-06-13", "2019-06-14", ["F094"]),  # a period starting before the birth
    ("2019-12-30", ..., []),  # the year of birth gives days
    ("2026-12-30", ..., []),  # the year the child turns 7: the last with days
    ("2027-01-04", ..., ["F095"]),  # the year after
    ("2026-12-30", "2027-01-04", ["F095"]),  # a period into the year after
])
def test_care_days_from_the_birth_to_the_year_the_child_turns_7(fra, til, forventet):
    assert koder(ny("610", fra, til, barnenummer=1), start=date(2010, 1, 1)) == forventet


def test_f094_names_the_birth_date():
    r = regnskab(ansat(date(2010, 1, 1)), boern=[BARN])
    data = ny("615", "2019-06-03", barnenummer=1)
    with pytest.raises(Afvist) as e:
        vurder_haendelse(data, "x", KATALOG,
                         Grundlag(r.ansaettelse, IDAG, Arbejdstid(r.ansaettelse), [], None, r))
    [m] = e.value.meddelelser
    assert m.kode == "F094" and "14-06-2019" in m.tekst and "03-06-2019" in m.tekst
