"""`kolonne IN (a list)` as one array parameter on PostgreSQL (adapters/db/any_list.py): the list goes
as the text of an array literal, so every value must arrive as itself — quotes, backslashes,
commas, braces, blanks, the word NULL, non-ASCII — and a longer value must not be cut to the
column's width (where it could match another)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import insert, text

from fravaer.adapters.db.any_list import array_literal
from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.db.tables import TransaktionRow
from fravaer.adapters.db.unit_of_work import UnitOfWork

SAERLIGE = ['a"b', "c\\d", "e,f", "{g}", " h ", "NULL", "æøå", "i'j"]


def _gem_saerlige(engine) -> str:
    """Transaction records by SAERLIGE's ids and one as long as the column; that long id."""
    lang = "x" * 36
    with engine.begin() as c:
        c.execute(insert(TransaktionRow), [
            {"institution": "INST", "id": v, "operation": "Op", "indhold_hash": "h", "svar": "{}",
             "tidspunkt": datetime(2026, 1, 1)} for v in [*SAERLIGE, lang]])
    return lang


@pytest.fixture
def ny_forbindelse(engine):
    """The test's database on a connection of its own: its prepared statements are only those
    the test makes (a unit of work lends the connection the one before it handed back, with
    what earlier tests prepared on it)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's plan cache")
    e = make_engine(engine.url.render_as_string(hide_password=False))
    yield e
    e.dispose()


def test_every_value_arrives_as_itself(engine):
    lang = _gem_saerlige(engine)
    with UnitOfWork(engine) as uow:
        assert uow.transaktioner.findes(["INST"], [*SAERLIGE, "ukendt", "e", "f"]) == set(SAERLIGE)
        assert uow.transaktioner.findes(["INST", "AND,EN"], [lang + "y"]) == set()  # not cut to 36
        assert uow.transaktioner.findes(["INST"], [lang]) == {lang}
        assert uow.transaktioner.findes(["INST"], []) == set()


def test_the_literal():
    assert array_literal([3, 1, 2]) == "{3,1,2}"
    assert array_literal(set()) == "{}"
    assert array_literal(["a", 'b"', "c\\"]) == '{"a","b\\"","c\\\\"}'
    with pytest.raises(ValueError):
        array_literal(["a\x00b"])


def test_sqlite_finds_the_rows_by_index(engine):
    """On SQLite the list is an IN of the column itself (no `= 1` after it), so its index serves
    the read: a write's lookup of its TransaktionsID searches, it does not scan every record."""
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    from fravaer.adapters.db.repository import _FINDES

    with engine.connect() as c:
        q = _FINDES.params(ider=["a"], institutioner=["INST"])
        sql = str(q.compile(dialect=engine.dialect, compile_kwargs={"render_postcompile": True}))
        plan = [r[3] for r in c.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, ("a", "INST"))]
    assert plan and all(p.startswith("SEARCH") for p in plan), plan


def test_a_list_of_one_value_finds_the_same_rows(engine):
    """A list that has one value is compared as that value on PostgreSQL (any_list.enkelt): every
    value still arrives as itself, uncut, and lists of one and of more mix in one statement."""
    lang = _gem_saerlige(engine)
    with UnitOfWork(engine) as uow:
        for v in [*SAERLIGE, lang]:
            assert uow.transaktioner.findes(["INST"], [v]) == {v}
            assert uow.transaktioner.findes(["INST", "ANDEN"], [v]) == {v}
            assert uow.transaktioner.findes(["ANDEN"], [v]) == set()
        assert uow.transaktioner.findes(["INST"], [lang + "y"]) == set()  # not cut to 36
        assert uow.transaktioner.findes(["INST"], ["e,f", "e"]) == {"e,f"}
        assert uow.transaktioner.findes(["INST"], ["e"]) == set()


def test_a_read_by_one_value_keeps_its_plan(ny_forbindelse):
    """PostgreSQL plans `= ANY($1)` of an array it cannot see as ten values: a read by one value
    looked dearer generic than planned for its values, and was planned anew at every execution.
    Compared as one value its generic plan is chosen after the server's five custom ones."""
    engine = ny_forbindelse
    from fravaer.adapters.db.any_list import enkelt, listenavne
    from fravaer.adapters.db.repository import _FINDES

    c = _FINDES.compile(dialect=engine.dialect)
    assert set(listenavne(c)) == {"ider", "institutioner"}
    en = enkelt(_FINDES, engine.dialect, frozenset({"ider"})).string
    assert "ANY" in en and ")[1]" in en  # only the list named
    with UnitOfWork(engine) as uow:
        for i in range(8):
            assert uow.transaktioner.findes(["INST"], [f"t{i}"]) == set()
        planer = uow.session.execute(text(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE strpos(statement, 'FROM transaktion') > 0 AND strpos(statement, ')[1]') > 0")).all()
    assert planer and planer[0][0] >= 1, planer


def test_a_read_by_a_long_list_is_planned_for_its_values(ny_forbindelse):
    """A list longer than STOR_LISTE: its statement is sent unnamed (planned for the list each
    time), a shorter list's named and kept. A named statement's generic plan prices the list as
    ten values: for HentKvoter's thousand employments it cost the server twice the time."""
    engine = ny_forbindelse
    from fravaer.adapters.db.pq_pipeline import STOR_LISTE

    lang = [f"t{i}" for i in range(STOR_LISTE + 1)]
    navngivne = text("SELECT count(*) FROM pg_prepared_statements"
                     " WHERE strpos(statement, 'FROM transaktion') > 0 AND strpos(statement, 'ANY') > 0")
    with UnitOfWork(engine) as uow:
        for _ in range(7):
            assert uow.transaktioner.findes(["INST"], lang) == set()
        assert uow.session.execute(navngivne).scalar_one() == 0
        assert uow.transaktioner.findes(["INST"], lang[:STOR_LISTE]) == set()
        assert uow.session.execute(navngivne).scalar_one() == 1
