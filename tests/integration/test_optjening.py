"""The automatic accrual against the right itself, on SQLite and PostgreSQL (DOMAIN.md §6.1–6.3,
seed 002 §7.2–7.3, seed 004 step 3): AKKO by date and the employment's own posting travel through
import and export; an employment without automatic posting can still be given its days by hand,
and they count."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

import pytest

from fravaer.adapters.stamdata import laes_csv, laes_fil, skriv_csv, skriv_xml
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvoter import Konto, KvoteType
from fravaer.domain.meddelelser import Afvist
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.kvoter import Kvotetjeneste
from fravaer.service.stamdata import eksporter, importer

BRUGER = Bruger("hr", {"I": Ret.REGISTRER, "J": Ret.REGISTRER})
KATALOG = standardkatalog()
SAERLIGE, FERIE = KvoteType.SAERLIGE_FERIEDAGE, KvoteType.FERIE
HOVED = ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,loenform,ugentlig_arbejdstid,"
         "startdato,feriepolitik,akko,postering,gyldig_fra\n")


def ur():
    return datetime(2025, 11, 3, 9, tzinfo=UTC)


def _importer(engine, art: str, tekst: str, nu=ur):
    return importer(engine, laes_csv(art, tekst.encode()), nu=nu)


def _kvote(engine, tjnr: str, konto: Konto, dato: date):
    [(_a, kvoter)] = Kvotetjeneste(engine, KATALOG, ur).hent_kvoter([AnsaettelsesIdent(tjnr)], dato, BRUGER)
    return next(k for k in kvoter if k.konto == konto)


# ---------------------------------------------------------------- master data


def test_akko_and_posting_import_export_and_a_missing_column_keeps_them(engine):
    r = _importer(engine, "ansaettelser", HOVED
                  + "I,Inst,0101801234,1,T1,0240,1,37,2018-01-01,stat,14,primo,\n"
                  + "I,Inst,0202801234,1,T2,0240,1,37,2018-01-01,,1x,,\n"
                  + "I,Inst,0303801234,1,T3,0240,1,37,2018-01-01,,,midt,\n")
    assert r.oprettet == 1
    assert [(f.nummer, f.grund) for f in r.fejl] == [
        (3, "akko skal være et tal med højst tre cifre, fx 14"),
        (4, "postering skal være primo eller ultimo (tom: som feriepolitikken)")]
    [a] = eksporter(engine, ["ansaettelser"])["ansaettelser"]
    assert (a["akko"], a["postering"]) == ("14", "primo")
    # a file without the columns leaves them; an empty cell clears them
    kort = "institution_kode,institution_navn,cpr,loebenummer,loenform,ugentlig_arbejdstid,startdato\n"
    assert _importer(engine, "ansaettelser", kort + "I,Inst,0101801234,1,1,37,2018-01-01\n").uaendret == 1
    [a] = eksporter(engine, ["ansaettelser"])["ansaettelser"]
    assert (a["akko"], a["postering"]) == ("14", "primo")
    # off AKKO from 1 October 2025: a history row from that date, the earlier one keeps AKKO 14
    assert _importer(engine, "ansaettelser", HOVED
                     + "I,Inst,0101801234,1,T1,0240,1,37,2018-01-01,stat,,primo,2025-10-01\n").aendret == 1
    historik = eksporter(engine, ["historik"])["historik"]
    assert [(h["gyldig_fra"], h["akko"]) for h in historik] == [("2018-01-01", "14"), ("2025-10-01", "")]
    [a] = eksporter(engine, ["ansaettelser"])["ansaettelser"]
    assert (a["akko"], a["postering"]) == ("", "primo")


def test_a_history_file_without_akko_keeps_the_akko_recorded_for_the_date(engine):
    _importer(engine, "ansaettelser", HOVED + "I,Inst,0101801234,1,T1,0240,1,37,2018-01-01,,32,,\n")
    uden = "cpr,loebenummer,gyldig_fra,institution_kode,pkat,loenform,ugentlig_arbejdstid\n"
    # the same date with other hours, and a new date: both keep AKKO 32 (in force then)
    r = _importer(engine, "historik", uden + "0101801234,1,2018-01-01,I,0240,1,30\n"
                                             "0101801234,1,2024-01-01,I,0240,1,37\n")
    assert (r.aendret, r.oprettet, r.fejl) == (1, 1, [])
    med = "cpr,loebenummer,gyldig_fra,institution_kode,pkat,loenform,ugentlig_arbejdstid,akko\n"
    assert _importer(engine, "historik", med + "0101801234,1,2025-01-01,I,0240,1,37,\n").oprettet == 1
    historik = eksporter(engine, ["historik"])["historik"]
    assert [(h["gyldig_fra"], h["ugentlig_arbejdstid"], h["akko"]) for h in historik] == [
        ("2018-01-01", "30", "32"), ("2024-01-01", "37", "32"), ("2025-01-01", "37", "")]


@pytest.mark.parametrize("format_", ["csv", "xml"])
def test_export_then_import_of_akko_and_posting_changes_nothing(engine, format_):
    _importer(engine, "ansaettelser", HOVED
              + "I,Inst,0101801234,1,T1,0240,1,37,2018-01-01,forskud,15,ultimo,\n"
              + "I,Inst,0202801234,1,T2,0240,1,37,2018-01-01,,,,\n")
    _importer(engine, "ansaettelser", HOVED + "I,Inst,0101801234,1,T1,0240,1,37,2018-01-01,forskud,,ultimo,"
                                              "2025-06-01\n")
    arter = ["ansaettelser", "historik"]
    data = eksporter(engine, arter)
    linjer = (list(laes_fil(skriv_xml(data), None)) if format_ == "xml"
              else [x for a in arter for x in laes_csv(a, skriv_csv(a, data[a]))])
    r = importer(engine, linjer, nu=ur)
    assert (r.oprettet, r.aendret, r.fejl) == (0, 0, [])
    assert eksporter(engine, arter) == data


# ---------------------------------------------------------------- the right exists without the posting


@pytest.mark.parametrize("pkat, loenform, akko, konto, periode, dato", [
    ("0080", "1", "", Konto(SAERLIGE, 2024), 2024, date(2025, 5, 1)),  # PKAT 80: no special days posted
    ("0240", "3", "", Konto(FERIE, 2026), 2026, date(2025, 10, 31)),  # hourly: no ferie posted
    ("0240", "1", "16", Konto(SAERLIGE, 2024), 2024, date(2025, 5, 1)),  # AKKO 16
])
def test_a_manual_adjustment_gives_the_days_automatic_posting_leaves_out(engine, pkat, loenform, akko, konto,
                                                                         periode, dato):
    _importer(engine, "ansaettelser",
              HOVED + f"I,Inst,0101801234,1,T1,{pkat},{loenform},37,2020-01-01,,{akko},,\n")
    assert _kvote(engine, "T1", konto, dato).optjent == 0
    svar = Kvotetjeneste(engine, KATALOG, ur).reguler(AnsaettelsesIdent("T1"), konto.type, periode, 1,
                                                      Fraction(5), dato, "manuel tildeling", None, BRUGER)
    assert (svar.meddelelser, [k.reguleret for k in svar.kvoter]) == ([], [5])
    kvote = _kvote(engine, "T1", konto, dato)
    assert (kvote.optjent, kvote.reguleret, kvote.disponibel) == (0, 5, 5)
    # and the days can be taken: five days fit without "more used than earned"
    kode, fra, til = ("520", date(2025, 5, 5), date(2025, 5, 9)) if konto.type is SAERLIGE else (
        "500", date(2025, 11, 3), date(2025, 11, 7))
    h = Haendelsestjeneste(engine, KATALOG, ur)
    svar = h.opret(HaendelseAnmodning(AnsaettelsesIdent("T1"), HaendelseData(kode, fra, til)), BRUGER)
    assert svar.meddelelser == []
    assert _kvote(engine, "T1", konto, til).disponibel == 0


def test_two_loebenumre_in_one_institution_get_no_automatic_special_days_while_both_run(engine):
    _importer(engine, "ansaettelser", HOVED
              + "I,Inst,0101801234,1,T1,0240,1,20,2020-01-01,,,,\n"
              + "I,Inst,0101801234,2,T2,0240,1,17,2024-07-01,,,,\n"
              + "J,Andet,0101801234,3,T3,0240,1,10,2020-01-01,,,,\n")
    konto = Konto(SAERLIGE, 2024)
    # January–June on løbenummer 1 alone; from July two in institution I; the job at J is another løngruppe
    assert [_kvote(engine, t, konto, date(2025, 5, 1)).optjent for t in ("T1", "T2", "T3")] == [
        Fraction(5, 2), 0, 5]
    assert _kvote(engine, "T1", Konto(FERIE, 2025), date(2025, 8, 31)).optjent == 25  # ferie runs on
    k = Kvotetjeneste(engine, KATALOG, ur)
    k.reguler(AnsaettelsesIdent("T2"), SAERLIGE, 2024, 1, Fraction(5, 2), date(2025, 1, 2), None, None,
              BRUGER)
    assert _kvote(engine, "T2", konto, date(2025, 5, 1)).disponibel == Fraction(5, 2)


# ---------------------------------------------------------------- primo or ultimo per employment


def test_the_employments_posting_reaches_the_balances_and_the_rules(engine):
    _importer(engine, "ansaettelser", HOVED
              + "I,Inst,0101801234,1,T1,0240,1,37,2025-10-01,stat,,primo,\n"  # the state's rule, posted primo
              + "I,Inst,0202801234,1,T2,0240,1,37,2025-10-01,kun_optjent,,ultimo,\n"
              + "I,Inst,0303801234,1,T3,0240,1,37,2025-10-01,kun_optjent,,,\n")  # the policy's primo
    konto = Konto(FERIE, 2026)
    assert [_kvote(engine, t, konto, date(2025, 10, 1)).optjent for t in ("T1", "T2", "T3")] == [
        Fraction(25, 12), 0, Fraction(25, 12)]
    h = Haendelsestjeneste(engine, KATALOG, ur)
    to_dage = HaendelseData("500", date(2025, 10, 13), date(2025, 10, 14))
    with pytest.raises(Afvist) as e:
        h.opret(HaendelseAnmodning(AnsaettelsesIdent("T2"), to_dage), BRUGER)
    assert [m.kode for m in e.value.meddelelser] == ["F043"]  # ultimo: October not yet posted
    assert h.opret(HaendelseAnmodning(AnsaettelsesIdent("T3"), to_dage), BRUGER).meddelelser == []
