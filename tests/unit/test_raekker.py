"""read_ahead.Raekker answers as SQLAlchemy's Result would for the same rows (the repositories
take rows from either)."""

from __future__ import annotations

import pytest
from sqlalchemy import column, select
from sqlalchemy.engine.result import IteratorResult
from sqlalchemy.exc import MultipleResultsFound, NoResultFound

from fravaer.adapters.db.read_ahead import Raekker, _metadata

Q = select(column("a"), column("b"))
RAEKKER = [(1, "x"), (2, "y")]


def _begge(raekker):
    return Raekker(Q, list(raekker)), IteratorResult(_metadata(Q), iter(list(raekker)))


@pytest.mark.parametrize("hvordan", [
    lambda r: [tuple(x) for x in r.all()],
    lambda r: [(x.a, x.b, x[0]) for x in r],
    lambda r: (lambda f: f and (f.a, f.b))(r.first()),
    lambda r: r.scalar(),
    lambda r: r.scalars().all(),
    lambda r: list(r.scalars()),
    lambda r: [dict(m) for m in r.mappings()],
    lambda r: (r.all(), r.all())[1],  # a Result's rows are taken once
])
@pytest.mark.parametrize("raekker", [RAEKKER, RAEKKER[:1], []])
def test_as_a_result(hvordan, raekker):
    vores, deres = _begge(raekker)
    assert hvordan(vores) == hvordan(deres)


def test_one():
    vores, deres = _begge(RAEKKER[:1])
    assert tuple(vores.one()) == tuple(deres.one())
    assert Raekker(Q, RAEKKER[:1]).scalar_one() == 1
    with pytest.raises(MultipleResultsFound):
        Raekker(Q, RAEKKER).one()
    with pytest.raises(NoResultFound):
        Raekker(Q, []).scalar_one()
