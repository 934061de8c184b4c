"""SQLite's account events read with the catalogue's codes written into the statement as
comparisons (repository._kontohaendelser_med_koder, issue 13): the same events as the statement
with its code lists bound, with and without ferieår and `uden`; a code that is not plain text
keeps the bound statement."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import event

from fravaer.adapters.db import repository
from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.db.migrate import upgrade
from fravaer.adapters.db.unit_of_work import UnitOfWork
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.service.demo import indlaes_demo
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.regnskaber import kontohaendelser

T1 = AnsaettelsesIdent(tjenestenummer="10000001")
BRUGER = Bruger("test", {"DEMO": Ret.REGISTRER})


@pytest.fixture
def sqlite_engine(tmp_path):
    e = make_engine(f"sqlite:///{tmp_path / 'test.sqlite'}")
    upgrade(e)
    indlaes_demo(e)
    t = Haendelsestjeneste(e, standardkatalog(), ur=lambda: datetime(2025, 10, 1, 12, 0))
    for kode, fra, til in (("500", date(2025, 9, 2), date(2025, 9, 3)),
                           ("100", date(2025, 9, 8), date(2025, 9, 8)),
                           ("110", date(2025, 9, 3), date(2025, 9, 3)),
                           ("500", date(2024, 6, 3), date(2024, 6, 3))):
        t.opret(HaendelseAnmodning(T1, HaendelseData(kode, fra, til)), BRUGER)
    yield e
    e.dispose()


def _laes(engine, ferieaar, uden, skrevet: bool, sql: list[str]):
    gem = repository._kontohaendelser_med_koder
    if not skrevet:
        repository._kontohaendelser_med_koder = lambda *a: None  # type: ignore[assignment]
    try:
        with UnitOfWork(engine) as uow:
            (a,) = uow.ansaettelser.find(T1)
            return kontohaendelser(uow, standardkatalog(), [a.id], ferieaar, uden)
    finally:
        repository._kontohaendelser_med_koder = gem


@pytest.mark.parametrize("ferieaar", [None, frozenset({2025}), frozenset({2024, 2025})])
def test_skrevne_koder_giver_de_samme_haendelser(sqlite_engine, ferieaar):
    sql: list[str] = []
    event.listen(sqlite_engine, "before_cursor_execute", lambda c, cur, s, *a: sql.append(s))
    bundne = _laes(sqlite_engine, ferieaar, None, False, sql)
    assert any("kode IN (?" in s for s in sql)
    sql.clear()
    skrevne = _laes(sqlite_engine, ferieaar, None, True, sql)
    assert skrevne == bundne and bundne
    konto_sql = [s for s in sql if "haendelse.kode = '110'" in s]
    assert konto_sql and "kode IN (" not in konto_sql[0]
    uden = bundne[0].id
    skrevne_uden = _laes(sqlite_engine, ferieaar, uden, True, sql)
    bundne_uden = _laes(sqlite_engine, ferieaar, uden, False, sql)
    assert skrevne_uden == bundne_uden == [h for h in bundne if h.id != uden]


def test_kode_der_ikke_er_ren_tekst_bindes():
    assert repository._kontohaendelser_med_koder(("110", "5'0"), None, False) is None
    assert repository._kontohaendelser_med_koder(("110",), (), False) is None
    assert repository._kontohaendelser_med_koder((), None, False) is None
    q = repository._kontohaendelser_med_koder(("110", "520"), ("500",), True)
    # one object: its plan kept
    assert q is repository._kontohaendelser_med_koder(("110", "520"), ("500",), True)
