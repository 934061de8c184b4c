"""The quarterly report against a real database (SQLite and PostgreSQL): the institution's
employments by their history (a move, an exempt PKAT from a date), a stored run that is reused when
nothing changed (the same file byte for byte) and a new one with the differences when an event
changed, the deadline's advis, paging, and the rights."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from lxml import etree

from fravaer.adapters.stamdata import laes_csv
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvartaler import Kvartal
from fravaer.domain.meddelelser import Afvist
from fravaer.reports.indberetningsfil import skriv_csv, skriv_xml
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.indberetning import Indberetningstjeneste
from fravaer.service.stamdata import importer
from fravaer.soap.schemas import skema

HOVED = ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
         "ugentlig_arbejdstid,startdato,slutdato,gyldig_fra\n")
HR = Bruger("hr", {"A": Ret.REGISTRER, "B": Ret.REGISTRER})
LAESER_A = Bruger("a", {"A": Ret.LAES})
Q1 = Kvartal(2025, 1)
KATALOG = standardkatalog()


class Ur:
    def __init__(self, nu: datetime):
        self.nu = nu

    def __call__(self) -> datetime:
        return self.nu


@pytest.fixture
def data(engine):
    def linjer(*ls):
        r = importer(engine, laes_csv("ansaettelser", (HOVED + "".join(ls)).encode()),
                     nu=lambda: datetime(2024, 12, 1, tzinfo=UTC))
        assert not r.fejl, r.fejl

    linjer("A,Styrelsen A,0101801234,1,T1,0240,1100,1,37,2020-01-01,,\n",
           "A,Styrelsen A,0202851234,1,T2,0240,1100,1,37,2020-01-01,,\n",
           "A,Styrelsen A,0303901234,1,T3,0240,1100,1,37,2020-01-01,,\n",
           "B,Styrelsen B,0404751234,1,T4,0240,1100,1,37,2020-01-01,,\n")
    # T2 becomes a Ph.d.-stipendiat abroad (PKAT 0553 KL 0052 is exempt) from 15 February;
    # T3 moves to B on 1 March
    r = importer(engine, laes_csv("ansaettelser", (
        b"institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,klasse,stiko,loenform,"
        b"ugentlig_arbejdstid,startdato,slutdato,gyldig_fra\n"
        b"A,Styrelsen A,0202851234,1,T2,0553,0052,1100,1,37,2020-01-01,,2025-02-15\n")),
        nu=lambda: datetime(2024, 12, 1, tzinfo=UTC))
    assert not r.fejl, r.fejl
    linjer("B,Styrelsen B,0303901234,1,T3,0240,1100,1,37,2020-01-01,,2025-03-01\n")
    t = Haendelsestjeneste(engine, KATALOG, ur=lambda: datetime(2025, 1, 2, tzinfo=UTC))

    def opret(tjnr, kode, fra, til, minutter=None):
        data_ = HaendelseData(kode, date.fromisoformat(fra), date.fromisoformat(til), minutter)
        return t.opret(HaendelseAnmodning(AnsaettelsesIdent(tjnr), data_), HR).haendelse

    h = {
        "syg": opret("T1", "100", "2025-03-24", "2025-04-04"),  # across the quarter
        "delvis": opret("T1", "155", "2025-02-03", "2025-02-14", 180),  # 3 hours a day
        "dag": opret("T1", "230", "2025-01-13", "2025-01-13", 444),  # a day of 7 h 24 min
        "ferie": opret("T1", "500", "2025-01-20", "2025-01-24"),  # not reportable
        "t2": opret("T2", "100", "2025-02-10", "2025-02-20"),  # cut where the PKAT becomes exempt
        "t3": opret("T3", "100", "2025-02-24", "2025-03-05"),  # A until 28 Feb, B from 1 March
        "t4": opret("T4", "100", "2025-01-06", "2025-01-07"),  # B's
    }
    return engine, t, h


def _poster(tj, r):
    return [(p.tjenestenummer, p.kode, p.type, p.fra, p.til, p.minutter_pr_dag)
            for p in tj.alle_poster(r.koersel)]


def test_the_report_of_a_quarter(data):
    engine, _, _ = data
    tj = Indberetningstjeneste(engine, KATALOG, ur=Ur(datetime(2025, 4, 2, tzinfo=UTC)))
    r = tj.dan("A", Q1, LAESER_A)
    assert r.ny and r.forrige is None and r.frist == date(2025, 4, 10) and r.meddelelser == []
    assert sorted(_poster(tj, r)) == sorted([
        ("T1", "230", "c", date(2025, 1, 13), date(2025, 1, 13), None),
        ("T1", "155", "h", date(2025, 2, 3), date(2025, 2, 14), 180),
        ("T1", "100", "a", date(2025, 3, 24), date(2025, 3, 31), None),
        ("T2", "100", "a", date(2025, 2, 10), date(2025, 2, 14), None),
        ("T3", "100", "a", date(2025, 2, 24), date(2025, 2, 28), None),
    ])
    assert r.koersel.antal == 5
    b = tj.dan("B", Q1, Bruger("b", {"B": Ret.LAES}))
    assert sorted(_poster(tj, b)) == [("T3", "100", "a", date(2025, 3, 1), date(2025, 3, 5), None),
                                      ("T4", "100", "a", date(2025, 1, 6), date(2025, 1, 7), None)]


def _filer(tj, r) -> tuple[bytes, bytes]:
    csv_, xml = io.BytesIO(), io.BytesIO()
    skriv_csv(csv_, r, tj.alle_poster(r.koersel))
    skriv_xml(xml, r, tj.alle_poster(r.koersel))
    return csv_.getvalue(), xml.getvalue()


def test_asked_again_without_a_change_the_same_run_and_the_same_files(data):
    engine, _, _ = data
    ur = Ur(datetime(2025, 4, 2, tzinfo=UTC))
    tj = Indberetningstjeneste(engine, KATALOG, ur=ur)
    r1 = tj.dan("A", Q1, LAESER_A)
    f1 = _filer(tj, r1)
    ur.nu = datetime(2025, 5, 1, tzinfo=UTC)
    r2 = tj.dan("A", Q1, LAESER_A)
    assert not r2.ny and r2.koersel == r1.koersel and _filer(tj, r2) == f1
    assert f1[0].startswith(b"institution,aar,kvartal,cpr,") and f1[0].count(b"\n") == 6
    doc = etree.fromstring(f1[1])
    assert skema("Kvartalsindberetning.xsd").validate(doc), skema("Kvartalsindberetning.xsd").error_log
    assert doc.findtext("{urn:fravaer:1}Dannet") == "2025-04-02T00:00:00Z"


def test_a_changed_event_after_the_deadline_gives_a_new_run_its_differences_and_an_advis(data):
    engine, t, h = data
    ur = Ur(datetime(2025, 4, 2, tzinfo=UTC))
    tj = Indberetningstjeneste(engine, KATALOG, ur=ur)
    r1 = tj.dan("A", Q1, LAESER_A)
    ny = HaendelseData("100", date(2025, 3, 25), date(2025, 4, 4))
    t.ret(h["syg"].id, 1, HaendelseAnmodning(AnsaettelsesIdent("T1"), ny), HR)
    t.slet(h["dag"].id, 1, None, HR)
    ur.nu = datetime(2025, 4, 20, tzinfo=UTC)
    r2 = tj.dan("A", Q1, LAESER_A)
    assert r2.ny and r2.forrige == r1.koersel and r2.koersel.id != r1.koersel.id
    assert [m.kode for m in r2.meddelelser] == ["A021"] and "2 poster" in r2.meddelelser[0].tekst
    forskelle = sorted((art, p.kode, p.fra) for art, p in tj.forskelle(r2.koersel, r1.koersel))
    assert forskelle == [("AEndret", "100", date(2025, 3, 25)), ("Fjernet", "230", date(2025, 1, 13))]


def test_a_change_before_the_deadline_gives_no_advis_and_a_running_quarter_is_provisional(data):
    engine, t, h = data
    ur = Ur(datetime(2025, 3, 10, tzinfo=UTC))
    tj = Indberetningstjeneste(engine, KATALOG, ur=ur)
    assert [m.kode for m in tj.dan("A", Q1, LAESER_A).meddelelser] == ["A022"]
    t.slet(h["dag"].id, 1, None, HR)
    ur.nu = datetime(2025, 4, 5, tzinfo=UTC)
    r = tj.dan("A", Q1, LAESER_A)
    assert r.ny and r.meddelelser == []


def test_paging_stays_within_one_run(data):
    engine, t, h = data
    tj = Indberetningstjeneste(engine, KATALOG, ur=Ur(datetime(2025, 4, 2, tzinfo=UTC)))
    r, side1, naeste = tj.side("A", Q1, None, LAESER_A, antal=2)
    assert len(side1) == 2 and naeste is not None
    t.slet(h["dag"].id, 1, None, HR)  # a change between the pages does not mix two runs
    _, side2, naeste2 = tj.side("A", Q1, naeste, LAESER_A, antal=2)
    _, side3, naeste3 = tj.side("A", Q1, naeste2, LAESER_A, antal=2)
    assert naeste3 is None and side1 + side2 + side3 == list(tj.alle_poster(r.koersel))
    with pytest.raises(Afvist) as e:
        tj.side("A", Kvartal(2025, 2), naeste, LAESER_A)
    assert [m.kode for m in e.value.meddelelser] == ["F141"]


@pytest.mark.parametrize("institution, bruger, kvartal, kode", [
    ("B", LAESER_A, Q1, "F088"),  # not readable: as unknown
    ("X", LAESER_A, Q1, "F088"),
    ("A", LAESER_A, Kvartal(2025, 3), "F140"),  # not begun
])
def test_refused(data, institution, bruger, kvartal, kode):
    engine, _, _ = data
    tj = Indberetningstjeneste(engine, KATALOG, ur=Ur(datetime(2025, 4, 2, tzinfo=UTC)))
    with pytest.raises(Afvist) as e:
        tj.dan(institution, kvartal, bruger)
    assert [m.kode for m in e.value.meddelelser] == [kode]


def test_writing_into_a_reported_quarter_after_its_deadline_gives_an_advis(data):
    engine, _, h = data
    Indberetningstjeneste(engine, KATALOG, ur=Ur(datetime(2025, 4, 2, tzinfo=UTC))).dan("A", Q1, LAESER_A)

    def skriv(nu: datetime, kode: str, fra: str, tjnr: str = "T1") -> list[str]:
        t = Haendelsestjeneste(engine, KATALOG, ur=lambda: nu)
        d = HaendelseData(kode, date.fromisoformat(fra), date.fromisoformat(fra))
        return [m.kode for m in t.opret(HaendelseAnmodning(AnsaettelsesIdent(tjnr), d), HR).meddelelser]

    assert skriv(datetime(2025, 4, 9, tzinfo=UTC), "100", "2025-03-03") == []  # before the deadline
    assert skriv(datetime(2025, 4, 11, tzinfo=UTC), "100", "2025-03-04") == ["A023"]
    assert "A023" not in skriv(datetime(2025, 4, 11, tzinfo=UTC), "505", "2025-03-05")  # not reportable
    assert skriv(datetime(2025, 4, 11, tzinfo=UTC), "100", "2025-01-09", "T4") == []  # B has not reported
    # a change that moves an event out of the reported quarter is a change of that quarter too
    t = Haendelsestjeneste(engine, KATALOG, ur=lambda: datetime(2025, 7, 1, tzinfo=UTC))
    ny = HaendelseData("100", date(2025, 4, 1), date(2025, 4, 4))
    svar = t.ret(h["syg"].id, 1, HaendelseAnmodning(AnsaettelsesIdent("T1"), ny), HR)
    assert [m.kode for m in svar.meddelelser] == ["A023"]
    assert "1. kvartal 2025 for A" in svar.meddelelser[0].tekst
