"""What a write on a SQLite file reads before its write lock, and the reads it skips under the
lock (issue 13): a TransaktionsID found unstored before the lock but stored before the lock was
taken (answered as the retry it is), and what the locking find says an employment has no
stored postings or working times of, forgotten once the transaction writes."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

from sqlalchemy import func, select

from fravaer.adapters.db import repository
from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.db.migrate import upgrade
from fravaer.adapters.db.statements import StatementTaeller
from fravaer.adapters.db.tables import HaendelseRow, TransaktionRow
from fravaer.adapters.db.unit_of_work import UnitOfWork
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.arbejdstid import Moedetid
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvoter import Art, Konto, KvoteType, Post
from fravaer.service.demo import indlaes_demo
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste

T1 = AnsaettelsesIdent(tjenestenummer="10000001")
BRUGER = Bruger("test", {"DEMO": Ret.REGISTRER})


def _engine(tmp_path):
    e = make_engine(f"sqlite:///{tmp_path / 'test.sqlite'}")
    upgrade(e)
    indlaes_demo(e)
    return e


def _antal(engine, tabel) -> int:
    with engine.connect() as c:
        return c.scalar(select(func.count()).select_from(tabel))


def _foerste_opslag_misser(monkeypatch) -> list[bool]:
    """The next TransaktionsID lookup answers "not stored" (as the read before the lock would
    have, a moment before the first write was stored); later ones look it up. Returns the calls."""
    hent = repository.TransaktionRepository.hent
    kald: list[bool] = []

    def foer_den_anden_skrivning(self, institutioner, transaktions_id):
        kald.append(True)
        return None if len(kald) == 1 else hent(self, institutioner, transaktions_id)

    monkeypatch.setattr(repository.TransaktionRepository, "hent", foer_den_anden_skrivning)
    return kald


def test_transaktionsid_gemt_efter_laesningen_foer_laasen_giver_det_foerste_svar(tmp_path, monkeypatch):
    """The read before the lock misses a write of the same TransaktionsID stored before the lock
    is taken (here: that read is made to answer as it would have, a moment earlier); the rules
    then refuse the event (F011: the first one's day), and the refusal looks the id up under the
    lock and answers with the stored first answer. (Had the rules accepted it, its own record
    would break the table's key, and the runner's retry would find the first.)"""
    e = _engine(tmp_path)
    t = Haendelsestjeneste(e, standardkatalog())
    anmodning = HaendelseAnmodning(T1, HaendelseData("500", date(2024, 3, 4), date(2024, 3, 4)), "tid-1")
    foerste = t.opret(anmodning, BRUGER)

    kald = _foerste_opslag_misser(monkeypatch)
    igen = t.opret(anmodning, BRUGER)
    assert len(kald) == 2  # before the lock, then after the refusal (F011: its own day), under it
    assert igen.haendelse == foerste.haendelse
    assert _antal(e, HaendelseRow) == 1 and _antal(e, TransaktionRow) == 1
    e.dispose()


def test_rettelse_gemt_efter_laesningen_foer_laasen_giver_det_foerste_svar(tmp_path, monkeypatch):
    """As for a creation: the retried change finds the event at the next version (F020 had it
    not been a retry) and answers with the stored first answer."""
    e = _engine(tmp_path)
    t = Haendelsestjeneste(e, standardkatalog())
    h = t.opret(HaendelseAnmodning(T1, HaendelseData("500", date(2024, 3, 4), date(2024, 3, 4))),
                BRUGER).haendelse
    anmodning = HaendelseAnmodning(T1, HaendelseData("500", date(2024, 3, 4), date(2024, 3, 5)), "tid-r")
    foerste = t.ret(h.id, 1, anmodning, BRUGER)
    kald = _foerste_opslag_misser(monkeypatch)
    igen = t.ret(h.id, 1, anmodning, BRUGER)
    assert len(kald) == 2  # before the lock, then after the refusal, under it
    assert igen.haendelse == foerste.haendelse and igen.haendelse.version == 2
    e.dispose()


def test_ny_transaktionsid_slaas_ikke_op_under_laasen(tmp_path):
    """A TransaktionsID stored nowhere is looked up once, before the lock."""
    e = _engine(tmp_path)
    t = Haendelsestjeneste(e, standardkatalog())
    t.opret(HaendelseAnmodning(T1, HaendelseData("500", date(2024, 3, 4), date(2024, 3, 4)), "tid-0"), BRUGER)
    with StatementTaeller(e) as taeller:
        t.opret(HaendelseAnmodning(T1, HaendelseData("500", date(2024, 3, 5), date(2024, 3, 5)), "tid-2"),
                BRUGER)
    assert sum("FROM transaktion" in s for s in taeller.o.tekster) == 1
    begin = next(i for i, s in enumerate(taeller.o.tekster) if s.startswith("BEGIN"))
    assert not any("FROM transaktion" in s for s in taeller.o.tekster[begin:])
    e.dispose()


def test_det_tomme_glemmes_naar_transaktionen_skriver(tmp_path):
    """The locking find notes that the employment has no stored postings or working times, and
    the reads of them are skipped; once the transaction writes, they are read again (and find
    what it wrote)."""
    e = _engine(tmp_path)
    post = Post(Konto(KvoteType.FERIE, 2024), date(2024, 1, 2), Art.REGULERET, Fraction(1), "test")
    # (a counter hears only the connections lent after it opened)
    with StatementTaeller(e) as taeller, UnitOfWork(e, skriv=True) as uow:
        (a,) = uow.ansaettelser.find(T1, laas=True)
        assert ("kvoteposter", a.id) in uow.session.tomme and ("moedetider", a.id) in uow.session.tomme
        assert taeller.nulstil().statements >= 1  # the find was heard
        assert uow.kvoteposter.for_ansaettelser([a.id]) == {a.id: []}
        assert uow.moedetider.i_perioden(a.id, date(2024, 1, 1), date(2024, 1, 31)) == {}
        assert uow.moedetider.minutter_for_mange([a.id], date(2024, 1, 1), date(2024, 1, 31)) == {a.id: {}}
        assert taeller.nulstil().statements == 0
        uow.kvoteposter.tilfoej(a.id, [post], "test", datetime(2024, 1, 2))
        uow.moedetider.gem(a.id, Moedetid(date(2024, 1, 3), 300), ny=True)
        assert not uow.session.tomme
        taeller.nulstil()
        assert uow.kvoteposter.for_ansaettelser([a.id])[a.id][0].dage == 1
        tider = uow.moedetider.i_perioden(a.id, date(2024, 1, 1), date(2024, 1, 31))
        assert tider[date(2024, 1, 3)].minutter == 300
        assert taeller.nulstil().statements == 2
        uow.commit()
    with UnitOfWork(e, skriv=True) as uow:  # the next write's find sees them
        (a,) = uow.ansaettelser.find(T1, laas=True)
        assert not uow.session.tomme
        assert len(uow.kvoteposter.for_ansaettelser([a.id])[a.id]) == 1
    e.dispose()


def test_boern_og_andre_ansaettelser_springes_kun_over_uden_nogen(tmp_path):
    """The children's read (with whether the person has another employment) is skipped only for
    a person with neither: 10000002 (no children, one employment), not 10000001 (children) nor
    10000004 (a second employment, 10000003)."""
    e = _engine(tmp_path)
    with StatementTaeller(e) as taeller, UnitOfWork(e, skriv=True) as uow:
        for tjnr, uden in (("10000002", True), ("10000001", False), ("10000004", False)):
            (a,) = uow.ansaettelser.find(AnsaettelsesIdent(tjenestenummer=tjnr), laas=True)
            assert (("boern", a.cpr) in uow.session.tomme) is uden
            taeller.nulstil()
            boern, flere = uow.boern.med_flere([a.cpr])
            assert taeller.nulstil().statements == (0 if uden else 1)
            assert bool(boern[a.cpr]) or flere or uden
    e.dispose()
