"""A new version of an event whose dates are the stored ones leaves them out of the UPDATE's SET
(issue 13: SQLite rewrote the period index's entry, one WAL page a write, whenever the SET named
its columns, changed or not); new dates are written; the stored row is the new version either
way. RetHaendelse's two paths (alone: the statement after the checks; `til_sidst`: the condition
of the write's batch) and the repository's `opdater`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from fravaer.adapters.db.unit_of_work import UnitOfWork
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from tests.statement_tekster import hele_tekster

T1 = AnsaettelsesIdent(tjenestenummer="10000001")
BRUGER = Bruger("test", {"DEMO": Ret.REGISTRER})
NU = datetime(2025, 10, 1, 12, 0)


def _opdateringer(tekster: list[str]) -> list[str]:
    """The SET lists of the UPDATEs of haendelse sent (alone, or a CTE of the write's batch)."""
    return [t.split("UPDATE haendelse SET ", 1)[1].split(" WHERE ", 1)[0]
            for t in tekster if "UPDATE haendelse SET " in t]


@pytest.fixture
def tjeneste(demo_engine):
    return Haendelsestjeneste(demo_engine, standardkatalog(), ur=lambda: NU)


@pytest.mark.parametrize("til_sidst", [True, False])
@pytest.mark.parametrize(("ny_fra", "ny_til", "datoer_skrevet"), [
    (date(2025, 9, 2), date(2025, 9, 3), False),  # the same days, a remark
    (date(2025, 9, 2), date(2025, 9, 4), True),  # one more day
    (date(2025, 9, 1), date(2025, 9, 3), True),  # one day earlier
])
def test_ret_skriver_kun_aendrede_datoer(demo_engine, tjeneste, til_sidst, ny_fra, ny_til, datoer_skrevet):
    h = tjeneste.opret(HaendelseAnmodning(T1, HaendelseData("500", date(2025, 9, 2), date(2025, 9, 3))),
                       BRUGER).haendelse
    ny = HaendelseData("500", ny_fra, ny_til, bemaerkning="rettet")
    with hele_tekster(demo_engine) as tekster:
        with UnitOfWork(demo_engine) as uow:
            tjeneste.ret_i(uow, h.id, 1, HaendelseAnmodning(T1, ny), BRUGER, NU, til_sidst=til_sidst)
            uow.commit()
    (update,) = _opdateringer(tekster)
    assert ("fra_dato" in update and "til_dato" in update) is datoer_skrevet
    assert ("fra_dato" in update or "til_dato" in update) is datoer_skrevet
    with UnitOfWork(demo_engine) as uow:
        gemt = uow.haendelser.hent(h.id)
    assert gemt is not None and gemt.version == 2
    assert (gemt.data.fra, gemt.data.til, gemt.data.bemaerkning) == (ny_fra, ny_til, "rettet")


def test_opdater_skriver_datoerne_uden_den_forrige(demo_engine, tjeneste):
    h = tjeneste.opret(HaendelseAnmodning(T1, HaendelseData("500", date(2025, 9, 2), date(2025, 9, 2))),
                       BRUGER).haendelse
    # the version read: none, an earlier one (its dates are not the stored row's for sure), this one
    foerste = h
    for foer_, skrevet in ((None, True), ("foerste", True), ("h", False)):
        foer = {None: None, "foerste": foerste, "h": h}[foer_]
        ny = h.med(version=h.version + 1, aendret=NU)
        with hele_tekster(demo_engine) as tekster:
            with UnitOfWork(demo_engine) as uow:
                assert uow.haendelser.opdater(ny, h.version, foer)
                uow.commit()
        (update,) = _opdateringer(tekster)
        assert ("fra_dato" in update) is skrevet
        h = ny
    with UnitOfWork(demo_engine) as uow:
        gemt = uow.haendelser.hent(h.id)
    assert gemt is not None
    assert (gemt.version, gemt.data.fra, gemt.data.til) == (4, date(2025, 9, 2), date(2025, 9, 2))


def _felterne(update: str) -> set[str]:
    return {del_.split("=", 1)[0].strip() for del_ in update.split(",")}


@pytest.mark.parametrize("til_sidst", [True, False])
@pytest.mark.parametrize(("foer", "ny", "skrevne"), [
    # a remark added: the version, the time and the remark alone (issue 13: a parameter and, on
    # PostgreSQL, a column set up at every run less for each field kept)
    (dict(bemaerkning=None), dict(bemaerkning="rettet"), {"bemaerkning"}),
    # a remark removed (NULL written)
    (dict(bemaerkning="foer"), dict(bemaerkning=None), {"bemaerkning"}),
    (dict(minutter=120), dict(minutter=90, bemaerkning="x"), {"minutter", "bemaerkning"}),
    (dict(), dict(), set()),  # nothing but a new version
])
def test_ret_skriver_kun_aendrede_felter(demo_engine, tjeneste, til_sidst, foer, ny, skrevne):
    d = date(2025, 9, 2)
    h = tjeneste.opret(HaendelseAnmodning(T1, HaendelseData("500", d, d, **foer)), BRUGER).haendelse
    nye = HaendelseData("500", d, d, **{**foer, **ny})
    with hele_tekster(demo_engine) as tekster:
        with UnitOfWork(demo_engine) as uow:
            tjeneste.ret_i(uow, h.id, 1, HaendelseAnmodning(T1, nye), BRUGER, NU, til_sidst=til_sidst)
            uow.commit()
    (update,) = _opdateringer(tekster)
    assert _felterne(update) == {"version", "aendret", *skrevne}
    with UnitOfWork(demo_engine) as uow:
        gemt = uow.haendelser.hent(h.id)
    assert gemt is not None and gemt.version == 2 and gemt.status == h.status
    # the stored row is the new version (its ferieaar the service's, kept as stored)
    assert gemt.data == replace(nye, ferieaar=h.data.ferieaar)
