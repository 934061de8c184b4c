"""The event file's fields (import --art haendelser): their form only; the rules judge the rest."""

from __future__ import annotations

from datetime import date

import pytest

from fravaer.adapters.stamdata import HaendelseLinje, LinjeFejl, laes_csv, laes_fil, skriv_csv, skriv_xml

HOVED = ("haendelse_id;cpr;loebenummer;kode;fra;til;minutter;barnenummer;ferieaar;bemaerkning;"
         "barselssag_noegle\n")
ID = "6f1c2a34-0000-4000-8000-000000000001"
CPR = "0101801111"


def linje(**felter) -> HaendelseLinje | LinjeFejl:
    r = {"haendelse_id": ID, "cpr": CPR, "loebenummer": "1", "kode": "100", "fra": "2022-03-01",
         "til": "2022-03-02", "minutter": "", "barnenummer": "", "ferieaar": "", "bemaerkning": "",
         "barselssag_noegle": "", **felter}
    [ud] = laes_csv("haendelser", (HOVED + ";".join(r.values()) + "\n").encode())
    return ud


def test_a_good_line():
    h = linje(minutter="120", barnenummer="2", ferieaar="2023", bemaerkning="Læge", barselssag_noegle="K-1")
    assert isinstance(h, HaendelseLinje)
    assert (h.nummer, h.haendelse_id, h.cpr, h.loebenummer, h.barselssag_noegle) == (2, ID, CPR, 1, "K-1")
    d = h.data
    assert (d.kode, d.fra, d.til, d.minutter, d.barnenummer, d.ferieaar, d.bemaerkning, d.barselssag_id) == (
        "100", date(2022, 3, 1), date(2022, 3, 2), 120, 2, 2023, "Læge", None)


def test_empty_optional_fields_and_an_open_event():
    d = linje(til="").data
    assert d.til is None and d.minutter is None and d.ferieaar is None and d.bemaerkning is None


def test_the_key_is_read_in_its_canonical_form():
    assert linje(haendelse_id=ID.upper()).haendelse_id == ID


@pytest.mark.parametrize(("felter", "grund"), [
    ({"haendelse_id": ""}, "haendelse_id mangler"),
    ({"haendelse_id": "17"}, "haendelse_id skal være et UUID"),
    ({"cpr": "3213801111"}, "cpr er ikke 10 cifre"),
    ({"cpr": "010180111"}, "cpr er ikke 10 cifre"),
    ({"loebenummer": "1000"}, "loebenummer skal være et tal fra 0 til 999"),
    ({"kode": ""}, "kode mangler"),
    ({"kode": "10"}, "kode skal være en årsagskode på tre cifre"),
    ({"kode": "1000"}, "kode skal være en årsagskode på tre cifre"),
    ({"kode": "1a0"}, "kode skal være en årsagskode på tre cifre"),
    ({"fra": ""}, "fra mangler"),
    ({"fra": "01-03-2022"}, "fra skal være en dato"),
    ({"til": "2022-02-30"}, "til skal være en dato"),
    ({"minutter": "1441"}, "minutter skal være et tal fra 0 til 1440"),
    ({"minutter": "-5"}, "minutter skal være et tal fra 0 til 1440"),
    ({"minutter": "1,5"}, "minutter skal være et tal fra 0 til 1440"),
    ({"barnenummer": "0"}, "barnenummer skal være et tal fra 1 til 99"),
    ({"ferieaar": "23"}, "ferieaar skal være et tal fra 2000 til 2999"),
    ({"bemaerkning": "x" * 251}, "bemaerkning må højst have 250 tegn"),
    ({"barselssag_noegle": "k" * 41}, "barselssag_noegle må højst have 40 tegn"),
])
def test_a_bad_field_is_a_bad_line_with_its_reason_and_never_the_cpr(felter, grund):
    f = linje(**felter)
    assert isinstance(f, LinjeFejl) and f.nummer == 2
    assert f.grund.startswith(grund) and CPR not in f.grund


def test_csv_and_xml_written_are_read_back_the_same():
    raekker = [{"haendelse_id": ID, "cpr": CPR, "loebenummer": "1", "kode": "100", "fra": "2022-03-01",
                "til": "", "minutter": "90", "barnenummer": "", "ferieaar": "", "bemaerkning": 'a; "b", æ',
                "barselssag_noegle": "", "arbejdsskadesag": "", "tjenestefriaarsag": ""}]
    fra_csv = list(laes_fil(skriv_csv("haendelser", raekker), "haendelser"))
    fra_xml = list(laes_fil(skriv_xml({"haendelser": raekker}), None))
    assert [h.data for h in fra_csv] == [h.data for h in fra_xml]
    assert fra_csv[0].data.bemaerkning == 'a; "b", æ' and fra_csv[0].data.til is None
