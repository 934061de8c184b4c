"""An institution's særregler (seed 002 §12, DOMAIN.md §5) on the pure domain: the layered
catalogue, the rules judged with it, the checks of new rules, and who a group rule reaches."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from fravaer.domain.ansaettelse import Ansaettelse, Forholdsperiode, Loenform
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.haendelse import Haendelse, HaendelseData, vurder_aendring, vurder_oprettelse
from fravaer.domain.katalog import Matrixregel, Samtidighed, standardkatalog
from fravaer.domain.kvoter import Barn, Regnskab
from fravaer.domain.kvoteregler import vurder_traek
from fravaer.domain.meddelelser import Afvist
from fravaer.domain.politik import feriepolitikker
from fravaer.domain.saerregler import Grupperegel, Saerregler, valider_grupperegel, valider_matrixregel

J, N, D = Samtidighed.JA, Samtidighed.NEJ, Samtidighed.DELVIS
STANDARD = standardkatalog()
IDAG = date(2026, 6, 1)
NU = datetime(2026, 6, 1, tzinfo=UTC)
# the seed's first særregel: open sickness (and 760) over planned vacation / special days
SYG_OVER_PLANLAGT = tuple(Matrixregel(k, a, J, kode_aaben=True, anden_planlagt=True)
                          for k in ("100", "130", "140", "150", "154", "155", "760")
                          for a in ("500", "505", "520"))
# the seed's second: vacation / special days while an open 760 exists
FERIE_UNDER_AABEN_760 = tuple(Matrixregel("760", a, J, kode_aaben=True) for a in ("500", "505", "520"))
INSTITUTION = Saerregler(SYG_OVER_PLANLAGT + FERIE_UNDER_AABEN_760).katalog(STANDARD, IDAG)
FULDTID = Ansaettelse(1, "I", "0101801234", 1, "T1", "0240", None, Loenform.MAANEDSLOEN, 2220,
                      date(2020, 1, 1), None)


def d(kode: str, fra: str, til: str | None = "", minutter: int | None = None, **andet) -> HaendelseData:
    """til '' means the same day as fra; None an open event."""
    til_dato = date.fromisoformat(fra) if til == "" else (None if til is None else date.fromisoformat(til))
    return HaendelseData(kode, date.fromisoformat(fra), til_dato, minutter, **andet)


def h(data: HaendelseData, id_: str = "h1") -> Haendelse:
    return Haendelse(id_, 1, 1, data, NU, NU)


def koder(fn, *args) -> list[str]:
    """The codes of the fejl (if refused) or of the advis (if accepted)."""
    try:
        return [m.kode for m in fn(*args)]
    except Afvist as e:
        return [m.kode for m in e.meddelelser]


# ---------------------------------------------------------------- the layered catalogue


@pytest.mark.parametrize("en, anden, forventet", [
    # an open sickness over vacation that starts after today: the institution says J
    (d("100", "2026-05-20", None), d("500", "2026-07-06", "2026-07-17"), J),
    (d("155", "2026-06-01", None, 120), d("520", "2026-06-02", "2026-06-03"), J),
    (d("760", "2026-05-20", None), d("505", "2026-08-03", "2026-08-07"), J),
    # the other way round: the same two events, the same answer
    (d("500", "2026-07-06", "2026-07-17"), d("100", "2026-05-20", None), J),
    # a closed sickness is not open: the default cell (D)
    (d("100", "2026-05-20", "2026-07-10"), d("500", "2026-07-06", "2026-07-17"), D),
    # vacation that started on or before today is not planned
    (d("100", "2026-05-20", None), d("500", "2026-06-01", "2026-06-05"), D),
    (d("100", "2026-05-20", None), d("500", "2026-05-25", "2026-06-05"), D),
    # 760's own rule needs no planning: vacation already under way, 760 open
    (d("760", "2026-05-20", None), d("500", "2026-05-25", "2026-06-05"), J),
    (d("760", "2026-05-20", "2026-06-30"), d("500", "2026-05-25", "2026-06-05"), D),
    # codes the rules do not name keep the default
    (d("220", "2026-05-20", None), d("500", "2026-07-06", "2026-07-17"), D),
    (d("100", "2026-05-20", None), d("110", "2026-07-06", "2026-07-17"), D),
    (d("110", "2026-07-06"), d("500", "2026-07-06"), J),
])
def test_the_institutions_view_of_a_pair_of_events(en, anden, forventet):
    assert INSTITUTION.samtidighed_mellem(en, anden) is forventet
    assert STANDARD.samtidighed_mellem(en, anden) is STANDARD.samtidighed(en.kode, anden.kode)


def test_the_default_catalogue_is_left_as_it_was():
    assert STANDARD.matrixregler == {} and INSTITUTION.matrix is STANDARD.matrix
    syg, ferie = d("100", "2026-05-20", None), d("500", "2026-07-06", "2026-07-10")
    assert STANDARD.samtidighed_mellem(syg, ferie) is D and INSTITUTION.samtidighed_mellem(syg, ferie) is J


def test_no_rules_is_the_default_catalogue_itself():
    assert Saerregler().katalog(STANDARD, IDAG) is STANDARD


@pytest.mark.parametrize("regler, par, forventet", [
    # an unconditional change is the cell itself, for both orders
    ((Matrixregel("230", "500", J),), ("230", "500"), J),
    ((Matrixregel("230", "500", J),), ("500", "230"), J),
    ((Matrixregel("100", "420", N),), ("420", "100"), N),
    # a conditional one leaves the cell (it depends on the events)
    ((Matrixregel("100", "500", J, kode_aaben=True),), ("100", "500"), D),
    # two unconditional rules for one cell: the more permissive
    ((Matrixregel("100", "500", N), Matrixregel("500", "100", J)), ("100", "500"), J),
])
def test_the_cell_of_two_codes(regler, par, forventet):
    k = Saerregler(regler).katalog(STANDARD, IDAG)
    assert k.samtidighed(*par) is forventet
    assert k.standard(*par) is STANDARD.samtidighed(*par)


@pytest.mark.parametrize("regler, ferie_fra, forventet", [
    # of the rules that hold, the one with more conditions decides
    ((Matrixregel("100", "500", N), Matrixregel("100", "500", J, kode_aaben=True)), "2026-06-01", J),
    ((Matrixregel("100", "500", J), Matrixregel("100", "500", N, kode_aaben=True)), "2026-06-01", N),
    ((Matrixregel("100", "500", N, kode_aaben=True),
      Matrixregel("100", "500", J, kode_aaben=True, anden_planlagt=True)), "2026-06-02", J),
    # … when it holds: a vacation begun today is not planned, so the broader rule decides
    ((Matrixregel("100", "500", N, kode_aaben=True),
      Matrixregel("100", "500", J, kode_aaben=True, anden_planlagt=True)), "2026-06-01", N),
    # equal conditions: the more permissive
    ((Matrixregel("100", "500", N, kode_aaben=True), Matrixregel("100", "500", D, anden_planlagt=True)),
     "2026-06-02", D),
    # a rule whose condition fails does not take part
    ((Matrixregel("100", "500", J, anden_planlagt=True),), "2026-06-01", D),
])
def test_which_rule_decides(regler, ferie_fra, forventet):
    k = Saerregler(regler).katalog(STANDARD, IDAG)
    # an open sickness from 20 May and a vacation to 5 June; today is 1 June
    assert k.samtidighed_mellem(d("100", "2026-05-20", None), d("500", ferie_fra, "2026-06-05")) is forventet


def test_care_days_without_an_account_change_only_the_omsorg_codes():
    k = Saerregler(omsorg_id=7).katalog(STANDARD, IDAG)
    uden = {kode for kode, a in k.koder.items() if not a.regnskabsfoert}
    assert uden == {"600", "605", "610", "615", "620", "630"}
    assert all(a.regnskabsfoert for a in STANDARD.koder.values())
    assert k.kode("610").halv_dag is False and k.kode("615").halv_dag is True  # the cost is the same


# ---------------------------------------------------------------- the rules judged with it


FERIE_JULI = h(d("500", "2026-07-06", "2026-07-17"), "ferie")


@pytest.mark.parametrize("katalog, ny, andre, forventet", [
    (INSTITUTION, d("100", "2026-05-25", None), [FERIE_JULI], ["A016"]),
    (STANDARD, d("100", "2026-05-25", None), [FERIE_JULI], ["F011"]),
    (INSTITUTION, d("100", "2026-05-25", "2026-07-08"), [FERIE_JULI], ["F011"]),
    # a planned vacation while an open sickness exists: the same two events, accepted
    (INSTITUTION, d("500", "2026-07-06", "2026-07-17"), [h(d("140", "2026-05-25", None))], ["A016"]),
    # a vacation under way is not planned
    (INSTITUTION, d("100", "2026-05-25", None), [h(d("500", "2026-05-29", "2026-06-05"))], ["F011"]),
    # the 760 rule: vacation under way with an open 760
    (INSTITUTION, d("520", "2026-05-25", "2026-05-29"), [h(d("760", "2026-05-04", None))], ["A016"]),
    # other rules still hold: an open sickness over planned vacation and over another sickness
    # is refused for the sickness (a refusal lists only the fejl)
    (INSTITUTION, d("100", "2026-05-25", None), [FERIE_JULI, h(d("150", "2026-06-15"), "syg")],
     ["F011"]),
    # a partial day with a partial vacation day is allowed by default: no A016 (A001: sick ahead)
    (INSTITUTION, d("100", "2026-07-06", minutter=120), [h(d("500", "2026-07-06", minutter=120))],
     ["A001"]),
])
def test_registering_with_the_institutions_view(katalog, ny, andre, forventet):
    assert koder(vurder_oprettelse, ny, andre, katalog, FULDTID, IDAG) == forventet


def test_a_change_is_judged_by_the_same_rule():
    syg = h(d("100", "2026-05-25", None), "syg")
    andre = [syg, FERIE_JULI]
    # a note on the open sickness: still allowed while the vacation is planned
    rettet = replace(syg.data, bemaerkning="lægeerklæring")
    assert koder(vurder_aendring, syg, rettet, andre, INSTITUTION, FULDTID, IDAG) == ["A016"]
    # closed within the vacation it is an ordinary sickness over vacation
    lukket = replace(syg.data, til=date(2026, 7, 8))
    assert koder(vurder_aendring, syg, lukket, andre, INSTITUTION, FULDTID, IDAG) == ["F011"]
    # closed before the vacation: nothing in common
    assert koder(vurder_aendring, syg, replace(syg.data, til=date(2026, 7, 3)), andre, INSTITUTION,
                 FULDTID, IDAG) == []
    # the planned vacation moved a week: still a planned vacation under an open sickness
    flyttet = replace(FERIE_JULI.data, fra=date(2026, 7, 13), til=date(2026, 7, 24))
    assert koder(vurder_aendring, FERIE_JULI, flyttet, andre, INSTITUTION, FULDTID, IDAG) == ["A016"]
    # once the vacation has begun, the same open sickness cannot be changed over it
    senere = Saerregler(SYG_OVER_PLANLAGT).katalog(STANDARD, date(2026, 7, 7))
    assert koder(vurder_aendring, syg, rettet, andre, senere, FULDTID, date(2026, 7, 7)) == ["F011"]


# ---------------------------------------------------------------- care days without an account


BARN = Barn(1, date(2021, 3, 1))


def _omsorg(katalog, kode, dag, barnenummer, brugt=0):
    r = Regnskab(FULDTID, feriepolitikker()["stat"], {BARN.barnenummer: BARN})
    tid = Arbejdstid(FULDTID)
    for i in range(brugt):  # care days already taken that year
        dato = date(2026, 3, 2 + i)
        r.tilfoej(vurder_traek(HaendelseData(kode, dato, dato, barnenummer=1), f"h{i}",
                               katalog.kode(kode), r, tid).poster)
    data = HaendelseData(kode, dag, dag, barnenummer=barnenummer)
    return koder(lambda: vurder_traek(data, "ny", katalog.kode(kode), r, tid).meddelelser)


UDEN_REGNSKAB = Saerregler(omsorg_id=1).katalog(STANDARD, IDAG)


@pytest.mark.parametrize("katalog, kode, dag, barnenummer, brugt, forventet", [
    (STANDARD, "610", date(2026, 3, 9), 1, 2, ["F049"]),  # the account has no days left
    (UDEN_REGNSKAB, "610", date(2026, 3, 9), 1, 2, []),  # no account: nothing to run out of
    (UDEN_REGNSKAB, "610", date(2026, 3, 9), 1, 5, []),
    (UDEN_REGNSKAB, "615", date(2026, 3, 9), 1, 2, []),
    # every other rule holds: the child must be the employee's, of the right scheme
    (UDEN_REGNSKAB, "610", date(2026, 3, 9), 4, 0, ["F047"]),
    (UDEN_REGNSKAB, "610", date(2026, 3, 9), None, 0, ["F046"]),
    (UDEN_REGNSKAB, "600", date(2026, 3, 9), 1, 0, ["F048"]),
    (UDEN_REGNSKAB, "615", date(2026, 3, 7), 1, 0, ["F091"]),  # a Saturday: no half day
    # saved care days (620) without an account: no F050
    (STANDARD, "620", date(2026, 3, 9), None, 0, ["F050"]),
    (UDEN_REGNSKAB, "620", date(2026, 3, 9), None, 0, []),
])
def test_care_days_without_an_account(katalog, kode, dag, barnenummer, brugt, forventet):
    assert _omsorg(katalog, kode, dag, barnenummer, brugt) == forventet


# ---------------------------------------------------------------- checks of a new rule


@pytest.mark.parametrize("regel, forventet", [
    (Matrixregel("100", "500", J, kode_aaben=True, anden_planlagt=True), []),
    (Matrixregel("999", "500", J), ["F001"]),
    (Matrixregel("998", "999", J), ["F001", "F001"]),
    (Matrixregel("999", "999", J), ["F001"]),
    (Matrixregel("500", "100", J, kode_aaben=True), ["F120"]),  # 500 is never open
    (Matrixregel("110", "500", N), ["F121"]),  # 110 needs a 5xx on every day
    (Matrixregel("520", "110", D), ["F121"]),
    (Matrixregel("110", "500", J), []),
    (Matrixregel("110", "100", J), []),
])
def test_a_matrix_rule_is_checked(regel, forventet):
    assert [m.kode for m in valider_matrixregel(regel, STANDARD)] == forventet


def _g(kode="760", fra="2027-01-01", til="2027-12-31", pkat="0240", klasse=None):
    return Grupperegel(pkat, klasse, kode, date.fromisoformat(fra), date.fromisoformat(til))


@pytest.mark.parametrize("regel, forventet", [
    (_g(), []),
    (_g("100", "2027-01-04", "2027-01-04"), []),
    (_g("999"), ["F001"]),
    (_g(til="2026-12-31"), ["F003"]),
    (_g("610", "2005-01-03", "2005-01-03"), ["F002", "F122"]),
    (_g("610"), ["F122"]),  # a care day is for a child
    (_g("615"), ["F122"]),
    (_g("220"), ["F122"]),  # a work injury needs its case
    (_g("770"), ["F122"]),  # leave needs the institution's reason
    (_g("620"), []),
])
def test_a_group_rule_is_checked(regel, forventet):
    assert [m.kode for m in valider_grupperegel(regel, STANDARD)] == forventet


# ---------------------------------------------------------------- who a group rule reaches


def _forhold(fra: str, pkat: str, klasse: str | None = None) -> Forholdsperiode:
    return Forholdsperiode(date.fromisoformat(fra), pkat, klasse, None, Loenform.MAANEDSLOEN, 2220)


@pytest.mark.parametrize("regel, ansaettelse, forventet", [
    (_g(), FULDTID, True),
    (_g(pkat="0172"), FULDTID, False),
    (_g(klasse="52"), FULDTID, False),
    (_g(klasse="52"), replace(FULDTID, klasse="52"), True),
    # PKAT and KL are numbers, as the seed's lists write them: 240 is 0240
    (_g(pkat="240"), FULDTID, True),
    (_g(pkat="240", klasse="052"), replace(FULDTID, klasse="52"), True),
    (_g(pkat="241"), FULDTID, False),
    (_g(), replace(FULDTID, startdato=date(2027, 1, 1)), True),
    (_g(), replace(FULDTID, startdato=date(2027, 1, 2)), False),  # not in force on the first day
    (_g(), replace(FULDTID, slutdato=date(2026, 12, 31)), False),
    (_g(), replace(FULDTID, slutdato=date(2027, 1, 1)), True),  # in force then (the event is judged)
    # the relationship of the rule's first day, not today's
    (_g(), replace(FULDTID, pkat="0172", forloeb=(_forhold("2020-01-01", "0240"),
                                                   _forhold("2027-06-01", "0172"))), True),
    (_g(), replace(FULDTID, forloeb=(_forhold("2020-01-01", "0172"), _forhold("2027-01-02", "0240"))), False),
])
def test_who_a_group_rule_reaches(regel, ansaettelse, forventet):
    assert regel.omfatter(ansaettelse) is forventet


def test_a_group_rules_event_names_its_rule():
    g = replace(_g(), id=14)
    assert g.haendelse() == HaendelseData("760", date(2027, 1, 1), date(2027, 12, 31),
                                          bemaerkning="Særregel 14")
