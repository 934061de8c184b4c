"""A write's login from the process's copy (issue 13): the user, its rights and its checked
password come from the copy, and the throttle and the reference data's version are read with the
write's first statement. A user disabled, its rights or password changed, or its name locked, is
seen by the very next request — and a refused login answers as before and writes nothing."""

from __future__ import annotations

import io
import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select

from fravaer.adapters.db.tables import HaendelseRow, LoginSpaerringRow
from fravaer.adapters.db.unit_of_work import FORUDSAETNING, UnitOfWork
from fravaer.adapters.security.throttle import bruger_noegle
from fravaer.config import Indstillinger
from fravaer.service.brugere import deaktiver, gem_bruger, saet_kodeord
from fravaer.service.clock import utc_nu
from fravaer.soap.wsgi import FravaerApp
from tests.integration.test_statements import STI, Klient, _ans, _krop, _opret


def _kald(klient: Klient, operation: str, indhold: str, kodeord: str = "taeller-kodeord"
          ) -> tuple[bytes, int]:
    """The answer and its round trips."""
    krop = _krop(indhold).replace(b"taeller-kodeord", kodeord.encode())
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": f"/soap/{STI[operation]}Service",
               "SERVER_NAME": "localhost", "SERVER_PORT": "80", "wsgi.url_scheme": "http",
               "CONTENT_TYPE": "text/xml; charset=utf-8", "CONTENT_LENGTH": str(len(krop)),
               "wsgi.input": io.BytesIO(krop)}
    with klient.taeller:
        klient.taeller.nulstil()
        svar = b"".join(klient.app(environ, lambda s, h, *a: None))
        o = klient.taeller.nulstil()
    return svar, o.rundture(klient.engine.dialect.name)


def _kode(svar: bytes) -> str | None:
    m = re.search(rb"<(?:\w+:)?Kode>([A-Z]\d{3})<", svar)
    return m.group(1).decode() if m else None


def _antal_haendelser(engine) -> int:
    with engine.connect() as c:
        return c.execute(select(func.count()).select_from(HaendelseRow.__table__)).scalar_one()


@pytest.fixture
def klient(demo_engine):
    gem_bruger(demo_engine, "taeller", "taeller-kodeord", registrer=["DEMO", "DEMO2"])
    k = Klient(demo_engine)
    # scrypt unpaced: a changed password is checked at once (its pacing is test_login's)
    k.app = FravaerApp(Indstillinger(scrypt_andel=1.0, scrypt_vent=30.0), engine=demo_engine)
    svar, _ = _kald(k, "Opret", _opret("100", "2025-02-03"))  # the copy holds the user now
    assert b"Fault>" not in svar, svar[:600]
    return k


def test_a_warm_write_takes_its_login_from_the_copy(klient):
    svar, rundture = _kald(klient, "Opret", _opret("100", "2025-02-04"))
    assert b"Fault>" not in svar, svar[:600]
    if klient.engine.dialect.name == "postgresql":
        # BEGIN + login check + lock + the reads (the fixture's write to this employment was the
        # guess that chose them); the write + COMMIT
        assert rundture == 2
    assert FORUDSAETNING.get() is None  # nothing left for the thread's next request


@pytest.mark.parametrize("aendring,kode", [
    (lambda e: deaktiver(e, "taeller"), "W002"),
    (lambda e: saet_kodeord(e, "taeller", "et-andet-kodeord", False), "W002"),
    (lambda e: gem_bruger(e, "taeller", None, laes=["DEMO"], ny=False), "R001"),
])
def test_a_change_of_the_user_is_seen_by_the_next_write(klient, aendring, kode):
    aendring(klient.engine)
    foer = _antal_haendelser(klient.engine)
    svar, _ = _kald(klient, "Opret", _opret("100", "2025-02-05"))
    assert _kode(svar) == kode, svar[:800]
    assert _antal_haendelser(klient.engine) == foer


def _spaer(engine) -> None:
    nu = utc_nu().replace(tzinfo=None)
    with engine.begin() as c:
        c.execute(insert(LoginSpaerringRow.__table__), {
            "noegle": bruger_noegle("taeller"), "fejl": 9, "sidste_fejl": nu,
            "spaerret_til": nu + timedelta(minutes=10)})


@pytest.mark.parametrize("operation,indhold", [
    ("Opret", _opret("100", "2025-02-05")),
    # refused by the use case before it reads anything (an incomplete employment): the login is
    # checked all the same, and its refusal is the answer
    ("Opret", _opret("100", "2025-02-05").replace(_ans("10000001"), "<f:Ansaettelse/>")),
    ("Slet", f"<f:SletHaendelse><f:HaendelseID>{uuid.uuid4()}</f:HaendelseID><f:Version>1</f:Version>"
             "</f:SletHaendelse>"),
])
def test_a_locked_name_is_locked_for_the_right_password_too(klient, operation, indhold):
    """No oracle during a lock: the right password (the one the copy holds as checked) gets the
    lock's W007 as a wrong one does, whatever the request."""
    _spaer(klient.engine)
    foer = _antal_haendelser(klient.engine)
    for kodeord in ("taeller-kodeord", "forkert"):
        svar, _ = _kald(klient, operation, indhold, kodeord)
        assert _kode(svar) == "W007", (kodeord, svar[:800])
    assert _antal_haendelser(klient.engine) == foer


def test_reference_data_changed_elsewhere_runs_the_write_again_after_the_full_check(klient):
    """A change of the reference data that does not concern the user (another user): the copy is
    not trusted, the user is read again, and the write is made once."""
    gem_bruger(klient.engine, "en-anden", "et-kodeord", laes=["DEMO"])  # bumps the version
    foer = _antal_haendelser(klient.engine)
    svar, _ = _kald(klient, "Opret", _opret("100", "2025-02-06"))
    assert b"Fault>" not in svar, svar[:800]
    assert _antal_haendelser(klient.engine) == foer + 1


def test_a_refusal_before_any_read_with_a_stale_copy_is_the_refusal(klient):
    """The check after a work that read nothing finds the copy stale: the work runs again after
    the full check, and its own refusal is the answer (not a server error)."""
    gem_bruger(klient.engine, "en-anden", "et-kodeord", laes=["DEMO"])  # bumps the version
    svar, _ = _kald(klient, "Opret", _opret("100", "2025-02-05").replace(_ans("10000001"),
                                                                         "<f:Ansaettelse/>"))
    assert _kode(svar) == "F023", svar[:800]


def test_a_change_whose_version_was_overtaken_writes_nothing(demo_engine):
    """Samler.samlet(vilkaar): the log row goes only with the UPDATE/DELETE that hit its row (on
    PostgreSQL in the same statement, its outcome known after the commit)."""
    from fravaer.adapters.db.tables import AendringRow

    def antal_aendringer() -> int:
        with demo_engine.connect() as c:
            return c.execute(select(func.count()).select_from(AendringRow.__table__)).scalar_one()

    foer = antal_aendringer()
    with UnitOfWork(demo_engine, skriv=True) as uow:
        uow.session.execute(select(1))
        with uow.samler.samlet(uow.haendelser.sletning(str(uuid.uuid4()), 1)) as udfald:
            uow.samler.indsaet(AendringRow.__table__, {
                "tidspunkt": utc_nu().replace(tzinfo=None), "art": "Haendelse", "handling": "Slet",
                "noegle": "x", "institution": "DEMO", "bruger": "taeller"})
        uow.commit()
    assert udfald.ramt is False
    assert antal_aendringer() == foer


# the reads take their login from the copy too (issue 13): the same guarantees
_LAESNINGER = [
    ("HentHaendelser", f"<f:HentHaendelser>{_ans('10000001')}<f:FraDato>2025-01-01</f:FraDato>"
                       "<f:TilDato>2025-12-31</f:TilDato></f:HentHaendelser>"),
    ("OptaelFravaer", f"<f:OptaelFravaer>{_ans('10000001')}<f:FraDato>2025-01-01</f:FraDato>"
                      "<f:TilDato>2025-12-31</f:TilDato></f:OptaelFravaer>"),
    ("HentKvoter", f"<f:HentKvoter>{_ans('10000001')}<f:Dato>2025-06-15</f:Dato></f:HentKvoter>"),
    ("HentMedarbejdere", "<f:HentMedarbejdere><f:Institution>DEMO</f:Institution>"
                         "<f:Omraade>Persondata</f:Omraade><f:MaksAntal>2</f:MaksAntal></f:HentMedarbejdere>"),
]


@pytest.mark.parametrize("operation,indhold", _LAESNINGER)
def test_a_warm_read_takes_its_login_from_the_copy(klient, operation, indhold):
    svar, rundture = _kald(klient, operation, indhold)
    assert b"Fault>" not in svar, svar[:600]
    assert operation != "HentHaendelser" or b"2025-02-03" in svar, svar[:600]  # the fixture's event
    if klient.engine.dialect.name == "postgresql":
        # BEGIN + login check + the employments; the rest + COMMIT. HentHaendelser (no
        # transaction): the login check, the employments, their events and working times, at once
        assert rundture == (1 if operation == "HentHaendelser" else 2)
    assert FORUDSAETNING.get() is None


@pytest.mark.parametrize("aendring,kode", [
    (lambda e: deaktiver(e, "taeller"), "W002"),
    (lambda e: saet_kodeord(e, "taeller", "et-andet-kodeord", False), "W002"),
    (lambda e: gem_bruger(e, "taeller", None, laes=["DEMO2"], ny=False), "F030"),  # DEMO's not readable
])
@pytest.mark.parametrize("operation,indhold", _LAESNINGER[:3])
def test_a_change_of_the_user_is_seen_by_the_next_read(klient, aendring, kode, operation, indhold):
    assert b"Fault>" not in _kald(klient, operation, indhold)[0]
    aendring(klient.engine)
    svar, _ = _kald(klient, operation, indhold)
    assert _kode(svar) == kode, svar[:800]


@pytest.mark.parametrize("operation,indhold", [
    *_LAESNINGER,
    # refused before it reads anything (TilDato before FraDato): the lock's answer all the same
    ("HentHaendelser", f"<f:HentHaendelser>{_ans('10000001')}<f:FraDato>2025-12-31</f:FraDato>"
                       "<f:TilDato>2025-01-01</f:TilDato></f:HentHaendelser>"),
])
def test_a_locked_name_reads_nothing_for_the_right_password_either(klient, operation, indhold):
    assert b"Fault>" not in _kald(klient, *_LAESNINGER[0])[0]
    _spaer(klient.engine)
    for kodeord in ("taeller-kodeord", "forkert"):
        svar, _ = _kald(klient, operation, indhold, kodeord)
        assert _kode(svar) == "W007", (kodeord, svar[:800])
        assert b"Haendelse>" not in svar and b"Kvote>" not in svar and b"Medarbejder>" not in svar


@pytest.mark.parametrize("operation,indhold", _LAESNINGER)
def test_reference_data_changed_elsewhere_reads_again_after_the_full_check(klient, operation, indhold):
    gem_bruger(klient.engine, "en-anden", "et-kodeord", laes=["DEMO"])  # bumps the version
    svar, _ = _kald(klient, operation, indhold)
    assert b"Fault>" not in svar, svar[:800]


def test_a_request_that_fails_after_its_login_leaves_nothing_for_the_thread(klient, monkeypatch):
    """A login from the copy whose request fails before its work (here: a value the reader cannot
    read, after the schema and the login) leaves no pending check in the thread's context: it
    would otherwise be the first statement of whatever unit of work the thread opens next."""
    from fravaer.soap.request_reader import Laesere, UlaeseligVaerdi

    def ulaeselig(element):
        raise UlaeseligVaerdi(element[0], "kan ikke læses")

    with monkeypatch.context() as m:
        m.setattr(Laesere, "laeser", lambda self, tag: ulaeselig)  # the protocol reads by the tag
        svar, _ = _kald(klient, "Opret", _opret("100", "2025-02-10"))
    assert _kode(svar) == "X001", svar[:800]
    assert FORUDSAETNING.get() is None
    gem_bruger(klient.engine, "en-anden", "et-kodeord", laes=["DEMO"])  # bumps the version
    with UnitOfWork(klient.engine) as uow:  # its first statement carries no stale check along
        assert uow.session.execute(select(func.count()).select_from(HaendelseRow.__table__)).scalar_one() > 0
