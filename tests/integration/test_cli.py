"""The `fravaer` command: db upgrade, import with per-line errors, clear errors for bad input."""

from __future__ import annotations

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
    assert "revision 0003" in r.output


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
