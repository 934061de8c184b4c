"""Payroll against a real database (SQLite and PostgreSQL): a month's extract with unpaid leave,
the løntræk policy's deduction and a paid-out saving day; closing it; a later change of that
month as a reversal and a new line in the next month; pending events kept out until approved."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

import pytest

from fravaer.adapters.stamdata import laes
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.egne_typer import EgenType
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvoter import KvoteType
from fravaer.domain.loen import Loenperiode
from fravaer.domain.meddelelser import Afvist
from fravaer.service import egne_typer
from fravaer.service.godkendelse import Beslutning, Godkendelsestjeneste
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.kvoter import Kvotetjeneste
from fravaer.service.loen import Loentjeneste
from fravaer.service.stamdata import importer_ansaettelser

KATALOG = standardkatalog()
REG = Bruger("registrant", {"LOEN": Ret.REGISTRER})
CHEF = Bruger("chef", {"LOEN": Ret.GODKEND})
LAESER = Bruger("laeser", {"LOEN": Ret.LAES})
L1 = AnsaettelsesIdent(tjenestenummer="L1")  # løntræk policy, from 1 September 2025
L2 = AnsaettelsesIdent(tjenestenummer="L2")  # the state's policy
OKT, NOV = Loenperiode(2025, 10), Loenperiode(2025, 11)
STAMDATA = b"""institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,\
ugentlig_arbejdstid,startdato,slutdato,feriepolitik
LOEN,Lonstyrelsen,0101901111,1,L1,0240,1100,1,37,2025-09-01,,loentraek
LOEN,Lonstyrelsen,0202902222,1,L2,0172,1100,1,37,2020-01-01,,
"""


class Ur:
    def __init__(self):
        self.nu = datetime(2025, 10, 1, 9, tzinfo=UTC)

    def __call__(self):
        return self.nu


@pytest.fixture
def opsat(engine):
    r = importer_ansaettelser(engine, laes(STAMDATA))
    assert r.fejl == []
    ur = Ur()
    h = Haendelsestjeneste(engine, KATALOG, ur)
    return engine, ur, h, Kvotetjeneste(engine, KATALOG, ur), Loentjeneste(engine, KATALOG, ur), \
        Godkendelsestjeneste(h)


def opret(h, ident, kode, fra, til=None, bruger=REG, **andet):
    fra = date.fromisoformat(fra)
    return h.opret(HaendelseAnmodning(ident, HaendelseData(kode, fra, date.fromisoformat(til) if til else fra,
                                                           **andet)), bruger)


def linjer(loen, periode, bruger=LAESER):
    return [(x.ansaettelse_id and a.tjenestenummer, x.loendel, x.art.value, x.vedroerer, x.dage, x.minutter,
             x.fra, x.til, x.kilde_art.value) for x, a in loen.linjer("LOEN", periode, bruger).linjer]


def test_a_month_with_unpaid_leave_loentraek_and_a_paid_out_saving_day(opsat):
    _, ur, h, k, loen, _ = opsat
    # L1 earns 25/12 a month from September (primo): 5 days of vacation in October overdraw it
    ferie = opret(h, L1, "500", "2025-10-06", "2025-10-10").haendelse
    opret(h, L2, "771", "2025-10-13", "2025-10-14", tjenestefriaarsag="TU01")  # tjenestefri uden løn
    k.reguler(L2, KvoteType.OMSORGSDAGE, 2025, 1, Fraction(2), date(2025, 9, 1), None, None, REG)  # saved
    opret(h, L2, "630", "2025-10-20")  # one saving day paid out
    k.reguler(L2, KvoteType.FRIHEDSBANK, 2025, 4, Fraction(3), date(2025, 9, 1), None, None, REG)
    k.reguler(L2, KvoteType.FRIHEDSBANK, 2025, 4, Fraction(-1, 2), date(2025, 10, 31), None, None, REG)
    ur.nu = datetime(2025, 11, 3, 9, tzinfo=UTC)
    oktober = linjer(loen, OKT)
    # Sep + Oct earned 25/6 by October (primo); 5 used: 5 − 25/6 = 5/6 deducted at the month's end
    assert oktober == [
        ("L1", "5051", "Ordinaer", "2025-10", Fraction(5, 6), 370, date(2025, 10, 1), date(2025, 10, 31),
         "Loentraek"),
        ("L2", "5060", "Ordinaer", "2025-10", Fraction(2), 888, date(2025, 10, 13), date(2025, 10, 14),
         "Haendelse"),
        ("L2", "6107", "Ordinaer", "2025-10", Fraction(1), 444, date(2025, 10, 20), date(2025, 10, 20),
         "Haendelse"),
        ("L2", "6107", "Ordinaer", "2025-10", Fraction(1, 2), 222, date(2025, 10, 31), date(2025, 10, 31),
         "Frihedsbank"),
    ]
    udtraek = loen.luk("LOEN", OKT, REG)
    assert udtraek.lukket is not None and len(udtraek.linjer) == 4
    assert linjer(loen, OKT) == oktober  # a closed period answers as it was closed

    # a later change of October: the vacation becomes 6 days; the deduction grows by one
    h.ret(ferie.id, ferie.version, HaendelseAnmodning(L1, HaendelseData("500", date(2025, 10, 6),
                                                                         date(2025, 10, 13))), REG)
    # a pay-affecting code in the closed month is stored with A036 (and corrected in November)
    svar = opret(h, L2, "771", "2025-10-02", tjenestefriaarsag="TU01")
    assert [m.kode for m in svar.meddelelser] == ["A036"]
    assert linjer(loen, OKT) == oktober  # never a silent rewrite
    november = linjer(loen, NOV)
    assert [x for x in november if x[3] == "2025-10" and x[1] == "5060"] == [
        ("L2", "5060", "Korrektion", "2025-10", Fraction(1), 444, date(2025, 10, 2), date(2025, 10, 2),
         "Haendelse")]
    assert [x for x in november if x[3] == "2025-10" and x[1] != "5060"] == [
        ("L1", "5051", "Tilbagefoersel", "2025-10", Fraction(-5, 6), -370, date(2025, 10, 1),
         date(2025, 10, 31), "Loentraek"),
        ("L1", "5051", "Korrektion", "2025-10", Fraction(11, 6), 814, date(2025, 10, 1), date(2025, 10, 31),
         "Loentraek"),
    ]
    loen.luk("LOEN", NOV, REG)
    # once delivered, the correction is not delivered again
    ur.nu = datetime(2025, 12, 2, 9, tzinfo=UTC)
    assert [x for x in linjer(loen, Loenperiode(2025, 12)) if x[3] == "2025-10"] == []


def test_closing_in_order_once_and_not_ahead(opsat):
    _, ur, _, _, loen, _ = opsat
    ur.nu = datetime(2025, 11, 3, 9, tzinfo=UTC)
    with pytest.raises(Afvist) as e:
        loen.luk("LOEN", Loenperiode(2025, 12), REG)
    assert [m.kode for m in e.value.meddelelser] == ["F219"]
    loen.luk("LOEN", OKT, REG)
    for periode, kode in ((OKT, "F217"), (Loenperiode(2025, 9), "F218")):
        with pytest.raises(Afvist) as e:
            loen.luk("LOEN", periode, REG)
        assert [m.kode for m in e.value.meddelelser] == [kode]
    with pytest.raises(Afvist) as e:
        loen.luk("LOEN", NOV, LAESER)
    assert [m.kode for m in e.value.meddelelser] == ["R001"]
    with pytest.raises(Afvist) as e:
        loen.linjer("ANDEN", NOV, LAESER)
    assert [m.kode for m in e.value.meddelelser] == ["F088"]


def test_an_own_type_pending_approved_then_in_payroll(opsat):
    engine, ur, h, _, loen, godkend = opsat
    egne_typer.tilfoej(engine, "LOEN", EgenType("901", "Egen betalt fridag", "5070", ("0240",), True),
                       "cli:admin")
    svar = opret(h, L1, "901", "2025-10-15")
    assert svar.haendelse.status == "Afventer" and [m.kode for m in svar.meddelelser] == ["A035"]
    with pytest.raises(Afvist) as e:  # PKAT 0172 may not use it
        opret(h, L2, "901", "2025-10-15")
    assert [m.kode for m in e.value.meddelelser] == ["F210"]
    ur.nu = datetime(2025, 11, 3, 9, tzinfo=UTC)
    assert [x for x in linjer(loen, OKT) if x[1] == "5070"] == []  # pending: not in payroll
    b = Beslutning(svar.haendelse.id, svar.haendelse.version, True)
    for bruger, kode in ((REG, "F222"), (LAESER, "F222")):
        with pytest.raises(Afvist) as e:
            godkend.beslut(b, bruger)
        assert [m.kode for m in e.value.meddelelser] == [kode]
    godkendt = godkend.beslut(b, CHEF).haendelse
    assert (godkendt.status, godkendt.version) == ("Godkendt", 2)
    assert [x for x in linjer(loen, OKT) if x[1] == "5070"] == [
        ("L1", "5070", "Ordinaer", "2025-10", Fraction(1), 444, date(2025, 10, 15), date(2025, 10, 15),
         "Haendelse")]
    with pytest.raises(Afvist) as e:  # decided once
        godkend.beslut(Beslutning(godkendt.id, godkendt.version, False, "nej"), CHEF)
    assert [m.kode for m in e.value.meddelelser] == ["F215"]


def test_a_pending_vacation_is_planned_then_taken_or_gone_and_reported_only_when_approved(opsat):
    """The institution makes 500 need approval: a pending vacation draws on the account as planned
    (never as taken), is not in the statistics nor the quarterly report; approved it is taken and
    counted; rejected it leaves the account at once."""
    from fravaer.domain.kvartaler import Kvartal
    from fravaer.domain.kvoter import Konto
    from fravaer.service.indberetning import Indberetningstjeneste
    from fravaer.service.statistik import Statistikanmodning, hent_statistik

    engine, ur, h, k, _, godkend = opsat
    assert egne_typer.saet_godkendelse(engine, KATALOG, "LOEN", "500", True, "cli:admin")
    ur.nu = datetime(2025, 11, 3, 9, tzinfo=UTC)
    ferie = opret(h, L2, "500", "2025-10-06", "2025-10-08").haendelse  # in the past, but pending
    syg = opret(h, L2, "520", "2025-10-13")  # særlige feriedage: needs no approval, reported (type g)
    assert (ferie.status, syg.haendelse.status) == ("Afventer", "Godkendt")

    def kvote():
        [(_, kvoter)] = k.hent_kvoter([L2], date(2025, 11, 3), LAESER)
        return next(q for q in kvoter if q.konto == Konto(KvoteType.FERIE, ferie.data.ferieaar))

    assert (kvote().afholdt, kvote().planlagt) == (0, 3)

    def ferie_i_statistik():
        r = hent_statistik(engine, KATALOG, Statistikanmodning("LOEN", date(2025, 10, 1), date(2025, 10, 31),
                                                               grupperinger=("Type",)), LAESER, 1)
        return sum(n.fravaersdage for n in r.noegletal if n.type == "ferie")

    assert ferie_i_statistik() == 0
    godkendt = godkend.beslut(Beslutning(ferie.id, ferie.version, True), CHEF).haendelse
    assert (kvote().afholdt, kvote().planlagt) == (3, 0)
    assert ferie_i_statistik() == 3

    # a second, rejected: gone from the account; the 520 is reported, a pending 500 never is
    anden = opret(h, L2, "500", "2025-10-20", "2025-10-21").haendelse
    assert kvote().planlagt == 2
    with pytest.raises(Afvist) as e:
        godkend.beslut(Beslutning(anden.id, anden.version, False, "  "), CHEF)
    assert [m.kode for m in e.value.meddelelser] == ["F216"]
    afvist = godkend.beslut(Beslutning(anden.id, anden.version, False, "travlt"), CHEF).haendelse
    assert (afvist.status, afvist.begrundelse) == ("Afvist", "travlt")
    assert (kvote().afholdt, kvote().planlagt) == (3, 0)
    assert [x[0].id for x in h.hent([L2], date(2025, 10, 1), date(2025, 10, 31), ["500"], LAESER)] == [
        godkendt.id]
    # a pending reportable event (520 made to need approval too) is not reported
    egne_typer.saet_godkendelse(engine, KATALOG, "LOEN", "520", True, "cli:admin")
    assert opret(h, L2, "520", "2025-10-27").haendelse.status == "Afventer"
    r = Indberetningstjeneste(engine, KATALOG, ur).dan("LOEN", Kvartal(2025, 4), LAESER)
    assert r.koersel.antal == 1  # the approved 520 only (500 is not reportable)
