"""Use cases run on the in-memory unit of work (tests/fakes.py): an institution's own types, the
fixed codes it makes subject to approval, and its calendar. What is decided, refused, logged and
committed, without a database (the SQL of these repositories is tested in tests/integration/)."""

from datetime import date

import pytest

from fravaer.domain.aendringer import Art
from fravaer.domain.egne_typer import EgenType
from fravaer.domain.kalender import SaerdagRegel
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.meddelelser import Afvist
from fravaer.service import egne_typer, kalender
from fravaer.service.brugere import BrugerFejl
from tests.fakes import HukommelsesLager, Tilstand

KATALOG = standardkatalog()
TYPE = EgenType("901", " Egen fridag ", "5070", ("0240", "0240"), True)


@pytest.fixture
def lager() -> HukommelsesLager:
    t = Tilstand()
    t.institution("INST")
    return HukommelsesLager(t)


def _koder(fejl: Afvist) -> list[str]:
    return [m.kode for m in fejl.meddelelser]


def test_en_egen_type_gemmes_renset_og_logges(lager):
    egne_typer.tilfoej(lager, "INST", TYPE, "anna")
    vist = egne_typer.vis(lager, "INST")
    assert vist.egne == (EgenType("901", "Egen fridag", "5070", ("0240",), True),)
    assert lager.tilstand.stamdatalog == [("Opret", "egen_type", "INST/901", "anna", None,
                                           {"kode": "901", "navn": "Egen fridag", "loendel": "5070",
                                            "pkat": ("0240",), "kraever_godkendelse": True})]
    assert lager.commits == 1


def test_samme_kode_to_gange_afvises_og_intet_gemmes(lager):
    egne_typer.tilfoej(lager, "INST", TYPE, "anna")
    with pytest.raises(Afvist) as fejl:
        egne_typer.tilfoej(lager, "INST", EgenType("901", "En anden"), "bo")
    assert _koder(fejl.value) == ["F212"]
    assert [t.navn for t in lager.tilstand.egne_typer[1]] == ["Egen fridag"]
    assert len(lager.tilstand.stamdatalog) == 1 and lager.commits == 1


def test_en_ugyldig_type_afvises_foer_lageret_roeres(lager):
    with pytest.raises(Afvist) as fejl:
        egne_typer.tilfoej(lager, "INST", EgenType("123", " "), "anna")
    assert _koder(fejl.value) == ["F211", "F223"]
    assert lager.commits == 0


def test_ukendt_institution(lager):
    with pytest.raises(Afvist) as fejl:
        egne_typer.tilfoej(lager, "ANDEN", TYPE, "anna")
    assert _koder(fejl.value) == ["F088"]
    with pytest.raises(BrugerFejl, match="ANDEN findes ikke"):
        kalender.saet_fridag(lager, "ANDEN", date(2026, 12, 24), True, "anna")
    assert lager.commits == 0


def test_en_type_i_brug_fjernes_ikke(lager):
    egne_typer.tilfoej(lager, "INST", TYPE, "anna")
    lager.tilstand.brugte_koder[("INST", "901")] = 3
    with pytest.raises(Afvist) as fejl:
        egne_typer.fjern(lager, "INST", "901", "bo")
    assert _koder(fejl.value) == ["F214"]
    assert [t.kode for t in egne_typer.vis(lager, "INST").egne] == ["901"]
    assert [h for h, *_ in lager.tilstand.stamdatalog] == ["Opret"]


def test_en_ubrugt_type_fjernes_og_logges(lager):
    egne_typer.tilfoej(lager, "INST", TYPE, "anna")
    fjernet = egne_typer.fjern(lager, "INST", "901", "bo")
    assert fjernet.kode == "901"
    assert egne_typer.vis(lager, "INST").egne == ()
    assert [h for h, *_ in lager.tilstand.stamdatalog] == ["Opret", "Slet"]
    with pytest.raises(Afvist) as fejl:
        egne_typer.fjern(lager, "INST", "901", "bo")
    assert _koder(fejl.value) == ["F213"]


def test_godkendelse_kraeves_en_gang_og_kun_for_kendte_koder(lager):
    assert egne_typer.saet_godkendelse(lager, KATALOG, "INST", "500", True, "anna") is True
    assert egne_typer.saet_godkendelse(lager, KATALOG, "INST", "500", True, "anna") is False
    assert egne_typer.vis(lager, "INST").godkendelse == frozenset({"500"})
    assert [(h, n) for h, _, n, *_ in lager.tilstand.stamdatalog] == [("Opret", "INST/500")]
    with pytest.raises(Afvist) as fejl:
        egne_typer.saet_godkendelse(lager, KATALOG, "INST", "999", True, "anna")
    assert _koder(fejl.value) == ["F224"]
    assert egne_typer.saet_godkendelse(lager, KATALOG, "INST", "500", False, "anna") is True
    assert egne_typer.vis(lager, "INST").godkendelse == frozenset()


def test_en_fridag_registreres_i_kalenderen_og_feedet_een_gang(lager):
    dag = date(2026, 12, 24)
    assert kalender.saet_fridag(lager, "INST", dag, True, "anna") is True
    assert kalender.saet_fridag(lager, "INST", dag, True, "anna") is False  # no change, nothing logged
    t = lager.tilstand
    assert t.fridage == {(1, dag)}
    assert t.kalenderlog == [(1, "anna", "fridag 2026-12-24", "arbejdsdag", "fridag")]
    assert [(a["art"], a["handling"], a["efter"]) for a in t.aendringer] == [
        (Art.KALENDER, "Opret", {"fridag": dag})]
    assert kalender.saet_fridag(lager, "INST", dag, False, "anna") is True
    assert t is not lager.tilstand and lager.tilstand.fridage == set()


def test_en_saerdag_husker_reglen_den_havde(lager):
    kalender.saet_saerdag(lager, "INST", "12-24", SaerdagRegel.FRI, "anna")
    kalender.saet_saerdag(lager, "INST", "12-24", SaerdagRegel.HALV, "anna")
    assert [(foer, efter) for *_, foer, efter in lager.tilstand.kalenderlog] == [
        ("standard", "fri"), ("fri", "halv")]
    with pytest.raises(BrugerFejl, match="ikke en af de særlige dage"):
        kalender.saet_saerdag(lager, "INST", "07-14", SaerdagRegel.FRI, "anna")
