"""`fravaer indberetning`: a quarter to a CSV or XML file; made again without a change, the same
file byte for byte; --siden-sidst lists what changed; clear errors."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner
from lxml import etree

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.db.migrate import upgrade
from fravaer.adapters.stamdata import laes_csv
from fravaer.cli import main
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.stamdata import importer
from fravaer.soap.schemas import skema

HOVED = ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
         "ugentlig_arbejdstid,startdato,slutdato\n")
HR = Bruger("hr", {"I1": Ret.REGISTRER})


@pytest.fixture
def database(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    importer(engine, laes_csv("ansaettelser", (HOVED + "I1,Inst,0101801111,1,T1,0240,1100,1,37,2020-01-01,\n"
                                                        "I1,Inst,0202801111,1,T2,0082,1100,1,37,2020-01-01,\n"
                                                        ).encode()))
    t = Haendelsestjeneste(engine, standardkatalog())
    for tjnr, kode, fra, til, minutter in (("T1", "100", "2025-03-24", "2025-04-04", None),
                                           ("T1", "155", "2025-02-03", "2025-02-14", 180),
                                           ("T2", "100", "2025-02-03", "2025-02-04", None)):  # exempt
        t.opret(HaendelseAnmodning(AnsaettelsesIdent(tjnr), HaendelseData(
            kode, date.fromisoformat(fra), date.fromisoformat(til), minutter)), HR)
    yield url, engine, t
    engine.dispose()


def _kald(*args):
    return CliRunner().invoke(main, ["indberetning", *args])


def test_csv_and_xml_and_the_same_file_again(database, tmp_path):
    url, _, _ = database
    fil = tmp_path / "q1.csv"
    r = _kald("--institution", "I1", "--aar", "2025", "--kvartal", "1", "--fil", str(fil), "--database", url)
    assert r.exit_code == 0, r.output
    assert "1. kvartal 2025 for I1: 2 poster" in r.output and "frist 10-04-2025" in r.output
    linjer = fil.read_text(encoding="utf-8").splitlines()
    assert linjer[1:] == ["I1,2025,1,0101801111,1,T1,{},155,h,1100,2025-02-03,2025-02-14,N,3,0".format(
        linjer[1].split(",")[6]), "I1,2025,1,0101801111,1,T1,{},100,a,1100,2025-03-24,2025-03-31,N,,".format(
        linjer[2].split(",")[6])]
    foerst = fil.read_bytes()
    r2 = _kald("--institution", "I1", "--aar", "2025", "--kvartal", "1", "--fil", str(fil), "--database", url,
               "--siden-sidst")
    assert r2.exit_code == 0 and "uændret" in r2.output and "ingen ændringer siden sidste kørsel" in r2.output
    assert fil.read_bytes() == foerst
    xml = tmp_path / "q1.xml"
    for _ in range(2):
        assert _kald("--institution", "I1", "--aar", "2025", "--kvartal", "1", "--format", "xml", "--fil",
                     str(xml), "--database", url).exit_code == 0
        indhold = xml.read_bytes()
        doc = etree.fromstring(indhold)
        assert skema("Kvartalsindberetning.xsd").validate(doc)
        assert len(doc.findall("{urn:fravaer:1}Indberetningspost")) == 2
    assert xml.read_bytes() == indhold


def test_siden_sidst_lists_the_changes(database, tmp_path):
    url, _, t = database
    fil = tmp_path / "q1.csv"
    args = ("--institution", "I1", "--aar", "2025", "--kvartal", "1", "--fil", str(fil), "--database", url)
    assert "første kørsel" in _kald(*args, "--siden-sidst").output
    barnets_dag = HaendelseData("230", date(2025, 1, 6), date(2025, 1, 6))
    t.opret(HaendelseAnmodning(AnsaettelsesIdent("T1"), barnets_dag), HR)
    r = _kald(*args, "--siden-sidst")
    assert r.exit_code == 0 and "1 ændringer siden kørsel 1" in r.output
    assert "Ny\tT1\t" in r.output and "\t230\tc\t2025-01-06\t2025-01-06" in r.output
    assert "0101801111" not in r.output


@pytest.mark.parametrize("args, tekst", [
    (("--institution", "XX", "--aar", "2025", "--kvartal", "1"), "F088"),
    (("--institution", "I1", "--aar", "2999", "--kvartal", "1"), "F140"),
    (("--institution", "I1", "--aar", "2025", "--kvartal", "5"), "1<=x<=4"),
])
def test_clear_errors_and_no_file(database, tmp_path, args, tekst):
    url, _, _ = database
    fil = tmp_path / "ud.csv"
    r = _kald(*args, "--fil", str(fil), "--database", url)
    assert r.exit_code != 0 and tekst in r.output and "Traceback" not in r.output
    assert not fil.exists()
