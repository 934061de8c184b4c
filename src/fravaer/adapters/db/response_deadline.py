"""A PostgreSQL connection that gives up on a round trip after a deadline (issue 17 item 2).

A database that stalls (packets held, nothing closed; a frozen server or proxy) answers no
statement, and TCP does not notice while the peer's kernel still acknowledges. PostgreSQL's own
statement_timeout runs on the stalled side, so only the client can bound the wait: every wait
of the connection (a statement, a fetch, COMMIT, ROLLBACK) gets at most `svarfrist` seconds.
Past it the connection is closed, its state being unknown, and SQLAlchemy throws it away."""

from __future__ import annotations

import psycopg

# psycopg's wait functions raise this private subclass of OperationalError when their timeout
# runs out; looked up by name so that a psycopg without it fails loudly at import
_VENTETID_UDLOEBET = psycopg.errors._WaitTimeout


class SvarfristOverskredet(psycopg.OperationalError):
    """The database did not answer within the deadline; the connection was closed."""


class FristForbindelse(psycopg.Connection):
    svarfrist: float | None = None

    def wait(self, gen, *args, **kwargs):
        if self.svarfrist is None or kwargs.get("timeout") is not None:
            return super().wait(gen, *args, **kwargs)
        try:
            return super().wait(gen, *args, **dict(kwargs, timeout=self.svarfrist))
        except _VENTETID_UDLOEBET:
            raise overskredet(self) from None


def overskredet(forbindelse: FristForbindelse) -> SvarfristOverskredet:
    """The connection closed (mid-protocol: unusable, and `closed` makes SQLAlchemy invalidate
    it) and the error its wait past the deadline raises (also pq_pipeline's own wait)."""
    forbindelse.close()
    return SvarfristOverskredet(f"databasen svarede ikke inden {forbindelse.svarfrist:g} s")


def forbind(svarfrist: float, *cargs, **cparams) -> FristForbindelse:
    forbindelse = FristForbindelse.connect(*cargs, **cparams)
    forbindelse.svarfrist = svarfrist
    return forbindelse
