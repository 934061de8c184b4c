"""psycopg's wait for the server's answer, in a gevent worker, as one libev io watcher on the
connection's socket in the worker's event loop (issue 13).

psycopg consumes its generators (send, fetch: they yield what they wait for) through its `wait`;
under gevent that is wait_poll on the patched select.poll: per wait a poll object, its register,
and gevent's general select machinery (a watcher per fd, a greenlet's result, its lists). Here a
wait is one io watcher and one switch to the loop: the worker's CPU per round trip 115.5k -> 68.8k
instructions (callgrind, a PostgreSQL write in process). pq_pipeline's round trips wait without
psycopg's generators, each wait one such watcher (`vent_en`, found on the installed wait).

It relies on psycopg 3.3's wait internals (the `waiting` module's `wait` and its constants, the
`_WaitTimeout` its callers catch): they are isolated here, and `installer` leaves psycopg's own
wait in place when they are missing or different."""

from __future__ import annotations

from typing import Any

_EV_READ, _EV_WRITE = 1, 2  # libev's (and libuv's, in gevent) READ and WRITE


def installer() -> bool:
    """psycopg's `wait` made the one below, for the running gevent hub's loop. False (psycopg's
    own wait kept) when psycopg's internals are not as expected."""
    try:
        from gevent import get_hub
        from gevent._waiter import Waiter
        from psycopg import errors, waiting
    except ImportError:
        return False
    try:
        wait_r, wait_w, wait_rw = waiting.WAIT_R, waiting.WAIT_W, waiting.WAIT_RW
        ready_r, ready_w, ready_none = waiting.READY_R, waiting.READY_W, waiting.READY_NONE
        vent_ud = errors._WaitTimeout
        _ = waiting.wait
    except AttributeError:
        return False
    if getattr(waiting.wait, "fravaer_i_loekken", False):
        return True
    hvad = {wait_r: _EV_READ, wait_w: _EV_WRITE, wait_rw: _EV_READ | _EV_WRITE}
    from time import monotonic

    def _vent_paa(hub: Any, io: Any, frist: float | None) -> int:
        """One wait of this green thread on the watcher `io` (started for it, stopped after),
        until `frist` at most: the events libev gave, 0 when the deadline came first."""
        waiter = Waiter(hub)
        io.start(waiter.switch, pass_events=True)
        timer = None
        if frist is not None:
            timer = hub.loop.timer(max(0.0, frist - monotonic()))
            timer.start(waiter.switch, 0)
        try:
            return waiter.get()
        finally:
            io.stop()
            if timer is not None:
                timer.close()

    def vent_i_loekken(gen: Any, fileno: int, interval: float = 0.0, timeout: float | None = None):
        """psycopg's wait(gen, fileno, interval, timeout): `gen` driven until it returns, each of
        its waits a wait of this green thread on the socket in the loop. `interval` (a blocking
        wait's wake-ups, for Ctrl-C and a closed descriptor) is not needed here: a signal, a
        gevent.Timeout or a kill reach the waiting green thread through the loop, and a server that
        closes the connection makes the socket readable. After `timeout` seconds: _WaitTimeout."""
        frist = None if timeout is None else monotonic() + timeout
        hub = get_hub()
        loop = hub.loop
        io = None
        try:
            s = next(gen)
            io = loop.io(fileno, hvad[s])
            while True:
                haendelser = _vent_paa(hub, io, frist)
                klar: Any = ready_none
                if haendelser & _EV_READ:
                    klar = ready_r
                if haendelser & _EV_WRITE:
                    klar |= ready_w
                ny = gen.send(klar)
                if ny != s:
                    io.close()
                    io = loop.io(fileno, hvad[ny])
                    s = ny
                if frist is not None and monotonic() >= frist:
                    raise vent_ud("wait timeout expired")
        except StopIteration as slut:
            return slut.value
        finally:
            if io is not None:
                io.close()

    def vent_en(fd: int, skriv: bool, frist: float | None) -> int:
        """One wait on the socket in the loop, for pq_pipeline's own loop (pq_pipeline.Vent):
        what it is ready for (1 read, 2 write, as libev's), 0 when `frist` passed first."""
        hub = get_hub()
        io = hub.loop.io(fd, _EV_READ | _EV_WRITE if skriv else _EV_READ)
        try:
            return _vent_paa(hub, io, frist) & (_EV_READ | _EV_WRITE)
        finally:
            io.close()

    vent_i_loekken.fravaer_i_loekken = True  # type: ignore[attr-defined]
    vent_i_loekken.fravaer_vent = vent_en  # type: ignore[attr-defined]
    waiting.wait = vent_i_loekken
    return True
