"""Concurrent writers for one employment: the lock per employment lets exactly one through."""

from __future__ import annotations

import threading
import uuid
from datetime import date

from sqlalchemy import func, select

from fravaer.adapters.db.tables import HaendelseRow
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.meddelelser import Afvist
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste

T1 = AnsaettelsesIdent(tjenestenummer="10000001")
BRUGER = Bruger("klient", {"DEMO": Ret.REGISTRER})
PARALLELLE = 12


def _paa_en_gang(funktion, n=PARALLELLE):
    """Run `funktion(i)` in n threads released together; return results or exceptions."""
    start = threading.Barrier(n)
    resultater: list = [None] * n

    def koer(i):
        start.wait()
        try:
            resultater[i] = funktion(i)
        except Exception as e:  # collected and asserted on by the test
            resultater[i] = e

    traade = [threading.Thread(target=koer, args=(i,)) for i in range(n)]
    for t in traade:
        t.start()
    for t in traade:
        t.join(60)
    return resultater


def test_conflicting_parallel_registrations_store_exactly_one(demo_engine):
    tjeneste = Haendelsestjeneste(demo_engine, standardkatalog())
    koder = ["100", "500", "140", "715", "150", "130"]  # none needs a case or savings

    def registrer(i):
        data = HaendelseData(koder[i % len(koder)], date(2023, 3, 6), date(2023, 3, 10))
        return tjeneste.opret(HaendelseAnmodning(T1, data), BRUGER)

    resultater = _paa_en_gang(registrer)
    lykkedes = [r for r in resultater if not isinstance(r, Exception)]
    afvist = [r for r in resultater if isinstance(r, Afvist)]
    assert len(lykkedes) == 1, resultater
    assert len(afvist) == PARALLELLE - 1
    assert all(m.kode == "F011" for r in afvist for m in r.meddelelser)
    with demo_engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(HaendelseRow)) == 1


def test_parallel_retries_with_one_transaction_id_store_once(demo_engine):
    tjeneste = Haendelsestjeneste(demo_engine, standardkatalog())
    tid = str(uuid.uuid4())
    data = HaendelseData("500", date(2023, 7, 3), date(2023, 7, 14))
    resultater = _paa_en_gang(lambda i: tjeneste.opret(HaendelseAnmodning(T1, data, tid), BRUGER))
    assert not [r for r in resultater if isinstance(r, Exception)], resultater
    assert len({r.haendelse.id for r in resultater}) == 1
    with demo_engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(HaendelseRow)) == 1
