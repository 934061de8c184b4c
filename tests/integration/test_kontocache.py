"""The write path's copy of the accounts (service/kontocache.py) and the version it is kept by
(ansaettelse.kontoversion, migration 0017), on SQLite and PostgreSQL: every trigger steps the
version of the employments whose accounts it changes, and a random history of writes, changes,
deletes, adjustments, children, working times and a second employment of the person judges
every write as without the copy, while every copy the database's versions still name equals
the accounts read afresh."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.db.migrate import upgrade
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.meddelelser import Afvist
from fravaer.service import kontocache
from fravaer.service.demo import indlaes_demo
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.regnskaber import laes_regnskaber
from tests.conftest import ny_pg_database

BRUGER = Bruger("test", {"DEMO": Ret.REGISTRER, "DEMO2": Ret.REGISTRER})
CPR = "0303901234"  # two employments (10000003, 10000004) and a child in the demo data
T3, T4 = AnsaettelsesIdent(tjenestenummer="10000003"), AnsaettelsesIdent(tjenestenummer="10000004")
NU = datetime(2024, 3, 1, 12)


def _ider(engine) -> dict[str, int]:
    with engine.connect() as c:
        return dict(c.execute(text("SELECT tjenestenummer, id FROM ansaettelse")).all())


def _version(engine, aid: int) -> int:
    with engine.connect() as c:
        return c.execute(text("SELECT kontoversion FROM ansaettelse WHERE id = :a"), {"a": aid}).scalar_one()


def _skriv(engine, sql: str, **p) -> None:
    with engine.begin() as c:
        c.execute(text(sql), p)


# ---------------------------------------------------------------- the triggers


def test_every_input_of_the_accounts_steps_the_version(demo_engine):
    e = demo_engine
    ider = _ider(e)
    a3, a4, a1 = ider["10000003"], ider["10000004"], ider["10000001"]

    def trin(sql: str, ramte: set[int], **p) -> None:
        foer = {a: _version(e, a) for a in (a1, a3, a4)}
        _skriv(e, sql, **p)
        efter = {a: _version(e, a) for a in (a1, a3, a4)}
        assert {a for a in foer if efter[a] != foer[a]} == ramte, sql
        for a in ramte:  # one row: one step (the writer's own accounts are kept by it)
            assert efter[a] == foer[a] + 1, sql

    hid = str(uuid.uuid4())
    trin("INSERT INTO haendelse (id, ansaettelse_id, version, kode, fra_dato, til_dato, oprettet, aendret)"
         " VALUES (:h, :a, 1, '500', '2024-06-03', '2024-06-03', '2024-01-01', '2024-01-01')",
         {a3}, h=hid, a=a3)
    trin("UPDATE haendelse SET bemaerkning = 'x' WHERE id = :h", {a3}, h=hid)
    trin("UPDATE haendelse SET ansaettelse_id = :a WHERE id = :h", {a3, a4}, h=hid, a=a4)
    trin("DELETE FROM haendelse WHERE id = :h", {a4}, h=hid)
    trin("INSERT INTO kvotepost (ansaettelse_id, kvotetype, aar, dato, art, taeller, naevner, kilde, bruger,"
         " oprettet) VALUES (:a, 'Ferie', 2024, '2024-05-01', 'Reguleret', 1, 1, 'k', 't', '2024-01-01')",
         {a1}, a=a1)
    trin("UPDATE kvotepost SET taeller = 2 WHERE kilde = 'k'", {a1})
    trin("DELETE FROM kvotepost WHERE kilde = 'k'", {a1})
    trin("INSERT INTO moedetid (ansaettelse_id, dato, minutter) VALUES (:a, '2024-06-04', 300)", {a4}, a=a4)
    trin("UPDATE moedetid SET minutter = 200 WHERE ansaettelse_id = :a", {a4}, a=a4)
    trin("DELETE FROM moedetid WHERE ansaettelse_id = :a", {a4}, a=a4)
    # a child: every employment of the parent
    trin("INSERT INTO barn (foraelder_cpr, barnenummer, foedselsdato) VALUES (:c, 7, '2023-05-05')",
         {a3, a4}, c=CPR)
    trin("UPDATE barn SET foedselsdato = '2023-05-06' WHERE foraelder_cpr = :c AND barnenummer = 7",
         {a3, a4}, c=CPR)
    trin("DELETE FROM barn WHERE foraelder_cpr = :c AND barnenummer = 7", {a3, a4}, c=CPR)
    # the employment and its history: every employment of the person (the accrual reads them)
    trin("UPDATE ansaettelse SET ugentlige_minutter = 1000 WHERE id = :a", {a3, a4}, a=a4)
    trin("UPDATE ansaettelse SET slutdato = '2030-01-01' WHERE id = :a", {a1}, a=a1)
    trin("INSERT INTO ansaettelseshistorik (ansaettelse_id, gyldig_fra, institution_id, loenform,"
         " ugentlige_minutter, registreret) SELECT id, '2024-02-01', institution_id, loenform, 900,"
         " '2024-01-01' FROM ansaettelse WHERE id = :a", {a3, a4}, a=a4)
    trin("UPDATE ansaettelseshistorik SET ugentlige_minutter = 800 WHERE ansaettelse_id = :a"
         " AND gyldig_fra = '2024-02-01'", {a3, a4}, a=a4)
    trin("DELETE FROM ansaettelseshistorik WHERE ansaettelse_id = :a AND gyldig_fra = '2024-02-01'",
         {a3, a4}, a=a4)
    # a new employment of the person steps the others' and starts at a version of its own
    trin("INSERT INTO ansaettelse (institution_id, cpr, loebenummer, loenform, ugentlige_minutter, startdato)"
         " SELECT institution_id, cpr, 9, loenform, 600, '2024-01-01' FROM ansaettelse WHERE id = :a",
         {a3, a4}, a=a3)
    ny = _ider(e)
    trin("DELETE FROM ansaettelse WHERE cpr = :c AND loebenummer = 9", {a3, a4}, c=CPR)
    assert len(ny) == len(ider) + 1


# ---------------------------------------------------------------- a random history


def _egenskaber(r) -> tuple:
    """What a Regnskab holds (not its lazily built index)."""
    return (r.ansaettelse, r.politik, r.boern, r.poster, r.sygedage, r.flere_loebenumre, r.brug)


def _tjek_kopierne(engine, katalog) -> int:
    """Every copy whose key the database names now (its employment's version and the reference
    version) equals the accounts read afresh; their number."""
    from fravaer.adapters.db.unit_of_work import UnitOfWork

    with kontocache.KONTOCACHE._laas:
        kopier = list(kontocache.KONTOCACHE._kopier.items())
    tjekket = 0
    with UnitOfWork(engine) as uow:
        versioner = dict(uow.session.execute(text("SELECT id, kontoversion FROM ansaettelse")).all())
        reference = uow.referencer.version()
        for (aid, version, ref, ferieaar, kun_ferie, uden), kopi in kopier:
            if versioner.get(aid) != version or ref != reference or kopi.koder is not katalog.koder:
                continue
            if isinstance(kopi, kontocache._Vordende):
                kopi = kopi.kopi()
            a = uow.ansaettelser.hent(aid)
            frisk = laes_regnskaber(uow, katalog, [a], uden_haendelse=uden, ferieaar=ferieaar,
                                    kun_ferie=kun_ferie)[aid]
            assert _egenskaber(kopi.regnskab) == _egenskaber(frisk), (aid, ferieaar, kun_ferie, uden)
            tjekket += 1
    return tjekket


def _historie(engine, saet: int, med_kopi: bool, tjek: bool) -> list:
    """A random history (seeded by `saet`) through the service and by hand in SQL; what each
    step answered."""
    rng = random.Random(saet)
    katalog = standardkatalog()
    tjeneste = Haendelsestjeneste(engine, katalog, ur=lambda: NU)
    ider = _ider(engine)
    idents = {"10000003": T3, "10000004": T4}
    gemte: list[tuple[str, int, str]] = []  # (event id, version, tjenestenummer)
    svar: list = []
    tjekket = 0
    for trin in range(45):
        valg = rng.random()
        tjnr = rng.choice(list(idents))
        aid = ider[tjnr]
        dag = date(2024, 1, 1) + timedelta(days=rng.randrange(600))
        while dag.weekday() > 4:
            dag += timedelta(days=1)
        til = dag + timedelta(days=rng.choice([0, 0, 1, 2, 4, 9]))
        try:
            if valg < 0.45 or not gemte:
                kode = rng.choice(["500", "500", "500", "110", "600", "510"])
                data = HaendelseData(kode, dag, til, barnenummer=1 if kode == "600" else None)
                s = tjeneste.opret(HaendelseAnmodning(idents[tjnr], data, str(uuid.uuid4())), BRUGER)
                gemte.append((s.haendelse.id, s.haendelse.version, tjnr))
                svar.append(("opret", trin, s.haendelse.data, [m.kode for m in s.meddelelser]))
            elif valg < 0.65:
                i = rng.randrange(len(gemte))
                hid, version, tjnr = gemte[i]
                gammel = _data(engine, hid)
                data = HaendelseData(gammel[0], dag if rng.random() < 0.5 else gammel[1],
                                     til if rng.random() < 0.5 else gammel[2], bemaerkning=f"r{trin}",
                                     barnenummer=gammel[3])
                if data.til is not None and data.til < data.fra:
                    data = HaendelseData(data.kode, data.fra, data.fra, bemaerkning=data.bemaerkning,
                                         barnenummer=data.barnenummer)
                s = tjeneste.ret(hid, version, HaendelseAnmodning(idents[tjnr], data, str(uuid.uuid4())),
                                 BRUGER)
                gemte[i] = (hid, s.haendelse.version, tjnr)
                svar.append(("ret", trin, s.haendelse.data, [m.kode for m in s.meddelelser]))
            elif valg < 0.72:
                hid, version, tjnr = gemte.pop(rng.randrange(len(gemte)))
                tjeneste.slet(hid, version, None, BRUGER)
                svar.append(("slet", trin))
            elif valg < 0.80:
                dage = rng.choice([-3, -1, 2, 5])
                _skriv(engine, "INSERT INTO kvotepost (ansaettelse_id, kvotetype, aar, dato, art, taeller,"
                       " naevner, kilde, bruger, oprettet) VALUES (:a, 'Ferie', :aar, :d, 'Reguleret', :t, 1,"
                       " :k, 't', '2024-01-01')", a=aid, aar=rng.choice([2023, 2024, 2025]), d=dag, t=dage,
                       k=str(uuid.uuid4()))
                svar.append(("kvotepost", trin))
            elif valg < 0.86:
                if rng.random() < 0.5:
                    _skriv(engine, "DELETE FROM moedetid WHERE ansaettelse_id = :a AND dato = :d",
                           a=aid, d=dag)
                    _skriv(engine, "INSERT INTO moedetid (ansaettelse_id, dato, minutter)"
                           " VALUES (:a, :d, :m)", a=aid, d=dag, m=rng.choice([0, 120, 444]))
                else:
                    _skriv(engine, "DELETE FROM moedetid WHERE ansaettelse_id = :a", a=aid)
                svar.append(("moedetid", trin))
            elif valg < 0.92:
                nr = rng.choice([2, 3])
                _skriv(engine, "DELETE FROM barn WHERE foraelder_cpr = :c AND barnenummer = :n", c=CPR, n=nr)
                if rng.random() < 0.7:
                    _skriv(engine, "INSERT INTO barn (foraelder_cpr, barnenummer, foedselsdato)"
                           " VALUES (:c, :n, :f)", c=CPR, n=nr, f=dag - timedelta(days=rng.randrange(3000)))
                svar.append(("barn", trin))
            else:
                _skriv(engine, "UPDATE ansaettelse SET ugentlige_minutter = :m, feriepolitik = :p"
                       " WHERE id = :a", a=aid, m=rng.choice([900, 1800, 2220]),
                       p=rng.choice([None, "Standard"]))
                svar.append(("ansaettelse", trin))
        except Afvist as fejl:
            svar.append(("afvist", trin, [m.kode for m in fejl.meddelelser]))
        if tjek and med_kopi:
            tjekket += _tjek_kopierne(engine, katalog)
    svar.append(("tjekket", tjekket > 0) if tjek else ("tjekket", True))
    return svar


def _data(engine, hid: str) -> tuple:
    with engine.connect() as c:
        kode, fra, til, barn = c.execute(text("SELECT kode, fra_dato, til_dato, barnenummer FROM haendelse"
                                              " WHERE id = :h"), {"h": hid}).one()
    fra, til = (date.fromisoformat(d) if isinstance(d, str) else d for d in (fra, til))
    return kode, fra, None if til == date(9999, 12, 31) else til, barn


def _uden_kopi(monkeypatch) -> None:
    monkeypatch.setattr(kontocache, "regnskab_for", lambda *a, **k: None)


@pytest.mark.parametrize("saet", [1, 2, 3])
def test_a_random_history_is_judged_as_without_the_copy(engine, tmp_path, monkeypatch, saet):
    kontocache.KONTOCACHE.ryd()
    indlaes_demo(engine)
    med = _historie(engine, saet, med_kopi=True, tjek=True)
    assert kontocache.KONTOCACHE.fundet > 0  # (the copy was used, not only filled)
    if engine.dialect.name == "sqlite":
        anden = make_engine(f"sqlite:///{tmp_path / 'uden.sqlite'}")
        upgrade(anden)
        try:
            with monkeypatch.context() as m:
                _uden_kopi(m)
                indlaes_demo(anden)
                uden = _historie(anden, saet, med_kopi=False, tjek=False)
        finally:
            anden.dispose()
    else:
        with ny_pg_database() as url:
            anden = make_engine(url)
            upgrade(anden)
            try:
                with monkeypatch.context() as m:
                    _uden_kopi(m)
                    indlaes_demo(anden)
                    uden = _historie(anden, saet, med_kopi=False, tjek=False)
            finally:
                anden.dispose()
    assert med == uden


def test_a_write_keeps_its_own_accounts_for_the_next(demo_engine):
    """The next write to the same employment finds the accounts the last one left (the version
    its write gave), and finds them equal to a fresh read."""
    kontocache.KONTOCACHE.ryd()
    katalog = standardkatalog()
    tjeneste = Haendelsestjeneste(demo_engine, katalog, ur=lambda: NU)
    for i, dag in enumerate([date(2024, 6, 3), date(2024, 6, 10), date(2024, 6, 17)]):
        s = tjeneste.opret(HaendelseAnmodning(T3, HaendelseData("500", dag, dag)), BRUGER)
        assert (kontocache.KONTOCACHE.fundet, kontocache.KONTOCACHE.ikke_fundet) == (i, 1)
    tjeneste.ret(s.haendelse.id, 1, HaendelseAnmodning(T3, HaendelseData("500", dag, dag, bemaerkning="a")),
                 BRUGER)
    tjeneste.ret(s.haendelse.id, 2, HaendelseAnmodning(T3, HaendelseData("500", dag, dag, bemaerkning="b")),
                 BRUGER)
    # the first change reads without its event (a miss), the second finds what the first kept
    assert (kontocache.KONTOCACHE.fundet, kontocache.KONTOCACHE.ikke_fundet) == (3, 2)
    assert _tjek_kopierne(demo_engine, katalog) == 1  # (the one the database names now)
    # a write by hand: the copy is no longer named
    _skriv(demo_engine, "UPDATE haendelse SET minutter = NULL WHERE id = :h", h=s.haendelse.id)
    tjeneste.opret(HaendelseAnmodning(T3, HaendelseData("500", date(2024, 6, 24), date(2024, 6, 24))), BRUGER)
    assert kontocache.KONTOCACHE.ikke_fundet == 3


def test_a_refused_write_keeps_nothing(demo_engine):
    kontocache.KONTOCACHE.ryd()
    tjeneste = Haendelsestjeneste(demo_engine, standardkatalog(), ur=lambda: NU)
    tjeneste.opret(HaendelseAnmodning(T3, HaendelseData("500", date(2024, 6, 3), date(2024, 6, 3))), BRUGER)
    with pytest.raises(Afvist):  # the same day again
        tjeneste.opret(HaendelseAnmodning(T3, HaendelseData("500", date(2024, 6, 3), date(2024, 6, 3))),
                       BRUGER)
    antal = len(kontocache.KONTOCACHE._kopier)
    with pytest.raises(Afvist):
        tjeneste.opret(HaendelseAnmodning(T3, HaendelseData("500", date(2024, 6, 3), date(2024, 6, 3))),
                       BRUGER)
    assert len(kontocache.KONTOCACHE._kopier) == antal


def test_the_copy_is_bounded():
    c = kontocache.Kontocache(maks=3)
    kopi = object()
    for i in range(5):
        c.gem((i,), kopi)  # type: ignore[arg-type]
    assert list(c._kopier) == [(2,), (3,), (4,)]


def test_a_unit_of_work_that_wrote_knows_no_version(demo_engine):
    from fravaer.adapters.db.unit_of_work import UnitOfWork
    from fravaer.service.ansaettelser import find_ansaettelse

    with UnitOfWork(demo_engine, skriv=True) as uow:
        a = find_ansaettelse(uow, T3, laas=True, bruger=BRUGER)
        assert uow.ansaettelser.kontoversion(a.id) == _version_i(uow, a.id)
        uow.session.execute(text("INSERT INTO moedetid (ansaettelse_id, dato, minutter)"
                                 " VALUES (:a, '2024-06-04', 300)"), {"a": a.id})
        assert uow.ansaettelser.kontoversion(a.id) is None


def _version_i(uow, aid: int) -> int:
    return uow.session.execute(text("SELECT kontoversion FROM ansaettelse WHERE id = :a"),
                               {"a": aid}).scalar()
