"""Properties of the event rules (DOMAIN.md §4–§5, and §7 for the day's planned minutes), checked with
hypothesis on random requests.

The central one: whatever a client asks for, one request at a time, the stored events always obey every
rule. The state is checked here day by day by an oracle written from DOMAIN.md, not by valider_samspil;
it takes the holidays from the `holidays` package, not from fravaer.domain.kalender."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from functools import lru_cache

import holidays
from hypothesis import HealthCheck, Phase, assume, event, given, settings
from hypothesis import strategies as st

from fravaer.domain.ansaettelse import Ansaettelse, Loenform
from fravaer.domain.haendelse import (
    Haendelse,
    HaendelseData,
    valider_felter,
    vurder_aendring,
    vurder_oprettelse,
    vurder_sletning,
)
from fravaer.domain.katalog import Samtidighed, TidsKrav, standardkatalog
from fravaer.domain.maaleenheder import dage, vis_dage
from fravaer.domain.meddelelser import Afvist, Alvor

KATALOG = standardkatalog()
KODER = sorted(KATALOG.koder)
NU = datetime(2026, 1, 1, tzinfo=UTC)
FULDTID = Ansaettelse(1, "I", "0101801234", 1, "T1", None, None, Loenform.MAANEDSLOEN, 2220,
                      date(2020, 1, 1), None)
HALVTID = replace(FULDTID, ugentlige_minutter=1110)  # 222 minutes a day
OPHOERT = replace(FULDTID, slutdato=date(2024, 2, 29))  # ends inside the window: F018 happens
ANSAETTELSER = [FULDTID, HALVTID, OPHOERT]

# A small window, so events collide often; it crosses a new year, so rule 8's calendar year matters.
VINDUE_START = date(2023, 12, 11)
VINDUE_DAGE = 91  # to 2024-03-10
IDAG = date(2024, 1, 15)  # inside the window: sickness after it gives the advis A001

FERIE = frozenset({"500", "505", "520"})  # what a 110 needs under it (rule 7)
UDELUKKER = [frozenset({"715", "805"}), frozenset({"716", "806"})]  # rule 8
# Codes that make the interesting rules fire, drawn as often as all the others together.
FOKUS = ["110", "500", "505", "520", "155", "225", "405", "715", "805", "716", "806", "100", "230"]

# No explain phase: it only adds comments to a failure's report, and takes most of the time then.
INDSTILLINGER = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                         phases=[Phase.explicit, Phase.generate, Phase.target, Phase.shrink],
                         suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------- the oracle, from DOMAIN.md


SLS_FRIDAGE = {"06-05", "12-24", "12-31"}  # the SLS default employer-paid days off (DOMAIN.md §7)


def dagsnorm(ansaettelse: Ansaettelse) -> int:
    """444 minutes for 37 hours a week, in proportion for part time."""
    return ansaettelse.ugentlige_minutter * 444 // 2220


@lru_cache
def _helligdage(aar: int) -> holidays.HolidayBase:
    return holidays.Denmark(years=aar)


def planlagt(ansaettelse: Ansaettelse, dag: date) -> int:
    """DOMAIN.md §7 without a registered plan: Monday–Friday, not on public holidays nor on the SLS
    default employer-paid days off (5 June, 24 and 31 December)."""
    if dag.weekday() >= 5 or dag in _helligdage(dag.year) or dag.strftime("%m-%d") in SLS_FRIDAGE:
        return 0
    return dagsnorm(ansaettelse)


def i_kraft(d: HaendelseData, dag: date) -> bool:
    return d.fra <= dag and (d.til is None or dag <= d.til)


def felt_brud(d: HaendelseData, ansaettelse: Ansaettelse) -> list[str]:
    """DOMAIN.md §4 rules 1–5 and 12 and the employment's dates, for one event on its own."""
    brud = []
    kode = KATALOG.koder.get(d.kode)
    if kode is None:
        return [f"{d}: ukendt kode"]
    if d.til is not None and d.til < d.fra:
        brud.append(f"{d}: til før fra")
    if d.fra < ansaettelse.startdato or (
        ansaettelse.slutdato is not None and (d.til is None or d.til > ansaettelse.slutdato)
    ):
        brud.append(f"{d}: uden for ansættelsen")
    if d.minutter is not None and not 1 <= d.minutter <= 1440:
        brud.append(f"{d}: minutter")
    if d.fra < kode.gyldig_fra or (kode.gyldig_til is not None and d.fra > kode.gyldig_til):
        brud.append(f"{d}: koden gælder ikke")
    periode = d.til != d.fra
    if d.til is None and not kode.aaben_tilladt:
        brud.append(f"{d}: må ikke være åben")
    krav = kode.tid_periode if periode else kode.tid_dag
    if periode and not kode.periode_tilladt:
        brud.append(f"{d}: må ikke være en periode")  # and its minutes are moot
    elif krav is TidsKrav.IKKE and d.minutter is not None:
        brud.append(f"{d}: minutter ikke tilladt")
    elif krav is TidsKrav.OBLIGATORISK and d.minutter is None:
        brud.append(f"{d}: minutter obligatoriske")
    return brud


def brud(tilstand: list[Haendelse], ansaettelse: Ansaettelse) -> list[str]:
    """Every way the stored events break a rule; [] when they obey them all."""
    fundet: list[str] = []
    # (a) every event is valid on its own, by valider_felter and by the oracle above
    for h in tilstand:
        if any(m.er_fejl for m in valider_felter(h.data, KATALOG, ansaettelse)):
            fundet.append(f"(a) valider_felter afviser {h.id} {h.data}")
        fundet += [f"(a) {h.id} {b}" for b in felt_brud(h.data, ansaettelse)]
    if not tilstand:
        return fundet
    # (b)–(d) day by day. After the last finite date only open events are in force, the same ones
    # as in the week after it, so that week stands for all later days.
    sidste = max(d for h in tilstand for d in (h.data.fra, h.data.til or h.data.fra)) + timedelta(days=7)
    dag = min(VINDUE_START, min(h.data.fra for h in tilstand))
    while dag <= sidste:
        paa_dagen = [h for h in tilstand if i_kraft(h.data, dag)]
        # (b) simultaneity: J, or D when both are partial days
        for a, b in itertools.combinations(paa_dagen, 2):
            regel = KATALOG.matrix[(a.data.kode, b.data.kode)]
            begge_delvise = a.data.minutter is not None and b.data.minutter is not None
            if not (regel is Samtidighed.JA or (regel is Samtidighed.DELVIS and begge_delvise)):
                fundet.append(f"(b) {dag}: {a.id} {a.data.kode} og {b.id} {b.data.kode} ({regel})")
        # (c) partial days, alone or together, within the day's planned minutes (reduced-time periods
        # count on their working days only); and no partial-day registration on a day without work
        plan = planlagt(ansaettelse, dag)
        delvise = [h.data.minutter for h in paa_dagen if h.data.minutter is not None]
        if plan > 0 and sum(delvise) > plan:
            fundet.append(f"(c) {dag}: {delvise} > {plan}")
        fundet += [f"(c) {dag}: {h.id} delvis dag uden planlagt arbejde" for h in paa_dagen
                   if plan == 0 and h.data.fra == h.data.til and h.data.minutter is not None]
        # (d) a 110 has a 5xx under it every day
        if any(h.data.kode == "110" for h in paa_dagen) and not any(h.data.kode in FERIE for h in paa_dagen):
            fundet.append(f"(d) {dag}: 110 uden ferie")
        dag += timedelta(days=1)
    # (e) 715/805 and 716/806 not in one calendar year
    for a, b in itertools.combinations(tilstand, 2):
        if frozenset({a.data.kode, b.data.kode}) in UDELUKKER:
            aar_a = set(range(a.data.fra.year, min((a.data.til or date.max).year, 2100) + 1))
            aar_b = set(range(b.data.fra.year, min((b.data.til or date.max).year, 2100) + 1))
            if aar_a & aar_b:
                fundet.append(f"(e) {a.id} {a.data.kode} og {b.id} {b.data.kode} i {sorted(aar_a & aar_b)}")
    return fundet


# ---------------------------------------------------------------- random requests


dagnumre = st.integers(0, VINDUE_DAGE - 1)
# Minutes, often ones that add up to exactly a day's norm (444 full time, 222 half time) or one more.
minutter_ = st.one_of(st.integers(1, 500), st.sampled_from([1, 110, 111, 112, 221, 222, 223, 333, 444, 445]))
koder = st.one_of(st.sampled_from(KODER), st.sampled_from(FOKUS))


@st.composite
def haendelsesdata(draw) -> HaendelseData:
    """A random event in the window. Most are shaped to fit their code's rules for period, open and
    minutes, so that many are accepted; the rest are as drawn, so that the field rules are tried too."""
    kode = draw(koder)
    fra = VINDUE_START + timedelta(days=draw(dagnumre))
    laengde = draw(st.integers(1, 10))
    slags = draw(st.sampled_from(["dag", "dag", "dag", "periode", "periode", "periode", "aaben", "baglaens"]))
    til = {"dag": fra, "periode": fra + timedelta(days=laengde), "aaben": None,
           "baglaens": fra - timedelta(days=laengde)}[slags]
    minutter = draw(st.none() | minutter_)
    if draw(st.sampled_from([True, True, True, False])):  # fit the code
        k = KATALOG.koder[kode]
        if til is not None and til < fra:
            til = fra
        if til is None and not k.aaben_tilladt:
            til = fra + timedelta(days=laengde)
        if not k.periode_tilladt:
            til = fra
        krav = k.tid_dag if til == fra else k.tid_periode
        if krav is TidsKrav.IKKE:
            minutter = None
        elif krav is TidsKrav.OBLIGATORISK and minutter is None:
            minutter = draw(minutter_)
    return HaendelseData(kode, fra, til, minutter)


# ("opret", data) | ("opret_i", index, data): moved to start on a stored event's first day, and to end
# no later than it, so that 110 lands on vacation and partial days meet |
# ("aendr", index, data, keep code and fra and move til as much as data's is after its fra) |
# ("slet", index). An index is a number (of the stored events in id order) or the string "ferie":
# the last stored vacation.
opret_op = st.tuples(st.just("opret"), haendelsesdata())
opret_i_op = st.tuples(st.just("opret_i"), st.integers(0, 99), haendelsesdata())
aendr_op = st.tuples(st.just("aendr"), st.integers(0, 99), haendelsesdata(), st.booleans())
slet_op = st.tuples(st.just("slet"), st.integers(0, 99))


@st.composite
def ferie_med_110(draw) -> list[tuple]:
    """A vacation, then a 110 that starts inside it and mostly ends inside it too."""
    fra = VINDUE_START + timedelta(days=draw(dagnumre))
    laengde = draw(st.integers(0, 10))
    start = fra + timedelta(days=draw(st.integers(0, laengde)))
    slut = start + timedelta(days=draw(st.integers(0, laengde + 2)))
    ferie = draw(st.sampled_from(sorted(FERIE)))
    return [("opret", HaendelseData(ferie, fra, fra + timedelta(days=laengde))),
            ("opret", HaendelseData("110", start, slut))]


@st.composite
def ferie_med_110_og_aendring(draw) -> list[tuple]:
    """The same, then the vacation is changed (often keeping code and start) or deleted."""
    aendring = draw(st.one_of(st.tuples(st.just("aendr"), st.just("ferie"), haendelsesdata(), st.booleans()),
                              st.tuples(st.just("slet"), st.just("ferie"))))
    return [*draw(ferie_med_110()), aendring]


@st.composite
def nedsat_tid_over_delvis_dag(draw) -> list[tuple]:
    """A partial day, and a reduced-time period that starts before it and covers it, in either order."""
    dag = VINDUE_START + timedelta(days=draw(st.integers(5, VINDUE_DAGE - 6)))
    delvis = HaendelseData(draw(st.sampled_from(["100", "500", "804"])), dag, dag, draw(minutter_))
    fra, til = dag - timedelta(days=draw(st.integers(1, 5))), dag + timedelta(days=draw(st.integers(0, 5)))
    periode = HaendelseData(draw(st.sampled_from(["154", "155", "225", "405"])), fra, til, draw(minutter_))
    return [("opret", d) for d in draw(st.permutations([delvis, periode]))]


@st.composite
def senior_par(draw) -> list[tuple]:
    """Both sides of 715/805 or 716/806, days apart, perhaps across the new year."""
    par = sorted(draw(st.sampled_from(UDELUKKER)))
    if draw(st.booleans()):
        par.reverse()
    dage_ = [VINDUE_START + timedelta(days=draw(dagnumre)) for _ in par]
    return [("opret", HaendelseData(kode, dag, dag)) for kode, dag in zip(par, dage_, strict=True)]


@st.composite
def delvise_dage(draw) -> list[tuple]:
    """Two or three partial-day registrations on one day."""
    dag = VINDUE_START + timedelta(days=draw(dagnumre))
    delvise = [k for k in KODER if KATALOG.koder[k].tid_dag is not TidsKrav.IKKE]
    return [("opret", HaendelseData(draw(st.sampled_from(delvise)), dag, dag, draw(minutter_)))
            for _ in range(draw(st.integers(2, 3)))]


# Blocks of one request, or of a few that belong together; flattened to one list of requests.
blokke = st.one_of(*(op.map(lambda o: [o]) for op in (opret_op, opret_i_op, aendr_op, slet_op)),
                   ferie_med_110(), ferie_med_110_og_aendring(), senior_par(), delvise_dage(),
                   nedsat_tid_over_delvis_dag())
operationer = st.lists(blokke, min_size=3, max_size=15).map(lambda bl: [op for b in bl for op in b])


def flyt_ind_i(data: HaendelseData, vaert: HaendelseData) -> HaendelseData:
    if data.til is None:
        return replace(data, fra=vaert.fra)
    if data.til < data.fra:
        return replace(data, fra=vaert.fra, til=vaert.fra - (data.fra - data.til))
    til = vaert.fra + (data.til - data.fra)
    if vaert.til is not None and vaert.til >= vaert.fra:
        til = min(til, vaert.til)
    return replace(data, fra=vaert.fra, til=til)


def vaelg(tilstand: list[Haendelse], index: int | str) -> Haendelse | None:
    """The stored event an index names, whatever the order of the list."""
    efter_id = sorted(tilstand, key=lambda h: h.id)
    if index == "ferie":
        efter_id = [h for h in efter_id if h.data.kode in FERIE]
    return efter_id[index % len(efter_id) if isinstance(index, int) else -1] if efter_id else None


def anvend(op: tuple, tilstand: list[Haendelse], ansaettelse: Ansaettelse, nyt_id: str):
    """Ask for `op` against `tilstand`. Returns (the state if it is accepted, the answer), where the
    answer is the list of advis or the Afvist raised; (None, None) when there is nothing to change.
    `tilstand` itself is handed over as the other events, so that a mutation of it would show."""
    andre = tilstand
    gammel = None if op[0] == "opret" else vaelg(tilstand, op[1])
    if op[0] != "opret" and gammel is None:
        return None, None
    if op[0] in ("opret", "opret_i"):
        ny_data = op[1] if gammel is None else flyt_ind_i(op[2], gammel.data)
        kandidat = [*tilstand, Haendelse(nyt_id, ansaettelse.id, 1, ny_data, NU, NU)]
        kald = lambda: vurder_oprettelse(ny_data, andre, KATALOG, ansaettelse, IDAG)  # noqa: E731
    elif op[0] == "aendr":
        data = op[2]
        if op[3]:
            til = None if data.til is None else gammel.data.fra + (data.til - data.fra)
            data = replace(data, kode=gammel.data.kode, fra=gammel.data.fra, til=til)
        kandidat = [h.med(data=data, version=h.version + 1) if h is gammel else h for h in tilstand]
        kald = lambda: vurder_aendring(gammel, data, andre, KATALOG, ansaettelse, IDAG)  # noqa: E731
    else:
        kandidat = [h for h in tilstand if h is not gammel]
        kald = lambda: vurder_sletning(gammel, andre, KATALOG)  # noqa: E731
    try:
        return kandidat, kald()
    except Afvist as e:
        return kandidat, e


def kode_for(svar) -> str:
    return "afvist " + ",".join(m.kode for m in svar.meddelelser) if isinstance(svar, Afvist) else "ok"


# ---------------------------------------------------------------- 1. the central invariant


@INDSTILLINGER
@given(ansaettelse=st.sampled_from(ANSAETTELSER), ops=operationer)
def test_any_sequence_of_requests_leaves_a_state_that_obeys_every_rule(ansaettelse, ops):
    tilstand: list[Haendelse] = []
    for n, op in enumerate(ops):
        kandidat, svar = anvend(op, tilstand, ansaettelse, f"e{n:02d}")
        if kandidat is None:
            continue
        statistik(op, svar)
        if not isinstance(svar, Afvist):
            tilstand = kandidat
        assert brud(tilstand, ansaettelse) == [], f"efter {op}: {kode_for(svar)}"
    event(f"gemte hændelser til sidst: {min(len(tilstand), 5)}{'+' if len(tilstand) >= 5 else ''}")
    if any(h.data.kode == "110" for h in tilstand):
        event("en 110 gemt")


def statistik(op: tuple, svar) -> None:
    """What the generator reaches: see it with pytest --hypothesis-show-statistics."""
    event(f"{op[0]}: {'afvist' if isinstance(svar, Afvist) else 'godkendt'}")
    for kode in sorted({m.kode for m in svar.meddelelser} if isinstance(svar, Afvist) else ()):
        event(f"afvist med {kode}")


@INDSTILLINGER
@given(ansaettelse=st.sampled_from(ANSAETTELSER), ops=operationer)
def test_a_request_is_refused_exactly_when_the_state_after_it_would_break_a_rule(ansaettelse, ops):
    """The rules are not stricter than DOMAIN.md either: from a valid state, a request is accepted if and
    only if the state it leads to obeys every rule."""
    tilstand: list[Haendelse] = []
    for n, op in enumerate(ops):
        kandidat, svar = anvend(op, tilstand, ansaettelse, f"e{n:02d}")
        if kandidat is None:
            continue
        forventet = brud(kandidat, ansaettelse)
        assert isinstance(svar, Afvist) == bool(forventet), f"{op}: {kode_for(svar)}, oraklet: {forventet}"
        if not isinstance(svar, Afvist):
            tilstand = kandidat


# ---------------------------------------------------------------- 2. answers are complete and pure


@INDSTILLINGER
@given(ansaettelse=st.sampled_from(ANSAETTELSER), ops=operationer,
       sidste=st.one_of(opret_op, opret_i_op, aendr_op, slet_op), blanding=st.randoms(use_true_random=False))
def test_an_answer_is_all_advis_or_a_refusal_with_only_fejl_the_same_every_time(
    ansaettelse, ops, sidste, blanding
):
    tilstand: list[Haendelse] = []
    for n, op in enumerate(ops):  # some state to ask against
        kandidat, svar = anvend(op, tilstand, ansaettelse, f"e{n:02d}")
        if kandidat is not None and not isinstance(svar, Afvist):
            tilstand = kandidat
    foer = list(tilstand)
    kandidat, svar = anvend(sidste, tilstand, ansaettelse, "ny")
    if kandidat is None:
        return
    if isinstance(svar, Afvist):
        assert svar.meddelelser, "Afvist uden meddelelser"
        assert all(m.alvor is Alvor.FEJL for m in svar.meddelelser), svar.meddelelser
    elif sidste[0] == "slet":
        assert svar is None
    else:
        assert isinstance(svar, list) and all(m.alvor is Alvor.ADVIS for m in svar), svar
    # the inputs are untouched (the events are frozen; the list is not)
    assert tilstand == foer
    # the same again
    _, igen = anvend(sidste, tilstand, ansaettelse, "ny")
    assert type(igen) is type(svar)
    if isinstance(svar, Afvist):
        assert igen.meddelelser == svar.meddelelser
    else:
        assert igen == svar
    # and the same messages whatever the order of the other events
    blandet = list(tilstand)
    blanding.shuffle(blandet)
    _, blandet_svar = anvend(sidste, blandet, ansaettelse, "ny")
    meddelelser = lambda s: Counter(s.meddelelser if isinstance(s, Afvist) else (s or []))  # noqa: E731
    assert type(blandet_svar) is type(svar)
    assert meddelelser(blandet_svar) == meddelelser(svar)


# ---------------------------------------------------------------- 3. disjoint events in any order


@st.composite
def adskilte_haendelser(draw, ansaettelse: Ansaettelse) -> list[HaendelseData]:
    """1–6 valid events on date ranges that do not overlap, of codes other than 110, and using only
    one side of 715/805 and of 716/806. Partial days fall on working days and keep within the plan."""
    senior = draw(st.sampled_from(sorted(UDELUKKER[0])))
    bonus = draw(st.sampled_from(sorted(UDELUKKER[1])))
    fravalgt = {"110"} | (UDELUKKER[0] - {senior}) | (UDELUKKER[1] - {bonus})
    tilladte = [k for k in KODER if k not in fravalgt]
    antal = draw(st.integers(1, 6))
    graenser = sorted(draw(st.sets(dagnumre, min_size=2 * antal, max_size=2 * antal)))
    resultat = []
    for i in range(antal):
        kode = KATALOG.koder[draw(st.sampled_from(tilladte))]
        fra = VINDUE_START + timedelta(days=graenser[2 * i])
        til: date | None = VINDUE_START + timedelta(days=graenser[2 * i + 1] - 1)
        if not kode.periode_tilladt:
            til = fra
        elif i == antal - 1 and kode.aaben_tilladt and draw(st.booleans()):
            til = None  # only the last may run on
        krav = kode.tid_dag if til == fra else kode.tid_periode
        if til == fra and planlagt(ansaettelse, fra) == 0:
            krav = {TidsKrav.VALGFRI: TidsKrav.IKKE}.get(krav, krav)
            assume(krav is not TidsKrav.OBLIGATORISK)  # a reduced-time code on one day off: no
        minutter = draw({TidsKrav.IKKE: st.none(),
                         TidsKrav.VALGFRI: st.none() | st.integers(1, dagsnorm(ansaettelse)),
                         TidsKrav.OBLIGATORISK: st.integers(1, dagsnorm(ansaettelse))}[krav])
        resultat.append(HaendelseData(kode.kode, fra, til, minutter))
    return resultat


@INDSTILLINGER
@given(ansaettelse=st.sampled_from([FULDTID, HALVTID]), data=st.data())
def test_events_on_separate_days_are_accepted_in_any_order(ansaettelse, data):
    datas = data.draw(adskilte_haendelser(ansaettelse))
    raekkefoelge = data.draw(st.permutations(datas))
    gemt: list[Haendelse] = []
    for n, ny in enumerate(raekkefoelge):
        try:
            vurder_oprettelse(ny, gemt, KATALOG, ansaettelse, IDAG)
        except Afvist as e:
            raise AssertionError(f"{ny} afvist efter {[h.data for h in gemt]}: {e}") from e
        gemt.append(Haendelse(f"e{n:02d}", ansaettelse.id, 1, ny, NU, NU))


# ---------------------------------------------------------------- 4. days shown, cut to two decimals


@INDSTILLINGER
@given(minutter=st.integers(0, 10**12))
def test_days_shown_are_cut_never_rounded_up(minutter):
    sand = Fraction(minutter, 444)
    vist = Fraction(vis_dage(dage(minutter)))
    assert sand - Fraction(1, 100) < vist <= sand
    assert vist * 100 == int(vist * 100)  # two decimals


@INDSTILLINGER
@given(minutter=st.integers(0, 10**9), norm=st.integers(1, 1440))
def test_days_shown_are_cut_for_any_day_norm(minutter, norm):
    sand = Fraction(minutter, norm)
    vist = Fraction(vis_dage(dage(minutter, norm)))
    assert sand - Fraction(1, 100) < vist <= sand
