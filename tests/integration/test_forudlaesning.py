"""Reads sent together, BEGIN with the first read, the last write with COMMIT (issue 13,
adapters/db/read_ahead.py): the rows read ahead are those a read of its own gives, a write in
between makes the read go again, and the transaction the unit of work owns ends as any other."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import exc, insert, select

from fravaer.adapters.db.repository import Transaktion
from fravaer.adapters.db.statements import StatementTaeller
from fravaer.adapters.db.tables import TransaktionRow
from fravaer.adapters.db.unit_of_work import UnitOfWork
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import Haendelse, HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.meddelelser import Afvist
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste

IDENT = AnsaettelsesIdent(tjenestenummer="10000001")
NU = datetime(2025, 6, 2, 8, tzinfo=UTC)
BRUGER = Bruger("forud", {"DEMO": Ret.REGISTRER})


@pytest.fixture
def med_haendelser(demo_engine):
    tjeneste = Haendelsestjeneste(demo_engine, standardkatalog(), ur=lambda: NU)
    for dag, kode in ((3, "100"), (10, "500"), (17, "500")):
        tjeneste.opret(HaendelseAnmodning(IDENT, HaendelseData(kode, date(2025, 3, dag), date(2025, 3, dag)),
                                          str(uuid.uuid4())), BRUGER)
    return demo_engine


def _laesninger(uow, a):
    """Reads of every kind a write reads ahead, with their answers as domain values."""
    return [uow.haendelser.i_perioden([a.id], date(2025, 1, 1), date(2025, 12, 31)),
            uow.haendelser.kontohaendelser([a.id], ["500", "110"]),
            uow.moedetider.i_perioden(a.id, date(2025, 3, 1), date(2025, 3, 31)),
            uow.kvoteposter.for_ansaettelser([a.id]),
            uow.boern.for_personer([a.cpr]),
            uow.boern.med_flere([a.cpr]),
            uow.ansaettelser.med_flere([a.cpr]),
            uow.ansaettelser.find(IDENT),
            uow.transaktioner.hent(["DEMO"], "findes-ikke")]


def test_rows_read_ahead_are_those_read_alone(med_haendelser):
    engine = med_haendelser
    with UnitOfWork(engine) as uow:
        a = uow.ansaettelser.find(IDENT)[0]
        alene = _laesninger(uow, a)
    with StatementTaeller(engine) as t, UnitOfWork(engine) as uow:
        a = uow.ansaettelser.find(IDENT)[0]
        t.nulstil()
        uow.session.laes_sammen(lambda: _laesninger(uow, a))
        sendt = t.nulstil()
        sammen = _laesninger(uow, a)
        bagefter = t.nulstil()
    assert sammen == alene
    assert alene[0] and alene[1] and alene[4][a.cpr]  # the data has events and children
    # children and the count folded: as read apart (the accounts' children by number and birth date)
    boern, flere = alene[5]
    assert flere == alene[6]
    assert {cpr: {nr: (b.barnenummer, b.foedselsdato, b.cpr, b.fornavn, b.efternavn) for nr, b in bs.items()}
            for cpr, bs in boern.items()} == {
        cpr: {nr: (b.barnenummer, b.foedselsdato, None, None, None) for nr, b in bs.items()}
        for cpr, bs in alene[4].items()}
    if engine.dialect.name == "postgresql":
        # one round trip for all, none when they are asked for
        assert sendt.rundture("postgresql") == 1 and sendt.statements == 9, sendt.tekster
        assert bagefter.statements == 0, bagefter.tekster
    else:  # nothing announced on SQLite: each read goes as it is asked for
        assert sendt.statements == 0 and bagefter.statements == 9


@pytest.mark.parametrize("ferieaar", [None, (["520"], [2024, 2025], date(2024, 9, 1), date(2026, 8, 31))])
def test_the_rules_events_and_the_accounts_read_as_one_are_those_read_apart(med_haendelser, ferieaar):
    """HaendelseRepository.i_perioden_og_konto: the events in force in a period and those of the
    account codes (a write's two reads of them) announced as one statement; each read then gets
    the rows it gets alone, in its order, once (asked again, or after a write, it reads anew)."""
    engine = med_haendelser
    periode, koder = (date(2025, 3, 5), date(2025, 3, 12)), ["500", "110"]
    with UnitOfWork(engine, skriv=True) as uow:  # two more of one day and time: ordered by id
        a = uow.ansaettelser.find(IDENT)[0]
        dag = HaendelseData("100", date(2025, 3, 12), None)
        uow.haendelser.tilfoej_mange([Haendelse(i, a.id, 1, dag, NU, NU) for i in ("b-sidst", "a-foerst")])
        uow.commit()
    with UnitOfWork(engine) as uow:
        a = uow.ansaettelser.find(IDENT)[0]
        alene = (uow.haendelser.i_perioden([a.id], *periode),
                 uow.haendelser.kontohaendelser([a.id], koder, ferieaar))
    assert [h.id for h in alene[0]][-2:] == ["a-foerst", "b-sidst"] and len(alene[1]) == 2
    with StatementTaeller(engine) as t, UnitOfWork(engine, skriv=True) as uow:
        a = uow.ansaettelser.find(IDENT)[0]
        t.nulstil()
        uow.session.laes_sammen(lambda: uow.haendelser.i_perioden_og_konto(a.id, *periode, koder, ferieaar))
        sendt = t.nulstil()
        sammen = (uow.haendelser.kontohaendelser([a.id], koder, ferieaar),
                  uow.haendelser.i_perioden([a.id], *periode))
        bagefter = t.nulstil()
        igen = uow.haendelser.i_perioden([a.id], *periode)
        assert t.nulstil().statements == 1  # served once
        uow.session.laes_sammen(lambda: uow.haendelser.i_perioden_og_konto(a.id, *periode, koder, ferieaar))
        uow.haendelser.i_perioden([a.id], *periode)
        uow.haendelser.slet(alene[1][0].id, 1)  # a write: the accounts' rows are read anew, without it
        t.nulstil()
        efter = uow.haendelser.kontohaendelser([a.id], koder, ferieaar)
        assert t.nulstil().statements == 1  # (not committed: rolled back)
    assert sammen == alene[::-1] and igen == alene[0] and efter == alene[1][1:]
    if engine.dialect.name == "postgresql":
        assert sendt.statements == 1 and bagefter.statements == 0, (sendt.tekster, bagefter.tekster)
    else:  # nothing announced on SQLite: each read goes as it is asked for
        assert sendt.statements == 0 and bagefter.statements == 2


@pytest.mark.parametrize("ferieaar", [None, (["520"], [2024, 2025], date(2024, 9, 1), date(2026, 8, 31))])
def test_the_reads_without_an_event_leave_out_that_one_alone(med_haendelser, ferieaar):
    """A change's reads of its employment's other events (`uden`: RetHaendelse's own event, held
    already): read apart or as one (i_perioden_og_konto), they are the reads without `uden` but
    for that event; a read without `uden` is not served from one with it (nor the reverse)."""
    engine = med_haendelser
    periode, koder = (date(2025, 3, 5), date(2025, 3, 20)), ["500", "110"]
    with UnitOfWork(engine) as uow:
        a = uow.ansaettelser.find(IDENT)[0]
        alle = (uow.haendelser.i_perioden([a.id], *periode),
                uow.haendelser.kontohaendelser([a.id], koder, ferieaar))
        uden = alle[1][0].id  # the 500 of 10 March: in both reads
        assert uden in {h.id for h in alle[0]} and len(alle[0]) == len(alle[1]) == 2
        alene = (uow.haendelser.i_perioden([a.id], *periode, uden=uden),
                 uow.haendelser.kontohaendelser([a.id], koder, ferieaar, uden=uden))
        assert alene == ([h for h in alle[0] if h.id != uden], [h for h in alle[1] if h.id != uden])
        assert uow.haendelser.i_perioden([a.id], *periode, uden="ukendt") == alle[0]
    with StatementTaeller(engine) as t, UnitOfWork(engine) as uow:
        a = uow.ansaettelser.find(IDENT)[0]
        t.nulstil()
        uow.session.laes_sammen(lambda: uow.haendelser.i_perioden_og_konto(a.id, *periode, koder, ferieaar,
                                                                          uden=uden))
        sendt = t.nulstil()
        sammen = (uow.haendelser.i_perioden([a.id], *periode, uden=uden),
                  uow.haendelser.kontohaendelser([a.id], koder, ferieaar, uden=uden))
        bagefter = t.nulstil()
        uow.session.laes_sammen(lambda: uow.haendelser.i_perioden_og_konto(a.id, *periode, koder, ferieaar,
                                                                          uden=uden))
        t.nulstil()
        andet = (uow.haendelser.i_perioden([a.id], *periode),  # other reads: each its own statement
                 uow.haendelser.kontohaendelser([a.id], koder, ferieaar))
        hver_for_sig = t.nulstil()
    assert sammen == alene and andet == alle
    assert hver_for_sig.statements == 2
    if engine.dialect.name == "postgresql":
        assert sendt.statements == 1 and bagefter.statements == 0, (sendt.tekster, bagefter.tekster)
    else:  # nothing announced on SQLite: each read goes as it is asked for
        assert sendt.statements == 0 and bagefter.statements == 2


def test_a_write_between_makes_the_read_go_again(med_haendelser):
    engine = med_haendelser
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite reads nothing ahead")
    aar = (date(2025, 1, 1), date(2025, 12, 31))
    with StatementTaeller(engine) as t, UnitOfWork(engine, skriv=True) as uow:
        a = uow.ansaettelser.find(IDENT)[0]
        uow.session.laes_sammen(lambda: uow.haendelser.i_perioden([a.id], *aar))
        foer = uow.haendelser.i_perioden([a.id], *aar)
        uow.session.laes_sammen(lambda: uow.haendelser.i_perioden([a.id], *aar))
        uow.haendelser.slet(foer[0].id, foer[0].version)
        t.nulstil()
        efter = uow.haendelser.i_perioden([a.id], *aar)
        assert t.nulstil().statements == 1
    assert [h.id for h in efter] == [h.id for h in foer[1:]]
    with UnitOfWork(engine) as uow:  # not committed: rolled back
        assert len(uow.haendelser.i_perioden([a.id], date(2025, 1, 1), date(2025, 12, 31))) == len(foer)


def _gem(uow, tid: str) -> None:
    with uow.samler.samlet():  # two rows: one statement, deferred to the COMMIT on PostgreSQL
        for institution in ("DEMO", "DEMO2"):
            uow.transaktioner.gem(institution, Transaktion(tid, "Test", "h", {}), NU)


def test_the_last_write_goes_with_the_commit_and_a_failure_there_is_sqlalchemys(med_haendelser):
    engine = med_haendelser
    tid = str(uuid.uuid4())
    with StatementTaeller(engine) as t, UnitOfWork(engine, skriv=True) as uow:
        uow.ansaettelser.find(IDENT)
        _gem(uow, tid)
        uow.commit()
        o = t.nulstil()
    if engine.dialect.name == "postgresql":
        # BEGIN with the read, the write with COMMIT: two round trips
        assert o.rundture("postgresql") == 2, o
    with UnitOfWork(engine) as uow:
        assert uow.transaktioner.findes(["DEMO", "DEMO2"], [tid]) == {tid}
    # the same id again: the unique key fails at the commit, as SQLAlchemy's IntegrityError
    with pytest.raises(exc.IntegrityError), UnitOfWork(engine, skriv=True) as uow:
        uow.ansaettelser.find(IDENT)
        _gem(uow, tid)
        uow.commit()
    # and the connection goes back to the pool as it came: a new transaction works as any other
    for _ in range(3):
        with UnitOfWork(engine, skriv=True) as uow:
            uow.session.execute(insert(TransaktionRow.__table__), {
                "institution": "DEMO", "id": str(uuid.uuid4()), "operation": "Test", "indhold_hash": "h",
                "svar": "{}", "tidspunkt": NU.replace(tzinfo=None)})
            uow.commit()
        if engine.dialect.name == "postgresql":
            with engine.connect() as c:
                assert c.connection.dbapi_connection.autocommit is False


def test_a_refusal_after_reads_ahead_stores_nothing(med_haendelser):
    """A rejected write in a transaction the unit of work began itself rolls back everything."""
    engine = med_haendelser
    tjeneste = Haendelsestjeneste(engine, standardkatalog(), ur=lambda: NU)
    with UnitOfWork(engine) as uow:
        foer = uow.session.execute(select(TransaktionRow.__table__.c.id)).all()
    with pytest.raises(Afvist):  # a day already taken by vacation: refused by the rules
        tjeneste.opret(HaendelseAnmodning(IDENT, HaendelseData("500", date(2025, 3, 10), date(2025, 3, 10)),
                                          str(uuid.uuid4())), BRUGER)
    with UnitOfWork(engine) as uow:
        assert uow.session.execute(select(TransaktionRow.__table__.c.id)).all() == foer


@pytest.mark.parametrize("seed", range(4))
def test_which_read_a_combined_row_answers_is_decided_as_the_reads_alone_decide(demo_engine, seed):
    """The worker decides which of the two reads a row of i_perioden_og_konto's statement answers
    (HaendelseRepository.i_perioden, repository._i_konto: the statement's conditions, not its columns): over
    random events at the edges of the period and of the ferieår's days, with and without a
    ferieår of their own, of account codes, vacation codes and others, each read gets from the
    combined statement what it reads alone (PostgreSQL announces; SQLite reads each alone)."""
    import random

    rnd = random.Random(seed)
    periode = (date(2025, 3, 5), date(2025, 3, 12))
    ferie_dage = (date(2024, 9, 1), date(2025, 8, 31))
    kanter = [date(2025, 3, 4), *periode, date(2025, 3, 13), date(2024, 8, 31), *ferie_dage,
              date(2025, 9, 1), date(2024, 1, 2), date(2026, 1, 5)]
    with UnitOfWork(demo_engine, skriv=True) as uow:
        a = uow.ansaettelser.find(IDENT)[0]
        haendelser = []
        for i in range(60):
            fra = rnd.choice(kanter)
            til = rnd.choice([d for d in kanter if d >= fra] + [None])
            kode = rnd.choice(["100", "500", "505", "520", "110", "5A"])
            data = HaendelseData(kode, fra, til, ferieaar=rnd.choice([None, None, 2023, 2024, 2025]))
            haendelser.append(Haendelse(f"h{seed}-{i:02d}", a.id, 1, data, NU, NU))
        uow.haendelser.tilfoej_mange(haendelser)
        uow.commit()
    # (the account codes read whole, the vacation codes' ferieår): every account code; the others
    # whole and the vacation codes' of one year; the vacation codes' of two years alone (kun_ferie)
    for koder, ferieaar in ((["110", "520", "500"], None),
                            (["110", "520"], (["500", "505"], [2024], *ferie_dage)),
                            ([], (["500"], [2023, 2025], *ferie_dage))):
        with UnitOfWork(demo_engine) as uow:
            alene = (uow.haendelser.i_perioden([a.id], *periode),
                     uow.haendelser.kontohaendelser([a.id], koder, ferieaar))
        with StatementTaeller(demo_engine) as t, UnitOfWork(demo_engine, skriv=True) as uow:
            uow.ansaettelser.find(IDENT)
            t.nulstil()
            uow.session.laes_sammen(
                lambda: uow.haendelser.i_perioden_og_konto(a.id, *periode, koder, ferieaar))  # noqa: B023
            sammen = (uow.haendelser.i_perioden([a.id], *periode),
                      uow.haendelser.kontohaendelser([a.id], koder, ferieaar))
            antal = t.nulstil().statements
        assert sammen == alene and alene[0] and alene[1], (koder, ferieaar, len(alene[0]), len(alene[1]))
        assert antal == (1 if demo_engine.dialect.name == "postgresql" else 2)
