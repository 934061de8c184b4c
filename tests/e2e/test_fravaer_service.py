"""FravaerService end to end: zeep over HTTP against the gunicorn server."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
import zeep

from tests.e2e.conftest import TNS, fejlkoder

# Each test uses its own employment or its own dates: the server lives for the whole session.
T1 = {"Tjenestenummer": "10000001"}
T2 = {"Tjenestenummer": "10000002"}
T3 = {"Tjenestenummer": "10000003"}
DEMO5 = {"Tjenestenummer": "20000001"}


def opret(klient, ansaettelse, kode, fra, til=None, **andet):
    return klient.OpretHaendelse(Ansaettelse=ansaettelse, FastAarsagskode=kode, FraDato=fra,
                                 TilDato=til, **andet)


def afvist(funktion, *args, **kwargs) -> tuple[str, list[str]]:
    with pytest.raises(zeep.exceptions.Fault) as e:
        funktion(*args, **kwargs)
    return e.value.code, fejlkoder(e.value)


def test_create_read_change_delete(klient):
    svar = opret(klient, T1, "500", "2024-07-01", "2024-07-12", Bemaerkning="Sommerferie")
    h = svar.Haendelse
    assert (h.FastAarsagskode, h.Version, h.Aarsagstekst) == ("500", 1, "Ferie med løn")
    assert h.Ansaettelse.CPRNummer == "0101801234" and h.Kalenderdage == 12
    assert h.Dage == Decimal("10.00")  # 1–12 July 2024: ten working days
    assert (h.Timer, h.Minutter) == (74, 0)  # 10 × 444 minutes

    fundne = klient.HentHaendelser(Ansaettelse=[{"CPRNummer": "0101801234", "Loebenummer": 1}],
                                   FraDato="2024-07-01", TilDato="2024-07-31")
    assert [x.HaendelseID for x in fundne] == [h.HaendelseID]

    rettet = klient.RetHaendelse(HaendelseID=h.HaendelseID, Version=1, Ansaettelse=T1,
                                 FastAarsagskode="500", FraDato="2024-07-01", TilDato="2024-07-05")
    assert rettet.Haendelse.Version == 2 and rettet.Haendelse.TilDato == date(2024, 7, 5)

    kode, koder = afvist(klient.SletHaendelse, HaendelseID=h.HaendelseID, Version=1)
    assert kode.endswith("Client") and koder == ["F020"]
    assert klient.SletHaendelse(HaendelseID=h.HaendelseID, Version=2) == h.HaendelseID
    assert klient.HentHaendelser(Ansaettelse=[T1], FraDato="2024-07-01", TilDato="2024-07-31") == []

    log = klient.HentHaendelseLog(FraTidspunkt=h.Oprettet, TilTidspunkt="2099-01-01T00:00:00Z")
    mine = [p for p in log.Logpost if p.HaendelseID == h.HaendelseID]
    assert [p.Handling for p in mine] == ["Opret", "Ret", "Slet"]
    assert mine[1].Foer.TilDato == date(2024, 7, 12) and mine[1].Efter.TilDato == date(2024, 7, 5)


def test_seed_example_and_the_refusals_of_the_acceptance(klient):
    # DOMAIN.md / seed 002 §3: 500 11–29 July 2022, 110 13–29 July, 100 1–5 August.
    opret(klient, T2, "500", "2022-07-11", "2022-07-29")
    opret(klient, T2, "110", "2022-07-13", "2022-07-29")
    opret(klient, T2, "100", "2022-08-01", "2022-08-05")
    koder = [h.FastAarsagskode for h in klient.HentHaendelser(
        Ansaettelse=[T2], FraDato="2022-07-01", TilDato="2022-08-31")]
    assert koder == ["500", "110", "100"]

    assert afvist(opret, klient, T2, "110", "2022-09-05", "2022-09-06")[1] == ["F013"]
    assert afvist(opret, klient, T2, "100", "2022-07-20", "2022-07-20")[1] == ["F011", "F011"]
    assert afvist(opret, klient, T2, "230", "2022-10-03", "2022-10-04")[1] == ["F004"]
    assert afvist(opret, klient, T2, "155", "2022-10-03", "2022-10-14")[1] == ["F009"]
    delvis = opret(klient, T2, "155", "2022-10-03", "2022-10-14", Timer=3, Minutter=0).Haendelse
    assert (delvis.TimerPrDag, delvis.MinutterPrDag) == (3, 0)  # as registered
    assert (delvis.Timer, delvis.Minutter, delvis.Dage) == (30, 0, Decimal("4.05"))  # 10 × 180 min


def test_open_sickness_is_closed_later(klient):
    h = opret(klient, T3, "100", "2023-02-06").Haendelse
    assert h.TilDato is None and h.Kalenderdage is None
    lukket = klient.RetHaendelse(HaendelseID=h.HaendelseID, Version=1, Ansaettelse=T3,
                                 FastAarsagskode="100", FraDato="2023-02-06", TilDato="2023-02-10")
    assert lukket.Haendelse.TilDato == date(2023, 2, 10) and lukket.Haendelse.Kalenderdage == 5


def test_a_rejected_event_lists_all_its_problems(klient):
    kode, koder = afvist(opret, klient, DEMO5, "230", "2023-05-10", "2023-05-09", Ferieaar=2023,
                         Barnenummer=1, Timer=2)
    assert kode.endswith("Client")
    assert set(koder) >= {"F003", "F017"}


def test_problems_in_different_layers_come_in_one_fault(klient):
    # hours on a period (a field rule) and a 520 across 1 May (an account rule): both, at once
    with pytest.raises(zeep.exceptions.Fault) as e:
        opret(klient, DEMO5, "520", "2021-04-28", "2021-05-03", Timer=2)
    meddelelser = list(e.value.detail.iter(f"{{{TNS}}}Meddelelse"))
    assert e.value.code.endswith("Client")
    assert [(m.findtext(f"{{{TNS}}}Kode"), m.findtext(f"{{{TNS}}}Alvor")) for m in meddelelser] == [
        ("F008", "Fejl"), ("F041", "Fejl")]
    assert "01-05-2021" in meddelelser[1].findtext(f"{{{TNS}}}Tekst")
    assert klient.HentHaendelser(Ansaettelse=[DEMO5], FraDato="2021-04-28", TilDato="2021-05-03") == []


def test_unknown_employment_and_schema_errors_are_client_faults(klient):
    kode, koder = afvist(opret, klient, {"Tjenestenummer": "99999999"}, "500", "2023-01-02")
    assert kode.endswith("Client") and koder == ["F030"]
    kode, koder = afvist(opret, klient, {"CPRNummer": "0101801234"}, "500", "2023-01-02")
    assert koder == ["F023"]


def test_advis_is_returned_with_a_successful_answer(klient):
    svar = opret(klient, DEMO5, "100", "2099-01-05", "2099-01-06")
    assert [m.Kode for m in svar.Meddelelse] == ["A001"]
    assert svar.Meddelelse[0].Alvor == "Advis"


def test_retry_with_the_same_transaction_id(klient):
    tid = str(uuid.uuid4())
    a = opret(klient, DEMO5, "500", "2023-08-07", "2023-08-11", TransaktionsID=tid)
    b = opret(klient, DEMO5, "500", "2023-08-07", "2023-08-11", TransaktionsID=tid)
    assert a.Haendelse.HaendelseID == b.Haendelse.HaendelseID
    assert afvist(opret, klient, DEMO5, "500", "2023-08-14", "2023-08-15", TransaktionsID=tid)[1] == ["F022"]


def test_reason_codes(klient):
    alle = klient.HentAarsagskoder()
    assert {"100", "110", "500", "809"} <= {a.Kode for a in alle}
    med_loen = klient.HentAarsagskoder(Type="TjenestefriMedLoen")
    assert med_loen and {a.Type for a in med_loen} == {"TjenestefriMedLoen"}
    k155 = next(a for a in alle if a.Kode == "155")
    assert (k155.TimerVedDag, k155.TimerVedPeriode, k155.Indberetningspligtig) == (
        "Obligatorisk", "Obligatorisk", True)


def test_counting_absence_in_a_period(klient):
    ans = {"Tjenestenummer": "10000004"}  # hourly paid, 15 hours a week: 180 minutes a day
    opret(klient, ans, "100", "2024-06-03", "2024-06-07")
    opret(klient, ans, "100", "2024-06-10", "2024-06-10", Timer=1, Minutter=30)
    opret(klient, ans, "500", "2024-06-11", "2024-06-14")
    syg = klient.OptaelFravaer(Ansaettelse=ans, FraDato="2024-06-05", TilDato="2024-06-30",
                               FastAarsagskode=["100"])
    # 5–7 June: two days of 180 minutes (5 June, Grundlovsdag, is a paid day off); 10 June: 90
    # minutes, in 444ths of a day
    assert syg.Minutter == 2 * 180 + 90 and syg.Dage == Decimal("2.20")
    assert [h.FraDato for h in syg.Haendelse] == [date(2024, 6, 3), date(2024, 6, 10)]
    alt = klient.OptaelFravaer(Ansaettelse=ans, FraDato="2024-06-01", TilDato="2024-06-30")
    assert alt.Minutter == 4 * 180 + 90 + 4 * 180 and len(alt.Haendelse) == 3
