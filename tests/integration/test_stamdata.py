"""Master data files (issue 6): every kind in CSV and XML, idempotent, line by line, exported in
the import's own formats (export then import changes nothing), history on change."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from fravaer.adapters.db.tables import AnsaettelseshistorikRow, BarselssagRow, EnhedRow, PersonRow
from fravaer.adapters.stamdata import FilFejl, laes_csv, laes_fil, skriv_csv, skriv_xml
from fravaer.service.stamdata import eksporter, importer

ENHEDER = """institution_kode,institution_navn,kode,navn,overordnet_kode
INST,Styrelsen,DIR,Direktionen,
INST,Styrelsen,HR,HR og Løn,DIR
INST,Styrelsen,HR1,Lønteam,HR
INST,Styrelsen,X,Forkert,FINDES_IKKE
""".encode()
ANSAETTELSER = """institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,\
ugentlig_arbejdstid,startdato,slutdato,enhed_kode,fornavn,efternavn,adresse,postnummer,bynavn,email,telefon
INST,Styrelsen,0101801234,1,T1,0240,1100,1,37,2020-01-01,,HR1,Anne,Hansen,Vejen 1,1000,København K,\
anne@eks.dk,+45 11 22 33 44
INST,Styrelsen,0202851234,1,T2,0240,1100,1,30,2021-03-01,,HR,Bo,Berg,,,,,
INST,Styrelsen,0303901234,1,T3,0240,1100,1,37,2022-01-01,,UKENDT,,,,,,,
INST,Styrelsen,0404751234,1,T4,0240,1100,1,37,2022-01-01,,,,,,,,ikke-en-mail,
""".encode()
BARSEL = b"""cpr,noegle,type,gyldig_fra,gyldig_til,forventet_foedsel,faktisk_foedsel,anmeldt,indberettet
0101801234,B1,01,2024-03-01,2025-02-28,2024-04-15,2024-04-17,2024-01-10,
0101801234,B2,99,2024-03-01,,,,,
"""
SKADER = b"""cpr,sagsnummer,ulykkesdato,beskrivelse
0202851234,AS-1,2024-05-05,Faldt paa trappen
"""
AARSAGER = b"""institution_kode,kode,tekst,med_loen
INST,L1,Eget bryllup,J
INST,U1,Studieorlov,N
INST,U2,Ugyldig,X
"""


def ur():
    return datetime(2025, 6, 1, 12, tzinfo=UTC)


def alt(engine, **kw):
    resultater = [importer(engine, laes_csv(art, data), nu=ur, **kw) for art, data in (
        ("enheder", ENHEDER), ("ansaettelser", ANSAETTELSER), ("barselssager", BARSEL),
        ("arbejdsskadesager", SKADER), ("aarsager", AARSAGER))]
    return resultater


def antal(engine, tabel) -> int:
    with engine.connect() as c:
        return c.scalar(select(func.count()).select_from(tabel))


def test_every_kind_imports_line_by_line_and_twice_changes_nothing(engine):
    enheder, ansaettelser, barsel, skader, aarsager = alt(engine)
    assert enheder.oprettet == 3
    assert [(f.nummer, "FINDES_IKKE" in f.grund) for f in enheder.fejl] == [(5, True)]
    assert ansaettelser.oprettet == 2
    assert [(f.nummer, f.grund) for f in ansaettelser.fejl] == [
        (4, "enheden UKENDT findes ikke i institution INST"), (5, "email eller telefon er ugyldig")]
    assert all("0303901234" not in f.grund for f in ansaettelser.fejl)  # never the CPR number
    assert (barsel.oprettet, [f.nummer for f in barsel.fejl]) == (1, [3])
    assert (skader.oprettet, aarsager.oprettet, [f.nummer for f in aarsager.fejl]) == (1, 2, [4])
    assert antal(engine, PersonRow) == 2 and antal(engine, AnsaettelseshistorikRow) == 2

    igen = alt(engine)
    assert [(r.oprettet, r.aendret) for r in igen] == [(0, 0)] * 5
    assert antal(engine, AnsaettelseshistorikRow) == 2 and antal(engine, BarselssagRow) == 1


def test_all_or_nothing_stores_nothing_when_a_line_is_bad(engine):
    r = importer(engine, laes_csv("enheder", ENHEDER), alt_eller_intet=True)
    assert not r.gemt and antal(engine, EnhedRow) == 0


def test_a_changed_relationship_gets_a_history_row_from_gyldig_fra(engine):
    alt(engine)
    flyttet = ANSAETTELSER.decode().splitlines()[:2]
    flyttet[0] += ",gyldig_fra"
    flyttet[1] = flyttet[1].replace(",37,2020-01-01,,HR1,", ",32,2020-01-01,,DIR,") + ",2025-05-01"
    r = importer(engine, laes_csv("ansaettelser", "\n".join(flyttet).encode()), nu=ur)
    assert (r.aendret, r.fejl) == (1, [])
    with engine.connect() as c:
        h = AnsaettelseshistorikRow
        historik = c.execute(select(h.gyldig_fra, h.ugentlige_minutter).order_by(h.id)).all()
    assert historik[-1] == (date(2025, 5, 1), 32 * 60)
    # a correction from an earlier date holds up to the next recorded change of each field
    flyttet[1] = flyttet[1].replace(",32,2020-01-01,", ",30,2020-01-01,").replace("2025-05-01", "2025-03-01")
    assert importer(engine, laes_csv("ansaettelser", "\n".join(flyttet).encode()), nu=ur).aendret == 1
    assert importer(engine, laes_csv("ansaettelser", "\n".join(flyttet).encode()), nu=ur).uaendret == 1
    assert _historik(engine, "0101801234") == [("2020-01-01", "37", "HR1"), ("2025-03-01", "30", "DIR"),
                                               ("2025-05-01", "32", "DIR")]


def _historik(engine, cpr: str) -> list[tuple[str, str, str]]:
    return [(r["gyldig_fra"], r["ugentlig_arbejdstid"], r["enhed_kode"])
            for r in eksporter(engine, ["historik"])["historik"] if r["cpr"] == cpr]


def test_a_planned_change_stays_planned_when_a_later_file_changes_something_else(engine):
    hoved = ("institution_kode,institution_navn,cpr,loebenummer,pkat,loenform,ugentlig_arbejdstid,startdato,"
             "gyldig_fra\n")
    linje = "I,Inst,0101801234,1,{pkat},1,{timer},2018-01-01,{fra}\n"

    def importer_den(pkat, timer, fra, dag):
        fil = (hoved + linje.format(pkat=pkat, timer=timer, fra=fra)).encode()
        return importer(engine, laes_csv("ansaettelser", fil), nu=lambda: datetime(*dag, 12, tzinfo=UTC))

    importer_den("0240", "30", "", (2025, 10, 1))
    assert importer_den("0240", "37", "2026-01-01", (2025, 11, 1)).aendret == 1  # planned
    # a month later the file (no date: as of today) changes the PKAT and still has today's hours
    assert importer_den("0241", "30", "", (2025, 12, 1)).aendret == 1
    assert importer_den("0241", "30", "", (2025, 12, 1)).uaendret == 1
    raekker = [(r["gyldig_fra"], r["pkat"], r["ugentlig_arbejdstid"])
               for r in eksporter(engine, ["historik"])["historik"]]
    assert raekker == [("2018-01-01", "0240", "30"), ("2025-12-01", "0241", "30"),
                       ("2026-01-01", "0241", "37")]
    # the employment holds what is in force today (what HentMedarbejder shows as current)
    [a] = eksporter(engine, ["ansaettelser"])["ansaettelser"]
    assert (a["pkat"], a["ugentlig_arbejdstid"]) == ("0241", "30")
    # two changes the same day: one row for the day, the later
    assert importer_den("0241", "32", "", (2025, 12, 1)).aendret == 1
    timer = [r["ugentlig_arbejdstid"] for r in eksporter(engine, ["historik"])["historik"]]
    assert timer == ["30", "32", "37"]


def test_a_history_file_sets_the_employment_row_to_its_latest(engine):
    importer(engine, laes_csv("ansaettelser", b"institution_kode,institution_navn,cpr,loebenummer,loenform,"
                                              b"ugentlig_arbejdstid,startdato\n"
                                              b"I,Inst,0101801234,1,1,37,2018-01-01\n"), nu=ur)
    fil = (b"cpr,loebenummer,gyldig_fra,institution_kode,loenform,ugentlig_arbejdstid\n"
           b"0101801234,1,2018-01-01,I,3,37\n")
    assert importer(engine, laes_csv("historik", fil), nu=ur).aendret == 1
    [a] = eksporter(engine, ["ansaettelser"])["ansaettelser"]
    assert a["loenform"] == "3"


@pytest.mark.parametrize("format_", ["csv", "xml"])
def test_export_then_import_changes_nothing(engine, format_, tmp_path):
    alt(engine)
    arter = ["enheder", "ansaettelser", "historik", "barselssager", "arbejdsskadesager", "aarsager"]
    data = eksporter(engine, arter)
    assert [len(data[a]) for a in arter] == [3, 2, 2, 1, 1, 2]
    assert data["enheder"][0]["kode"] == "DIR"  # parents first
    if format_ == "xml":
        linjer = list(laes_fil(skriv_xml(data), None))
    else:
        linjer = [linje for a in arter for linje in laes_csv(a, skriv_csv(a, data[a]))]
    r = importer(engine, linjer, nu=ur)
    assert (r.oprettet, r.aendret, r.fejl) == (0, 0, []) and r.uaendret == 11


def test_xml_files_are_read_safely_and_report_line_numbers():
    with pytest.raises(FilFejl, match="DOCTYPE"):
        list(laes_fil(b'<?xml version="1.0"?><!DOCTYPE Stamdata [<!ENTITY a "b">]>'
                      b'<Stamdata xmlns="urn:fravaer:stamdata:1">&a;</Stamdata>', None))
    xml = b"""<Stamdata xmlns="urn:fravaer:stamdata:1">
  <Aarsager>
    <Aarsag><institution_kode>I</institution_kode><kode>K</kode><tekst>T</tekst><med_loen>J</med_loen></Aarsag>
    <Aarsag><institution_kode>I</institution_kode><kode>K2</kode></Aarsag>
    <Aarsag><hemmelig>x</hemmelig></Aarsag>
  </Aarsager>
</Stamdata>"""
    linjer = list(laes_fil(xml, None))
    assert [type(x).__name__ for x in linjer] == ["AarsagLinje", "LinjeFejl", "LinjeFejl"]
    assert [(x.nummer, x.grund) for x in linjer[1:]] == [
        (4, "tekst mangler"), (5, "ukendte felter: hemmelig")]


def test_an_employee_moving_institution_keeps_the_absence(engine):
    """Circular §8: the reportable absence follows the employee to the new institution."""
    from fravaer.domain.ansaettelse import AnsaettelsesIdent
    from fravaer.domain.brugere import Bruger, Ret
    from fravaer.domain.haendelse import HaendelseData
    from fravaer.domain.katalog import standardkatalog
    from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste

    hoved = ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
             "ugentlig_arbejdstid,startdato,slutdato,gyldig_fra\n")
    importer(engine, laes_csv("ansaettelser", (hoved + "A,Styrelse A,0101801234,1,T1,0240,1100,1,37,"
                                               "2020-01-01,,\n").encode()), nu=ur)
    t = Haendelsestjeneste(engine, standardkatalog())
    begge = Bruger("hr", {"A": Ret.REGISTRER, "B": Ret.REGISTRER})
    syg = HaendelseData("100", date(2025, 3, 3), date(2025, 3, 7))
    t.opret(HaendelseAnmodning(AnsaettelsesIdent("T1"), syg), begge)
    r = importer(engine, laes_csv("ansaettelser", (hoved + "B,Styrelse B,0101801234,1,T1,0240,1100,1,37,"
                                                   "2020-01-01,,2025-05-01\n").encode()), nu=ur)
    assert r.aendret == 1
    ny = Bruger("b", {"B": Ret.LAES})
    [(h, a, _)] = t.hent([AnsaettelsesIdent("T1")], date(2025, 1, 1), date(2025, 12, 31), [], ny)
    assert (h.data.kode, a.institution_kode) == ("100", "B")
    with engine.connect() as c:
        h_ = AnsaettelseshistorikRow
        assert c.execute(select(h_.gyldig_fra).order_by(h_.id)).scalars().all() == [date(2020, 1, 1),
                                                                                   date(2025, 5, 1)]


def test_a_file_without_a_column_leaves_what_is_stored_and_an_empty_cell_clears_it(engine):
    alt(engine)
    kort = ("institution_kode,institution_navn,cpr,loebenummer,loenform,ugentlig_arbejdstid,startdato\n"
            "INST,Styrelsen,0101801234,1,1,37,2020-01-01\n")
    r = importer(engine, laes_csv("ansaettelser", kort.encode()), nu=ur)
    assert (r.uaendret, r.aendret, r.fejl) == (1, 0, [])
    [raekke] = [x for x in eksporter(engine, ["ansaettelser"])["ansaettelser"] if x["cpr"] == "0101801234"]
    assert (raekke["tjenestenummer"], raekke["pkat"], raekke["enhed_kode"], raekke["email"]) == (
        "T1", "0240", "HR1", "anne@eks.dk")
    ryddet = (kort.replace("startdato\n", "startdato,email,enhed_kode\n")
              .replace("2020-01-01\n", "2020-01-01,,\n"))
    assert importer(engine, laes_csv("ansaettelser", ryddet.encode()), nu=ur).aendret == 1
    [raekke] = [x for x in eksporter(engine, ["ansaettelser"])["ansaettelser"] if x["cpr"] == "0101801234"]
    assert (raekke["tjenestenummer"], raekke["enhed_kode"], raekke["email"], raekke["fornavn"]) == (
        "T1", "", "", "Anne")


def test_a_line_with_empty_person_columns_creates_no_person(engine):
    fil = ("institution_kode,institution_navn,cpr,loebenummer,loenform,ugentlig_arbejdstid,startdato,"
           "fornavn,efternavn,email\nINST,Styrelsen,0505801234,1,1,37,2020-01-01,,,\n")
    assert importer(engine, laes_csv("ansaettelser", fil.encode()), nu=ur).oprettet == 1
    assert antal(engine, PersonRow) == 0


def test_a_later_change_of_hours_leaves_earlier_absence_its_hours(engine):
    from sqlalchemy import delete

    from fravaer.domain.ansaettelse import AnsaettelsesIdent
    from fravaer.domain.brugere import Bruger, Ret
    from fravaer.domain.haendelse import HaendelseData
    from fravaer.domain.katalog import standardkatalog
    from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste

    hoved = ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,loenform,"
             "ugentlig_arbejdstid,startdato,gyldig_fra\n")
    importer(engine, laes_csv("ansaettelser", (hoved + "A,Styrelse A,0101801234,1,T1,1,37,2020-01-01,\n")
                              .encode()), nu=ur)
    with engine.begin() as c:  # as if stored before the history was kept
        c.execute(delete(AnsaettelseshistorikRow))
    t = Haendelsestjeneste(engine, standardkatalog())
    hr = Bruger("hr", {"A": Ret.REGISTRER})
    t.opret(HaendelseAnmodning(AnsaettelsesIdent("T1"), HaendelseData("100", date(2025, 3, 3),
                                                                      date(2025, 3, 7))), hr)
    r = importer(engine, laes_csv("ansaettelser", (hoved + "A,Styrelse A,0101801234,1,T1,1,18:30,2020-01-01,"
                                                   "2025-05-01\n").encode()), nu=ur)
    assert r.aendret == 1
    t.opret(HaendelseAnmodning(AnsaettelsesIdent("T1"), HaendelseData("100", date(2025, 6, 16),
                                                                      date(2025, 6, 20))), hr)
    svar = t.hent([AnsaettelsesIdent("T1")], date(2025, 1, 1), date(2025, 12, 31), [], hr)
    assert [(h.data.fra, o.minutter, o.dage) for h, _, o in svar] == [
        (date(2025, 3, 3), 5 * 444, 5), (date(2025, 6, 16), 5 * 222, 5)]


def test_the_history_travels_with_an_export_to_another_database(engine, tmp_path):
    from fravaer.adapters.db.engine import make_engine
    from fravaer.adapters.db.migrate import upgrade

    alt(engine)
    aendret = ANSAETTELSER.decode().splitlines()[:2]
    aendret[0] += ",gyldig_fra"
    aendret[1] = aendret[1].replace(",37,2020-01-01,", ",32,2020-01-01,") + ",2025-05-01"
    importer(engine, laes_csv("ansaettelser", "\n".join(aendret).encode()), nu=ur)
    arter = ["enheder", "ansaettelser", "historik"]
    data = eksporter(engine, arter)
    anne = [(r["gyldig_fra"], r["ugentlig_arbejdstid"]) for r in data["historik"] if r["cpr"] == "0101801234"]
    assert anne == [("2020-01-01", "37"), ("2025-05-01", "32")]
    linjer = list(laes_fil(skriv_xml(data), None))
    andet = make_engine(f"sqlite:///{tmp_path / 'andet.sqlite'}")
    upgrade(andet)
    try:
        r = importer(andet, linjer, nu=ur)
        assert r.fejl == []
        assert eksporter(andet, arter) == data
    finally:
        andet.dispose()
    igen = importer(engine, linjer, nu=ur)
    assert (igen.oprettet, igen.aendret, igen.fejl) == (0, 0, [])


def test_a_history_row_needs_a_valid_date_and_its_employment(engine):
    hoved = b"cpr,loebenummer,gyldig_fra,institution_kode,loenform,ugentlig_arbejdstid\n"
    linjer = list(laes_csv("historik", hoved + b"0101801234,1,2025-13-01,I,1,37\n"
                                               b"0101801234,x,2025-01-01,I,1,37\n"))
    assert [(x.nummer, x.grund) for x in linjer] == [
        (2, "gyldig_fra skal være en dato på formen ÅÅÅÅ-MM-DD"),
        (3, "loebenummer skal være et tal fra 0 til 999")]
    r = importer(engine, laes_csv("historik", hoved + b"0101801234,1,2025-01-01,INST,1,37\n"))
    assert [(f.nummer, f.grund) for f in r.fejl] == [
        (2, "ansættelsen med løbenummer 1 findes ikke for dette CPR-nummer")]


def test_an_xml_export_clears_on_import_what_is_empty_at_the_source(engine, tmp_path):
    from fravaer.adapters.db.engine import make_engine
    from fravaer.adapters.db.migrate import upgrade

    alt(engine)
    maal = make_engine(f"sqlite:///{tmp_path / 'maal.sqlite'}")
    upgrade(maal)
    try:
        importer(maal, laes_fil(skriv_xml(eksporter(engine, ["enheder", "ansaettelser"])), None), nu=ur)
        ryddet = ANSAETTELSER.decode().replace("anne@eks.dk", "").replace(",0240,1100,1,37,2020-01-01,",
                                                                          ",,1100,1,37,2020-01-01,")
        importer(engine, laes_csv("ansaettelser", ryddet.encode()), nu=ur)
        r = importer(maal, laes_fil(skriv_xml(eksporter(engine, ["ansaettelser"])), None), nu=ur)
        assert (r.aendret, r.fejl) == (1, [])
        [anne] = [x for x in eksporter(maal, ["ansaettelser"])["ansaettelser"] if x["cpr"] == "0101801234"]
        assert (anne["pkat"], anne["email"]) == ("", "")
    finally:
        maal.dispose()


def _dag(aar: int, maaned: int, dag: int):
    return lambda: datetime(aar, maaned, dag, 12, tzinfo=UTC)


PLANLAGT = ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,enhed_kode,loenform,"
            "ugentlig_arbejdstid,startdato,gyldig_fra\n")


def test_a_planned_change_travels_through_export_and_import_unchanged(engine, tmp_path):
    from fravaer.adapters.db.engine import make_engine
    from fravaer.adapters.db.migrate import upgrade

    importer(engine, laes_csv("ansaettelser", (PLANLAGT + "A,Inst A,0101801234,1,T1,,1,30,2018-01-01,\n"
                                               ).encode()), nu=_dag(2025, 10, 1))
    planlagt = PLANLAGT + "A,Inst A,0101801234,1,T1,,1,37,2018-01-01,2026-01-01\n"
    importer(engine, laes_csv("ansaettelser", planlagt.encode()), nu=_dag(2025, 11, 1))
    arter = ["ansaettelser", "historik"]
    data = eksporter(engine, arter)
    for fil in (skriv_xml(data), None):
        linjer = (list(laes_fil(fil, None)) if fil else
                  [x for a in arter for x in laes_csv(a, skriv_csv(a, data[a]))])
        r = importer(engine, linjer, nu=_dag(2025, 11, 2))
        assert (r.oprettet, r.aendret, r.fejl) == (0, 0, [])
    andet = make_engine(f"sqlite:///{tmp_path / 'andet.sqlite'}")
    upgrade(andet)
    try:
        for gang in (1, 2):
            r = importer(andet, laes_fil(skriv_xml(data), None), nu=_dag(2025, 11, 2))
            assert r.fejl == [] and (r.aendret == 0 if gang == 2 else True)
        assert eksporter(andet, arter) == data
    finally:
        andet.dispose()


def test_a_planned_move_leaves_the_employee_where_he_is_until_its_date(engine):
    from fravaer.domain.ansaettelse import AnsaettelsesIdent
    from fravaer.domain.brugere import Bruger, Ret
    from fravaer.domain.haendelse import HaendelseData
    from fravaer.domain.katalog import standardkatalog
    from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste

    importer(engine, laes_csv("enheder", b"institution_kode,institution_navn,kode,navn\nA,Inst A,HR,HR\n"))
    importer(engine, laes_csv("ansaettelser", (PLANLAGT + "A,Inst A,0101801234,1,T1,HR,1,37,2018-01-01,\n"
                                               ).encode()), nu=_dag(2025, 10, 1))
    # the move, planned in November from 1 January, in a file without the unit column
    flyt = ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,loenform,ugentlig_arbejdstid,"
            "startdato,gyldig_fra\nB,Inst B,0101801234,1,T1,1,37,2018-01-01,{fra}\n")
    assert importer(engine, laes_csv("ansaettelser", flyt.format(fra="2026-01-01").encode()),
                    nu=_dag(2025, 11, 1)).aendret == 1
    t = Haendelsestjeneste(engine, standardkatalog(), ur=_dag(2025, 11, 3))
    a, b = Bruger("a", {"A": Ret.REGISTRER}), Bruger("b", {"B": Ret.REGISTRER})
    t.opret(HaendelseAnmodning(AnsaettelsesIdent("T1"), HaendelseData("100", date(2025, 11, 3),
                                                                      date(2025, 11, 3))), a)
    # B reads nothing of the employee's time before the move's date (its own time is from then on)
    assert t.hent([AnsaettelsesIdent("T1")], date(2025, 1, 1), date(2025, 12, 31), [], b) == []
    t = Haendelsestjeneste(engine, standardkatalog(), ur=_dag(2026, 1, 2))
    # on the date, the daily refresh (or the next import of the line) hands the employee over
    from fravaer.service.stamdata import til_i_dag

    assert til_i_dag(engine, nu=_dag(2025, 12, 31)) == 0
    assert til_i_dag(engine, nu=_dag(2026, 1, 1)) == 1
    assert til_i_dag(engine, nu=_dag(2026, 1, 1)) == 0
    assert importer(engine, laes_csv("ansaettelser", flyt.format(fra="").encode()),
                    nu=_dag(2026, 1, 2)).uaendret == 1
    [(_h, ansaettelse, _)] = t.hent([AnsaettelsesIdent("T1")], date(2025, 1, 1), date(2025, 12, 31), [], b)
    assert ansaettelse.institution_kode == "B"
    # the unit stayed behind at A: the history says so, and re-imports cleanly
    historik = eksporter(engine, ["historik"])["historik"]
    assert [(r["institution_kode"], r["enhed_kode"]) for r in historik] == [("A", "HR"), ("B", "")]
    r = importer(engine, laes_csv("historik", skriv_csv("historik", historik)), nu=_dag(2026, 1, 2))
    assert (r.aendret, r.fejl) == (0, [])
