"""The FravaerService use cases against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.db.statements import StatementTaeller
from fravaer.adapters.db.tables import AendringRow, HaendelseRow, TransaktionRow
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.arbejdstid import Moedetid
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import AarsagsType, standardkatalog
from fravaer.domain.meddelelser import Afvist
from fravaer.service.errors import LagerUtilgaengeligt
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.runner import i_transaktion

# the event log: the change feed's rows of kind Haendelse (migration 0013)
HAENDELSESLOG = select(AendringRow).where(AendringRow.art == "Haendelse").subquery()

T1 = AnsaettelsesIdent(tjenestenummer="10000001")
T1_CPR = AnsaettelsesIdent(cpr="0101801234", loebenummer=1)
T2 = AnsaettelsesIdent(tjenestenummer="10000002")
BRUGER = Bruger("test", {"DEMO": Ret.REGISTRER, "DEMO2": Ret.REGISTRER})


def som(navn: str) -> Bruger:
    return Bruger(navn, BRUGER.rettigheder)


@pytest.fixture
def tjeneste(demo_engine):
    return Haendelsestjeneste(demo_engine, standardkatalog())


def anm(kode, fra, til=..., ident=T1, minutter=None, tid=None, **andet):
    fra = date.fromisoformat(fra)
    til = fra if til is ... else (None if til is None else date.fromisoformat(til))
    return HaendelseAnmodning(ident, HaendelseData(kode, fra, til, minutter, **andet), tid)


def koder(exc_info) -> list[str]:
    return [m.kode for m in exc_info.value.meddelelser]


def antal(engine, tabel=HaendelseRow) -> int:
    with engine.connect() as c:
        return c.scalar(select(func.count()).select_from(tabel))


def test_seed_example_500_110_100_is_accepted(tjeneste):
    ferie = tjeneste.opret(anm("500", "2022-07-11", "2022-07-29"), BRUGER)
    syg_i_ferie = tjeneste.opret(anm("110", "2022-07-13", "2022-07-29"), BRUGER)
    syg = tjeneste.opret(anm("100", "2022-08-01", "2022-08-05"), BRUGER)
    fundne = tjeneste.hent([T1], date(2022, 7, 1), date(2022, 8, 31), [], BRUGER)
    assert [h.data.kode for h, _, _ in fundne] == ["500", "110", "100"]
    assert {h.id for h, _, _ in fundne} == {ferie.haendelse.id, syg_i_ferie.haendelse.id, syg.haendelse.id}


def test_110_without_vacation_is_refused_and_nothing_stored(tjeneste, demo_engine):
    with pytest.raises(Afvist) as e:
        tjeneste.opret(anm("110", "2022-07-13", "2022-07-29"), BRUGER)
    assert koder(e) == ["F013"]
    assert antal(demo_engine) == 0
    assert antal(demo_engine, HAENDELSESLOG) == 0


def test_vacation_and_sickness_on_the_same_day_are_refused(tjeneste, demo_engine):
    tjeneste.opret(anm("500", "2022-07-11", "2022-07-29"), BRUGER)
    with pytest.raises(Afvist) as e:
        tjeneste.opret(anm("100", "2022-07-29", "2022-08-02"), BRUGER)
    assert koder(e) == ["F011"]
    assert antal(demo_engine) == 1


def test_open_sickness_is_stored_without_end_and_closed_later(tjeneste):
    aaben = tjeneste.opret(anm("100", "2022-03-01", None), BRUGER)
    assert aaben.haendelse.data.til is None
    [(h, _, omk)] = tjeneste.hent([T1], date(2030, 1, 1), date(2030, 1, 1), [], BRUGER)
    assert omk is None  # an open event has no cost yet
    assert h.id == aaben.haendelse.id  # in force until closed
    lukket = tjeneste.ret(h.id, 1, anm("100", "2022-03-01", "2022-03-04"), BRUGER)
    assert lukket.haendelse.data.til == date(2022, 3, 4) and lukket.haendelse.version == 2
    assert tjeneste.hent([T1], date(2030, 1, 1), date(2030, 1, 1), [], BRUGER) == []


@pytest.mark.parametrize("anmodning, forventet", [
    (anm("230", "2022-05-02", "2022-05-03"), ["F004"]),
    (anm("155", "2022-05-02", "2022-05-13"), ["F009"]),
    (anm("999", "2022-05-02"), ["F001"]),
    (anm("500", "2022-05-03", "2022-05-02"), ["F003"]),
    (anm("500", "2022-05-02", None), ["F005"]),
    (anm("100", "2014-12-31"), ["F018"]),
])
def test_rule_violations_are_refused(tjeneste, anmodning, forventet):
    with pytest.raises(Afvist) as e:
        tjeneste.opret(anmodning, BRUGER)
    assert koder(e) == forventet


def test_155_period_with_hours_is_accepted(tjeneste):
    s = tjeneste.opret(anm("155", "2022-05-02", "2022-05-13", minutter=180), BRUGER)
    assert s.haendelse.data.minutter == 180


def test_employment_named_both_ways_must_agree(tjeneste):
    s = tjeneste.opret(anm("500", "2022-06-01", ident=T1_CPR), BRUGER)
    assert s.ansaettelse.tjenestenummer == "10000001"
    blandet = AnsaettelsesIdent("10000002", "0101801234", 1)
    with pytest.raises(Afvist) as e:
        tjeneste.opret(anm("500", "2022-06-02", ident=blandet), BRUGER)
    assert koder(e) == ["F024"]
    with pytest.raises(Afvist) as e:
        tjeneste.opret(anm("500", "2022-06-02", ident=AnsaettelsesIdent("77777777")), BRUGER)
    assert koder(e) == ["F030"]
    assert "0101801234" not in e.value.meddelelser[0].tekst


def test_change_checks_version_and_employment(tjeneste):
    h = tjeneste.opret(anm("500", "2022-07-11", "2022-07-15"), BRUGER).haendelse
    with pytest.raises(Afvist) as e:
        tjeneste.ret(h.id, 2, anm("500", "2022-07-11", "2022-07-14"), BRUGER)
    assert koder(e) == ["F020"]
    with pytest.raises(Afvist) as e:
        tjeneste.ret(h.id, 1, anm("500", "2022-07-11", "2022-07-14", ident=T2), BRUGER)
    assert koder(e) == ["F027"]
    with pytest.raises(Afvist) as e:
        tjeneste.ret(str(uuid.uuid4()), 1, anm("500", "2022-07-11"), BRUGER)
    assert koder(e) == ["F021"]


def test_vacation_under_a_110_cannot_be_deleted_or_shortened(tjeneste):
    ferie = tjeneste.opret(anm("500", "2022-07-11", "2022-07-29"), BRUGER).haendelse
    tjeneste.opret(anm("110", "2022-07-13", "2022-07-29"), BRUGER)
    with pytest.raises(Afvist) as e:
        tjeneste.slet(ferie.id, 1, None, BRUGER)
    assert koder(e) == ["F015"]
    with pytest.raises(Afvist) as e:
        tjeneste.ret(ferie.id, 1, anm("500", "2022-07-11", "2022-07-20"), BRUGER)
    assert koder(e) == ["F015"]


def test_every_change_is_logged_with_before_and_after(tjeneste):
    start = datetime.now(UTC) - timedelta(seconds=1)
    h = tjeneste.opret(anm("500", "2022-07-11", "2022-07-15"), som("anna")).haendelse
    tjeneste.ret(h.id, 1, anm("500", "2022-07-11", "2022-07-14"), som("bo"))
    tjeneste.slet(h.id, 2, None, som("carl"))
    poster, flere = tjeneste.log(start, datetime.now(UTC) + timedelta(seconds=1), None, BRUGER)
    assert not flere
    assert [(p.handling, p.bruger) for p, _ in poster] == [("Opret", "anna"), ("Ret", "bo"), ("Slet", "carl")]
    opret, ret, slet = (p for p, _ in poster)
    assert opret.foer is None and opret.efter.data.til == date(2022, 7, 15)
    assert ret.foer.data.til == date(2022, 7, 15) and ret.efter.data.til == date(2022, 7, 14)
    assert slet.foer.version == 2 and slet.efter is None
    assert tjeneste.hent([T1], date(2022, 1, 1), date(2022, 12, 31), [], BRUGER) == []
    poster, flere = tjeneste.log(start, datetime.now(UTC) + timedelta(seconds=1), 2, BRUGER)
    assert len(poster) == 2 and flere


def test_a_retried_write_is_stored_once_and_answered_the_same(tjeneste, demo_engine):
    tid = str(uuid.uuid4())
    foerste = tjeneste.opret(anm("500", "2022-07-11", "2022-07-15", tid=tid), BRUGER)
    igen = tjeneste.opret(anm("500", "2022-07-11", "2022-07-15", tid=tid), BRUGER)
    assert igen.haendelse == foerste.haendelse
    assert antal(demo_engine) == 1 and antal(demo_engine, TransaktionRow) == 1
    with pytest.raises(Afvist) as e:
        tjeneste.opret(anm("500", "2022-07-18", "2022-07-19", tid=tid), BRUGER)
    assert koder(e) == ["F022"]
    slet_tid = str(uuid.uuid4())
    assert tjeneste.slet(foerste.haendelse.id, 1, slet_tid, BRUGER) == foerste.haendelse.id
    assert tjeneste.slet(foerste.haendelse.id, 1, slet_tid, BRUGER) == foerste.haendelse.id
    assert antal(demo_engine) == 0


def test_read_many_employments_with_code_filter(tjeneste):
    tjeneste.opret(anm("500", "2022-07-11", "2022-07-15"), BRUGER)
    tjeneste.opret(anm("100", "2022-07-18", "2022-07-19"), BRUGER)
    tjeneste.opret(anm("100", "2022-07-18", ident=T2), BRUGER)
    alle = tjeneste.hent([T1, T2], date(2022, 7, 1), date(2022, 7, 31), [], BRUGER)
    assert len(alle) == 3
    syg = tjeneste.hent([T1, T2], date(2022, 7, 1), date(2022, 7, 31), ["100"], BRUGER)
    assert sorted(a.tjenestenummer for _, a, _ in syg) == ["10000001", "10000002"]
    with pytest.raises(Afvist) as e:
        tjeneste.hent([T1, AnsaettelsesIdent("1"), AnsaettelsesIdent("2")], date(2022, 7, 1),
                      date(2022, 7, 31), [], BRUGER)
    assert koder(e) == ["F030", "F030"]


def test_a_read_by_tjenestenummer_is_the_read_by_cpr_in_fewer_round_trips(tjeneste, demo_engine):
    """HentHaendelser of one employment by its tjenestenummer reads the events and working times
    with the employment on PostgreSQL (one round trip); by CPR the same events, read after the
    employment (two), as are several employments'."""
    tjeneste.opret(anm("500", "2022-07-11", "2022-07-15"), BRUGER)
    tjeneste.opret(anm("100", "2022-07-18", minutter=120), BRUGER)
    tjeneste.opret(anm("100", "2022-07-18", ident=T2), BRUGER)
    tjeneste.opret(anm("100", "2022-06-20", ident=T2), BRUGER)

    def gem(uow):  # a registered working time in the span: read with the rest, and costed
        uow.moedetider.gem(uow.ansaettelser.find(T1)[0].id, Moedetid(date(2022, 7, 12), 300), True)
        uow.commit()
    i_transaktion(demo_engine, gem, skriv=True)
    rundture = {}
    fundne = {}
    for navn, idents, koder_ in (("tjnr", [T1], []), ("cpr", [T1_CPR], []), ("tjnr 100", [T1], ["100"]),
                                 ("cpr 100", [T1_CPR], ["100"]), ("to", [T1, T2], [])):
        with StatementTaeller(demo_engine) as t:
            fundne[navn] = tjeneste.hent(idents, date(2022, 7, 1), date(2022, 7, 31), koder_, BRUGER)
            rundture[navn] = t.o.rundture(demo_engine.dialect.name)
    assert fundne["tjnr"] == fundne["cpr"] and fundne["tjnr 100"] == fundne["cpr 100"]
    [(_, _, ferie), (_, _, syg)] = fundne["tjnr"]
    assert (syg.minutter, ferie.kalenderdage) == (120, 5)
    assert ferie.minutter % 5 != 0  # the day of 300 registered minutes among four alike
    assert [h.data.kode for h, _, _ in fundne["tjnr 100"]] == ["100"]
    assert {a.tjenestenummer for _, a, _ in fundne["tjnr"]} == {"10000001"}  # not T2's events
    if demo_engine.dialect.name == "postgresql":
        assert rundture == {"tjnr": 1, "cpr": 2, "tjnr 100": 1, "cpr 100": 2, "to": 2}
    assert [(a.tjenestenummer, h.data.kode) for h, a, _ in fundne["to"]] == [
        ("10000001", "500"), ("10000001", "100"), ("10000002", "100")]


def test_a_read_by_tjenestenummer_costs_an_event_reaching_outside_the_period_read(tjeneste, demo_engine):
    """Read by tjenestenummer, the working times come with the events over the period read; an
    event reaching outside it is costed with the working times of its whole span (read on their
    own, one round trip more on PostgreSQL), as the read by CPR costs it."""
    tjeneste.opret(anm("100", "2022-06-27", "2022-07-05"), BRUGER)
    tjeneste.opret(anm("100", "2022-07-18"), BRUGER)

    def gem(uow):  # registered working times inside and outside the period read
        aid = uow.ansaettelser.find(T1)[0].id
        for dag, minutter in ((date(2022, 6, 28), 100), (date(2022, 7, 4), 200), (date(2022, 7, 18), 250)):
            uow.moedetider.gem(aid, Moedetid(dag, minutter), True)
        uow.commit()
    i_transaktion(demo_engine, gem, skriv=True)
    fundne, rundture = {}, {}
    juli, juni, d10 = date(2022, 7, 1), date(2022, 6, 1), date(2022, 7, 10)
    for navn, ident, fra in (("inde", T1, juli), ("cpr", T1_CPR, juli), ("hele", T1, juni),
                             ("kun 18.", T1, d10)):
        with StatementTaeller(demo_engine) as t:
            fundne[navn] = tjeneste.hent([ident], fra, date(2022, 7, 31), [], BRUGER)
            rundture[navn] = t.o.rundture(demo_engine.dialect.name)
    assert fundne["inde"] == fundne["cpr"] == fundne["hele"]
    [(_, _, lang), (_, _, kort)] = fundne["inde"]
    assert fundne["kun 18."] == [fundne["inde"][1]]
    assert 100 + 200 <= lang.minutter and kort.minutter == 250
    if demo_engine.dialect.name == "postgresql":
        assert rundture == {"inde": 2, "cpr": 2, "hele": 1, "kun 18.": 1}


def test_reason_codes_by_type_and_date(tjeneste):
    alle = tjeneste.aarsagskoder(None, date(2022, 1, 1))
    assert {a.type for a in alle} == set(AarsagsType)
    fravaer = tjeneste.aarsagskoder(AarsagsType.FRAVAER, date(2005, 9, 30))
    assert "610" not in {a.kode for a in fravaer} and "600" in {a.kode for a in fravaer}


def test_a_database_that_is_down_gives_a_storage_error():
    nede = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/ingen")
    t = Haendelsestjeneste(nede, standardkatalog())
    with pytest.raises(LagerUtilgaengeligt):
        t.opret(anm("500", "2022-07-11"), BRUGER)
    with pytest.raises(LagerUtilgaengeligt):
        t.hent([T1], date(2022, 7, 1), date(2022, 7, 2), [], BRUGER)


def test_a_110_across_new_year_is_judged_on_all_its_days(tjeneste):
    # the 110 needs both vacations; a change to the first must judge the 110 on all its days,
    # also those in the next year where the second vacation lies
    foerste = tjeneste.opret(anm("500", "2022-12-26", "2022-12-31"), BRUGER).haendelse
    anden = tjeneste.opret(anm("500", "2023-01-01", "2023-01-06"), BRUGER).haendelse
    tjeneste.opret(anm("110", "2022-12-28", "2023-01-04"), BRUGER)
    tjeneste.ret(foerste.id, 1, anm("500", "2022-12-27", "2022-12-31"), BRUGER)
    with pytest.raises(Afvist) as e:
        tjeneste.slet(anden.id, 1, None, BRUGER)
    assert koder(e) == ["F015"]


def test_a_replayed_change_is_answered_only_to_who_may_make_it(tjeneste):
    h = tjeneste.opret(anm("100", "2025-02-03"), BRUGER).haendelse
    tid = str(uuid.uuid4())
    aendring = anm("100", "2025-02-03", "2025-02-04", tid=tid)
    foerste = tjeneste.ret(h.id, 1, aendring, BRUGER)
    assert tjeneste.ret(h.id, 1, aendring, som("test2")).haendelse == foerste.haendelse
    with pytest.raises(Afvist) as e:
        tjeneste.ret(h.id, 1, aendring, Bruger("fremmed", {"DEMO2": Ret.REGISTRER}))
    assert koder(e) == ["F021"]
    with pytest.raises(Afvist) as e:
        tjeneste.ret(h.id, 1, aendring, Bruger("laeser", {"DEMO": Ret.LAES}))
    assert koder(e) == ["R001"]


def test_a_half_care_day_costs_half_a_day_in_the_answer_the_count_and_the_account(tjeneste, demo_engine):
    svar = tjeneste.opret(anm("615", "2025-03-04", barnenummer=1), BRUGER)
    assert (svar.omkostning.dage, svar.omkostning.minutter) == (Fraction(1, 2), 222)
    optaelling, _ = tjeneste.optael(T1, date(2025, 3, 1), date(2025, 3, 31), ["615"], BRUGER)
    assert (optaelling.dage, optaelling.minutter) == (Fraction(1, 2), 222)
    with pytest.raises(Afvist) as e:
        tjeneste.opret(anm("615", "2025-03-08", barnenummer=1), BRUGER)  # a Saturday
    assert koder(e) == ["F091"]


def _fejl(kald) -> list[tuple[str, str, str | None]]:
    with pytest.raises(Afvist) as e:
        kald()
    return [(m.kode, m.tekst, m.felt) for m in e.value.meddelelser]


@pytest.mark.parametrize("anden", [
    Bruger("laeser", {"DEMO": Ret.LAES, "DEMO2": Ret.LAES}),   # may read, not register
    Bruger("anden", {"DEMO2": Ret.REGISTRER}),                 # another institution
    Bruger("ingen", {}),
], ids=["read-only", "other-institution", "no-rights"])
def test_a_replayed_delete_is_answered_only_to_who_may_register_there(tjeneste, demo_engine, anden):
    """Issue 17 item 6: the replay gets the unknown event's fault and changes nothing."""
    h = tjeneste.opret(anm("500", "2022-07-11", "2022-07-15"), BRUGER).haendelse
    slet_tid = str(uuid.uuid4())
    assert tjeneste.slet(h.id, 1, slet_tid, BRUGER) == h.id
    foer = (antal(demo_engine, TransaktionRow), antal(demo_engine, HAENDELSESLOG))
    ukendt = _fejl(lambda: tjeneste.slet(h.id, 1, None, anden))
    assert [k for k, _, _ in ukendt] == ["F021"]
    assert _fejl(lambda: tjeneste.slet(h.id, 1, slet_tid, anden)) == ukendt
    assert (antal(demo_engine, TransaktionRow), antal(demo_engine, HAENDELSESLOG)) == foer
    assert tjeneste.slet(h.id, 1, slet_tid, som("igen")) == h.id  # who may register: the first answer



def test_one_transaction_id_at_two_institutions_is_two_writes(tjeneste, demo_engine):
    """Issue 17 item 6: an id is the institution's own; neither sees nor blocks the other's."""
    demo = Bruger("demo", {"DEMO": Ret.REGISTRER})
    demo2 = Bruger("demo2", {"DEMO2": Ret.REGISTRER})
    tid = str(uuid.uuid4())
    en = tjeneste.opret(anm("500", "2022-07-11", "2022-07-15", tid=tid), demo).haendelse
    to = tjeneste.opret(anm("100", "2022-07-18", ident=AnsaettelsesIdent("20000001"), tid=tid),
                        demo2).haendelse
    assert en.id != to.id and antal(demo_engine) == 2 and antal(demo_engine, TransaktionRow) == 2
    # each retry gets its own first answer
    assert tjeneste.opret(anm("500", "2022-07-11", "2022-07-15", tid=tid), demo).haendelse == en
    assert tjeneste.opret(anm("100", "2022-07-18", ident=AnsaettelsesIdent("20000001"), tid=tid),
                          demo2).haendelse == to
    # and deleting under the same id at both works for both
    slet = str(uuid.uuid4())
    assert tjeneste.slet(en.id, 1, slet, demo) == en.id
    assert tjeneste.slet(to.id, 1, slet, demo2) == to.id
    assert tjeneste.slet(to.id, 1, slet, demo2) == to.id
    # DEMO's own use of the id is its own: other content under it is F022 there, as ever
    assert [k for k, _, _ in _fejl(lambda: tjeneste.slet(to.id, 1, slet, demo))] == ["F022"]
    # an id DEMO2 alone used: a DEMO user replaying it learns nothing (the unknown event's fault)
    kun_demo2 = str(uuid.uuid4())
    tre = tjeneste.opret(anm("100", "2022-07-25", ident=AnsaettelsesIdent("20000001")), demo2).haendelse
    assert tjeneste.slet(tre.id, 1, kun_demo2, demo2) == tre.id
    assert (_fejl(lambda: tjeneste.slet(tre.id, 1, kun_demo2, demo))
            == _fejl(lambda: tjeneste.slet(tre.id, 1, None, demo)))
    assert antal(demo_engine) == 0
