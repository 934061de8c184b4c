"""Our prebuilt statements on PostgreSQL straight through libpq's pipeline mode (issue 13).

psycopg's cursor in pipeline mode cost a PostgreSQL write a third of its CPU time in psycopg's
own Python layers: a cursor per statement, its query converted and its parameters dumped by way
of Python objects each time, a pipeline entered per round trip, and 23 waits per write (every
execute, every pipeline's entry and exit, each its generators). Here one round trip is one wait:
each text is converted once, the parameters are dumped and the rows loaded by psycopg's own (C)
Transformer, and each statement is prepared on a connection once, by a name of ours, in the
round trip of its first use. psycopg's own state never sees any of it: the connection is in
pipeline mode only inside `rundtur`, and left there only closed (its state unknown)."""

from __future__ import annotations

import select
from collections.abc import Callable, Generator, Sequence
from time import monotonic
from typing import Any

import psycopg
from psycopg import errors, pq, waiting
from psycopg._queries import _query2pg  # the text conversion psycopg's cursor does (cached)
from psycopg.adapt import Transformer
from psycopg.generators import fetch_many, send

from fravaer.adapters.db.response_deadline import overskredet

_OK = pq.ConnStatus.OK
_IDLE = pq.TransactionStatus.IDLE
_INTRANS = pq.TransactionStatus.INTRANS
_INERROR = pq.TransactionStatus.INERROR
_PIPELINE_OFF = pq.PipelineStatus.OFF
_FATAL_ERROR = pq.ExecStatus.FATAL_ERROR
_PIPELINE_SYNC = pq.ExecStatus.PIPELINE_SYNC
_PIPELINE_ABORTED = pq.ExecStatus.PIPELINE_ABORTED
_UKENDT_NAVN = "26000"  # invalid_sql_statement_name: a prepared statement of ours is gone
# feature_not_supported, as a prepared statement of ours fails once a table it reads changed its
# columns' types (ALTER TABLE … TYPE, a type dropped and made again: "cached plan must not change
# result type"): its result types were fixed when it was prepared, and they are how the kept
# Transformers' loaders were chosen
_ANDEN_FORM = "0A000"

MAKS_NAVNE = 200  # prepared statements of ours on one connection (past it: unnamed ones)
# A statement with a list parameter longer than this is sent unnamed, i.e. planned for its values
# each time. Once a named statement has run five times, PostgreSQL keeps the plan it made without
# the values (the generic plan) if that looks no dearer, and it prices a list it cannot see as ten
# values: for a list of a thousand employments (HentKvoter, a mass registration's reads) that plan
# cost the server twice the time of one planned for the list (measured: 15 -> 30 ms of a
# HentKvoter for 1,000). Planning for the values costs far less than that for such a list.
STOR_LISTE = 50


class StorListe:
    """Marks a parameter that holds a list longer than STOR_LISTE (any_list's array literals)."""

    __slots__ = ()
BEGIN = b"BEGIN"
COMMIT = b"COMMIT"
# BEGIN and COMMIT as statements of ours prepared on the connection (by these keys among the
# others'): sent unnamed, each was parsed, analysed and made a plan of in the server at every
# round trip that sent it (~7k instructions each a write: issue 13); prepared, its plan is kept
# (PostgreSQL never plans a transaction statement anew for its values, nor checks it again).
# A prepared COMMIT in a failed transaction rolls it back, as the text does.
_BEGIN_NOEGLE = (BEGIN, None)
_COMMIT_NOEGLE = (COMMIT, None)

# by SQL text: (the query as PostgreSQL takes it, the parameters' formats, their names in order)
_TEKSTER: dict[str, tuple[bytes, list, list[str] | None]] = {}


class _Forbindelsen:
    """What this module keeps on a psycopg connection: its Transformer, and the statements of
    ours prepared on it by (query, parameter types), as psycopg's own prepared statements are.

    A Transformer keeps the dumpers and loaders it looked up, and those of `laesere` are not
    looked up again at all: they are dropped when the connection's adapters change (a
    `register_type`, `register_loader` or `register_dumper` on the connection: a psycopg cursor
    made after it would see it), and when a prepared statement of ours no longer gives the
    columns it was prepared with (ALTER TABLE … TYPE: _ANDEN_FORM). Only named statements keep
    loaders: an unnamed one is planned anew at every run, its columns' types with it."""

    __slots__ = ("forbered", "laesere", "naeste", "navne", "raa", "tx")

    def __init__(self, raa: psycopg.Connection):
        self.raa = raa
        self.tx = Transformer(raa)
        # by (query, parameter types), which fix its results' columns: a Transformer whose row
        # loaders were looked up for them once, and their number (raekker)
        self.laesere: dict[tuple[bytes, tuple], tuple[Any, int]] = {}
        self.navne: dict[tuple[bytes, tuple | None], bytes] = {}  # (None: BEGIN, COMMIT)
        self.naeste = 0
        # psycopg's DEALLOCATE ALL (after a rollback, when it had prepared statements of its own)
        # takes ours too: we forget them as it goes. A psycopg without that hook, or one told
        # not to prepare (prepare_threshold None: a pgbouncer), gets unnamed statements only.
        deallocate = getattr(raa, "_deallocate", None)
        self.forbered = raa.prepare_threshold is not None and deallocate is not None
        if deallocate is not None and self.forbered:
            navne, laesere = self.navne, self.laesere

            def _deallocate(navn):
                if navn is None:
                    navne.clear()
                    laesere.clear()  # (the schema may have changed: looked up again)
                return deallocate(navn)

            raa._deallocate = _deallocate  # type: ignore[method-assign]  # per connection
        _lyt_paa_adaptere(raa.adapters, self)

    def adaptere_aendret(self) -> None:
        """The connection's adapters changed: every Transformer of ours looks them up again."""
        self.tx = Transformer(self.raa)
        self.laesere.clear()


def _lyt_paa_adaptere(adapters, f: _Forbindelsen) -> None:
    """`f.adaptere_aendret()` after each loader or dumper registered on the connection's own
    adapters (psycopg's cursors copy the connection's map: a cursor's own registrations, and the
    global map's after the connection was made, never reach it). psycopg calls the map's
    loader callback (it sets one only on its cursors' maps) at every `register_loader`; the
    map's `register_dumper` is wrapped on this instance alone."""
    tidligere = adapters._register_loader_callback

    def loader_registreret(oid, loader) -> None:
        if tidligere is not None:
            tidligere(oid, loader)
        f.adaptere_aendret()

    registrer_dumper = adapters.register_dumper

    def register_dumper(cls, dumper) -> None:
        registrer_dumper(cls, dumper)
        f.adaptere_aendret()

    adapters._register_loader_callback = loader_registreret
    adapters.register_dumper = register_dumper


def _forbindelsen(raa) -> _Forbindelsen:
    f = raa.__dict__.get("_fravaer_pq")
    if f is None:
        f = raa.__dict__["_fravaer_pq"] = _Forbindelsen(raa)
    return f


def kan_bruges(raa, uden_transaktion: bool = False) -> bool:
    """Whether `rundtur` may run on `raa` now: the connection good, not in a pipeline of
    psycopg's, and psycopg not about to begin a transaction of its own (it would, outside
    autocommit, when none is open: that BEGIN is its cursor's) — unless the caller wants none
    (`uden_transaktion`: each statement on its own, as in autocommit)."""
    pgconn = raa.pgconn
    if pgconn.status != _OK or pgconn.pipeline_status != _PIPELINE_OFF:
        return False
    status = pgconn.transaction_status
    return status == _INTRANS or status == _INERROR or (
        status == _IDLE and (uden_transaktion or raa.autocommit))


def saet_autocommit(raa, vaerdi: bool) -> None:
    """`raa.autocommit = vaerdi` without psycopg's lock, generator and wait where its setter only
    sets its flag: no transaction open and no pipeline of psycopg's (its check then passes and
    nothing is sent); psycopg's own setter otherwise (which syncs a pipeline or refuses). A
    PostgreSQL write turns it on and off once each (issue 13)."""
    if raa.pgconn.transaction_status == _IDLE and raa._pipeline is None:
        raa._autocommit = bool(vaerdi)  # all psycopg's _set_autocommit_gen does then
    else:
        raa.autocommit = vaerdi


def tom(forbindelse) -> bool:
    """Whether psycopg's connection (or the pool's proxy of one) has nothing to commit or roll
    back: no transaction open, nor a pipeline, transaction block or two-phase transaction of
    psycopg's (its commit and rollback would then send nothing)."""
    raa = getattr(forbindelse, "dbapi_connection", forbindelse)  # the pool's proxy, or psycopg's
    return (raa is not None and raa.pgconn.transaction_status == _IDLE and raa._pipeline is None
            and not raa._num_transactions and not raa._tpc)


def uden_tomme_afslutninger(dialekt) -> None:
    """SQLAlchemy's commit and rollback of a psycopg connection with no transaction open (nor a
    pipeline, nor a transaction block or two-phase transaction of psycopg's) return at once:
    psycopg would take its lock and run a generator through its wait to send nothing. A write
    on PostgreSQL sends its COMMIT in its last round trip; SQLAlchemy then commits, and the pool
    rolls back at its return, both into psycopg with nothing to do (issue 13). Anything else is
    psycopg's own (which sends, or refuses)."""
    commit, rollback = dialekt.do_commit, dialekt.do_rollback

    def do_commit(forbindelse) -> None:
        if not tom(forbindelse):
            commit(forbindelse)

    def do_rollback(forbindelse) -> None:
        if not tom(forbindelse):
            rollback(forbindelse)

    dialekt.do_commit, dialekt.do_rollback = do_commit, do_rollback


def _tekst(sql: str, encoding: str) -> tuple[bytes, list, list[str] | None]:
    kendt = _TEKSTER.get(sql)
    if kendt is None:
        query, formater, orden, _ = _query2pg(sql.encode(encoding), encoding)
        if len(_TEKSTER) > 2048:
            _TEKSTER.clear()
        kendt = _TEKSTER[sql] = (query, formater, orden)
    return kendt


class Fejl(Exception):
    """A statement of the round trip failed: `indeks` is its place among the statements (-1: the
    BEGIN, their number: the COMMIT), `fejl` psycopg's exception for it, as its cursor raises it."""

    def __init__(self, indeks: int, fejl: psycopg.Error):
        super().__init__(indeks, fejl)
        self.indeks = indeks
        self.fejl = fejl


def rundtur(raa, statements: Sequence[tuple], begin: bool = False,
            commit: bool = False, former: list | None = None) -> list:
    """Send `statements` ((SQL in psycopg's paramstyle, its parameters) each — or (SQL, its
    parameters' values in the order of the text's placeholders (`orden`), the places of those
    that may be a StorListe): a statement's Plan in read_ahead.py) on `raa` in one round trip,
    after BEGIN and before COMMIT when asked; their results (PGresult) in order. A
    statement that fails raises `Fejl` once every result up to the round trip's end was read
    (the connection then as after that statement's error with psycopg's cursor); a failure of
    the connection itself, or any exception while the round trip was under way (a timeout, a
    killed green thread), closes the connection (its protocol state unknown) and propagates.
    `former`: filled with each statement's (query, parameter types), which fix the types of its
    results' columns while it stays prepared (None for a text sent as it is or an unnamed
    statement): `raekker` looks their loaders up once."""
    f = _forbindelsen(raa)
    tx = f.tx
    encoding = tx.encoding
    # everything converted and dumped before anything is sent (a parameter psycopg cannot
    # adapt raises here, with nothing sent)
    kommandoer: list[tuple] = []
    nye: dict[tuple[bytes, tuple | None], bytes] = {}
    for statement in statements:
        # by index: a starred unpacking builds a list per statement (~1k instructions)
        sql = statement[0]
        parametre = statement[1]
        query, formater, orden = _tekst(sql, encoding)
        if parametre is None:  # as psycopg: the text as it is
            kommandoer.append((None, sql.encode(encoding), None, None, None, None))
            if former is not None:
                former.append(None)
            continue
        if len(statement) > 2:
            # already in the text's order (orden); only the places given may hold a StorListe
            vaerdier = parametre
            steder = statement[2]
            stor = any(isinstance(vaerdier[i], StorListe) for i in steder) if steder else False
        else:
            if orden is not None:
                try:
                    vaerdier = [parametre[n] for n in orden]
                except KeyError as e:
                    raise Fejl(len(kommandoer), errors.ProgrammingError(
                        f"query parameter missing: {e.args[0]}")) from None
            else:
                vaerdier = list(parametre)
            stor = _stor_liste(vaerdier)
        params = tx.dump_sequence(vaerdier, formater)
        typer = tx.types or ()
        noegle = (query, typer)
        forbered = f.forbered and not stor
        navn = f.navne.get(noegle) if forbered else None
        ny = None
        if navn is None and forbered and len(f.navne) + len(nye) < MAKS_NAVNE:
            navn = nye.get(noegle)
            if navn is None:
                navn = ny = _navngiv(f, noegle, nye)
        if former is not None:
            # an unnamed statement's columns may differ at its next run: its loaders not kept
            former.append(None if navn is None else noegle)
        kommandoer.append((navn, query, params, typer, tx.formats, ny))
    # BEGIN's and COMMIT's names when prepared already (the usual case: nothing more to do),
    # else (None) the names they are prepared by in this round trip, or None: sent unnamed
    navne = f.navne
    begin_navn = navne.get(_BEGIN_NOEGLE) if begin else None
    begin_ny = _navngiv(f, _BEGIN_NOEGLE, nye) if begin and begin_navn is None else None
    commit_navn = navne.get(_COMMIT_NOEGLE) if commit else None
    commit_ny = _navngiv(f, _COMMIT_NOEGLE, nye) if commit and commit_navn is None else None
    pgconn = raa.pgconn
    svar: list = []
    with raa.lock:
        if pgconn.status != _OK:
            raise errors.OperationalError("the connection is closed")
        pgconn.enter_pipeline_mode()
        try:
            antal = 0
            if begin_navn is not None:
                pgconn.send_query_prepared(begin_navn, None)
                antal += 1
            elif begin:
                antal += _send_afslutning(pgconn, BEGIN, begin_ny)
            for navn, query, params, typer, formater, ny in kommandoer:
                if navn is None:
                    pgconn.send_query_params(query, params, param_types=typer, param_formats=formater)
                    antal += 1
                    continue
                if ny is not None:
                    pgconn.send_prepare(navn, query, param_types=typer)
                    antal += 1
                pgconn.send_query_prepared(navn, params, param_formats=formater)
                antal += 1
            if commit_navn is not None:
                pgconn.send_query_prepared(commit_navn, None)
                antal += 1
            elif commit:
                antal += _send_afslutning(pgconn, COMMIT, commit_ny)
            pgconn.pipeline_sync()
            vent = _venter()
            if vent is None:
                resultater = raa.wait(_rundtur(pgconn, antal))
            else:
                resultater = _laes(raa, pgconn, antal, vent)
            pgconn.exit_pipeline_mode()
        except BaseException:
            _luk(raa)
            raise
    # the results, in the order sent: a statement's prepare (first use) before it
    i = 0
    fejl: Fejl | None = None
    if begin_ny is not None:
        i, fejl = _afslutningens(f, resultater, i, _BEGIN_NOEGLE, begin_ny, -1, encoding, None)
    elif begin:
        fejl = _tjek(resultater[0], -1, encoding)
        i = 1
    for nr, (navn, query, _, typer, _, ny) in enumerate(kommandoer):
        if ny is not None:
            r = resultater[i]
            i += 1
            if r.status != _FATAL_ERROR and r.status != _PIPELINE_ABORTED:
                f.navne[(query, typer)] = navn  # prepared: there from now on
            elif fejl is None:
                fejl = _tjek(r, nr, encoding)
        r = resultater[i]
        i += 1
        if fejl is None and ((status := r.status) == _FATAL_ERROR or status == _PIPELINE_ABORTED):
            fejl = _tjek(r, nr, encoding)
        svar.append(r)
    if commit_ny is not None:
        i, fejl = _afslutningens(f, resultater, i, _COMMIT_NOEGLE, commit_ny, len(kommandoer),
                                 encoding, fejl)
    elif commit and fejl is None:
        fejl = _tjek(resultater[i], len(kommandoer), encoding)
    if fejl is not None:
        sqlstate = fejl.fejl.sqlstate
        if sqlstate == _UKENDT_NAVN or (sqlstate == _ANDEN_FORM and 0 <= fejl.indeks < len(kommandoer)
                                        and kommandoer[fejl.indeks][0] is not None
                                        and kommandoer[fejl.indeks][5] is None):
            # someone deallocated them (DISCARD ALL?), or a table's columns changed type: prepared
            # again (under new names) from now on, their loaders looked up again
            f.navne.clear()
            f.laesere.clear()
        raise fejl
    return svar


def _navngiv(f: _Forbindelsen, noegle: tuple, nye: dict) -> bytes | None:
    """The name a statement (`noegle`: a query's, BEGIN's or COMMIT's), not yet prepared on the
    connection, is prepared by in this round trip (kept in `nye`), or None: sent unnamed (no
    statements of ours prepared here, or too many)."""
    if not f.forbered or len(f.navne) + len(nye) >= MAKS_NAVNE:
        return None
    navn = nye[noegle] = b"_fravaer_%d" % f.naeste
    f.naeste += 1
    return navn


def _send_afslutning(pgconn, tekst: bytes, ny: bytes | None) -> int:
    """BEGIN or COMMIT sent unnamed, or prepared as `ny` first: the number of results it gives."""
    if ny is None:
        pgconn.send_query_params(tekst, None)
        return 1
    pgconn.send_prepare(ny, tekst)
    pgconn.send_query_prepared(ny, None)
    return 2


def _afslutningens(f: _Forbindelsen, resultater: list, i: int, noegle: tuple, ny: bytes, indeks: int,
                   encoding: str, fejl: Fejl | None) -> tuple[int, Fejl | None]:
    """The results of BEGIN or COMMIT prepared as `ny` in this round trip, from place `i` (the
    prepare's first): the place after them and the round trip's first failure (`fejl`, or this
    one's)."""
    r = resultater[i]
    if r.status != _FATAL_ERROR and r.status != _PIPELINE_ABORTED:
        f.navne[noegle] = ny  # prepared: there from now on
    elif fejl is None:
        fejl = _tjek(r, indeks, encoding)
    if fejl is None:
        fejl = _tjek(resultater[i + 1], indeks, encoding)
    return i + 2, fejl


def orden(sql: str) -> list[str] | None:
    """The names of a text's placeholders in the order PostgreSQL numbers them (psycopg's
    conversion; names are ASCII, so any encoding gives the same)."""
    return _tekst(sql, "utf-8")[2]


def _stor_liste(vaerdier: list) -> bool:
    for v in vaerdier:
        if isinstance(v, StorListe):
            return True
    return False


def _tjek(r, indeks: int, encoding: str) -> Fejl | None:
    if r.status == _FATAL_ERROR:
        return Fejl(indeks, errors.error_from_result(r, encoding=encoding))
    if r.status == _PIPELINE_ABORTED:  # only after a failure, which came first
        return Fejl(indeks, errors.PipelineAborted("pipeline aborted"))
    return None


def _rundtur(pgconn, antal: int) -> Generator[Any, Any, list]:
    """psycopg's wait generator for a round trip of `antal` commands and a sync, already in
    libpq's buffer: their results (one each) once the sync's has come. psycopg's own (C)
    generators do the sending and the reading."""
    yield from send(pgconn)
    resultater = []
    for _ in range(antal):
        rs = yield from fetch_many(pgconn)
        if len(rs) != 1 or rs[0].status == _PIPELINE_SYNC:
            raise errors.InternalError(f"uventet svar i pipelinen: {[r.status for r in rs]}")
        resultater.append(rs[0])
    rs = yield from fetch_many(pgconn)
    if len(rs) != 1 or rs[0].status != _PIPELINE_SYNC:
        raise errors.InternalError(f"pipelinens sync mangler: {[r.status for r in rs]}")
    return resultater


# A wait on a socket: (its descriptor, also for writing?, the deadline (monotonic) or None) ->
# what it is ready for (LAESBAR | SKRIVBAR; 0: the deadline passed)
Vent = Callable[[int, bool, "float | None"], int]
LAESBAR, SKRIVBAR = 1, 2
# an error, a hang-up or a closed descriptor: for libpq to find (and raise) when it reads
_POLL_LAES = select.POLLIN | select.POLLERR | select.POLLHUP | select.POLLNVAL
_WAIT_C = getattr(waiting, "wait_c", None)


def _vent_blokerende(fd: int, skriv: bool, frist: float | None) -> int:
    """A wait of this (real) thread; Ctrl-C and other signals interrupt it (PEP 475)."""
    p = select.poll()
    p.register(fd, select.POLLIN | select.POLLOUT if skriv else select.POLLIN)
    ms = -1 if frist is None else max(0, int((frist - monotonic()) * 1000) + 1)
    klar = 0
    for _, haendelser in p.poll(ms):
        if haendelser & _POLL_LAES:
            klar |= LAESBAR
        if haendelser & select.POLLOUT:
            klar |= SKRIVBAR
    return klar


def _venter() -> Vent | None:
    """How `rundtur` waits, by psycopg's own wait: psycopg's C wait means real threads (in a
    gevent worker server.py replaces it), psycopg_gevent's its wait in the event loop; any other
    (a wait of psycopg's own in Python, gevent's without ours): None, psycopg's wait with our
    generator."""
    w = waiting.wait
    if w is _WAIT_C:
        return _vent_blokerende
    return getattr(w, "fravaer_vent", None)


def _laes(raa, pgconn, antal: int, vent: Vent) -> list:
    """What `_rundtur` does through psycopg's wait, as one loop over libpq's calls: a round trip
    of `antal` commands and a sync, already in libpq's buffer, sent; their results (one each)
    once the sync's has come. psycopg's wait layers (the connection's wait, ours of
    response_deadline, the C wait driving a Python generator, a generator per result) cost a
    round trip of five commands 21k instructions more in threads, 31k under gevent (issue 13: a
    guessed Opret 2,270k -> 2,241k in threads). The round trip
    waits at most the connection's `svarfrist` (adapters/db/response_deadline.py) in all, as
    psycopg's wait with that timeout; past it the connection is closed."""
    svarfrist = getattr(raa, "svarfrist", None)
    frist = None if svarfrist is None else monotonic() + svarfrist
    fd = pgconn.socket
    laes = pgconn.consume_input
    while pgconn.flush():
        klar = vent(fd, True, frist)
        if not klar:
            raise overskredet(raa)
        if klar & LAESBAR:
            laes()  # the server may answer while we send: its answers kept in libpq's buffer
    optaget, hent = pgconn.is_busy, pgconn.get_result
    resultater = []
    # each command's result and then None (its end), and the sync's last, as _rundtur expects
    for i in range(2 * antal + 1):
        while optaget():
            if not vent(fd, False, frist):
                raise overskredet(raa)
            laes()
        r = hent()
        if i & 1:
            if r is not None:
                raise errors.InternalError(f"uventet svar i pipelinen: {r.status}")
        elif i == 2 * antal:
            if r is None or r.status != _PIPELINE_SYNC:
                raise errors.InternalError(
                    f"pipelinens sync mangler: {None if r is None else r.status}")
        elif r is None or r.status == _PIPELINE_SYNC:
            raise errors.InternalError(f"uventet svar i pipelinen: {None if r is None else r.status}")
        else:
            resultater.append(r)
    return resultater


def _luk(raa) -> None:
    """The connection left mid-protocol: closed (SQLAlchemy then throws it away: `closed`)."""
    try:
        raa.close()
    except Exception:  # closing a broken connection: nothing more to do
        pass


MAKS_LAESERE = 200  # Transformers kept per connection for raekker (past it: emptied)


def raekker(raa, r, form: tuple[bytes, tuple] | None = None) -> list[tuple]:
    """A result's rows as psycopg's cursor gives them (tuples, each value loaded by its type).
    `form`: its statement's (query, parameter types) as `rundtur` gave them, which fix its
    columns' types (the results come in text): the loaders psycopg's Transformer looks up per
    column of every result are looked up once per connection, in a Transformer kept for them
    (a guessed Opret's 45 columns cost ~30k instructions in those lookups: issue 13)."""
    f = _forbindelsen(raa)
    if form is None:
        tx = f.tx
        tx.set_pgresult(r)
        return tx.load_rows(0, r.ntuples, tuple)
    kendt = f.laesere.get(form)
    if kendt is not None and kendt[1] == r.nfields:
        tx = kendt[0]
        tx.set_pgresult(r, set_loaders=False)  # the loaders it has
    else:
        if len(f.laesere) >= MAKS_LAESERE:
            f.laesere.clear()
        tx = Transformer(f.tx.connection)
        tx.set_pgresult(r)
        f.laesere[form] = (tx, r.nfields)
    try:
        return tx.load_rows(0, r.ntuples, tuple)
    finally:
        # the result not held by the kept Transformer (set_loaders by name: psycopg's Python
        # Transformer takes it by name only, the C one either way)
        tx.set_pgresult(None, set_loaders=False)


def kolonnetyper(r) -> list[int]:
    return [r.ftype(i) for i in range(r.nfields)]


def raekkeantal(r) -> int:
    n = r.command_tuples
    return -1 if n is None else n
