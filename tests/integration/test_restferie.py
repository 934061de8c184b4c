"""Moving days to the next year against real databases (SQLite and PostgreSQL): the year-end
transfer over an institution or a unit (dry run, idempotent, logged, refused as a whole when the
request is wrong), its command `fravaer ferie overfoer`, and FlytFerie of særlige feriedage."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, date, datetime
from fractions import Fraction

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from fravaer.adapters.db.tables import KvotepostRow
from fravaer.adapters.stamdata import laes_csv
from fravaer.cli import main
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvoter import Konto, KvoteType
from fravaer.domain.meddelelser import Afvist
from fravaer.domain.restferie import Udfald
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.kvoter import Kvotetjeneste
from fravaer.service.restferie import Restferieanmodning
from fravaer.service.stamdata import importer

KATALOG = standardkatalog()
BRUGER = Bruger("loenkontor", {"OVF": Ret.REGISTRER})
LAESER = Bruger("laeser", {"OVF": Ret.LAES})
DATO = date(2025, 11, 3)  # ferieår 2025 ended its accrual on 31 August; its days can move until 31 December

ENHEDER = b"""institution_kode,institution_navn,kode,navn,overordnet_kode
OVF,Overfoerselsstyrelsen,DIR,Direktionen,
OVF,Overfoerselsstyrelsen,HR,HR,DIR
OVF,Overfoerselsstyrelsen,HR1,Loenteam,HR
OVF,Overfoerselsstyrelsen,SALG,Salg,DIR
"""
# T1 a full year; T2 takes 8 days (5 and 9 June are days off); T3 half a year; T4 hourly pay; T5 left
# in June; T6 started after the accrual; T7 took more than earned (stat policy: an advis, the balance
# goes negative); T8 on AKKO 14 (seed 002 §7.4 "der er på AKKO"); T9 AKKO 11, not one of the seed's
ANSAETTELSER = b"""institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,\
ugentlig_arbejdstid,startdato,slutdato,enhed_kode,akko
OVF,Overfoerselsstyrelsen,0101801111,1,T1,0240,1100,1,37,2020-01-01,,HR1,
OVF,Overfoerselsstyrelsen,0101801112,1,T2,0240,1100,1,37,2020-01-01,,HR,
OVF,Overfoerselsstyrelsen,0101801113,1,T3,0240,1100,1,37,2025-03-01,,SALG,
OVF,Overfoerselsstyrelsen,0101801114,1,T4,0240,1100,3,20,2020-01-01,,SALG,
OVF,Overfoerselsstyrelsen,0101801115,1,T5,0240,1100,1,37,2020-01-01,2025-06-30,SALG,
OVF,Overfoerselsstyrelsen,0101801116,1,T6,0240,1100,1,37,2025-10-01,,DIR,
OVF,Overfoerselsstyrelsen,0101801117,1,T7,0240,1100,1,37,2025-06-01,,DIR,
OVF,Overfoerselsstyrelsen,0101801118,1,T8,0240,1100,1,37,2020-01-01,,DIR,14
OVF,Overfoerselsstyrelsen,0101801119,1,T9,0240,1100,1,37,2020-01-01,,DIR,11
"""
FORVENTET = {"T1": ("Overfoert", 5, "A011"), "T2": ("Overfoert", 5, "A011"), "T3": ("Udeladt", 0, "F106"),
             "T4": ("Udeladt", 0, "F105"), "T5": ("Udeladt", 0, "F107"), "T6": ("Udeladt", 0, "F108"),
             "T7": ("Udeladt", 0, "F104"), "T8": ("Udeladt", 0, "F103"), "T9": ("Overfoert", 5, "A011")}


def ur():
    return datetime(2025, 11, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def ovf(engine):
    for art, fil in (("enheder", ENHEDER), ("ansaettelser", ANSAETTELSER)):
        r = importer(engine, laes_csv(art, fil), alt_eller_intet=True)
        assert r.fejl == []
    h = Haendelsestjeneste(engine, KATALOG, ur)
    for tjnr, fra, til, ferieaar in (("T2", "2025-06-02", "2025-06-13", None),
                                     ("T7", "2025-09-01", "2025-09-12", 2025)):
        h.opret(HaendelseAnmodning(AnsaettelsesIdent(tjnr), HaendelseData(
            "500", date.fromisoformat(fra), date.fromisoformat(til), ferieaar=ferieaar)), BRUGER)
    return engine


def kvoter(engine) -> Kvotetjeneste:
    return Kvotetjeneste(engine, KATALOG, ur)


def overfoer(engine, enhed=None, proeve=False, bruger=BRUGER, dato=DATO, institution="OVF"):
    anmodning = Restferieanmodning(institution, enhed, 2025, dato, proeve)
    return kvoter(engine).overfoer_restferie(anmodning, bruger)


def udfald(r) -> dict[str, tuple]:
    return {a.tjenestenummer: (o.udfald.value, o.dage, o.meddelelse.kode) for a, o in r.resultater}


def poster(engine) -> int:
    with engine.connect() as c:
        return c.scalar(select(func.count()).select_from(KvotepostRow))


def saldo(engine, tjnr: str, ferieaar: int):
    [(_, ks)] = kvoter(engine).hent_kvoter([AnsaettelsesIdent(tjnr)], DATO, BRUGER)
    return next(k for k in ks if k.konto == Konto(KvoteType.FERIE, ferieaar))


def test_a_dry_run_reports_what_the_run_then_moves_and_a_second_run_moves_nothing_more(ovf, caplog):
    caplog.set_level(logging.INFO, logger="fravaer.revision")
    proeve = overfoer(ovf, proeve=True)
    assert proeve.proeve and poster(ovf) == 0
    assert {t: (s, d) for t, (s, d, _) in udfald(proeve).items()} == {
        t: (s, d) for t, (s, d, _) in FORVENTET.items()}
    assert {k for _, _, k in udfald(proeve).values() if k.startswith("A")} == {"A012"}
    r = overfoer(ovf)
    assert udfald(r) == FORVENTET
    assert (r.antal(Udfald.OVERFOERT), r.antal(Udfald.UDELADT), r.dage_i_alt) == (3, 6, 15)
    assert poster(ovf) == 6
    assert (saldo(ovf, "T2", 2025).disponibel, saldo(ovf, "T2", 2026).overfoert) == (12, 5)
    assert (saldo(ovf, "T1", 2025).overfoert, saldo(ovf, "T1", 2026).overfoert) == (-5, 5)
    linjer = [x.getMessage() for x in caplog.records if "OverfoerRestferie" in x.getMessage()]
    assert [x.split(" ", 1)[0] for x in linjer] == ["laesning", "skrivning"]  # the dry run wrote nothing
    assert "bruger=loenkontor" in linjer[1] and "overfoert=3 udeladt=6" in linjer[1]

    igen = overfoer(ovf, dato=date(2025, 12, 1))
    assert {t: v for t, v in udfald(igen).items() if t in ("T1", "T2")} == {
        "T1": ("AlleredeOverfoert", 5, "A010"), "T2": ("AlleredeOverfoert", 5, "A010")}
    assert igen.dage_i_alt == 0 and poster(ovf) == 6
    assert saldo(ovf, "T1", 2026).overfoert == 5


def test_a_unit_covers_the_units_under_it_and_an_unknown_one_is_refused(ovf):
    assert set(udfald(overfoer(ovf, enhed="HR", proeve=True))) == {"T1", "T2"}
    assert set(udfald(overfoer(ovf, enhed="DIR", proeve=True))) == set(FORVENTET)  # the top unit
    assert set(udfald(overfoer(ovf, enhed="SALG", proeve=True))) == {"T3", "T4", "T5"}
    with pytest.raises(Afvist) as e:
        overfoer(ovf, enhed="FINDES_IKKE")
    assert [m.kode for m in e.value.meddelelser] == ["F089"]


@pytest.mark.parametrize("kwargs, koder", [
    ({"bruger": LAESER}, ["R001"]),  # a dry run too: the operation is the register right's
    ({"bruger": LAESER, "proeve": True}, ["R001"]),
    ({"bruger": Bruger("fremmed", {"DEMO": Ret.REGISTRER})}, ["F088"]),  # cannot probe institutions
    ({"institution": "FINDES_IKKE", "bruger": Bruger("x", {"FINDES_IKKE": Ret.REGISTRER})}, ["F088"]),
    ({"dato": date(2025, 8, 31)}, ["F102"]),
    ({"dato": date(2026, 1, 2)}, ["F056"]),
])
def test_a_wrong_request_is_refused_as_a_whole_and_stores_nothing(ovf, kwargs, koder):
    with pytest.raises(Afvist) as e:
        overfoer(ovf, **kwargs)
    assert [m.kode for m in e.value.meddelelser] == koder
    assert poster(ovf) == 0


def test_after_31_december_a_back_dated_run_is_refused(ovf):
    sent = Kvotetjeneste(ovf, KATALOG, lambda: datetime(2026, 1, 5, 9, tzinfo=UTC))
    with pytest.raises(Afvist) as e:
        sent.overfoer_restferie(Restferieanmodning("OVF", None, 2025, DATO), BRUGER)
    assert [m.kode for m in e.value.meddelelser] == ["F056"]


def test_the_akko_in_force_on_the_date_decides(ovf):
    # T2 goes on AKKO 15 from 1 December, T8 leaves AKKO 14 then (the history, by date)
    historik = b"""cpr,loebenummer,gyldig_fra,institution_kode,enhed_kode,pkat,stiko,loenform,\
ugentlig_arbejdstid,akko
0101801112,1,2025-12-01,OVF,HR,0240,1100,1,37,15
0101801118,1,2025-12-01,OVF,DIR,0240,1100,1,37,
"""
    assert importer(ovf, laes_csv("historik", historik), alt_eller_intet=True).fejl == []
    november, december = udfald(overfoer(ovf, proeve=True)), udfald(overfoer(ovf, proeve=True,
                                                                             dato=date(2025, 12, 2)))
    assert (november["T2"][2], november["T8"][2]) == ("A012", "F103")
    assert (december["T2"][2], december["T8"][2]) == ("F103", "A012")


@pytest.fixture
def cli_idag(monkeypatch):
    """The command goes by today's date: make it the tests' day in November 2025."""
    monkeypatch.setattr(Kvotetjeneste, "idag", lambda self: DATO)


def test_the_command_reports_each_employment_and_a_summary_and_is_idempotent(ovf, cli_idag):
    url = ovf.url.render_as_string(hide_password=False)
    k = CliRunner()
    args = ["ferie", "overfoer", "--institution", "OVF", "--ferieaar", "2025", "--dato", "2025-11-03",
            "--database", url]
    r = k.invoke(main, [*args, "--proeve"])
    assert r.exit_code == 0, r.output
    assert "T1\tOverfoert\t5.00\tA012" in r.output and "T7\tUdeladt\t0.00\tF104" in r.output
    assert "9 ansættelser: 3 overført (15.00 dage), 6 udeladt, 0 allerede overført (prøvekørsel" in r.output
    assert poster(ovf) == 0
    r = k.invoke(main, args)
    assert r.exit_code == 0 and "3 overført (15.00 dage)" in r.output and "prøvekørsel" not in r.output
    r = k.invoke(main, args)
    assert "0 overført (0.00 dage), 6 udeladt, 3 allerede overført" in r.output
    assert "0101801111" not in r.output  # no CPR number: the tjenestenummer names the employment
    assert poster(ovf) == 6


@pytest.mark.parametrize("args, tekst", [
    (["--institution", "NEJ", "--ferieaar", "2025", "--dato", "2025-11-03"], "F088"),
    (["--institution", "OVF", "--ferieaar", "2025", "--dato", "2025-08-01"], "F102"),
    (["--institution", "OVF", "--ferieaar", "2025", "--dato", "3-11-2025"], "Invalid value for '--dato'"),
    (["--institution", "OVF", "--enhed", "NEJ", "--ferieaar", "2025", "--dato", "2025-11-03"], "F089"),
])
def test_the_command_names_bad_input_clearly(ovf, cli_idag, args, tekst):
    r = CliRunner().invoke(main, ["ferie", "overfoer", *args, "--database",
                                  ovf.url.render_as_string(hide_password=False)])
    assert r.exit_code != 0 and tekst in r.output and "Traceback" not in r.output


def test_the_command_says_when_the_database_is_down():
    r = CliRunner().invoke(main, ["ferie", "overfoer", "--institution", "OVF", "--ferieaar", "2025",
                                  "--database", "postgresql://postgres@127.0.0.1:1/x"])
    assert r.exit_code == 1 and "databasen" in r.output and "Traceback" not in r.output


# ---------------------------------------------------------------- FlytFerie of særlige feriedage


def test_special_days_move_to_the_next_year_once_per_transaktions_id(ovf):
    k = Kvotetjeneste(ovf, KATALOG, lambda: datetime(2025, 6, 2, 9, tzinfo=UTC))
    t1 = AnsaettelsesIdent("T1")
    tid = str(uuid.uuid4())
    fra, til = k.flyt_ferie(t1, 2024, Fraction(3), tid, BRUGER, KvoteType.SAERLIGE_FERIEDAGE).kvoter
    assert (fra.konto, fra.overfoert, fra.disponibel) == (Konto(KvoteType.SAERLIGE_FERIEDAGE, 2024), -3, 2)
    assert (til.konto, til.overfoert) == (Konto(KvoteType.SAERLIGE_FERIEDAGE, 2025), 3)
    igen = k.flyt_ferie(t1, 2024, Fraction(3), tid, BRUGER, KvoteType.SAERLIGE_FERIEDAGE)
    assert igen.kvoter == [fra, til] and poster(ovf) == 2
    with pytest.raises(Afvist) as e:  # the same id for a move of ferie is another request
        k.flyt_ferie(t1, 2024, Fraction(3), tid, BRUGER)
    assert [m.kode for m in e.value.meddelelser] == ["F022"]
    with pytest.raises(Afvist) as e:
        k.flyt_ferie(t1, 2024, Fraction(3), None, BRUGER, KvoteType.SAERLIGE_FERIEDAGE)
    assert [m.kode for m in e.value.meddelelser] == ["F054"]  # 2 are left


@pytest.mark.parametrize("aar, idag, koder", [
    (2023, datetime(2025, 5, 1, 9, tzinfo=UTC), ["F100"]),  # 2023's days could be held until 30 April 2025
    (2018, datetime(2025, 6, 2, 9, tzinfo=UTC), ["F059"]),  # before the employment
])
def test_a_move_of_special_days_out_of_time_is_refused(ovf, aar, idag, koder):
    k = Kvotetjeneste(ovf, KATALOG, lambda: idag)
    with pytest.raises(Afvist) as e:
        k.flyt_ferie(AnsaettelsesIdent("T1"), aar, Fraction(1), None, BRUGER, KvoteType.SAERLIGE_FERIEDAGE)
    assert [m.kode for m in e.value.meddelelser] == koder
    assert poster(ovf) == 0
