"""sqlite3 binds None and bool through the adapters the SQLite engine registers (a dict lookup,
not its failing protocol lookups: issue 13) to the same values as without them."""

import sqlite3

import pytest

from fravaer.adapters.db.engine import make_engine


@pytest.fixture(scope="module")
def forbindelse():
    make_engine("sqlite://").dispose()  # registers the adapters
    c = sqlite3.connect(":memory:")
    yield c
    c.close()


def test_adapters_are_registered(forbindelse):
    assert (type(None), sqlite3.PrepareProtocol) in sqlite3.adapters
    assert (bool, sqlite3.PrepareProtocol) in sqlite3.adapters


@pytest.mark.parametrize("vaerdi, forventet, type_", [
    (None, None, "null"), (True, 1, "integer"), (False, 0, "integer"),
    (0, 0, "integer"), (2.5, 2.5, "real"), ("x", "x", "text"), (b"\x00", b"\x00", "blob"),
])
def test_values_bind_as_before(forbindelse, vaerdi, forventet, type_):
    forbindelse.execute("CREATE TABLE IF NOT EXISTS t (v)")
    forbindelse.execute("DELETE FROM t")
    forbindelse.execute("INSERT INTO t VALUES (?)", (vaerdi,))
    assert forbindelse.execute("SELECT v, typeof(v) FROM t").fetchone() == (forventet, type_)
    assert forbindelse.execute("SELECT count(*) FROM t WHERE v IS ?", (vaerdi,)).fetchone() == (1,)
