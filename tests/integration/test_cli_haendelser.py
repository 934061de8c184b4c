"""`fravaer import --art haendelser` and `fravaer export --art haendelser`: per-line errors, the
progress, the export's selection and clear errors for what cannot be done."""

from __future__ import annotations

from click.testing import CliRunner

from fravaer.cli import main
from tests import haendelseshistorik as hh

HOVED = "haendelse_id,cpr,loebenummer,kode,fra,til\n"
A = hh.cpr(0)


def kald(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def forbered(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    for art, data in (("enheder", hh.enheder()), ("ansaettelser", hh.ansaettelser(4))):
        (tmp_path / f"{art}.csv").write_bytes(data)
        assert kald("import", tmp_path / f"{art}.csv", "--art", art, "--database", url).exit_code == 0
    return url


def test_import_reports_each_bad_line_and_a_second_run_stores_nothing(tmp_path):
    url = forbered(tmp_path)
    fil = tmp_path / "h.csv"
    fil.write_text(HOVED + f"00000000-0000-0000-0000-000000000001,{A},1,100,2022-03-01,2022-03-03\n"
                   f"00000000-0000-0000-0000-000000000002,{A},1,100,2022-03-02,2022-03-02\n"
                   f"00000000-0000-0000-0000-000000000003,{A},1,100,2022-03-07,\n", encoding="utf-8")
    r = kald("import", fil, "--art", "haendelser", "--database", url)
    assert r.exit_code == 1
    assert "h.csv:3: F010" in r.output or "h.csv:3: F011" in r.output
    assert "2 oprettet, 0 ændret, 0 uændrede, 1 linjer med fejl" in r.output and A not in r.output
    r2 = kald("import", fil, "--art", "haendelser", "--database", url)
    assert "0 oprettet, 0 ændret, 2 uændrede, 1 linjer med fejl" in r2.output


def test_all_or_nothing(tmp_path):
    url = forbered(tmp_path)
    fil = tmp_path / "h.csv"
    fil.write_text(HOVED + f"00000000-0000-0000-0000-000000000001,{A},1,100,2022-03-01,2022-03-03\n"
                   f"00000000-0000-0000-0000-000000000002,{A},9,100,2022-03-01,2022-03-03\n",
                   encoding="utf-8")
    r = kald("import", fil, "--art", "haendelser", "--alt-eller-intet", "--database", url)
    assert r.exit_code == 1 and "intet gemt: 1 linjer med fejl" in r.output
    assert "h.csv:3: ansættelsen med løbenummer 9 findes ikke" in r.output
    r = kald("export", tmp_path / "ud.csv", "--art", "haendelser", "--database", url)
    assert "0 haendelser" in r.output


def test_export_then_import_reads_back_unchanged(tmp_path):
    url = forbered(tmp_path)
    (tmp_path / "h.csv").write_bytes(hh.haendelser(4, 10))
    assert kald("import", tmp_path / "h.csv", "--art", "haendelser", "--database", url).exit_code == 0
    r = kald("export", tmp_path / "ud.xml", "--art", "haendelser", "--institution", "H1", "--enhed", "A",
             "--fra", "2022-01-01", "--til", "2022-02-28", "--kode", "100", "--database", url)
    assert r.exit_code == 0 and "17 haendelser skrevet" in r.output  # employments 0 and 2: 9 and 8 weeks
    r = kald("import", tmp_path / "ud.xml", "--database", url)
    assert r.exit_code == 0 and "0 oprettet, 0 ændret, 17 uændrede" in r.output


def test_clear_errors(tmp_path):
    url = forbered(tmp_path)
    ud = tmp_path / "ud.csv"
    r = kald("export", ud, "--art", "haendelser", "--enhed", "A", "--database", url)
    assert r.exit_code == 2 and "--enhed kræver netop én --institution" in r.output
    r = kald("export", ud, "--art", "haendelser", "--institution", "H1", "--enhed", "X", "--database", url)
    assert r.exit_code == 1 and "X" in r.output
    r = kald("export", ud, "--art", "ansaettelser", "--kode", "100", "--database", url)
    assert r.exit_code == 2 and "gælder kun --art haendelser" in r.output
    r = kald("export", tmp_path / "ud.xml", "--art", "haendelser", "--art", "ansaettelser", "--database", url)
    assert r.exit_code == 2 and "hændelser eksporteres for sig" in r.output
    blandet = tmp_path / "blandet.xml"
    blandet.write_text('<Stamdata xmlns="urn:fravaer:stamdata:1"><Boern><Barn><foraelder_cpr>0101700000'
                       '</foraelder_cpr><barnenummer>1</barnenummer><foedselsdato>2020-01-01</foedselsdato>'
                       '</Barn></Boern><Haendelser><Haendelse><haendelse_id>00000000-0000-0000-0000-000000000001'
                       '</haendelse_id><cpr>0101700000</cpr><loebenummer>1</loebenummer><kode>100</kode>'
                       '<fra>2022-03-01</fra></Haendelse></Haendelser></Stamdata>')
    r = kald("import", blandet, "--database", url)
    assert r.exit_code == 1 and "kan ikke også rumme stamdata" in r.output
