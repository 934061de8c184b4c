"""The unit of work's Kerne and read_ahead.Raekker reach the ORM session's and a Result's own
attributes by a descriptor each, not by `__getattr__` (CPython 3.11 specialises no attribute
read of a class with one: every read of their own attributes went the generic way)."""

from __future__ import annotations

import pytest
from sqlalchemy import column, create_engine, select
from sqlalchemy.engine.result import IteratorResult
from sqlalchemy.orm import Session

from fravaer.adapters.db.read_ahead import Raekker, _metadata
from fravaer.adapters.db.unit_of_work import Kerne


@pytest.mark.parametrize("klasse", [Kerne, Raekker])
def test_no_getattr(klasse):
    assert not hasattr(klasse, "__getattr__")
    assert klasse.__getattribute__ is object.__getattribute__


def test_kerne_reaches_every_public_name_of_the_orm_session():
    for navn in set(dir(Session)) | set(vars(Session())):
        if not navn.startswith("_"):
            assert hasattr(Kerne, navn), navn


def test_kerne_hands_the_orm_session_its_own():
    engine = create_engine("sqlite://")
    with engine.connect() as forbindelse:
        kerne = Kerne(forbindelse)
        kerne.tomme.add(("moedetider", 1))
        assert kerne.in_transaction() is False  # an ORM session's method, on its session
        assert kerne._orm is not None and kerne.tomme == set()  # made; what was known forgotten
        assert kerne.no_autoflush is not None
        kerne.info["x"] = 1  # an attribute of the ORM session's instance
        assert kerne._orm.info == {"x": 1}
        with pytest.raises(AttributeError):
            kerne.ingen_saadan  # noqa: B018


Q = select(column("a"), column("b"))


def test_raekker_reaches_a_results_other_names():
    for navn in dir(IteratorResult):
        if not navn.startswith("__"):
            assert hasattr(Raekker, navn), navn
    raekker = [(1, "x"), (2, "y")]
    assert Raekker(Q, list(raekker)).keys() == IteratorResult(_metadata(Q), iter(raekker)).keys()
    vores, deres = Raekker(Q, list(raekker)), IteratorResult(_metadata(Q), iter(list(raekker)))
    assert [tuple(r) for r in vores.fetchmany(1)] == [tuple(r) for r in deres.fetchmany(1)]
    with pytest.raises(AttributeError):
        Raekker(Q, []).ingen_saadan  # noqa: B018
