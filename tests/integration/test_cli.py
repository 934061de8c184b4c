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
    assert "revision 0017" in r.output


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


def _kodeord(v: str) -> dict:
    """A password by the environment: never a CLI argument (issue 18 item 4)."""
    return {"FRAVAER_NEW_PASSWORD": v}


def test_user_commands(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'u.sqlite'}"
    fil = tmp_path / "ans.csv"
    fil.write_text(HOVED + "I1,Inst,0101801111,1,T1,,,1,37,2020-01-01,\n", encoding="utf-8")
    k = CliRunner()
    assert k.invoke(main, ["import", str(fil), "--database", url]).exit_code == 0
    r = k.invoke(main, ["user", "add", "anna", "--registrer", "I1", "--database", url],
                 input="hemmelig-1\nhemmelig-1\n")
    assert r.exit_code == 0, r.output
    r = k.invoke(main, ["user", "add", "bo", "--laes", "I1", "--digest", "--database", url],
                 env=_kodeord("hemmelig-2"))
    assert r.exit_code == 0, r.output
    assert k.invoke(main, ["user", "add", "anna", "--database", url], env=_kodeord("hemmelig-3")
                    ).exit_code == 1
    assert "findes ikke" in k.invoke(main, ["user", "add", "x", "--laes", "NEJ", "--database", url],
                                     env=_kodeord("hemmelig-4")).output
    assert "mindst 8" in k.invoke(main, ["user", "add", "y", "--database", url], env=_kodeord("kort")).output
    assert k.invoke(main, ["user", "disable", "anna", "--database", url]).exit_code == 0
    assert k.invoke(main, ["user", "set-password", "bo", "--database", url],
                    env=_kodeord("nyt-kodeord-5")).exit_code == 0
    linjer = k.invoke(main, ["user", "list", "--database", url]).output.splitlines()
    assert linjer == ["anna\tdeaktiveret\tbruger\ttekst\tI1:registrer",
                      "bo\taktiv\tbruger\ttekst\tI1:laes"]
    monkeypatch.delenv("FRAVAER_SECRET_KEY")
    r = k.invoke(main, ["user", "add", "z", "--digest", "--database", url], env=_kodeord("hemmelig-6"))
    assert r.exit_code == 1 and "FRAVAER_SECRET_KEY" in r.output


def test_user_add_with_a_certificate_needs_no_password(tmp_path):
    """The KMD endpoint's users (issue 16): named by their client certificate's subject."""
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    k = CliRunner()
    r = k.invoke(main, ["user", "add", "os2ferie", "--certifikat", "CN=os2ferie,O=Kommune",
                        "--database", url])
    assert r.exit_code == 0, r.output
    r = k.invoke(main, ["user", "add", "andet", "--certifikat", "CN=os2ferie,O=Kommune", "--database", url],
                 env={"FRAVAER_NEW_PASSWORD": "hemmelig-7"})
    assert r.exit_code == 1 and "anden bruger" in r.output
    with make_engine(url).connect() as c:
        assert c.execute(text("SELECT navn, certifikat, kodeord_hash FROM bruger")).all() == [
            ("os2ferie", "CN=os2ferie,O=Kommune", "!")]
    assert k.invoke(main, ["user", "set-certifikat", "os2ferie", "--fjern", "--database", url]).exit_code == 0
    r = k.invoke(main, ["user", "set-certifikat", "os2ferie", "CN=ny", "--database", url])
    assert r.exit_code == 0, r.output
    assert k.invoke(main, ["user", "set-certifikat", "os2ferie", "--database", url]).exit_code == 2
    r = k.invoke(main, ["user", "set-certifikat", "x", "--fjern", "--database", url])
    assert r.exit_code == 1 and "findes ikke" in r.output
    with make_engine(url).connect() as c:
        assert c.execute(text("SELECT certifikat FROM bruger")).scalar() == "CN=ny"


def test_passwords_are_stored_only_as_scrypt_hashes(tmp_path):
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'h.sqlite'}"
    CliRunner().invoke(main, ["user", "add", "cai", "--database", url], env=_kodeord("klartekst-kodeord"))
    with make_engine(url).connect() as c:
        (h, krypteret), = c.execute(text("SELECT kodeord_hash, kodeord_krypteret FROM bruger"))
    assert h.startswith("scrypt$") and "klartekst" not in h and krypteret is None


def test_an_institutions_calendar_changes_the_cost_of_its_events(tmp_path):
    from datetime import date

    from fravaer.domain.ansaettelse import AnsaettelsesIdent
    from fravaer.domain.brugere import Bruger, Ret
    from fravaer.domain.haendelse import HaendelseData
    from fravaer.domain.katalog import standardkatalog
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


def test_saerregel_commands(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    fil = tmp_path / "ans.csv"
    fil.write_text(HOVED.rstrip("\n") + ",klasse\n"
                   "I1,Inst,0101801111,1,T1,0240,,1,37,2020-01-01,,52\n"
                   "I1,Inst,0101801111,2,T2,0240,,1,37,2020-01-01,,53\n"
                   "I1,Inst,0202801111,1,T3,0172,,1,37,2020-01-01,,52\n"
                   "I2,Andet,0303801111,1,T4,0240,,1,37,2020-01-01,,52\n", encoding="utf-8")
    k = CliRunner()
    assert k.invoke(main, ["import", str(fil), "--database", url]).exit_code == 0

    def saerregel(*args):
        return k.invoke(main, ["saerregel", *args, "--database", url])

    r = saerregel("tilfoej", "matrix", "I1", "--kode", "100,760", "--anden", "500, 520", "--aaben",
                  "--planlagt")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == [f"I1: særregel {n} {t}" for n, t in (
        (1, "100/500=J når 100 åben og 500 planlagt"), (2, "100/520=J når 100 åben og 520 planlagt"),
        (3, "760/500=J når 760 åben og 500 planlagt"), (4, "760/520=J når 760 åben og 520 planlagt"))]
    assert "fandtes allerede" in saerregel("tilfoej", "matrix", "I1", "--kode", "100", "--anden", "500",
                                           "--aaben", "--planlagt").output
    assert saerregel("tilfoej", "omsorg", "I1").output == "I1: særregel 5 uden omsorgsregnskab\n"
    r = saerregel("tilfoej", "gruppe", "I1", "--pkat", "0240", "--kl", "52", "--kode", "715",
                  "--fra", "2026-12-28", "--til", "2026-12-30")
    assert r.output == "I1: særregel 6 PKAT 0240 KL 52: 715 2026-12-28–2026-12-30\n", r.output
    # clear errors, nothing stored
    for args, fejl in (
            (("tilfoej", "matrix", "NEJ", "--kode", "100", "--anden", "500"),
             "F088: Institutionen NEJ findes ikke"),
            (("tilfoej", "matrix", "I1", "--kode", "100,999", "--anden", "500"), "F001: Årsagskode 999"),
            (("tilfoej", "matrix", "I1", "--kode", "500", "--anden", "100", "--aaben"), "F120"),
            (("tilfoej", "matrix", "I1", "--kode", ",", "--anden", "500"), "mindst én kode"),
            (("tilfoej", "gruppe", "I1", "--pkat", "0240", "--kode", "715", "--fra", "2026-12-30",
              "--til", "2026-12-28"), "F003"),
            (("tilfoej", "gruppe", "I1", "--pkat", "0240", "--kode", "715", "--fra", "2026-02-30",
              "--til", "2026-12-28"), "Invalid value for '--fra'"),
            (("tilfoej", "gruppe", "I1", "--pkat", "0240", "--kode", "610", "--fra", "2026-12-28",
              "--til", "2026-12-28"), "F122"),
            (("fjern", "I1", "99"), "F123: Særregel 99 findes ikke for institution I1"),
            (("vis", "NEJ"), "F088"),
            (("anvend", "I1", "--regel", "1"), "F123")):
        r = saerregel(*args)
        assert r.exit_code != 0 and fejl in r.output and "Traceback" not in r.output, (args, r.output)
    assert saerregel("fjern", "I1", "2").output == (
        "I1: særregel 2 100/520=J når 100 åben og 520 planlagt fjernet\n")
    assert saerregel("vis", "I1").output.splitlines() == [
        "1\tmatrix\t100/500=J når 100 åben og 500 planlagt",
        "3\tmatrix\t760/500=J når 760 åben og 500 planlagt",
        "4\tmatrix\t760/520=J når 760 åben og 520 planlagt", "5\tomsorg\tuden omsorgsregnskab",
        "6\tgruppe\tPKAT 0240 KL 52: 715 2026-12-28–2026-12-30"]
    assert saerregel("vis", "I2").output == "I2 har ingen særregler: standardkataloget gælder\n"

    # the group rule reaches T1 only (T2 is KL 53, T3 PKAT 0172, T4 another institution)
    r = saerregel("anvend", "I1")
    assert r.exit_code == 0, r.output
    linjer = r.output.splitlines()
    assert linjer[0].startswith("særregel 6\ttjenestenummer T1\toprettet\t") and len(linjer) == 2
    assert linjer[1] == ("særregel 6 (PKAT 0240 KL 52: 715 2026-12-28–2026-12-30): 1 oprettet, "
                         "0 allerede oprettet, 0 afvist")
    r = saerregel("anvend", "I1", "--regel", "6")
    assert r.exit_code == 0 and "0 oprettet, 1 allerede oprettet, 0 afvist" in r.output
    assert saerregel("anvend", "I2").output == "I2 har ingen grupperegler\n"
    log = saerregel("vis", "I1", "--log").output.splitlines()[5:]
    assert [linje.split("\t")[2:] for linje in log] == [
        ["tilfoej", str(n), "-", t] for n, t in ((1, "100/500=J når 100 åben og 500 planlagt"),
                                                (2, "100/520=J når 100 åben og 520 planlagt"),
                                                (3, "760/500=J når 760 åben og 500 planlagt"),
                                                (4, "760/520=J når 760 åben og 520 planlagt"))] + [
        ["tilfoej", "5", "med omsorgsregnskab", "uden omsorgsregnskab"],
        ["tilfoej", "6", "-", "PKAT 0240 KL 52: 715 2026-12-28–2026-12-30"],
        ["fjern", "2", "100/520=J når 100 åben og 520 planlagt", "-"],
        ["anvend", "6", "PKAT 0240 KL 52: 715 2026-12-28–2026-12-30", "1 oprettet, 0 allerede, 0 afvist"],
        ["anvend", "6", "PKAT 0240 KL 52: 715 2026-12-28–2026-12-30", "0 oprettet, 1 allerede, 0 afvist"]]
    assert all(linje.split("\t")[1].startswith("cli:") for linje in log)


def test_saerregel_anvend_reports_refusals_and_exits_1(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    fil = tmp_path / "ans.csv"
    fil.write_text(HOVED + "I1,Inst,0101801111,1,T1,0240,,1,37,2020-01-01,2026-12-29\n", encoding="utf-8")
    k = CliRunner()
    assert k.invoke(main, ["import", str(fil), "--database", url]).exit_code == 0
    assert k.invoke(main, ["saerregel", "tilfoej", "gruppe", "I1", "--pkat", "0240", "--kode", "715",
                           "--fra", "2026-12-28", "--til", "2026-12-30", "--database", url]).exit_code == 0
    r = k.invoke(main, ["saerregel", "anvend", "I1", "--database", url])
    assert r.exit_code == 1
    assert r.output.splitlines()[0] == ("særregel 1\ttjenestenummer T1\tafvist\t\tF018: Hændelsen "
                                        "ligger uden for ansættelsen (01-01-2020 – 29-12-2026).")


def test_saerregel_with_the_database_down_is_a_clear_error():
    r = CliRunner().invoke(main, ["saerregel", "vis", "I1", "--database", "postgresql://postgres@127.0.0.1:1/x"])
    assert r.exit_code == 1 and "databasen" in r.output and "Traceback" not in r.output


def test_masse_gruppe_dry_run_then_for_real_and_a_rerun(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    fil = tmp_path / "ans.csv"
    fil.write_text(HOVED + "I1,Inst,0101801111,1,T1,0240,,1,37,2020-01-01,\n"
                   "I1,Inst,0101801112,1,T2,0240,,1,37,2020-01-01,2026-12-29\n"
                   "I1,Inst,0101801113,1,T3,0172,,1,37,2020-01-01,\n", encoding="utf-8")
    k = CliRunner()
    assert k.invoke(main, ["import", str(fil), "--database", url]).exit_code == 0
    grp = ["masse", "gruppe", "I1", "--pkat", "240", "--kode", "500", "--fra", "2026-12-28", "--til",
           "2026-12-30", "--transaktions-id", "5b0c6d1e-3f1a-4c55-9a7e-0f6a2b8e9d42", "--database", url]
    proeve = k.invoke(main, [*grp, "--proeve"])
    assert proeve.exit_code == 1, proeve.output
    linjer = proeve.output.splitlines()
    assert [tuple(linje.split("\t")[:2]) for linje in linjer[:2]] == [("T1", "Proeve"), ("T2", "Afvist")]
    assert "F018" in linjer[1] and linjer[2] == "1 Afvist, 1 Proeve  (prøve: intet gemt)"
    ud = k.invoke(main, grp)
    assert ud.output.splitlines()[-1] == "1 Oprettet, 1 Afvist"
    igen = k.invoke(main, grp)
    assert igen.output.splitlines()[-1] == "1 Gentaget, 1 Afvist"
    from fravaer.adapters.db.tables import HaendelseRow
    with make_engine(url).connect() as c:
        assert c.scalar(select(func.count()).select_from(HaendelseRow)) == 1


def test_masse_gruppe_of_an_unknown_unit_is_a_clear_error(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    r = CliRunner().invoke(main, ["masse", "gruppe", "I9", "--enhed", "X", "--kode", "500", "--fra",
                                  "2026-12-28", "--database", url])
    assert r.exit_code == 1 and "F088" in r.output and "Traceback" not in r.output


def test_aendringer_prints_the_feed_as_json_lines_and_the_cursor_to_go_on_from(tmp_path):
    import json

    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    fil = tmp_path / "ans.csv"
    fil.write_text(HOVED + "I1,Inst,0101801111,1,T1,,,1,37,2020-01-01,\n", encoding="utf-8")
    k = CliRunner()
    assert k.invoke(main, ["import", str(fil), "--database", url]).exit_code == 0
    r = k.invoke(main, ["aendringer", "--institution", "I1", "--database", url])
    assert r.exit_code == 0, r.output
    linjer = [json.loads(x) for x in r.stdout.splitlines()]
    assert [(x["art"], x["handling"], x["tjenestenummer"]) for x in linjer] == [
        ("Ansaettelse", "Opret", "T1")]
    token = r.stderr.split("fortsaettelse: ")[-1].strip()
    assert k.invoke(main, ["kalender", "fridag", "I1", "2025-12-29", "--database", url]).exit_code == 0
    r = k.invoke(main, ["aendringer", "--institution", "I1", "--fortsaettelse", token, "--database", url])
    assert [json.loads(x)["efter"] for x in r.stdout.splitlines()] == [{"fridag": "2025-12-29"}]
    r = k.invoke(main, ["aendringer", "--institution", "I1", "--fortsaettelse", "x", "--database", url])
    assert r.exit_code == 1 and "F200" in r.output
