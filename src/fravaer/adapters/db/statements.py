"""Counting what a piece of work sends to the database, so that a regression in round trips
shows in a test and the benchmark can print statements per request (issue 13)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, event

from fravaer.adapters.db.engine import UDEN_TRANSAKTION, WRITE_OPTION

# the context a statement is announced with when it went in the round trip of the one before it
# (a pipeline: adapters/db/read_ahead.py)
FOLDET = object()


def meld(forbindelse, markoer, sql: str, parametre, kontekst=None, mange: bool = False) -> None:
    """Announce a statement we send past SQLAlchemy's execution to the engine's (and the
    connection's) `before_cursor_execute` listeners, as SQLAlchemy announces its own: only when
    there are any, by SQLAlchemy's own flags (a dispatch to no listener cost a PostgreSQL write
    eleven calls of SQLAlchemy's event machinery and its joined listeners: issue 13)."""
    if forbindelse._has_events or forbindelse.engine._has_events:
        forbindelse.dispatch.before_cursor_execute(forbindelse, markoer, sql, parametre, kontekst, mange)


@dataclass
class Optaelling:
    statements: int = 0  # SQL statements the cursor executed
    commits: int = 0
    rollbacks: int = 0
    begins: int = 0  # transactions begun (psycopg sends its BEGIN as a round trip of its own)
    pings: int = 0  # the pool's liveness checks at checkout
    foldede: int = 0  # statements sent in the round trip of the one before them (a pipeline)
    tekster: list[str] = field(default_factory=list)

    def rundture(self, dialekt: str) -> int:
        """Round trips to the database: every statement (those of a pipeline together one),
        commit, rollback and ping, and on PostgreSQL the driver's own BEGIN (on SQLite BEGIN is a
        statement, already counted)."""
        return (self.statements - self.foldede + self.commits + self.rollbacks + self.pings
                + (self.begins if dialekt == "postgresql" else 0))


class StatementTaeller:
    """Counts on `engine` (every connection of its pool) while open; `nulstil()` starts again.
    Open it before the work: a connection lent while the engine had no listener does not join
    the engine's events (engine.forbind), so one lent before the counter opened is not heard."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.o = Optaelling()

    def nulstil(self) -> Optaelling:
        gammel, self.o = self.o, Optaelling()
        return gammel

    def _execute(self, conn, cursor, statement, parameters, context, executemany):
        self.o.statements += 1
        if context is FOLDET:
            self.o.foldede += 1
        self.o.tekster.append(" ".join(statement.split())[:160])

    @staticmethod
    def _autocommit(conn) -> bool:
        # without a transaction the driver sends neither BEGIN nor ROLLBACK (UDEN_TRANSAKTION:
        # our round trips send none, psycopg's cursor runs in autocommit: unit_of_work.Kerne)
        valg = conn.get_execution_options()
        return valg.get("isolation_level") == "AUTOCOMMIT" or (
            conn.dialect.name == "postgresql" and valg.get(UDEN_TRANSAKTION, False))

    def _begin(self, conn):
        if conn.dialect.name == "sqlite":
            # SQLite's BEGIN is a statement the dialect sends (engine._begin_paa_sqlite), past
            # SQLAlchemy's statement events
            skriv = conn.get_execution_options().get(WRITE_OPTION, False)
            self._execute(conn, None, "BEGIN IMMEDIATE" if skriv else "BEGIN", (), None, False)
        if not self._autocommit(conn):
            self.o.begins += 1

    def _commit(self, conn):
        self.o.commits += 1

    def _rollback(self, conn):
        if not self._autocommit(conn):
            self.o.rollbacks += 1

    def _ping(self, *args):
        self.o.pings += 1
        return self._do_ping(*args)

    def __enter__(self) -> StatementTaeller:
        event.listen(self.engine, "before_cursor_execute", self._execute)
        event.listen(self.engine, "begin", self._begin)
        event.listen(self.engine, "commit", self._commit)
        event.listen(self.engine, "rollback", self._rollback)
        self._do_ping = self.engine.dialect.do_ping
        self.engine.dialect.do_ping = self._ping  # type: ignore[method-assign]  # counted while held
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._execute)
        event.remove(self.engine, "begin", self._begin)
        event.remove(self.engine, "commit", self._commit)
        event.remove(self.engine, "rollback", self._rollback)
        self.engine.dialect.do_ping = self._do_ping  # type: ignore[method-assign]
