"""KvoteService.OverfoerRestferie end to end with zeep over an institution of a thousand
employments (imported through the import use case): the dry run, the run, the second run that
moves nothing more, a unit's subtree, rights; and FlytFerie of særlige feriedage. The ferieår is
the one that ends this year, by the server's real clock."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import zeep
from zeep.wsse.username import UsernameToken

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.stamdata import laes_csv
from fravaer.domain.kvoter import saerlige_aar_for
from fravaer.service.brugere import gem_bruger
from fravaer.service.clock import DANMARK
from fravaer.service.stamdata import importer
from tests.e2e.conftest import ROD, fejlkoder, zeep_klient
from tests.e2e.test_kvote_service import KvoteSkema, efter_type, ny_ansaettelse
from tests.server import DEMO_BRUGER, DEMO_KODEORD

IDAG = datetime.now(DANMARK).date()
AAR = IDAG.year  # the ferieår that ends this year: its days can be moved until 31 December
DATO = max(IDAG, date(AAR, 9, 1))  # after its accrual has ended
KODEORD = "overfoer-kodeord"
ANTAL = 1000
# employment i's kind, by i % 10: what the rules allow for it
ART = {0: "fuld", 1: "fuld", 2: "fuld", 3: "fuld", 4: "fuld", 5: "akko", 6: "timeloen", 7: "halvt_aar",
       8: "fratraadt", 9: "efter_optjeningen"}
NUL = Decimal("0.00")
FORVENTET = {"fuld": ("Overfoert", Decimal("5.00"), "A011"), "akko": ("Udeladt", NUL, "F103"),
             "timeloen": ("Udeladt", NUL, "F105"),
             "halvt_aar": ("Udeladt", NUL, "F106"), "fratraadt": ("Udeladt", NUL, "F107"),
             "efter_optjeningen": ("Udeladt", NUL, "F108")}


LOEBENUMMER = uuid.uuid4().int % 10**4  # the CPR numbers' last four digits: this run's own


def _cpr(i: int) -> str:
    """The i'th of this module's CPR numbers: a date DDMMYY from 1 January 1980 on."""
    return f"{1 + i % 28:02d}{1 + i // 28 % 12:02d}{80 + i // 336:02d}{LOEBENUMMER:04d}"


def _linje(inst: str, i: int) -> str:
    art = ART[i % 10]
    start, slut, loenform, akko = "2020-01-01", "", "1", ""
    if art == "akko":
        akko = "14"
    elif art == "timeloen":
        loenform = "3"
    elif art == "halvt_aar":
        start = f"{AAR}-03-01"
    elif art == "fratraadt":
        slut = f"{AAR}-06-30"
    elif art == "efter_optjeningen":
        start = f"{AAR}-09-01"
    enhed = "A1" if i % 3 == 0 else ("A" if i % 3 == 1 else "B")
    return (f"{inst},Overfoerselsstyrelsen,{_cpr(i)},1,{inst}-{i:04d},0240,1100,{loenform},37,{start},{slut},"
            f"{enhed},{akko}")


def _klient(server, bruger: str, kodeord: str = KODEORD):
    c = zeep.Client(str(ROD / "wsdl" / "KvoteService.wsdl"), plugins=[KvoteSkema()],
                    wsse=UsernameToken(bruger, kodeord))
    return c.create_service("{urn:fravaer:1}KvoteServiceBinding", f"{server.url}/soap/KvoteService")


def _foerste_mandag(aar: int, maaned: int) -> date:
    d = date(aar, maaned, 1)
    return d + timedelta(days=(7 - d.weekday()) % 7)


@pytest.fixture(scope="module")
def institution(server):
    """An institution of a thousand employments of the kinds in ART, in units A > A1 and B; three
    more that took vacation through FravaerService; a user who registers there and one who reads."""
    inst = f"RF{uuid.uuid4().hex[:8].upper()}"
    engine = make_engine(server.database_url)
    try:
        enheder = "\n".join(["institution_kode,institution_navn,kode,navn,overordnet_kode",
                             *(f"{inst},Overfoerselsstyrelsen,{e}" for e in ("A,A,", "A1,A1,A", "B,B,"))])
        assert importer(engine, laes_csv("enheder", enheder.encode())).fejl == []
        hoved = ("institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
                 "ugentlig_arbejdstid,startdato,slutdato,enhed_kode,akko")
        ekstra = [f"{inst},Overfoerselsstyrelsen,{_cpr(ANTAL + k)},1,{inst}-X{k},0240,1100,1,37,{start},,B,"
                  for k, start in enumerate(("2020-01-01", "2020-01-01", f"{AAR}-06-01"))]
        fil = "\n".join([hoved, *(_linje(inst, i) for i in range(ANTAL)), *ekstra]).encode()
        r = importer(engine, laes_csv("ansaettelser", fil))
        assert (r.oprettet, r.fejl) == (ANTAL + 3, [])
        gem_bruger(engine, f"reg-{inst}", KODEORD, registrer=[inst])
        gem_bruger(engine, f"laes-{inst}", KODEORD, laes=[inst])
    finally:
        engine.dispose()
    fravaer = zeep_klient(server, f"reg-{inst}", KODEORD)
    august = _foerste_mandag(AAR, 8)
    taget = {}
    # X0 takes two weeks (5 beyond 20 still left), X1 four weeks and two days (3 left beyond 20),
    # X2 started in June and takes two weeks of the 6,25 earned: a negative balance
    for k, til in ((0, august + timedelta(days=11)), (1, august + timedelta(days=29))):
        h = fravaer.OpretHaendelse(Ansaettelse={"Tjenestenummer": f"{inst}-X{k}"}, FastAarsagskode="500",
                                   FraDato=august, TilDato=til, Ferieaar=AAR).Haendelse
        taget[k] = h.Dage
    fravaer.OpretHaendelse(Ansaettelse={"Tjenestenummer": f"{inst}-X2"}, FastAarsagskode="500",
                           FraDato=august, TilDato=august + timedelta(days=11), Ferieaar=AAR)
    forventet = {f"{inst}-{i:04d}": FORVENTET[ART[i % 10]] for i in range(ANTAL)}
    for k in (0, 1):
        forventet[f"{inst}-X{k}"] = ("Overfoert", min(Decimal(25) - taget[k], Decimal(5)), "A011")
    forventet[f"{inst}-X2"] = ("Udeladt", Decimal("0.00"), "F104")
    return inst, forventet


def _udfald(svar) -> dict[str, tuple]:
    return {r.Ansaettelse.Tjenestenummer: (r.Status, r.Dage, r.Meddelelse.Kode) for r in svar.Resultat}


def test_the_transfer_over_a_thousand_employments_moves_what_the_rules_allow_once(server, institution):
    inst, forventet = institution
    k = _klient(server, f"reg-{inst}")
    proeve = k.OverfoerRestferie(Institution=inst, Ferieaar=AAR, Dato=DATO, Proeve=True)
    assert proeve.Opgoerelse.Proeve is True
    assert {t: (s, d) for t, (s, d, _) in _udfald(proeve).items()} == {
        t: (s, d) for t, (s, d, _) in forventet.items()}
    flyttes = sum(d for s, d, _ in forventet.values() if s == "Overfoert")
    antal = sum(1 for s, _, _ in forventet.values() if s == "Overfoert")
    assert (proeve.Opgoerelse.AntalOverfoert, proeve.Opgoerelse.Dage) == (antal, flyttes)
    [foer] = k.HentKvoter(Ansaettelse=[{"Tjenestenummer": f"{inst}-0000"}], Dato=DATO)
    assert efter_type(foer.Kvote, "Ferie", PeriodeFra=date(AAR - 1, 9, 1))[0].Overfoert == 0  # nothing stored

    svar = k.OverfoerRestferie(Institution=inst, Ferieaar=AAR, Dato=DATO)
    assert svar.Opgoerelse.Proeve is False and _udfald(svar) == forventet
    assert (svar.Opgoerelse.AntalOverfoert, svar.Opgoerelse.AntalUdeladt, svar.Opgoerelse.Dage) == (
        antal, len(forventet) - antal, flyttes)
    [efter] = k.HentKvoter(Ansaettelse=[{"Tjenestenummer": f"{inst}-0000"}], Dato=DATO)
    gammel = efter_type(efter.Kvote, "Ferie", PeriodeFra=date(AAR - 1, 9, 1))[0]
    ny = efter_type(efter.Kvote, "Ferie", PeriodeFra=date(AAR, 9, 1))[0]
    assert (gammel.Overfoert, gammel.Disponibel, ny.Overfoert) == (Decimal("-5.00"), Decimal("20.00"),
                                                                   Decimal("5.00"))

    igen = k.OverfoerRestferie(Institution=inst, Ferieaar=AAR, Dato=DATO)
    assert (igen.Opgoerelse.AntalOverfoert, igen.Opgoerelse.AntalAlleredeOverfoert, igen.Opgoerelse.Dage) == (
        0, antal, Decimal("0.00"))
    for t, (s, d, kode) in _udfald(igen).items():
        foerste = forventet[t]
        assert (s, d, kode) == (("AlleredeOverfoert", foerste[1], "A010") if foerste[0] == "Overfoert"
                                else foerste)
    [igen_efter] = k.HentKvoter(Ansaettelse=[{"Tjenestenummer": f"{inst}-0000"}], Dato=DATO)
    assert efter_type(igen_efter.Kvote, "Ferie", PeriodeFra=date(AAR, 9, 1))[0].Overfoert == Decimal("5.00")


def test_a_unit_covers_itself_and_the_units_under_it(server, institution):
    inst, _ = institution
    svar = _klient(server, f"reg-{inst}").OverfoerRestferie(Institution=inst, Enhed="A", Ferieaar=AAR,
                                                            Dato=DATO, Proeve=True)
    assert set(_udfald(svar)) == {f"{inst}-{i:04d}" for i in range(ANTAL) if i % 3 in (0, 1)}


@pytest.mark.parametrize("bruger, kwargs, kode", [
    ("laes", {}, "R001"),
    ("reg", {"Institution": "FINDES-IKKE"}, "F088"),
    ("reg", {"Enhed": "FINDES-IKKE"}, "F089"),
    ("reg", {"Dato": date(AAR, 8, 31)}, "F102"),
    ("reg", {"Ferieaar": AAR - 1}, "F056"),
])
def test_a_wrong_request_is_a_client_fault(server, institution, bruger, kwargs, kode):
    inst, _ = institution
    anmodning = {"Institution": inst, "Ferieaar": AAR, "Dato": DATO, "Proeve": True, **kwargs}
    with pytest.raises(zeep.exceptions.Fault) as e:
        _klient(server, f"{bruger}-{inst}").OverfoerRestferie(**anmodning)
    assert e.value.code.endswith("Client") and kode in fejlkoder(e.value)


# ---------------------------------------------------------------- FlytFerie of særlige feriedage


@pytest.fixture(scope="module")
def kvoter(server):
    return _klient(server, DEMO_BRUGER, DEMO_KODEORD)


def test_flyt_ferie_moves_unused_special_days_to_the_next_year(server, kvoter):
    a = ny_ansaettelse(server)
    aar = saerlige_aar_for(IDAG)  # the special days being taken now
    fra, til = kvoter.FlytFerie(Ansaettelse=a, KvoteType="SaerligeFeriedage", FraFerieaar=aar,
                                Dage=Decimal("2"))
    assert (fra.KvoteType, fra.PeriodeFra, fra.Overfoert, fra.Disponibel) == (
        "SaerligeFeriedage", date(aar, 1, 1), Decimal("-2.00"), Decimal("3.00"))
    assert (til.PeriodeFra, til.Overfoert) == (date(aar + 1, 1, 1), Decimal("2.00"))
    with pytest.raises(zeep.exceptions.Fault) as e:
        kvoter.FlytFerie(Ansaettelse=a, KvoteType="SaerligeFeriedage", FraFerieaar=aar, Dage=Decimal("4"))
    assert fejlkoder(e.value) == ["F054"]  # 3 left: all of them could move, not more
    with pytest.raises(zeep.exceptions.Fault) as e:
        kvoter.FlytFerie(Ansaettelse=a, KvoteType="SaerligeFeriedage", FraFerieaar=aar - 1, Dage=Decimal("1"))
    assert fejlkoder(e.value) == ["F100"]  # last year's period of taking has ended
    # without KvoteType it is ferie, as before
    fra, _ = kvoter.FlytFerie(Ansaettelse=a, FraFerieaar=AAR, Dage=Decimal("1"))
    assert fra.KvoteType == "Ferie"
