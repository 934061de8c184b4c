"""MoedetidsplanService end to end with zeep: all four operations, the cost of events following a
changed working time, the rules that protect registered partial days, rights."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
import zeep
from zeep.wsse.username import UsernameToken

from tests.e2e.conftest import ROD, SkemaKontrol, fejlkoder, zeep_klient
from tests.server import DEMO_BRUGER, DEMO_KODEORD


class MoedetidSkema(SkemaKontrol):
    def __init__(self):
        from fravaer.soap.schemas import skema

        self.skema = skema("MoedetidsplanService.xsd")


@pytest.fixture
def plan(server):
    c = zeep.Client(str(ROD / "wsdl" / "MoedetidsplanService.wsdl"), plugins=[MoedetidSkema()],
                    wsse=UsernameToken(DEMO_BRUGER, DEMO_KODEORD))
    return c.create_service("{urn:fravaer:1}MoedetidsplanServiceBinding",
                            f"{server.url}/soap/MoedetidsplanService")


A = {"Tjenestenummer": "10000003"}


def test_all_four_operations_and_the_cost_follows(server, plan):
    fravaer = zeep_klient(server)
    gemt = plan.OpretMoedetider(Ansaettelse=A, Moedetid=[
        {"Dato": "2035-06-11", "Minutter": 300, "Starttid": "08:00:00", "Sluttid": "14:00:00"},
        {"Dato": "2035-06-16", "Minutter": 240}])  # a Saturday with work
    assert [(m.Dato, m.Minutter, m.Starttid) for m in gemt] == [
        (date(2035, 6, 11), 300, time(8)), (date(2035, 6, 16), 240, None)]
    uge = plan.LaesMoedetider(Ansaettelse=A, FraDato="2035-06-11", TilDato="2035-06-17")
    assert [(m.Minutter, m.Registreret) for m in uge] == [
        (300, True), (444, False), (444, False), (444, False), (444, False), (240, True), (0, False)]

    h = fravaer.OpretHaendelse(Ansaettelse=A, FastAarsagskode="500", FraDato="2035-06-11",
                               TilDato="2035-06-17").Haendelse
    assert h.Dage == Decimal("6.00")  # five weekdays and the Saturday
    plan.RetMoedetider(Ansaettelse=A, Moedetid=[{"Dato": "2035-06-16", "Minutter": 0}])
    [igen] = fravaer.HentHaendelser(Ansaettelse=[A], FraDato="2035-06-01", TilDato="2035-06-30")
    assert igen.Dage == Decimal("5.00")  # no stale figure: the changed plan counts at once

    assert plan.SletMoedetider(Ansaettelse=A, Dato=["2035-06-11", "2035-06-16"]) == [
        date(2035, 6, 11), date(2035, 6, 16)]
    [dag] = plan.LaesMoedetider(Ansaettelse=A, FraDato="2035-06-11", TilDato="2035-06-11")
    assert dag.Registreret is False
    fravaer.SletHaendelse(HaendelseID=h.HaendelseID, Version=1)


@pytest.mark.parametrize("kald, koder", [
    (lambda p: p.RetMoedetider(Ansaettelse=A, Moedetid=[{"Dato": "2036-01-07", "Minutter": 100}]),
     ["F037"]),
    (lambda p: p.SletMoedetider(Ansaettelse=A, Dato=["2036-01-07"]), ["F037"]),
    (lambda p: p.OpretMoedetider(Ansaettelse=A, Moedetid=[
        {"Dato": "2036-01-07", "Minutter": 400, "Starttid": "08:00:00", "Sluttid": "12:00:00"}]),
     ["F035"]),
    (lambda p: p.OpretMoedetider(Ansaettelse=A, Moedetid=[
        {"Dato": "2036-01-07", "Minutter": 100}, {"Dato": "2036-01-07", "Minutter": 200}]), ["F038"]),
    (lambda p: p.OpretMoedetider(Ansaettelse=A, Moedetid=[{"Dato": "2019-01-07", "Minutter": 100}]),
     ["F018"]),
    (lambda p: p.LaesMoedetider(Ansaettelse=A, FraDato="2036-01-01", TilDato="2037-06-01"), ["F026"]),
    (lambda p: p.LaesMoedetider(Ansaettelse={"Tjenestenummer": "99"}, FraDato="2036-01-01",
                                TilDato="2036-01-02"), ["F030"]),
])
def test_refusals(plan, kald, koder):
    with pytest.raises(zeep.exceptions.Fault) as e:
        kald(plan)
    assert e.value.code.endswith("Client") and fejlkoder(e.value) == koder


def test_a_working_time_cannot_be_cut_below_the_partial_absence_on_it(server, plan):
    fravaer = zeep_klient(server)
    plan.OpretMoedetider(Ansaettelse=A, Moedetid=[{"Dato": "2036-02-04", "Minutter": 400}])
    h = fravaer.OpretHaendelse(Ansaettelse=A, FastAarsagskode="100", FraDato="2036-02-04",
                               TilDato="2036-02-04", Timer=5, Minutter=0).Haendelse
    with pytest.raises(zeep.exceptions.Fault) as e:
        plan.RetMoedetider(Ansaettelse=A, Moedetid=[{"Dato": "2036-02-04", "Minutter": 240}])
    assert fejlkoder(e.value) == ["F032"]
    with pytest.raises(zeep.exceptions.Fault) as e:  # over the registered 400 minutes
        fravaer.OpretHaendelse(Ansaettelse=A, FastAarsagskode="804", FraDato="2036-02-04",
                               TilDato="2036-02-04", Timer=1, Minutter=41)
    assert fejlkoder(e.value) == ["F012", "F050"]  # and the time bank is empty: both at once
    fravaer.SletHaendelse(HaendelseID=h.HaendelseID, Version=1)
    plan.SletMoedetider(Ansaettelse=A, Dato=["2036-02-04"])


def test_a_retried_write_with_one_transaction_id_is_done_once(plan):
    import uuid

    tid = str(uuid.uuid4())
    tider = [{"Dato": "2037-03-02", "Minutter": 300}]
    foerste = plan.OpretMoedetider(Ansaettelse=A, Moedetid=tider, TransaktionsID=tid)
    igen = plan.OpretMoedetider(Ansaettelse=A, Moedetid=tider, TransaktionsID=tid)
    assert [(m.Dato, m.Minutter) for m in igen] == [(m.Dato, m.Minutter) for m in foerste]
    with pytest.raises(zeep.exceptions.Fault) as e:
        plan.OpretMoedetider(Ansaettelse=A, Moedetid=[{"Dato": "2037-03-03", "Minutter": 300}],
                             TransaktionsID=tid)
    assert fejlkoder(e.value) == ["F022"]
    plan.SletMoedetider(Ansaettelse=A, Dato=["2037-03-02"])
