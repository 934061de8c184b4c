"""One conversion for every shown number of days (DOMAIN.md §4 "Units"): an event's shown cost
(its Dage, computed from its working time) and what it draws from its account as the account
shows it (its postings, computed day by day) agree for every minute count of a day, 1–444."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvoter import Konto, KvoteType
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.kvoter import Kvotetjeneste
from fravaer.soap import kvotesvar, svar

BRUGER = Bruger("test", {"DEMO": Ret.REGISTRER})
T1 = AnsaettelsesIdent(tjenestenummer="10000001")
KATALOG = standardkatalog()
DAG = date(2025, 3, 3)  # a Monday of ferieår 2025 (one account open: rule 9 does not split)
FOER, SAMME_DAG = date(2025, 3, 2), DAG  # the account read before the day (Planlagt) and on it (Afholdt)


def _felt(xml: str, navn: str) -> str:
    return re.search(f"<t:{navn}>([^<]*)</t:{navn}>", xml).group(1)


def test_an_events_shown_cost_equals_its_shown_draw_for_every_minute_count(demo_engine):
    ur = lambda: datetime(2025, 1, 15, 9, 0, tzinfo=UTC)  # noqa: E731
    haendelser, kvoter = Haendelsestjeneste(demo_engine, KATALOG, ur), Kvotetjeneste(demo_engine, KATALOG, ur)
    konto = Konto(KvoteType.FERIE, 2025)
    h = None
    afvigelser = []
    for minutter in range(1, 445):
        data = HaendelseData("500", DAG, DAG, minutter)
        if h is None:
            res = haendelser.opret(HaendelseAnmodning(T1, data), BRUGER)
        else:  # the same event with another number of minutes: the account holds only it
            res = haendelser.ret(h.id, h.version, HaendelseAnmodning(T1, data), BRUGER)
        h = res.haendelse
        dage = _felt(svar.haendelse("Haendelse", h, res.ansaettelse, KATALOG, res.omkostning), "Dage")
        dato, felt = (FOER, "Planlagt") if minutter % 2 else (SAMME_DAG, "Afholdt")
        [(_, kvoter_)] = kvoter.hent_kvoter([T1], dato, BRUGER)
        [kvote] = [q for q in kvoter_ if q.konto == konto]
        trukket = _felt(kvotesvar.kvote(kvote), felt)
        if dage != trukket:
            afvigelser.append((minutter, dage, trukket))
    assert afvigelser == []
    assert (dage, trukket) == ("1.00", "1.00")  # the last: 444 minutes, a whole day
