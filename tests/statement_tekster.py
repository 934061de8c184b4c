"""Every statement's whole text as sent (StatementTaeller keeps 160 characters of each), for tests
that look at what a statement asks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def hele_tekster(engine) -> Iterator[list[str]]:
    """The texts (whitespace folded) of the statements `engine` sends while inside."""
    tekster: list[str] = []

    def hoer(conn, cursor, statement, *args):
        tekster.append(" ".join(statement.split()))
    event.listen(engine, "before_cursor_execute", hoer)
    try:
        yield tekster
    finally:
        event.remove(engine, "before_cursor_execute", hoer)
