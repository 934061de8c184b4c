"""A statement run on the driver's cursor (adapters/db/read_ahead.py) gets its parameters as
SQLAlchemy's own execution would give them: every type's bind processor applied, also when an
expanding IN list is expanded beside them. A date left raw reaches sqlite3's default adapter,
which Python 3.12 deprecated (the suite runs with warnings as errors) and which writes datetimes
in another text form than SQLAlchemy stores them in."""

from datetime import date, datetime

from sqlalchemy.dialects import sqlite

from fravaer.adapters.db import read_ahead, repository


def test_an_expanded_list_keeps_the_other_parameters_processed():
    c = repository._HAENDELSER.compile(dialect=sqlite.dialect())
    assert "POSTCOMPILE" in c.string  # the case: an IN list expanded when run
    _, bind = read_ahead._sql_og_parametre(c, {"ids": [1, 2], "fra": date(2025, 1, 1),
                                               "til": date(2025, 2, 1)})
    assert not any(isinstance(v, date | datetime) for v in bind)
    assert "2025-01-01" in bind and "2025-02-01" in bind and 1 in bind and 2 in bind
