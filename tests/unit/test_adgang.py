"""The rights model (domain.adgang, docs/RETTIGHEDER.md; circular, seed 003 §8): what a user of
some institutions may read of a person's employments, date by date, table by table."""

from __future__ import annotations

from datetime import date

import pytest

from fravaer.domain.adgang import FOERSTE, SIDSTE, Tilknytning, Udsnit, beskaaret, laeseret
from fravaer.domain.brugere import Bruger, Ret


def d(s: str) -> date:
    return date.fromisoformat(s)


IDAG = d("2026-12-01")


def bruger(*institutioner: str, ret: Ret = Ret.LAES) -> Bruger:
    return Bruger("b", dict.fromkeys(institutioner, ret))


def ans(nr: int, start: str, slut: str | None, institution: str, *historik: tuple[str, str]) -> Tilknytning:
    return Tilknytning(nr, d(start), d(slut) if slut else None, institution,
                       tuple((d(fra), inst) for fra, inst in historik))


def alt(fra=FOERSTE, til=SIDSTE):
    return Udsnit(fra, til, True)


def pligtige(fra, til):
    return Udsnit(fra, til, False)


# one employment at A that stays there
FAST = [ans(1, "2015-01-01", None, "A")]
# the same employment moved to B by its history on 1 June 2024
FLYTTET = [ans(1, "2020-01-01", None, "B", ("2020-01-01", "A"), ("2024-06-01", "B"))]
# a new employment (løbenummer) at B when the one at A ended
NY = [ans(1, "2020-01-01", "2024-05-31", "A"), ans(2, "2024-06-01", None, "B")]
# A, then B, then back to A with a third employment
TILBAGE = [ans(1, "2015-01-01", "2019-12-31", "A"), ans(2, "2020-01-01", "2022-12-31", "B"),
           ans(3, "2023-01-01", None, "A")]
# a job at A all along, and from 2020 a second one at B beside it
SAMTIDIG = [ans(1, "2015-01-01", None, "A"), ans(2, "2020-01-01", None, "B")]
# one employment moved A -> B -> A by its history
FRAM_OG_TILBAGE = [ans(1, "2015-01-01", None, "A", ("2015-01-01", "A"), ("2020-01-01", "B"),
                       ("2023-01-01", "A"))]
# the history changed only the hours, never the institution
KUN_TIMER = [ans(1, "2015-01-01", None, "A", ("2015-01-01", "A"), ("2018-01-01", "A"))]

TABEL = [
    ("own employment, never moved", FAST, ("A",), {1: [alt()]}),
    ("another institution's employee: nothing", FAST, ("B",), {}),
    ("history move: the old one keeps its own past", FLYTTET, ("A",),
     {1: [alt(til=d("2024-05-31"))]}),
    ("history move: the new one has its own time and the reportable past", FLYTTET, ("B",),
     {1: [pligtige(d("2020-01-01"), d("2024-05-31")), alt(fra=d("2024-06-01"))]}),
    ("history move: a third institution sees nothing", FLYTTET, ("C",), {}),
    ("history move: rights at both read all", FLYTTET, ("A", "B"),
     {1: [alt(til=d("2024-05-31")), alt(fra=d("2024-06-01"))]}),
    ("new employment: the old one reads its own employment, not the new", NY, ("A",), {1: [alt()]}),
    ("new employment: the new one reads the old one's reportable absence", NY, ("B",),
     {1: [pligtige(d("2020-01-01"), d("2024-05-31"))], 2: [alt()]}),
    ("back again: A reads B's reportable time in between", TILBAGE, ("A",),
     {1: [alt()], 2: [pligtige(d("2020-01-01"), d("2022-12-31"))], 3: [alt()]}),
    ("back again: B does not get what came after it", TILBAGE, ("B",),
     {1: [pligtige(d("2015-01-01"), d("2019-12-31"))], 2: [alt()]}),
    ("beside: the second job reads the first's reportable past up to its start", SAMTIDIG, ("B",),
     {1: [pligtige(d("2015-01-01"), d("2019-12-31"))], 2: [alt()]}),
    ("beside: the first job does not learn of the second", SAMTIDIG, ("A",), {1: [alt()]}),
    ("history there and back: A its own two stretches and B's reportable between", FRAM_OG_TILBAGE,
     ("A",), {1: [alt(til=d("2019-12-31")), pligtige(d("2020-01-01"), d("2022-12-31")),
                  alt(fra=d("2023-01-01"))]}),
    ("history there and back: B its own stretch and the reportable before", FRAM_OG_TILBAGE, ("B",),
     {1: [pligtige(d("2015-01-01"), d("2019-12-31")), alt(d("2020-01-01"), d("2022-12-31"))]}),
    ("a history that never changed institution is one stretch", KUN_TIMER, ("A",), {1: [alt()]}),
]


@pytest.mark.parametrize("person, institutioner, forventet",
                         [pytest.param(p, i, f, id=navn) for navn, p, i, f in TABEL])
@pytest.mark.parametrize("ret", [Ret.LAES, Ret.REGISTRER])
def test_what_a_user_may_read(person, institutioner, forventet, ret):
    svar = laeseret(bruger(*institutioner, ret=ret), person, IDAG)
    assert {k: list(v) for k, v in svar.items()} == forventet


def test_a_user_without_rights_reads_nothing():
    assert laeseret(Bruger("ingen"), NY, IDAG) == {}


@pytest.mark.parametrize("udsnit, indberetningspligtig, viser", [
    (alt(), True, True), (alt(), False, True),
    (pligtige(FOERSTE, SIDSTE), True, True), (pligtige(FOERSTE, SIDSTE), False, False),
])
def test_a_stretch_shows_every_code_or_only_the_reportable(udsnit, indberetningspligtig, viser):
    assert udsnit.viser(indberetningspligtig) is viser


@pytest.mark.parametrize("fra, til, forventet", [
    ("2024-01-01", "2024-12-31", [pligtige(d("2024-01-01"), d("2024-05-31")),
                                  alt(d("2024-06-01"), d("2024-12-31"))]),
    ("2024-06-01", "2024-06-30", [alt(d("2024-06-01"), d("2024-06-30"))]),
    ("2019-01-01", "2019-12-31", []),  # before the employment: nothing to read
    ("2024-05-31", "2024-05-31", [pligtige(d("2024-05-31"), d("2024-05-31"))]),
])
def test_the_stretches_are_cut_to_the_period(fra, til, forventet):
    [udsnit] = laeseret(bruger("B"), FLYTTET, IDAG).values()
    assert beskaaret(udsnit, d(fra), d(til)) == forventet


@pytest.mark.parametrize("person, institutioner, idag, forventet", [
    pytest.param(FLYTTET, ("B",), "2024-05-31", {1: [alt(fra=d("2024-06-01"))]},
                 id="a planned move: the new one gets its own dates, nothing of the past before the day"),
    pytest.param(FLYTTET, ("B",), "2024-06-01",
                 {1: [pligtige(d("2020-01-01"), d("2024-05-31")), alt(fra=d("2024-06-01"))]},
                 id="a planned move: on its day the reportable past follows"),
    pytest.param(FLYTTET, ("A",), "2024-05-31", {1: [alt(til=d("2024-05-31"))]},
                 id="a planned move: the old one's own dates do not wait"),
    pytest.param(NY, ("B",), "2024-05-31", {2: [alt()]},
                 id="a new employment from a later date: nothing follows before it begins"),
    pytest.param(TILBAGE, ("A",), "2022-12-31", {1: [alt()], 3: [alt()]},
                 id="a planned return: the stay in between follows only on the day of return"),
    pytest.param(TILBAGE, ("A",), "2023-01-01",
                 {1: [alt()], 2: [pligtige(d("2020-01-01"), d("2022-12-31"))], 3: [alt()]},
                 id="the return has happened"),
])
def test_what_follows_the_employee_follows_on_the_day_of_the_move(person, institutioner, idag, forventet):
    svar = laeseret(bruger(*institutioner), person, d(idag))
    assert {k: list(v) for k, v in svar.items()} == forventet
