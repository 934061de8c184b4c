"""The `fravaer` command: db upgrade, import with per-line errors, clear errors for bad input."""

from __future__ import annotations

from fractions import Fraction

from click.testing import CliRunner
from sqlalchemy import func, select

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.db.tables import AnsaettelseRow
from fravaer.cli import main

HOVED = ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
         "ugentlig_arbejdstid,startdato,slutdato\n")


def test_db_upgrade_creates_and_reports_the_revision(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    r = CliRunner().invoke(main, ["db", "upgrade", "--database", url])
    assert r.exit_code == 0, r.output
    assert "revision 0008" in r.output


def test_import_reports_bad_lines_with_their_numbers(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    fil = tmp_path / "ans.csv"
    fil.write_text(HOVED + "I1,Inst,0101801111,1,T1,,,1,37,2020-01-01,\n"
                   "I1,Inst,0101801111,2,T2,,,1,37,2020-02-30,\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["import", str(fil), "--database", url])
    assert r.exit_code == 1
    assert "ans.csv:3: startdato" in r.output and "1 oprettet" in r.output
    r2 = CliRunner().invoke(main, ["import", str(fil), "--database", url])
    assert "0 oprettet, 0 ændret, 1 uændrede" in r2.output
    with make_engine(url).connect() as c:
        assert c.scalar(select(func.count()).select_from(AnsaettelseRow)) == 1


def test_import_of_a_file_without_the_columns_is_a_clear_error(tmp_path):
    fil = tmp_path / "forkert.csv"
    fil.write_text("navn,alder\nx,1\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["import", str(fil), "--database", f"sqlite:///{tmp_path / 'x.sqlite'}"])
    assert r.exit_code == 1 and "kolonner mangler" in r.output


def test_a_database_that_is_down_is_a_clear_error(tmp_path):
    fil = tmp_path / "ans.csv"
    fil.write_text(HOVED, encoding="utf-8")
    r = CliRunner().invoke(main, ["import", str(fil), "--database", "postgresql://postgres@127.0.0.1:1/x"])
    assert r.exit_code == 1 and "databasen" in r.output and "Traceback" not in r.output


def test_user_commands(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'u.sqlite'}"
    fil = tmp_path / "ans.csv"
    fil.write_text(HOVED + "I1,Inst,0101801111,1,T1,,,1,37,2020-01-01,\n", encoding="utf-8")
    k = CliRunner()
    assert k.invoke(main, ["import", str(fil), "--database", url]).exit_code == 0
    r = k.invoke(main, ["user", "add", "anna", "--registrer", "I1", "--database", url],
                 input="hemmelig-1\nhemmelig-1\n")
    assert r.exit_code == 0, r.output
    r = k.invoke(main, ["user", "add", "bo", "--laes", "I1", "--digest", "--password", "hemmelig-2",
                        "--database", url])
    assert r.exit_code == 0, r.output
    assert k.invoke(main, ["user", "add", "anna", "--password", "hemmelig-3", "--database", url]
                    ).exit_code == 1
    assert "findes ikke" in k.invoke(main, ["user", "add", "x", "--laes", "NEJ", "--password",
                                            "hemmelig-4", "--database", url]).output
    assert "mindst 8" in k.invoke(main, ["user", "add", "y", "--password", "kort", "--database", url]).output
    assert k.invoke(main, ["user", "disable", "anna", "--database", url]).exit_code == 0
    assert k.invoke(main, ["user", "set-password", "bo", "--password", "nyt-kodeord-5",
                           "--database", url]).exit_code == 0
    linjer = k.invoke(main, ["user", "list", "--database", url]).output.splitlines()
    assert linjer == ["anna\tdeaktiveret\tbruger\ttekst\tI1:registrer",
                      "bo\taktiv\tbruger\ttekst\tI1:laes"]
    monkeypatch.delenv("FRAVAER_SECRET_KEY")
    r = k.invoke(main, ["user", "add", "z", "--digest", "--password", "hemmelig-6", "--database", url])
    assert r.exit_code == 1 and "FRAVAER_SECRET_KEY" in r.output


def test_passwords_are_stored_only_as_scrypt_hashes(tmp_path):
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'h.sqlite'}"
    CliRunner().invoke(main, ["user", "add", "cai", "--password", "klartekst-kodeord", "--database", url])
    with make_engine(url).connect() as c:
        (h, krypteret), = c.execute(text("SELECT kodeord_hash, kodeord_krypteret FROM bruger"))
    assert h.startswith("scrypt$") and "klartekst" not in h and krypteret is None


def test_an_institutions_calendar_changes_the_cost_of_its_events(tmp_path):
    from datetime import date

    from fravaer.domain.brugere import Bruger, Ret
    from fravaer.domain.catalogue import standardkatalog
    from fravaer.domain.employment import AnsaettelsesIdent
    from fravaer.domain.events import HaendelseData
    from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste

    url = f"sqlite:///{tmp_path / 'k.sqlite'}"
    fil = tmp_path / "ans.csv"
    fil.write_text(HOVED.rstrip("\n") + ",fast_fridag\n"
                   "I1,Inst,0101801111,1,T1,,,1,37,2020-01-01,,\n"
                   "I1,Inst,0101801111,2,T2,,,1,29:36,2020-01-01,,fredag\n", encoding="utf-8")
    k = CliRunner()
    assert k.invoke(main, ["import", str(fil), "--database", url]).exit_code == 0
    engine = make_engine(url)
    t = Haendelsestjeneste(engine, standardkatalog())
    bruger = Bruger("t", {"I1": Ret.REGISTRER})
    jul = t.opret(HaendelseAnmodning(AnsaettelsesIdent("T1"), HaendelseData(
        "500", date(2025, 12, 22), date(2025, 12, 31))), bruger)
    # 22–31 Dec 2025: 24 and 31 Dec are paid days off, 25 and 26 holidays: 22, 23, 29, 30 count
    assert jul.omkostning.dage == 4

    def dage() -> Fraction:
        [(_, _, omk)] = t.hent([AnsaettelsesIdent("T1")], date(2025, 12, 1), date(2025, 12, 31), [], bruger)
        return omk.dage

    r = k.invoke(main, ["kalender", "saerdag", "I1", "12-24", "halv", "--database", url])
    assert r.exit_code == 0, r.output
    assert dage() == Fraction(9, 2)
    assert k.invoke(main, ["kalender", "fridag", "I1", "2025-12-29", "--database", url]).exit_code == 0
    assert dage() == Fraction(7, 2)
    assert k.invoke(main, ["kalender", "fridag", "I1", "2025-12-29", "--fjern", "--database", url]
                    ).exit_code == 0
    assert dage() == Fraction(9, 2)
    assert "særlige dage" in k.invoke(main, ["kalender", "saerdag", "I1", "12-25", "fri", "--database",
                                             url]).output
    with engine.connect() as c:
        from sqlalchemy import text
        log = c.execute(text("SELECT hvad, foer, efter FROM kalenderlog ORDER BY id")).all()
    assert [tuple(x) for x in log] == [("saerdag 12-24", "standard", "halv"),
                                       ("fridag 2025-12-29", "arbejdsdag", "fridag"),
                                       ("fridag 2025-12-29", "fridag", "arbejdsdag")]
    # a part-time pattern with Fridays off: a week of vacation costs four days of 444 minutes
    uge = t.opret(HaendelseAnmodning(AnsaettelsesIdent("T2"), HaendelseData(
        "500", date(2026, 6, 8), date(2026, 6, 14))), bruger)
    assert (uge.omkostning.dage, uge.omkostning.minutter) == (4, 4 * 444)


def test_export_and_import_of_every_kind_round_trip(tmp_path):
    url = f"sqlite:///{tmp_path / 'stam.sqlite'}"
    enheder = tmp_path / "enheder.csv"
    enheder.write_text("institution_kode,institution_navn,kode,navn,overordnet_kode\n"
                       "I,Inst,TOP,Top,\nI,Inst,UND,Under,TOP\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["import", "--art", "enheder", str(enheder), "--database", url])
    assert r.exit_code == 0 and "2 oprettet" in r.output, r.output
    xml = tmp_path / "alt.xml"
    r = CliRunner().invoke(main, ["export", str(xml), "--database", url])
    assert r.exit_code == 0 and "2 enheder" in r.output, r.output
    r = CliRunner().invoke(main, ["import", str(xml), "--database", url])
    assert r.exit_code == 0 and "0 oprettet, 0 ændret, 2 uændrede" in r.output, r.output
    r = CliRunner().invoke(main, ["export", str(tmp_path / "x.csv"), "--database", url])
    assert r.exit_code != 0 and "--art" in r.output


def test_db_refresh_reports_how_many_employments_it_brought_up_to_date(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    fil = tmp_path / "ans.csv"
    fil.write_text(HOVED + "I1,Inst,0101801111,1,T1,,,1,37,2020-01-01,\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["import", str(fil), "--database", url]).exit_code == 0
    r = CliRunner().invoke(main, ["db", "refresh", "--database", url])
    assert r.exit_code == 0, r.output
    assert "0 ansættelser bragt til dagens forhold" in r.output
