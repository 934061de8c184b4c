"""MasseindberetHaendelser's use case against real databases (SQLite and PostgreSQL): each
registration judged as a single one and against the earlier ones of its batch, the two modes,
the dry run, retries, rights, a group by institution, unit subtree and PKAT/KL (issue 15)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from fravaer.adapters.db.tables import AendringRow, HaendelseRow
from fravaer.adapters.stamdata import laes_csv
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.gruppe import Gruppe
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.loen import Loenperiode
from fravaer.domain.meddelelser import Afvist
from fravaer.service import masse as m
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.loen import Loentjeneste
from fravaer.service.stamdata import importer

# the event log: the change feed's rows of kind Haendelse (migration 0013)
HAENDELSESLOG = select(AendringRow).where(AendringRow.art == "Haendelse").subquery()

KATALOG = standardkatalog()
SKRIVER = Bruger("skriver", {"MAS": Ret.REGISTRER, "AND": Ret.LAES})
ENHEDER = b"""institution_kode,institution_navn,kode,navn,overordnet_kode
MAS,Massestyrelsen,DIR,Direktionen,
MAS,Massestyrelsen,HR,HR,DIR
MAS,Massestyrelsen,HR1,Loenteam,HR
MAS,Massestyrelsen,SALG,Salg,DIR
AND,Andenstyrelsen,X,X,
"""
# M1-M4 in HR1 (M4 PKAT 0172, M3 KL 02), M5 in HR, M6 in SALG, M7 ended in 2025, A1 elsewhere
ANSAETTELSER = b"""institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,\
ugentlig_arbejdstid,startdato,slutdato,enhed_kode
MAS,Massestyrelsen,0101701111,1,M1,0240,1100,1,37,2020-01-01,,HR1
MAS,Massestyrelsen,0101701112,1,M2,0240,1100,1,37,2020-01-01,,HR1
MAS,Massestyrelsen,0101701113,1,M3,0240,1100,1,37,2020-01-01,,HR1
MAS,Massestyrelsen,0101701114,1,M4,0172,1100,1,37,2020-01-01,,HR1
MAS,Massestyrelsen,0101701115,1,M5,0240,1100,1,37,2020-01-01,,HR
MAS,Massestyrelsen,0101701116,1,M6,0240,1100,1,37,2020-01-01,,SALG
MAS,Massestyrelsen,0101701117,1,M7,0240,1100,1,37,2020-01-01,2025-12-31,SALG
AND,Andenstyrelsen,0101701119,1,A1,0240,1100,1,37,2020-01-01,,X
"""
HISTORIK = b"""cpr,loebenummer,gyldig_fra,institution_kode,enhed_kode,pkat,klasse,stiko,loenform,\
ugentlig_arbejdstid
0101701113,1,2020-01-01,MAS,HR1,0240,02,1100,1,37
"""


def ur():
    return datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def tjeneste(engine):
    for art, fil in (("enheder", ENHEDER), ("ansaettelser", ANSAETTELSER), ("historik", HISTORIK)):
        r = importer(engine, laes_csv(art, fil), alt_eller_intet=True)
        assert r.fejl == []
    return m.Massetjeneste(Haendelsestjeneste(engine, KATALOG, ur))


def ind(tjnr, kode="100", fra="2026-03-02", til="2026-03-03", tid=None, **andet) -> m.Indberetning:
    return m.Indberetning(HaendelseData(kode, date.fromisoformat(fra), date.fromisoformat(til)),
                          AnsaettelsesIdent(tjnr), transaktions_id=tid, **andet)


def gruppe(g: Gruppe, kode="100", fra="2026-03-02", til="2026-03-03", tid=None) -> m.Indberetning:
    return m.Indberetning(HaendelseData(kode, date.fromisoformat(fra), date.fromisoformat(til)),
                          gruppe=g, transaktions_id=tid)


def antal(engine, tabel=HaendelseRow) -> int:
    with engine.connect() as c:
        return c.scalar(select(func.count()).select_from(tabel))


def status(resultater) -> list[tuple[int, str, list[str]]]:
    return [(r.nummer, r.status.value, [x.kode for x in r.meddelelser]) for r in resultater]


def test_good_bad_and_conflicting_each_answered_in_order(tjeneste, engine):
    r = tjeneste.indberet([
        ind("M1"),
        ind("M1", "500", "2026-03-03", "2026-03-04"),  # overlaps the first of the batch: F011
        ind("ukendt"),
        ind("A1"),  # read right only
        ind("M2", "999"),
        ind("M2"),
    ], SKRIVER)
    assert status(r) == [(1, "Oprettet", []), (2, "Afvist", ["F011"]), (3, "Afvist", ["F030"]),
                         (4, "Afvist", ["R001"]), (5, "Afvist", ["F001"]), (6, "Oprettet", [])]
    assert r[0].svar.omkostning.dage == 2
    assert antal(engine) == 2 and antal(engine, HAENDELSESLOG) == 2


def test_all_or_nothing_stores_nothing_when_one_is_refused(tjeneste, engine):
    r = tjeneste.indberet([ind("M1"), ind("M1", "500", "2026-03-03", "2026-03-04")], SKRIVER,
                          alt_eller_intet=True)
    assert status(r) == [(1, "IkkeGemt", ["A030"]), (2, "Afvist", ["F011"])]
    assert antal(engine) == 0 and antal(engine, HAENDELSESLOG) == 0
    r = tjeneste.indberet([ind("M1"), ind("M2")], SKRIVER, alt_eller_intet=True)
    assert [x.status for x in r] == [m.Status.OPRETTET] * 2
    assert antal(engine) == 2


def test_retrying_the_whole_batch_stores_nothing_twice(tjeneste, engine):
    batch = [ind("M1", tid="5d0c4a34-0000-4000-8000-000000000001"),
             ind("M2", tid="5d0c4a34-0000-4000-8000-000000000002"),
             ind("M3", tid="5d0c4a34-0000-4000-8000-000000000003", kode="999")]
    foerste = tjeneste.indberet(batch, SKRIVER)
    anden = tjeneste.indberet(batch, SKRIVER)
    assert [x.status.value for x in anden] == ["Gentaget", "Gentaget", "Afvist"]
    assert [x.svar.haendelse.id for x in anden[:2]] == [x.svar.haendelse.id for x in foerste[:2]]
    assert antal(engine) == 2
    andet_indhold = [ind("M1", "200", tid="5d0c4a34-0000-4000-8000-000000000001")]
    assert status(tjeneste.indberet(andet_indhold, SKRIVER)) == [(1, "Afvist", ["F022"])]


def test_dry_run_judges_all_and_stores_nothing(tjeneste, engine):
    r = tjeneste.indberet([ind("M1"), ind("M1")], SKRIVER, proeve=True)
    assert status(r) == [(1, "Proeve", ["A031"]), (2, "Afvist", ["F011"])]
    assert antal(engine) == 0


def test_change_and_delete_in_a_batch(tjeneste, engine):
    [ny] = tjeneste.indberet([ind("M1")], SKRIVER)
    hid = ny.svar.haendelse.id
    r = tjeneste.indberet([
        m.Indberetning(HaendelseData("100", date(2026, 3, 2), date(2026, 3, 5)), AnsaettelsesIdent("M1"),
                       handling=m.Handling.RET, haendelse_id=hid, version=1),
        m.Indberetning(None, handling=m.Handling.SLET, haendelse_id=hid, version=1),  # version 2 now
        m.Indberetning(None, handling=m.Handling.SLET, haendelse_id=hid, version=2),
        m.Indberetning(None, handling=m.Handling.SLET),
        ind("M2", haendelse_id=hid, version=1),
    ], SKRIVER)
    assert status(r) == [(1, "Rettet", []), (2, "Afvist", ["F020"]), (3, "Slettet", []),
                         (4, "Afvist", ["F164"]), (5, "Afvist", ["F164"])]
    assert antal(engine) == 0


@pytest.mark.parametrize("g, forventet", [
    (Gruppe("MAS"), ["M1", "M2", "M3", "M4", "M5", "M6"]),  # M7 ended before the event
    (Gruppe("MAS", enhed="HR"), ["M1", "M2", "M3", "M4", "M5"]),
    (Gruppe("MAS", enhed="HR1", pkat="240"), ["M1", "M2", "M3"]),  # as samme_kode compares
    (Gruppe("MAS", pkat="0240", klasse="2"), ["M3"]),
    (Gruppe("MAS", enhed="SALG", pkat="0172"), []),
])
def test_a_group_is_its_employments_in_force(tjeneste, engine, g, forventet):
    r = tjeneste.indberet([gruppe(g)], SKRIVER, proeve=True)
    if not forventet:
        assert status(r) == [(1, "Afvist", ["F161"])]
        return
    assert [x.ansaettelse.tjenestenummer for x in r] == forventet
    assert {x.status for x in r} == {m.Status.PROEVE} and antal(engine) == 0
    ud = tjeneste.indberet([gruppe(g)], SKRIVER)
    assert {x.status for x in ud} == {m.Status.OPRETTET} and antal(engine) == len(forventet)


def test_a_group_lists_whom_it_would_refuse_and_why(tjeneste, engine):
    tjeneste.indberet([ind("M2", "500", "2026-03-02", "2026-03-02")], SKRIVER)
    r = tjeneste.indberet([gruppe(Gruppe("MAS", enhed="HR1"), tid="5d0c4a34-0000-4000-8000-00000000000a")],
                          SKRIVER, proeve=True)
    assert [(x.ansaettelse.tjenestenummer, x.status.value, [k.kode for k in x.meddelelser]) for x in r] == [
        ("M1", "Proeve", ["A031"]), ("M2", "Afvist", ["F011"]), ("M3", "Proeve", ["A031"]),
        ("M4", "Proeve", ["A031"])]
    ud = tjeneste.indberet([gruppe(Gruppe("MAS", enhed="HR1"), tid="5d0c4a34-0000-4000-8000-00000000000a")],
                           SKRIVER)
    assert [x.status.value for x in ud] == ["Oprettet", "Afvist", "Oprettet", "Oprettet"]
    igen = tjeneste.indberet([gruppe(Gruppe("MAS", enhed="HR1"), tid="5d0c4a34-0000-4000-8000-00000000000a")],
                             SKRIVER)
    assert [x.status.value for x in igen] == ["Gentaget", "Afvist", "Gentaget", "Gentaget"]
    assert antal(engine) == 4


@pytest.mark.parametrize("g, kode", [
    (Gruppe("AND"), "R001"),  # read right only
    (Gruppe("INGEN"), "F088"),
    (Gruppe("MAS", enhed="X"), "F089"),  # a unit of another institution
    (Gruppe("MAS", klasse="2"), "F166"),
])
def test_a_group_the_user_cannot_register_for_is_refused(tjeneste, engine, g, kode):
    r = tjeneste.indberet([gruppe(g), ind("M1")], SKRIVER)
    assert status(r) == [(1, "Afvist", [kode]), (2, "Oprettet", [])]


def test_more_than_ten_thousand_is_refused_whole(tjeneste, engine):
    with pytest.raises(Afvist) as e:
        tjeneste.indberet([ind("M1")] * (m.MAKS_INDBERETNINGER + 1), SKRIVER)
    assert [x.kode for x in e.value.meddelelser] == ["F160"]


def test_a_single_registration_and_a_batch_agree(tjeneste, engine):
    """The same helpers: a batch registration and OpretHaendelse answer alike."""
    enkelt = tjeneste.haendelser
    with pytest.raises(Afvist) as e:
        enkelt.opret(HaendelseAnmodning(AnsaettelsesIdent("M1"), HaendelseData("110", date(2026, 3, 2),
                                                                                 date(2026, 3, 3))), SKRIVER)
    [r] = tjeneste.indberet([ind("M1", "110")], SKRIVER)
    assert [x.kode for x in r.meddelelser] == [x.kode for x in e.value.meddelelser]


def test_a_transaktionsid_twice_in_one_batch(tjeneste, engine):
    """The batch's inserts wait (one executemany per table), but never past a read that must see
    them: the second use of an id finds the first."""
    tid = "5d0c4a34-0000-4000-8000-0000000000b1"
    r = tjeneste.indberet([ind("M1", tid=tid), ind("M2"), ind("M1", tid=tid), ind("M1", "200", tid=tid)],
                          SKRIVER)
    assert status(r) == [(1, "Oprettet", []), (2, "Oprettet", []), (3, "Gentaget", []),
                         (4, "Afvist", ["F022"])]
    assert r[2].svar.haendelse.id == r[0].svar.haendelse.id
    assert antal(engine) == 2 and antal(engine, HAENDELSESLOG) == 2


def test_many_distinct_employments_then_one_again_sees_the_batch(tjeneste, engine):
    r = tjeneste.indberet([ind(t) for t in ("M1", "M2", "M3", "M4", "M5", "M6")] + [ind("M4", "500")],
                          SKRIVER)
    assert [x.status.value for x in r] == ["Oprettet"] * 6 + ["Afvist"]
    assert [k.kode for k in r[-1].meddelelser] == ["F011"]
    assert antal(engine) == 6 and antal(engine, HAENDELSESLOG) == 6


MOD_ENKELTE = [  # (tjenestenummer, code, from, to): judged in this order
    ("M1", "500", "2026-03-02", "2026-03-27"),  # 20 days of vacation
    ("M1", "500", "2026-04-06", "2026-04-17"),  # 10 more in the same ferieår: beyond the balance
    ("M2", "500", "2026-03-02", "2026-03-06"),
    ("M2", "110", "2026-03-04", "2026-03-05"),  # sick under the batch's own vacation
    ("M3", "110", "2026-03-04", "2026-03-05"),  # sick under no vacation: F013
    ("M4", "100", "2026-03-02", "2026-03-03"),
    ("M4", "500", "2026-03-03", "2026-03-03"),  # on the batch's own sickness: F011
    ("M5", "520", "2026-03-02", "2026-03-02"),
    ("M6", "500", "2026-02-02", "2026-02-27"),  # 20 days
    ("M6", "100", "2026-02-09", "2026-02-10"),
]


def test_a_batch_judges_each_registration_as_the_single_call_after_the_ones_before(tjeneste, engine):
    """What the batch reads once for all (Forhaandslaest) and the inserts it holds back change
    nothing: a dry run of the batch answers as the single OpretHaendelse calls then do."""
    batch = [ind(t, k, f, til) for t, k, f, til in MOD_ENKELTE]
    proeve = [(x.status is m.Status.PROEVE, [k.kode for k in x.meddelelser if k.kode != "A031"])
              for x in tjeneste.indberet(batch, SKRIVER, proeve=True)]
    enkelte = []
    for i in batch:
        try:
            svar = tjeneste.haendelser.opret(HaendelseAnmodning(i.ansaettelse, i.data), SKRIVER)
        except Afvist as e:
            enkelte.append((False, [k.kode for k in e.meddelelser]))
        else:
            enkelte.append((True, [k.kode for k in svar.meddelelser]))
    assert proeve == enkelte
    assert [ok for ok, _ in enkelte] == [True, False, True, True, False, True, False, True, True, False]


def test_a_batch_stores_the_rows_the_single_call_stores(tjeneste, engine):
    """The batch writes the event's JSON once for its log row and the retry's answer: the same
    text as OpretHaendelse stores (canonical codec.dumps, the same fields), but for the ids."""
    from fravaer.adapters.db import codec
    from fravaer.adapters.db.tables import TransaktionRow

    data = HaendelseData("500", date(2026, 3, 2), date(2026, 3, 27), bemaerkning="ø \"x\"")
    enkelt = tjeneste.haendelser.opret(HaendelseAnmodning(AnsaettelsesIdent("M1"), data,
                                                          "5d0c4a34-0000-4000-8000-0000000000c1"), SKRIVER)
    [r] = tjeneste.indberet([m.Indberetning(data, AnsaettelsesIdent("M2"),
                                            transaktions_id="5d0c4a34-0000-4000-8000-0000000000c2")], SKRIVER)
    with engine.connect() as c:
        log = dict(c.execute(select(HAENDELSESLOG.c.noegle, HAENDELSESLOG.c.efter)).all())
        svar = dict(c.execute(select(TransaktionRow.id, TransaktionRow.svar)).all())
        hashes = dict(c.execute(select(TransaktionRow.id, TransaktionRow.indhold_hash)).all())
    ider = {enkelt.haendelse.id: r.svar.haendelse.id, str(enkelt.haendelse.ansaettelse_id):
            str(r.svar.haendelse.ansaettelse_id)}

    def som_batch(tekst: str) -> str:
        for fra, til in ider.items():
            tekst = tekst.replace(f'"{fra}"', f'"{til}"').replace(f'"ansaettelse_id":{fra},',
                                                                  f'"ansaettelse_id":{til},')
        return tekst

    en, to = svar["5d0c4a34-0000-4000-8000-0000000000c1"], svar["5d0c4a34-0000-4000-8000-0000000000c2"]
    for gemt in (log[r.svar.haendelse.id], to):
        assert gemt == codec.dumps(codec.loads(gemt))
    assert log[r.svar.haendelse.id] == som_batch(log[enkelt.haendelse.id])
    assert to == som_batch(en)
    assert r.meddelelser and [x.kode for x in r.meddelelser] == [x.kode for x in enkelt.meddelelser]
    assert len(set(hashes.values())) == 2  # the digest leaves out the id but not the employment


def test_closed_pay_periods_give_each_registration_its_advis(tjeneste, engine):
    """A036 for every pay-affecting registration (505) in a closed pay period, as the single call
    gives it: the batch reads the institution's closed periods once, for all its registrations."""
    Loentjeneste(engine, KATALOG, ur).luk("MAS", Loenperiode(2026, 2), SKRIVER)
    resultater = tjeneste.indberet([ind("M1", "505", "2026-02-02", "2026-02-02"),
                                    ind("M2", "505", "2026-02-03", "2026-02-03"),
                                    ind("M5", "505", "2026-03-02", "2026-03-02")], SKRIVER)
    assert [("A036" in k) for _, _, k in status(resultater)] == [True, True, False]
    enkelt = tjeneste.haendelser.opret(HaendelseAnmodning(AnsaettelsesIdent("M6"), HaendelseData(
        "505", date(2026, 2, 2), date(2026, 2, 2))), SKRIVER)
    assert [x.kode for x in enkelt.meddelelser] == status(resultater)[0][2]
