"""Rule 9 (DOMAIN.md §4; seed 002 §4): one ferieår per vacation event, and the old ferieår's
available days must be 0 before the new one is used ("Før indberetning af feriedage kan foretages
i et nyt ferieår, skal evt. disponible dage være lig 0 i det gamle ferieregnskab"). Judged through
the domain's one entry point; the advice of every refusal is then followed and must be accepted."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import pytest

from fravaer.domain import kvoteregler
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.haendelse import Haendelse, HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvoter import FERIE_UDEN_LOEN, Art, Konto, KvoteType, Post, Regnskab
from fravaer.domain.meddelelser import Afvist
from fravaer.domain.vurdering import Grundlag, vurder_haendelse
from tests.unit.test_kvoter import ansat, regnskab

KATALOG = standardkatalog()
IDAG = date(2025, 8, 1)
A = (date(2025, 9, 1), date(2025, 9, 2))  # within September–December: two working days
B = (date(2025, 9, 1), date(2025, 9, 5))  # within September–December: five working days
C = (date(2025, 12, 29), date(2026, 1, 2))  # across 31 December: 29, 30 Dec and 2 Jan draw
D = (date(2026, 1, 5), date(2026, 1, 9))  # after 31 December: the old ferieår is closed
E = (date(2025, 11, 3), date(2025, 11, 6))  # November, when the new year has earned 4,17


def med_rest(politik: str, kode: str, rest: str, start: date = date(2024, 12, 1)) -> Regnskab:
    """Ferieår 2025 with `rest` days left of ferie med løn (employed from `start`: 18,75 earned,
    so the limit of 25 days registered (rule 11) is not reached), or for 505 `rest` days of ferie
    uden løn given (its account earns nothing by itself)."""
    r = regnskab(ansat(start), politik)
    dage = Fraction(rest.replace(",", "."))
    if kode == "500":
        optjent = r.kvote(Konto(KvoteType.FERIE, 2025), date(2025, 9, 1)).optjent
        r.tilfoej([Post(Konto(KvoteType.FERIE, 2025), date(2025, 8, 29), Art.AFVIKLET, optjent - dage,
                        "sommer", kode="500")])
    elif dage:
        r.tilfoej([Post(Konto(KvoteType.FERIE, 2025, FERIE_UDEN_LOEN), date(2025, 8, 29), Art.REGULERET,
                        dage, "r", FERIE_UDEN_LOEN)])
    return r


def vurder(r: Regnskab, data: HaendelseData, andre=(), kilde="ny"):
    a = r.ansaettelse
    return vurder_haendelse(data, kilde, KATALOG, Grundlag(a, IDAG, Arbejdstid(a), list(andre), None, r))


def udfald(r: Regnskab, data: HaendelseData):
    try:
        return vurder(r, data).data.ferieaar
    except Afvist as e:
        return [m.kode for m in e.meddelelser]


@pytest.mark.parametrize("kode, rest, navngivet, periode, forventet", [
    # the old ferieår has 0 available days: the new one is drawn, or named
    ("500", "0", None, A, 2026),
    ("500", "0", 2026, A, 2026),
    ("500", "0", 2025, A, 2025),  # the client's choice: the policy judges it (here an advis)
    ("500", "0", None, C, 2026),
    ("500", "0,001", None, A, 2026),  # shown as 0,00: that is 0
    # it has days, enough for the period: drawn first; the new year may not be named
    ("500", "2", None, A, 2025),
    ("500", "2", 2025, A, 2025),
    ("500", "2", 2026, A, ["F092"]),
    # it has days, not enough: split where they run out; naming the old lets the policy judge
    ("500", "2", None, B, ["F040"]),
    ("500", "2", 2025, B, 2025),
    ("500", "2", 2026, B, ["F092"]),
    # across 31 December, when the old year's period of taking ends
    ("500", "2", None, C, ["F040"]),
    ("500", "10", None, C, ["F040"]),
    ("500", "2", 2025, C, ["F019"]),
    ("500", "2", 2026, C, ["F092"]),
    # across 31 December with no working day before it (31 Dec is a day off): all the new year's
    ("500", "2", None, (date(2025, 12, 31), date(2026, 1, 6)), 2026),
    # after 31 December the old ferieår is closed, whatever it has left
    ("500", "2", None, D, 2026),
    ("500", "2", 2026, D, 2026),
    ("500", "2", 2025, D, ["F019"]),
    # ferie uden løn (505) has its own account, in the same order
    ("505", "0", None, A, 2026),
    ("505", "3", None, A, 2025),
    ("505", "3", 2026, A, ["F092"]),
    ("505", "3", 2025, A, 2025),
    ("505", "3", None, B, ["F040"]),
    ("505", "3", None, C, ["F040"]),
    ("505", "3", None, D, 2026),
])
def test_the_old_ferieaar_first(kode, rest, navngivet, periode, forventet):
    r = med_rest("stat", kode, rest)
    assert udfald(r, HaendelseData(kode, *periode, ferieaar=navngivet)) == forventet


def test_f092_says_how_many_days_are_left_in_which_ferieaar():
    with pytest.raises(Afvist) as e:
        vurder(med_rest("stat", "500", "2,5"), HaendelseData("500", *A, ferieaar=2026))
    [m] = e.value.meddelelser
    assert (m.kode, m.felt) == ("F092", "Ferieaar")
    assert "Ferieåret 2025 har stadig 2,50 dage til rådighed" in m.tekst and "ferieåret 2026" in m.tekst


def d(tekst: str) -> date:
    return date.fromisoformat(tekst)


@pytest.mark.parametrize("politik, kode, rest, periode, forventet, tekst, dele", [
    # 25 earned and 23,5 registered: the limit of 25 days (rule 11) lets no day overdraw the old year
    ("stat_25", "500", "1,5", E, "F093", "03-11-2025 – 03-11-2025 med Ferieaar 2025 og 3 timer 42 minutter",
     [("2025-11-03", "2025-11-03", None, 2025), ("2025-11-04", "2025-11-04", 222, 2025),
      ("2025-11-04", "2025-11-04", 222, 2026), ("2025-11-05", "2025-11-06", None, 2026)]),
    # a lenient policy: the first part ends on the day the old days run out (overdraw < 1 day)
    ("stat", "500", "2", B, "F040", "01-09-2025 – 02-09-2025 med Ferieaar 2025 og 03-09-2025 – 05-09-2025",
     [("2025-09-01", "2025-09-02", None, 2025), ("2025-09-03", "2025-09-05", None, 2026)]),
    ("stat", "500", "1,5", B, "F040", "01-09-2025 – 02-09-2025 med Ferieaar 2025",
     [("2025-09-01", "2025-09-02", None, 2025), ("2025-09-03", "2025-09-05", None, 2026)]),
    ("forskud", "500", "1,5", B, "F040", "01-09-2025 – 02-09-2025 med Ferieaar 2025",
     [("2025-09-01", "2025-09-02", None, 2025), ("2025-09-03", "2025-09-05", None, 2026)]),
    ("stat", "500", "2", C, "F040", "29-12-2025 – 30-12-2025 med Ferieaar 2025 og 31-12-2025 – 02-01-2026",
     [("2025-12-29", "2025-12-30", None, 2025), ("2025-12-31", "2026-01-02", None, 2026)]),
    ("stat", "500", "10", C, "F040", "29-12-2025 – 31-12-2025 med Ferieaar 2025 og 01-01-2026 – 02-01-2026",
     [("2025-12-29", "2025-12-31", None, 2025), ("2026-01-01", "2026-01-02", None, 2026)]),
    ("stat", "505", "3", B, "F040", "01-09-2025 – 03-09-2025 med Ferieaar 2025",
     [("2025-09-01", "2025-09-03", None, 2025), ("2025-09-04", "2025-09-05", None, 2026)]),
    # a policy that lets no balance go below 0: the old year's last part of a day in minutes
    ("kun_optjent", "500", "1,5", E, "F093",
     "03-11-2025 – 03-11-2025 med Ferieaar 2025 og 3 timer 42 minutter den 04-11-2025",
     [("2025-11-03", "2025-11-03", None, 2025), ("2025-11-04", "2025-11-04", 222, 2025),
      ("2025-11-04", "2025-11-04", 222, 2026), ("2025-11-05", "2025-11-06", None, 2026)]),
    ("kun_optjent", "500", "0,5", E, "F096", "3 timer 42 minutter den 03-11-2025 med Ferieaar 2025",
     [("2025-11-03", "2025-11-03", 222, 2025), ("2025-11-03", "2025-11-03", 222, 2026),
      ("2025-11-04", "2025-11-06", None, 2026)]),
    ("egen_fridag", "500", "0,25", E, "F096", "1 timer 51 minutter den 03-11-2025",
     [("2025-11-03", "2025-11-03", 111, 2025), ("2025-11-03", "2025-11-03", 333, 2026),
      ("2025-11-04", "2025-11-06", None, 2026)]),
])
def test_the_advice_of_a_refusal_is_accepted_when_followed(politik, kode, rest, periode, forventet, tekst,
                                                          dele):
    r = med_rest(politik.removesuffix("_25"), kode, rest, date(2020, 1, 1) if politik.endswith("_25")
                 else date(2024, 12, 1))
    with pytest.raises(Afvist) as e:
        vurder(r, HaendelseData(kode, *periode))
    [m] = e.value.meddelelser
    assert m.kode == forventet and tekst in m.tekst, m.tekst
    andre: list[Haendelse] = []
    for i, (fra, til, minutter, ferieaar) in enumerate(dele):
        data = HaendelseData(kode, d(fra), d(til), minutter, ferieaar=ferieaar)
        v = vurder(r, data, andre, kilde=f"del{i}")
        assert v.data.ferieaar == ferieaar and not [x for x in v.meddelelser if x.er_fejl]
        r.tilfoej(v.poster)
        nu = datetime(2025, 8, 1, tzinfo=UTC)
        andre.append(Haendelse(f"del{i}", r.ansaettelse.id, 1, v.data, nu, nu))
    # and the old ferieår ends at 0 as shown (or the rest of its period is closed)
    gammel = r.kvote(Konto(KvoteType.FERIE, 2025, FERIE_UDEN_LOEN if kode == "505" else None), d(dele[0][0]))
    assert gammel.disponibel < Fraction(1, 100) or d(dele[-1][0]).year == 2026


def _forventet_opbrugt(dagene: list[Post], disponibel: Fraction) -> date | None:
    """The day the old year's days run out, summed as Fractions (the reference for
    kvoteregler._gammel_foerst's integer sum over a running denominator)."""
    brugt = Fraction(0)
    for p in dagene:
        if p.dato > date(2025, 12, 31):
            break
        brugt += p.dage
        if brugt >= disponibel:
            return p.dato
    return None


@pytest.mark.parametrize("seed", range(40))
def test_the_old_years_days_are_summed_exactly_over_mixed_denominators(seed):
    """Days of part-time schedules have unlike denominators (7,4 hours of 37 a week: 37/50 and
    the like); where the old year runs out is decided on the exact sum, also when the available
    days equal a partial sum exactly or miss it by a millionth."""
    rnd = random.Random(seed)
    fra = date(2025, 9, 1)
    konto = Konto(KvoteType.FERIE, 2025)
    taellere, naevnere = [1, 2, 3, 5, 7, 37, 111], [1, 2, 3, 4, 7, 50, 74, 111, 148]
    dagene = [Post(konto, fra + timedelta(days=i), Art.AFVIKLET,
                   Fraction(rnd.choice(taellere), rnd.choice(naevnere)), "ny", kode="500") for i in range(8)]
    k = rnd.randrange(len(dagene))
    rest = sum((p.dage for p in dagene[:k + 1]), Fraction(0)) + rnd.choice(
        [0, 0, Fraction(1, 10**6), -Fraction(1, 10**6)])
    r = med_rest("stat", "500", str(rest))
    data = HaendelseData("500", fra, dagene[-1].dato)
    disponibel = r.kvote(konto, fra).disponibel
    assert disponibel == rest
    kode = KATALOG.kode("500")
    # the day postings given as the judgement's own working out (_afviklingen's key)
    afviklinger = {("ny", "500", data.fra, data.til, None, 2025, None): dagene}
    ferieaar, meddelelser = kvoteregler._gammel_foerst(data, "ny", kode, r, Arbejdstid(r.ansaettelse), konto,
                                                      disponibel, afviklinger)
    opbrugt = _forventet_opbrugt(dagene, disponibel)
    if opbrugt is None or opbrugt == dagene[-1].dato:  # the old year's days last through the event
        assert (ferieaar, meddelelser) == (2025, []), (opbrugt, [m.tekst for m in meddelelser])
    else:
        [m] = meddelelser
        assert ferieaar is None and m.kode in ("F040", "F093", "F096"), m.tekst
        dag = opbrugt.strftime("%d-%m-%Y")
        assert (f"– {dag} med Ferieaar 2025" if m.kode == "F040" else f"den {dag}") in m.tekst, m.tekst
