"""SoegHaendelser end to end: zeep over HTTP against the gunicorn server (SQLite and PostgreSQL).
Three events through OpretHaendelse and 1,000 written in bulk beside them (February 2039, a month no
other test uses; removed again afterwards) make two pages; an event written between the pages is
not part of the walk; the totals are the same on both pages; the refusals come as faults."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import zeep
from sqlalchemy import delete

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.db.tables import HaendelseRow
from fravaer.adapters.db.unit_of_work import UnitOfWork
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.haendelse import Haendelse, HaendelseData
from tests.e2e.conftest import fejlkoder

T1 = {"Tjenestenummer": "10000001"}
T2 = {"Tjenestenummer": "10000002"}
FEBRUAR = {"Institution": "DEMO", "FraDato": "2039-02-01", "TilDato": "2039-02-28"}


@pytest.fixture
def tusind(server):
    """1,000 one-day events of code 230 for 10000003, all over February 2039, made before the walk."""
    engine = make_engine(server.database_url)
    skabt = datetime.now(UTC) - timedelta(minutes=1)
    with UnitOfWork(engine, skriv=True) as uow:
        [a] = uow.ansaettelser.find(AnsaettelsesIdent("10000003"))
        dage = [date(2039, 2, 1) + timedelta(days=i % 28) for i in range(1000)]
        uow.haendelser.tilfoej_mange([Haendelse(str(uuid.uuid4()), a.id, 1, HaendelseData("230", d, d),
                                                skabt, skabt) for d in dage])
        uow.commit()
    yield
    with engine.begin() as c:
        c.execute(delete(HaendelseRow).where(HaendelseRow.fra_dato >= date(2039, 1, 1),
                                             HaendelseRow.fra_dato <= date(2039, 12, 31)))
    engine.dispose()


def test_two_pages_with_an_insert_between(klient, tusind):
    egne = [klient.OpretHaendelse(Ansaettelse=T1, FastAarsagskode="100", FraDato=fra, TilDato=til).Haendelse
            for fra, til in (("2039-02-01", "2039-02-03"), ("2039-02-21", None))]
    egne.append(klient.OpretHaendelse(Ansaettelse=T2, FastAarsagskode="500", FraDato="2039-02-07",
                                      TilDato="2039-02-11").Haendelse)
    foerste = klient.SoegHaendelser(**FEBRUAR)
    assert len(foerste.Haendelse) == 1000 and foerste.Fortsaettelse
    noegler = [(h.FraDato, h.HaendelseID) for h in foerste.Haendelse]
    assert noegler == sorted(noegler)
    ny = klient.OpretHaendelse(Ansaettelse=T2, FastAarsagskode="100", FraDato="2039-02-27",
                               TilDato="2039-02-27").Haendelse  # after the walk began: not in it
    anden = klient.SoegHaendelser(**FEBRUAR, Fortsaettelse=foerste.Fortsaettelse)
    assert len(anden.Haendelse) == 3 and anden.Fortsaettelse is None
    ider = [h.HaendelseID for h in foerste.Haendelse + anden.Haendelse]
    assert len(set(ider)) == 1003 and {h.HaendelseID for h in egne} <= set(ider)
    assert ny.HaendelseID not in ider
    totaler = {t.Kode: (t.Dage, t.Minutter, t.Forloeb) for t in foerste.Total}
    assert totaler == {t.Kode: (t.Dage, t.Minutter, t.Forloeb) for t in anden.Total}
    # 1–3 February (Tue–Thu): 3 days of 444 minutes; the open event of 21 February is a spell of no
    # known cost; 7–11 February: 5 days of 10000002's 30 hours a week (360 minutes a day)
    assert totaler["100"] == (Decimal("3.00"), 3 * 444, 2)
    assert totaler["500"] == (Decimal("5.00"), 5 * 360, 1)
    assert totaler["230"][2] == 1000
    med = {h.HaendelseID: h for h in foerste.Haendelse + anden.Haendelse}
    assert med[egne[2].HaendelseID].Ansaettelse.Tjenestenummer == "10000002"
    assert med[egne[2].HaendelseID].Dage == Decimal("5.00")

    kun_ferie = klient.SoegHaendelser(**FEBRUAR, FastAarsagskode=["500"], PKAT=["240"])
    assert [h.HaendelseID for h in kun_ferie.Haendelse] == [egne[2].HaendelseID]
    assert [(t.Kode, t.Forloeb) for t in kun_ferie.Total] == [("500", 1)]


@pytest.mark.parametrize("felter, kode", [
    ({"Institution": "NIX"}, "F088"),
    ({"Enhed": "NIX"}, "F089"),
    ({"TilDato": "2039-01-31"}, "F003"),
    ({"Fortsaettelse": "bm9nZXQtYW5kZXQ"}, "F180"),
])
def test_refusals(klient, felter, kode):
    with pytest.raises(zeep.exceptions.Fault) as e:
        klient.SoegHaendelser(**{**FEBRUAR, **felter})
    assert e.value.code.endswith("Client") and fejlkoder(e.value) == [kode]
