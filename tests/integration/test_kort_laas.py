"""PostgreSQL's locking find of a write whose login check reads the reference version first in the
same transaction (Kerne.version_med_login): the employment alone, FOR UPDATE, without the
institution's join and the version's subquery (issue 13: 61k server instructions a write). The
employment it gives is the full find's: the institution's code from the copy of the reference
data, the version the login check read."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from fravaer.adapters.db.login_repository import tilstand_forespoergsel
from fravaer.adapters.db.reference_cache import cache_for
from fravaer.adapters.db.statements import StatementTaeller
from fravaer.adapters.db.unit_of_work import FORUDSAETNING, UnitOfWork
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.service.clock import utc_nu
from tests.statement_tekster import hele_tekster

T1 = AnsaettelsesIdent(tjenestenummer="10000001")


class _Login:
    """A login check as service/autentificering's: the throttle's statement, its row kept."""

    def __init__(self):
        nu = utc_nu()
        self.statement, self.parametre = tilstand_forespoergsel("b:x", ["b:x"], nu, nu)
        self.udfoert = False
        self.raekke = None

    def modtag(self, raekke) -> None:
        self.raekke = raekke

    def udfoer(self) -> None:  # (never: the work reads)
        raise AssertionError("udfoer")


@pytest.fixture
def pg_engine(demo_engine):
    if demo_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's locking find")
    return demo_engine


def _fuld(engine):
    with UnitOfWork(engine) as uow:
        (a,) = uow.ansaettelser.find(T1)
        return a, uow.referencer.version()


def _laas(engine, login: _Login | None, find=lambda uow: uow.ansaettelser.find(T1, True)[0]):
    token = FORUDSAETNING.set(login)
    try:
        with hele_tekster(engine) as tekster, StatementTaeller(engine) as taeller, \
                UnitOfWork(engine, skriv=True) as uow:
            a = find(uow)
            version = uow.referencer.version()
            o = taeller.nulstil()
            o.tekster = tekster
            return a, version, o
    finally:
        FORUDSAETNING.reset(token)


def _laasen(o) -> str:
    (tekst,) = [t for t in o.tekster if "FOR UPDATE" in t]
    return tekst


def test_med_login_laases_ansaettelsen_alene_og_giver_den_fulde(pg_engine):
    fuld, version = _fuld(pg_engine)
    _laas(pg_engine, None)  # (the copy gets the institution's code: see below)
    login = _Login()
    a, v, o = _laas(pg_engine, login)
    assert a == fuld and v == version == login.raekke.referenceversion
    tekst = _laasen(o)
    assert "JOIN institution" not in tekst and "referenceversion.version" not in tekst
    assert o.statements == 2 and o.rundture("postgresql") == 1  # the login check, the lock


def test_uden_login_laeses_versionen_og_institutionen_med_laasen(pg_engine):
    fuld, version = _fuld(pg_engine)
    a, v, o = _laas(pg_engine, None)
    assert a == fuld and v == version
    tekst = _laasen(o)
    assert "JOIN institution" in tekst and "referenceversion.version" in tekst


def test_institutionens_kode_laeses_naar_kopien_ikke_har_den(pg_engine):
    fuld, _ = _fuld(pg_engine)
    cache_for(pg_engine)._data.clear()
    a, _, o = _laas(pg_engine, _Login())
    assert a.institution_kode == fuld.institution_kode
    assert o.statements == 3  # the login check, the lock, the institution's code
    a, _, o = _laas(pg_engine, _Login())  # held now
    assert a == fuld and o.statements == 2


def test_en_fuld_laasning_giver_kopien_institutionens_kode(pg_engine):
    cache_for(pg_engine)._data.clear()
    _laas(pg_engine, None)
    _, _, o = _laas(pg_engine, _Login())
    assert o.statements == 2


def test_en_aendret_institution_ses_af_naeste_skrivning(pg_engine):
    """A change of the institution's code changes the reference version (its trigger): the copy's
    code is not used again."""
    _laas(pg_engine, _Login())
    with pg_engine.begin() as c:
        c.execute(text("UPDATE institution SET kode = 'DEMOX' WHERE kode = 'DEMO'"))
    try:
        a, _, _ = _laas(pg_engine, _Login())
        assert a.institution_kode == "DEMOX"
    finally:
        with pg_engine.begin() as c:
            c.execute(text("UPDATE institution SET kode = 'DEMO' WHERE kode = 'DEMOX'"))


def test_laasen_af_en_haendelses_ansaettelse_med_login(pg_engine):
    """RetHaendelse's and SletHaendelse's lock, by the event's id, the same way."""
    fuld, _ = _fuld(pg_engine)
    with pg_engine.begin() as c:
        hid = c.execute(text(
            "INSERT INTO haendelse (id, ansaettelse_id, version, kode, fra_dato, til_dato, oprettet, aendret,"
            " status) VALUES ('kort-laas-1', :aid, 1, '500', '2024-02-05', '2024-02-05', now(), now(),"
            " 'Godkendt') RETURNING id"), {"aid": fuld.id}).scalar()
    try:
        a, _, o = _laas(pg_engine, _Login(), lambda uow: uow.ansaettelser.af_haendelse(hid, laas=True))
        assert a == fuld
        assert "JOIN institution" not in _laasen(o)
        a, _, o = _laas(pg_engine, None, lambda uow: uow.ansaettelser.af_haendelse(hid, laas=True))
        assert a == fuld and "JOIN institution" in _laasen(o)
    finally:
        with pg_engine.begin() as c:
            c.execute(text("DELETE FROM haendelse WHERE id = 'kort-laas-1'"))


def _laes(engine, login: _Login | None, tjenestenumre: set[str]):
    """A read's find of employments by tjenestenummer (find_mange: HentHaendelser's, unlocked)."""
    token = FORUDSAETNING.set(login)
    try:
        with hele_tekster(engine) as tekster, UnitOfWork(engine, enkelt_laesning=True) as uow:
            fundne = uow.ansaettelser.find_mange(tjenestenumre, set())
            version = uow.referencer.version()
        return fundne, version, [t for t in tekster if "FROM ansaettelse" in t]
    finally:
        FORUDSAETNING.reset(token)


def test_en_laesning_af_een_med_login_laeser_ansaettelsen_alene(pg_engine):
    """HentHaendelser's read of one employment by its tjenestenummer after a login check that
    reads the version: without the institution's join and the version's subquery (issue 13),
    and the same employment as the full read's."""
    fuld, version = _fuld(pg_engine)
    login = _Login()
    (a,), v, tekster = _laes(pg_engine, login, {"10000001"})
    assert a == fuld and v == version == login.raekke.referenceversion
    (tekst,) = tekster
    assert "JOIN institution" not in tekst and "referenceversion.version" not in tekst
    cache_for(pg_engine)._data.clear()  # the copy without the institution's code: read then
    (a,), _, tekster = _laes(pg_engine, _Login(), {"10000001"})
    assert a == fuld and len(tekster) == 1
    for login, tjenestenumre in ((None, {"10000001"}), (_Login(), {"10000001", "10000002"})):
        fundne, _, (tekst,) = _laes(pg_engine, login, tjenestenumre)  # the full read
        assert fuld in fundne and "JOIN institution" in tekst and "referenceversion.version" in tekst
