"""An institution's særregler against a real database (SQLite and PostgreSQL): they change the
judgement for that institution only, they are logged, and a group's default events are made
once per employment, each judged as a single registration."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from fravaer.adapters.db.tables import HaendelseRow, SaerregellogRow, SaerregelRow
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import Matrixregel, Samtidighed, standardkatalog
from fravaer.domain.meddelelser import Afvist
from fravaer.domain.saerregler import Grupperegel, OmsorgUdenRegnskab
from fravaer.service import saerregler
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste

KATALOG = standardkatalog()
T1 = AnsaettelsesIdent(tjenestenummer="10000001")  # DEMO, PKAT 0240, children 1 (2019) and 2 (2023)
T2 = AnsaettelsesIdent(tjenestenummer="10000002")  # DEMO, PKAT 0240
T3 = AnsaettelsesIdent(tjenestenummer="10000003")  # DEMO, PKAT 0172
K1 = AnsaettelsesIdent(tjenestenummer="20000001")  # DEMO2, PKAT 0240
BRUGER = Bruger("klient", {"DEMO": Ret.REGISTRER, "DEMO2": Ret.REGISTRER})
# the seed's first særregel (002 §12), ordered by DEMO only
SYG_OVER_PLANLAGT = [Matrixregel(k, a, Samtidighed.JA, kode_aaben=True, anden_planlagt=True)
                     for k in ("100", "130", "140", "150", "154", "155", "760")
                     for a in ("500", "505", "520")]


@pytest.fixture
def tjeneste(demo_engine):
    # today is 1 June 2026 (Danish time): a vacation in July is planned
    return Haendelsestjeneste(demo_engine, KATALOG, ur=lambda: datetime(2026, 6, 1, 10, tzinfo=UTC))


def anm(ident, kode, fra, til=..., **andet) -> HaendelseAnmodning:
    fra = date.fromisoformat(fra)
    til = fra if til is ... else (None if til is None else date.fromisoformat(til))
    return HaendelseAnmodning(ident, HaendelseData(kode, fra, til, **andet))


def afvist(fn, *args) -> list[str]:
    with pytest.raises(Afvist) as e:
        fn(*args)
    return [m.kode for m in e.value.meddelelser]


def antal(engine, tabel) -> int:
    with engine.connect() as c:
        return c.scalar(select(func.count()).select_from(tabel))


def test_open_sickness_over_planned_vacation_for_that_institution_only(demo_engine, tjeneste):
    saerregler.tilfoej(demo_engine, KATALOG, "DEMO", SYG_OVER_PLANLAGT, "cli:anna")
    ferie = tjeneste.opret(anm(T1, "500", "2026-07-06", "2026-07-17"), BRUGER).haendelse
    tjeneste.opret(anm(K1, "500", "2026-07-06", "2026-07-17"), BRUGER)
    # the same request at the two institutions: DEMO's særregel allows it, DEMO2 has the default
    syg = tjeneste.opret(anm(T1, "100", "2026-05-25", None), BRUGER)
    assert [m.kode for m in syg.meddelelser] == ["A016"]
    assert "100/500=J når 100 åben og 500 planlagt" in syg.meddelelser[0].tekst
    assert afvist(tjeneste.opret, anm(K1, "100", "2026-05-25", None), BRUGER) == ["F011"]
    # a vacation under way is not planned: not even at DEMO
    tjeneste.opret(anm(T2, "500", "2026-05-27", "2026-06-05"), BRUGER)
    assert afvist(tjeneste.opret, anm(T2, "100", "2026-05-25", None), BRUGER) == ["F011"]
    assert antal(demo_engine, HaendelseRow) == 4

    # changes are judged by the same rule: a note stays allowed; closing it inside the vacation not
    h = syg.haendelse
    rettet = tjeneste.ret(h.id, h.version, anm(T1, "100", "2026-05-25", None, bemaerkning="lægeerkl."),
                          BRUGER)
    assert [m.kode for m in rettet.meddelelser] == ["A016"]
    assert afvist(tjeneste.ret, h.id, 2, anm(T1, "100", "2026-05-25", "2026-07-08"), BRUGER) == ["F011"]
    lukket = tjeneste.ret(h.id, 2, anm(T1, "100", "2026-05-25", "2026-07-03"), BRUGER)
    assert lukket.meddelelser == [] and lukket.haendelse.version == 3
    # the vacation can be moved or deleted while the (now closed) sickness stays
    tjeneste.slet(ferie.id, ferie.version, None, BRUGER)


def test_a_removed_rule_no_longer_allows_it(demo_engine, tjeneste):
    [(nr, ny)] = saerregler.tilfoej(demo_engine, KATALOG, "DEMO", [SYG_OVER_PLANLAGT[0]], "cli:anna")
    igen = saerregler.tilfoej(demo_engine, KATALOG, "DEMO", [SYG_OVER_PLANLAGT[0]], "cli:bo")
    assert ny and igen == [(nr, False)]
    tjeneste.opret(anm(T1, "500", "2026-07-06", "2026-07-17"), BRUGER)
    syg = tjeneste.opret(anm(T1, "100", "2026-05-25", None), BRUGER).haendelse
    assert saerregler.fjern(demo_engine, "DEMO", nr, "cli:bo") == Matrixregel(
        "100", "500", Samtidighed.JA, kode_aaben=True, anden_planlagt=True, id=nr)
    # stored events stay; a change of them is judged without the rule
    assert afvist(tjeneste.ret, syg.id, syg.version, anm(T1, "100", "2026-05-25", None, bemaerkning="x"),
                  BRUGER) == ["F011"]
    with demo_engine.connect() as c:
        L = SaerregellogRow
        log = c.execute(select(L.bruger, L.handling, L.regel_id, L.foer, L.efter).order_by(L.id)).all()
    regel = "100/500=J når 100 åben og 500 planlagt"
    assert log == [("cli:anna", "tilfoej", nr, None, regel), ("cli:bo", "fjern", nr, regel, None)]
    assert afvist(saerregler.fjern, demo_engine, "DEMO", nr, "cli:bo") == ["F123"]
    assert afvist(saerregler.fjern, demo_engine, "DEMO2", 1, "cli:bo") == ["F123"]


def test_bad_rules_store_nothing(demo_engine):
    assert afvist(saerregler.tilfoej, demo_engine, KATALOG, "NEJ", [SYG_OVER_PLANLAGT[0]], "x") == ["F088"]
    regler = [SYG_OVER_PLANLAGT[0], Matrixregel("110", "500", Samtidighed.NEJ),
              Grupperegel("0240", None, "610", date(2027, 1, 4), date(2027, 1, 4))]
    assert afvist(saerregler.tilfoej, demo_engine, KATALOG, "DEMO", regler, "x") == ["F121", "F122"]
    assert antal(demo_engine, SaerregelRow) == 0 and antal(demo_engine, SaerregellogRow) == 0


def test_care_days_without_an_account_keep_every_other_rule(demo_engine, tjeneste):
    for dag in ("2026-03-02", "2026-03-03"):
        tjeneste.opret(anm(T1, "610", dag, barnenummer=2), BRUGER)
    assert afvist(tjeneste.opret, anm(T1, "610", "2026-03-04", barnenummer=2), BRUGER) == ["F049"]
    [(nr, _)] = saerregler.tilfoej(demo_engine, KATALOG, "DEMO", [OmsorgUdenRegnskab()], "cli:anna")
    assert saerregler.vis(demo_engine, "DEMO").omsorg_id == nr
    assert tjeneste.opret(anm(T1, "610", "2026-03-04", barnenummer=2), BRUGER).meddelelser == []
    assert tjeneste.opret(anm(T1, "615", "2026-03-05", barnenummer=2), BRUGER).meddelelser == []
    assert afvist(tjeneste.opret, anm(T1, "610", "2026-03-06", barnenummer=9), BRUGER) == ["F047"]
    assert afvist(tjeneste.opret, anm(T2, "610", "2026-03-06", barnenummer=1), BRUGER) == ["F047"]
    assert afvist(tjeneste.opret, anm(T1, "610", "2026-03-06"), BRUGER) == ["F046"]
    assert afvist(tjeneste.opret, anm(T1, "100", "2026-03-05"), BRUGER) == ["F011"]
    # DEMO2 keeps its account (saved care days: none saved)
    assert afvist(tjeneste.opret, anm(K1, "620", "2026-03-04"), BRUGER) == ["F050"]
    assert tjeneste.opret(anm(T1, "620", "2026-03-06"), BRUGER).meddelelser == []
    with demo_engine.connect() as c:
        log = c.execute(select(SaerregellogRow.foer, SaerregellogRow.efter)).all()
    assert log == [("med omsorgsregnskab", "uden omsorgsregnskab")]


def test_a_group_gets_its_default_events_once(demo_engine, tjeneste):
    regel = Grupperegel("0240", None, "715", date(2026, 12, 28), date(2026, 12, 30))
    [(nr, _)] = saerregler.tilfoej(demo_engine, KATALOG, "DEMO", [regel], "cli:anna")
    ferie = tjeneste.opret(anm(T2, "500", "2026-12-29", "2026-12-30"), BRUGER).haendelse

    def koer():
        [a] = saerregler.anvend(demo_engine, tjeneste, "DEMO", None, "cli:anna")
        assert a.regel.id == nr
        return {u.ansaettelse.tjenestenummer: (u.status, [m.kode for m in u.meddelelser], u.haendelse_id)
                for u in a.udfald}

    # PKAT 0240 of DEMO in force on 28 December: not 10000003 (0172), not 10000004 (ended),
    # not 20000001 (DEMO2); the vacation of 10000002 refuses its senior days
    foerste = koer()
    assert {k: v[:2] for k, v in foerste.items()} == {"10000001": ("oprettet", []),
                                                       "10000002": ("afvist", ["F011"])}
    [(h, _, _)] = tjeneste.hent([T1], date(2026, 12, 1), date(2026, 12, 31), [], BRUGER)
    assert (h.id, h.data.kode, h.data.fra, h.data.til, h.data.bemaerkning) == (
        foerste["10000001"][2], "715", date(2026, 12, 28), date(2026, 12, 30), f"Særregel {nr}")
    # a second run makes nothing new
    anden = koer()
    assert anden["10000001"] == ("allerede", [], h.id) and anden["10000002"][0] == "afvist"
    assert antal(demo_engine, HaendelseRow) == 2
    # the conflict solved, the next run makes the missing one; one deleted by a clerk stays deleted
    tjeneste.slet(ferie.id, ferie.version, None, BRUGER)
    tjeneste.slet(h.id, h.version, None, BRUGER)
    tredje = koer()
    assert tredje["10000001"][0] == "allerede" and tredje["10000002"][0] == "oprettet"
    assert [x.data.kode for x, _, _ in tjeneste.hent([T1, T2, T3], date(2026, 12, 1), date(2026, 12, 31),
                                                      [], BRUGER)] == ["715"]
    with demo_engine.connect() as c:
        efter = c.scalars(select(SaerregellogRow.efter).where(SaerregellogRow.handling == "anvend")
                          .order_by(SaerregellogRow.id)).all()
    assert efter == ["1 oprettet, 0 allerede, 1 afvist", "0 oprettet, 1 allerede, 1 afvist",
                     "1 oprettet, 1 allerede, 0 afvist"]
    assert afvist(saerregler.anvend, demo_engine, tjeneste, "DEMO", nr + 1, "x") == ["F123"]
    assert saerregler.anvend(demo_engine, tjeneste, "DEMO2", None, "x") == []
