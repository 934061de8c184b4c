"""PostgreSQL's combined read of a write's events (the rules' period and the account codes',
HaendelseRepository.i_perioden_og_konto) with the catalogue's codes and the ferieår written into
the statement as array constants (repository._haendelser_og_konto_skrevet, issue 13): the same
events as the statement with its arrays bound, with and without ferieår and `uden`; a code that
is not plain text, or no codes or years, keeps the bound statement."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import event

from fravaer.adapters.db import repository
from fravaer.adapters.db.unit_of_work import UnitOfWork
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.regnskaber import annoncer_kontohaendelser_og_perioden, kontohaendelser

T1 = AnsaettelsesIdent(tjenestenummer="10000001")
BRUGER = Bruger("test", {"DEMO": Ret.REGISTRER})
FRA, TIL = date(2025, 9, 1), date(2025, 9, 30)


@pytest.fixture
def pg(demo_engine):
    if demo_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's statement")
    t = Haendelsestjeneste(demo_engine, standardkatalog(), ur=lambda: datetime(2025, 10, 1, 12, 0))
    for kode, fra, til in (("500", date(2025, 9, 2), date(2025, 9, 3)),
                           ("100", date(2025, 9, 8), date(2025, 9, 8)),
                           ("110", date(2025, 9, 3), date(2025, 9, 3)),
                           ("500", date(2024, 6, 3), date(2024, 6, 3)),
                           ("500", date(2023, 6, 5), date(2023, 6, 5))):
        t.opret(HaendelseAnmodning(T1, HaendelseData(kode, fra, til)), BRUGER)
    return demo_engine


def _laes(engine, ferieaar, uden, skrevet: bool):
    """The combined read's two answers: the period's events and the accounts' events."""
    gem = repository._haendelser_og_konto_skrevet
    if not skrevet:
        repository._haendelser_og_konto_skrevet = lambda *a: None  # type: ignore[assignment]
    sql: list[str] = []

    def hoer(c, cur, s, *a):
        sql.append(s)

    event.listen(engine, "before_cursor_execute", hoer)
    try:
        katalog = standardkatalog()
        with UnitOfWork(engine) as uow:
            (a,) = uow.ansaettelser.find(T1)
            sql.clear()
            annoncer_kontohaendelser_og_perioden(uow, katalog, a.id, ferieaar, FRA, TIL, uden)
            perioden = uow.haendelser.i_perioden([a.id], FRA, TIL, uden=uden)
            konto = kontohaendelser(uow, katalog, [a.id], ferieaar, uden)
        # the combined statement (the reads alone name their employments in a list: ids)
        return perioden, konto, [s for s in sql if "haendelse.ansaettelse_id = %(aid)s" in s]
    finally:
        event.remove(engine, "before_cursor_execute", hoer)
        repository._haendelser_og_konto_skrevet = gem


@pytest.mark.parametrize("ferieaar", [None, frozenset({2025}), frozenset({2024, 2025})])
def test_skrevne_konstanter_giver_de_samme_haendelser(pg, ferieaar):
    perioden, konto, (bundet,) = _laes(pg, ferieaar, None, False)
    assert "ANY (%(" in bundet
    s_perioden, s_konto, (skrevet,) = _laes(pg, ferieaar, None, True)
    assert (s_perioden, s_konto) == (perioden, konto) and perioden and konto
    assert "'{\"110\"," in skrevet and "ANY (%(" not in skrevet
    if ferieaar:
        assert "ferieaar = ANY ('{%s}'::integer[])" % ",".join(map(str, sorted(ferieaar))) in skrevet
    uden = konto[0].id
    u_perioden, u_konto, _ = _laes(pg, ferieaar, uden, True)
    assert (u_perioden, u_konto) == _laes(pg, ferieaar, uden, False)[:2]
    assert u_konto == [h for h in konto if h.id != uden]


def test_kode_der_ikke_er_ren_tekst_bindes():
    f = repository._haendelser_og_konto_skrevet
    assert f(("110", "5'0"), None, None, False) is None
    assert f(("110", '5"0'), ("500",), (2025,), False) is None
    assert f(("110",), (), (2025,), False) is None
    assert f(("110",), ("500",), (), False) is None
    assert f((), None, None, False) is None
    q = f(("110", "520"), ("500",), (2024, 2025), True)
    assert q is f(("110", "520"), ("500",), (2024, 2025), True)  # one object: its plan kept
