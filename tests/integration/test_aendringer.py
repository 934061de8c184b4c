"""The change feed (issue 19 item 1) on SQLite and PostgreSQL: every kind of write is recorded with
before and after, who and when; HentAendringer reads it from a cursor, filtered and paged, and only
what the caller may read."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from fravaer.domain.aendringer import MAKS_ANTAL, Art, fra_token, til_token
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.meddelelser import Afvist
from fravaer.service.aendringer import hent_aendringer
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from tests.integration.test_soeg import sta  # noqa: F401 - the fixture: STA with units and a history

T1 = AnsaettelsesIdent(tjenestenummer="10000001")
BRUGER = Bruger("test", {"DEMO": Ret.REGISTRER, "DEMO2": Ret.REGISTRER})
LAESER = Bruger("laeser", {"DEMO": Ret.LAES})


@pytest.fixture
def tjeneste(demo_engine):
    return Haendelsestjeneste(demo_engine, standardkatalog())


def anm(kode, fra, til=None, ident=T1):
    fra = date.fromisoformat(fra)
    return HaendelseAnmodning(ident, HaendelseData(kode, fra, date.fromisoformat(til) if til else fra))


def efter_horisonten(engine) -> None:
    """Wait until the feed's read horizon has passed every transaction begun so far (PostgreSQL):
    then all this test has committed is deliverable. Another test process's open transaction in the
    same cluster holds the horizon back for a while — the feed's price for never skipping."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as c:
        nu = c.execute(text("SELECT (pg_current_xact_id()::text)::bigint")).scalar()
    frist = time.monotonic() + 120
    horisont = text("SELECT (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint")
    with engine.connect() as c:
        while c.execute(horisont).scalar() <= nu:
            assert time.monotonic() < frist, "the read horizon did not move for 2 minutes"
            c.rollback()
            time.sleep(0.02)


def alle(engine, bruger=BRUGER, **filtre):
    """Every change the feed has for `bruger` now, following the cursor a page of 2 at a time (only
    events unless other kinds are named: the demo data's import is in the feed too)."""
    filtre.setdefault("arter", [Art.HAENDELSE])
    efter_horisonten(engine)
    ud, token = [], None
    while True:
        side = hent_aendringer(engine, bruger, fortsaettelse=token, maks=2, **filtre)
        ud += side.aendringer
        token = side.fortsaettelse
        if not side.flere:
            return ud, token


def test_events_created_changed_deleted_come_with_before_after_who_and_when(tjeneste, demo_engine):
    nu = datetime.now(UTC)
    ny = tjeneste.opret(anm("100", "2025-02-03"), BRUGER).haendelse
    anden = Bruger("anden", BRUGER.rettigheder)
    rettet = tjeneste.ret(ny.id, 1, anm("100", "2025-02-03", "2025-02-04"), anden)
    tjeneste.slet(ny.id, 2, None, BRUGER)
    aendringer, _ = alle(demo_engine, arter=[Art.HAENDELSE])
    mine = [a for a in aendringer if a.noegle == ny.id]
    assert [a.handling for a in mine] == ["Opret", "Ret", "Slet"]
    opret, ret, slet = mine
    assert opret.foer is None and opret.efter["til"] == "2025-02-03" and opret.bruger == "test"
    assert ret.foer["til"] == "2025-02-03" and ret.efter["til"] == "2025-02-04" and ret.bruger == "anden"
    assert ret.efter["version"] == rettet.haendelse.version == 2
    assert slet.foer["version"] == 2 and slet.efter is None
    assert all(a.institution == "DEMO" and a.ansaettelse_id == ny.ansaettelse_id for a in mine)
    assert all(abs(a.tidspunkt - nu) < timedelta(minutes=1) for a in mine)
    assert opret.position < ret.position < slet.position


def test_the_cursor_continues_where_the_last_page_ended_and_waits_at_the_end(tjeneste, demo_engine):
    for dag in ("2025-02-03", "2025-02-04", "2025-02-05"):
        tjeneste.opret(anm("100", dag), BRUGER)
    foerste, token = alle(demo_engine)
    assert len(foerste) == 3
    tom = hent_aendringer(demo_engine, BRUGER, fortsaettelse=token, arter=[Art.HAENDELSE])
    assert tom.aendringer == [] and not tom.flere and tom.fortsaettelse == token
    tjeneste.opret(anm("100", "2025-02-06"), BRUGER)
    efter_horisonten(demo_engine)
    naeste = hent_aendringer(demo_engine, BRUGER, fortsaettelse=token, arter=[Art.HAENDELSE])
    assert [a.efter["fra"] for a in naeste.aendringer] == ["2025-02-06"]


def test_rights_and_filters(tjeneste, demo_engine):
    tjeneste.opret(anm("100", "2025-02-03"), BRUGER)  # DEMO
    tjeneste.opret(anm("100", "2025-02-03", ident=AnsaettelsesIdent(tjenestenummer="20000001")), BRUGER)
    assert {a.institution for a in alle(demo_engine)[0]} == {"DEMO", "DEMO2"}
    assert {a.institution for a in alle(demo_engine, LAESER)[0]} == {"DEMO"}
    assert {a.institution for a in alle(demo_engine, institution="DEMO2")[0]} == {"DEMO2"}
    assert alle(demo_engine, Bruger("ingen"))[0] == []
    with pytest.raises(Afvist) as e:
        hent_aendringer(demo_engine, LAESER, institution="DEMO2")
    assert e.value.meddelelser[0].kode == "F088"
    with pytest.raises(Afvist) as e:
        hent_aendringer(demo_engine, BRUGER, enhed="X")
    assert e.value.meddelelser[0].kode == "F203"
    with pytest.raises(Afvist) as e:
        hent_aendringer(demo_engine, BRUGER, institution="DEMO", enhed="FINDES-IKKE")
    assert e.value.meddelelser[0].kode == "F089"


@pytest.mark.parametrize("maks", [0, MAKS_ANTAL + 1])
def test_page_size_is_bounded(demo_engine, maks):
    with pytest.raises(Afvist) as e:
        hent_aendringer(demo_engine, BRUGER, maks=maks)
    assert e.value.meddelelser[0].kode == "F201"


@pytest.mark.parametrize("token", ["", "ikke-base64!", "eyJ2IjoyfQ", til_token.__name__])
def test_a_cursor_not_ours_is_refused(demo_engine, token):
    with pytest.raises(Afvist) as e:
        hent_aendringer(demo_engine, BRUGER, fortsaettelse=token)
    assert e.value.meddelelser[0].kode == "F200"


def test_from_a_time(tjeneste, demo_engine):
    tjeneste.opret(anm("100", "2025-02-03"), BRUGER)
    senere = datetime.now(UTC) + timedelta(seconds=1)
    tjeneste.ur = lambda: senere
    tjeneste.opret(anm("100", "2025-02-04"), BRUGER)
    efter_horisonten(demo_engine)
    side = hent_aendringer(demo_engine, BRUGER, fra_tidspunkt=senere)
    assert [a.efter["fra"] for a in side.aendringer] == ["2025-02-04"]
    fremtid = hent_aendringer(demo_engine, BRUGER, fra_tidspunkt=senere + timedelta(days=1))
    assert fremtid.aendringer == []
    tjeneste.ur = lambda: senere + timedelta(days=2)
    tjeneste.opret(anm("100", "2025-02-05"), BRUGER)
    efter_horisonten(demo_engine)
    videre = hent_aendringer(demo_engine, BRUGER, fortsaettelse=fremtid.fortsaettelse)
    assert [a.efter["fra"] for a in videre.aendringer] == ["2025-02-05"]
    with pytest.raises(Afvist) as e:
        hent_aendringer(demo_engine, BRUGER, fortsaettelse=side.fortsaettelse, fra_tidspunkt=senere)
    assert e.value.meddelelser[0].kode == "F202"
    assert fra_token(side.fortsaettelse) == side.aendringer[-1].position


def _af(engine, art, bruger=BRUGER):
    return list(alle(engine, bruger, arter=[art])[0])


def test_quota_postings_come_with_the_accounts_before_and_after(demo_engine):
    from fractions import Fraction

    from fravaer.domain.kvoter import KvoteType
    from fravaer.service.kvoter import Kvotetjeneste

    k = Kvotetjeneste(demo_engine, standardkatalog(), lambda: datetime(2025, 11, 3, 9, 0, tzinfo=UTC))
    k.reguler(T1, KvoteType.FERIE, 2025, 9, Fraction(2), date(2025, 9, 1), "lægeerklæring", None, BRUGER)
    k.flyt_ferie(T1, 2025, Fraction(2), None, BRUGER)
    reguler, flyt = _af(demo_engine, Art.KVOTE)
    assert (reguler.handling, flyt.handling) == ("Reguler", "Flyt")
    foer, efter = reguler.foer["konti"][0], reguler.efter["konti"][0]
    assert Fraction(efter["reguleret"]) - Fraction(foer["reguleret"]) == 2
    assert reguler.efter["poster"][0]["tekst"] == "lægeerklæring"
    assert len(flyt.efter["konti"]) == 2  # both years
    assert alle(demo_engine)[0] == []  # only the kinds asked for


def test_working_times_cases_communication_calendar_and_saerregler(demo_engine):
    from fravaer.domain.arbejdstid import Moedetid
    from fravaer.domain.personale import Arbejdsskadesag
    from fravaer.service.kalender import saet_fridag
    from fravaer.service.medarbejdere import Medarbejdertjeneste
    from fravaer.service.moedetider import Moedetidstjeneste
    from fravaer.service.sager import Sagstjeneste

    m = Moedetidstjeneste(demo_engine)
    m.opret(T1, [Moedetid(date(2025, 3, 3), 300)], BRUGER, None)
    m.ret(T1, [Moedetid(date(2025, 3, 3), 360)], BRUGER, None)
    m.slet(T1, [date(2025, 3, 3)], BRUGER, None)
    assert [(a.handling, a.noegle, a.foer and a.foer["minutter"], a.efter and a.efter["minutter"])
            for a in _af(demo_engine, Art.MOEDETID)] == [
        ("Opret", "2025-03-03", None, 300), ("Ret", "2025-03-03", 300, 360),
        ("Slet", "2025-03-03", 360, None)]
    Sagstjeneste(demo_engine, lambda: datetime.now(UTC)).opret_arbejdsskadesag(
        T1, Arbejdsskadesag("", "AS-1", date(2025, 1, 2)), None, BRUGER)
    [sag] = _af(demo_engine, Art.ARBEJDSSKADESAG)
    assert sag.noegle == "AS-1" and sag.foer is None and sag.efter["ulykkesdato"] == "2025-01-02"
    Medarbejdertjeneste(demo_engine, standardkatalog()).ret_kommunikation(T1, "a@b.dk", None, None, BRUGER)
    [person] = _af(demo_engine, Art.PERSON)
    assert person.efter["email"] == "a@b.dk" and person.institution == "DEMO"
    saet_fridag(demo_engine, "DEMO", date(2025, 12, 24), True, "admin")
    [fridag] = _af(demo_engine, Art.KALENDER)
    assert (fridag.handling, fridag.bruger, fridag.efter) == ("Opret", "admin", {"fridag": "2025-12-24"})


def test_a_master_data_import_records_what_it_changed_and_nothing_when_unchanged(engine):
    from fravaer.adapters.stamdata import laes
    from fravaer.service.stamdata import importer_ansaettelser

    hoved = ("institution_kode;institution_navn;cpr;loebenummer;tjenestenummer;pkat;stiko;loenform;"
             "ugentlig_arbejdstid;startdato;slutdato\n")
    linje = "INST1;Styrelsen;0101801111;1;T-1;0240;1100;1;37;2020-01-01;{slut}\n"
    bruger = Bruger("l", {"INST1": Ret.LAES})
    importer_ansaettelser(engine, laes((hoved + linje.format(slut="")).encode()))
    importer_ansaettelser(engine, laes((hoved + linje.format(slut="")).encode()))
    [opret] = _af(engine, Art.ANSAETTELSE, bruger)
    assert opret.handling == "Opret" and opret.efter["institution"] == "INST1" and opret.bruger == "import"
    importer_ansaettelser(engine, laes((hoved + linje.format(slut="2026-06-30")).encode()))
    _, ret = _af(engine, Art.ANSAETTELSE, bruger)
    assert ret.foer["slutdato"] is None and ret.efter["slutdato"] == "2026-06-30"


def test_a_unit_filter_takes_the_unit_and_every_unit_below_it(sta):  # noqa: F811 - the imported fixture
    laeser = Bruger("l", {"STA": Ret.LAES})

    def tjenestenumre(enhed):
        side = hent_aendringer(sta, laeser, institution="STA", enhed=enhed, arter=[Art.HAENDELSE])
        ider = {a.ansaettelse_id for a in side.aendringer}
        return {a.tjenestenummer for a in side.ansaettelser.values() if a.id in ider}

    efter_horisonten(sta)
    hr, salg = tjenestenumre("HR"), tjenestenumre("SALG")
    assert "S1" in hr and "S6" not in hr  # S1 stands in HR1, under HR
    assert "S6" in salg and "S1" not in salg
    enheder = hent_aendringer(sta, laeser, institution="STA", enhed="HR", arter=[Art.ENHED]).aendringer
    assert {"HR", "HR1"} <= {a.noegle for a in enheder} and "SALG" not in {a.noegle for a in enheder}
