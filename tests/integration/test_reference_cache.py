"""The process's copy of the reference data (adapters/db/reference_cache.py) never outlives a
change: whoever makes it — the service, the CLI's use cases, SQL by hand — the next transaction
reads the new data (migration 0011's triggers change the version). On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, bindparam, text

from fravaer.adapters.db.reference_cache import ReferenceCache
from fravaer.adapters.db.statements import StatementTaeller
from fravaer.adapters.db.unit_of_work import UnitOfWork
from fravaer.adapters.security.wsse import UsernameToken
from fravaer.domain.brugere import Ret
from fravaer.domain.katalog import Matrixregel, Samtidighed
from fravaer.service.autentificering import Autentificering
from fravaer.service.brugere import gem_bruger
from fravaer.service.kalender import saet_fridag

JUL = date(2025, 12, 29)


def _kalender(engine):
    with UnitOfWork(engine) as uow:
        return uow.kalendere.for_institution("DEMO", JUL, JUL)


def _rettigheder(auth: Autentificering):
    return dict(auth.autentificer(UsernameToken("kasper", "kasper-kodeord", False, None, None)).rettigheder)


def test_a_warm_copy_costs_one_statement_and_no_more(demo_engine):
    _kalender(demo_engine)
    with StatementTaeller(demo_engine) as t:
        t.nulstil()
        _kalender(demo_engine)
        _kalender(demo_engine)
        tekster = t.nulstil().tekster
    assert [x for x in tekster if not x.startswith("BEGIN")] == [
        "SELECT referenceversion.version FROM referenceversion WHERE referenceversion.id = "
        + ("?" if demo_engine.dialect.name == "sqlite" else "%(id)s::INTEGER")] * 2


def test_a_changed_right_is_seen_by_the_next_request(demo_engine):
    gem_bruger(demo_engine, "kasper", "kasper-kodeord", laes=["DEMO"])
    auth = Autentificering(demo_engine)
    assert _rettigheder(auth) == {"DEMO": Ret.LAES}
    gem_bruger(demo_engine, "kasper", None, registrer=["DEMO2"], ny=False)
    assert _rettigheder(auth) == {"DEMO2": Ret.REGISTRER}


def test_a_calendar_changed_by_the_cli_or_by_hand_is_seen_at_once(demo_engine):
    assert JUL not in _kalender(demo_engine).ekstra_fridage
    saet_fridag(demo_engine, "DEMO", JUL, True, "admin")
    assert JUL in _kalender(demo_engine).ekstra_fridage
    with demo_engine.begin() as c:  # a fix in SQL, past the service
        c.execute(text("DELETE FROM institution_fridag"))
    assert JUL not in _kalender(demo_engine).ekstra_fridage


def test_a_new_saerregel_is_seen_by_the_next_write(demo_engine):
    from datetime import UTC, datetime

    with UnitOfWork(demo_engine) as uow:
        assert uow.saerregler.for_institution("DEMO").matrix == ()
    with UnitOfWork(demo_engine, skriv=True) as uow:
        iid = uow.institutioner.id_for("DEMO")
        uow.saerregler.tilfoej(iid, Matrixregel("100", "500", Samtidighed.NEJ), "admin", datetime.now(UTC))
        uow.commit()
    with UnitOfWork(demo_engine) as uow:
        assert [(r.kode, r.anden) for r in uow.saerregler.for_institution("DEMO").matrix] == [("100", "500")]


def test_a_deleted_version_row_comes_back_at_a_number_not_handed_out(demo_engine):
    _kalender(demo_engine)
    with demo_engine.begin() as c:
        c.execute(text("DELETE FROM referenceversion"))
        # typed: sqlite3's own date adapter is deprecated (Python 3.12)
        c.execute(text("INSERT INTO institution_fridag (institution_id, dato)"
                       " SELECT id, :d FROM institution WHERE kode = 'DEMO'")
                  .bindparams(bindparam("d", type_=Date)), {"d": JUL})
    assert JUL in _kalender(demo_engine).ekstra_fridage
    with demo_engine.connect() as c:  # the change started the row again, at a random number
        assert c.execute(text("SELECT count(*) FROM referenceversion")).scalar() == 1


def test_the_copy_empties_when_the_version_moves():
    cache, laest = ReferenceCache(), []

    def laes(v):
        laest.append(v)
        return v

    assert cache.hent(1, ("k",), lambda: laes("a")) == "a"
    assert cache.hent(1, ("k",), lambda: laes("b")) == "a"
    assert cache.hent(2, ("k",), lambda: laes("c")) == "c"
    assert cache.hent(None, ("k",), lambda: laes("d")) == "d"
    assert cache.hent(None, ("k",), lambda: laes("e")) == "e"
    assert laest == ["a", "c", "d", "e"]
