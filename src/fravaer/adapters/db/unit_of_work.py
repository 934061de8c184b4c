"""One transaction per request: the unit of work opens it, holds the repositories, and commits
only when the use case says so (anything else rolls back: nothing is half-stored)."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, overload

from psycopg.pq import TransactionStatus
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from fravaer.adapters.db import pq_pipeline, read_ahead, tables
from fravaer.adapters.db.aendring_repository import AendringRepository
from fravaer.adapters.db.egne_typer_repository import EgenTypeRepository
from fravaer.adapters.db.engine import (
    KODEPUNKTORDEN,
    UDEN_TRANSAKTION,
    WRITE_OPTION,
    begynd,
    forbind,
    skrive_laas,
    sqlite_skrive_laas,
    udlaan,
)
from fravaer.adapters.db.indberetning_repository import IndberetningRepository
from fravaer.adapters.db.insert_batch import Samler
from fravaer.adapters.db.loen_repository import LoenRepository
from fravaer.adapters.db.login_repository import LoginSpaerringRepository
from fravaer.adapters.db.personale_repository import (
    AarsagRepository,
    ArbejdsskadesagRepository,
    BarselssagRepository,
    EnhedRepository,
    HistorikRepository,
    PersonRepository,
    StamdatalogRepository,
)
from fravaer.adapters.db.reference_cache import ReferenceCache, Referencer, cache_for
from fravaer.adapters.db.repository import (
    AnsaettelseRepository,
    BoernRepository,
    BrugerRepository,
    HaendelseRepository,
    HaendelseslogRepository,
    InstitutionRepository,
    KalenderRepository,
    KvotepostRepository,
    MoedetidRepository,
    NonceRepository,
    TransaktionRepository,
)
from fravaer.adapters.db.saerregel_repository import SaerregelRepository

T = TypeVar("T")

# The tables a bulk load fills, by what it loads (service.ports.Indhold)
_BULKTABELLER: dict[str, tuple[type[tables.Base], ...]] = {
    "stamdata": (tables.InstitutionRow, tables.EnhedRow, tables.PersonRow, tables.AnsaettelseRow,
                 tables.AnsaettelseshistorikRow, tables.BarnRow, tables.StamdatalogRow, tables.AendringRow),
    "haendelser": (tables.HaendelseRow, tables.TransaktionRow, tables.KvotepostRow, tables.AendringRow),
}


class Forudsaetning(Protocol):
    """A read the request's work may go on only after (its authentication checked against the
    database: service/autentificering.py), sent with the first statement of the request's first
    transaction — on PostgreSQL in the same round trip — and handed its row, which may refuse."""

    statement: object
    parametre: dict
    udfoert: bool

    def modtag(self, raekke) -> None: ...

    def udfoer(self) -> None: ...


# the request's pending Forudsaetning (set per request by whoever authenticates it)
FORUDSAETNING: ContextVar[Forudsaetning | None] = ContextVar("fravaer_forudsaetning", default=None)


def _med_valg(engine: Engine, navn: str, valg: dict) -> Engine:
    """`engine.execution_options(**valg)`, made once per engine (it costs a tenth of a
    millisecond: every request made one)."""
    alle = engine.__dict__.setdefault("fravaer_valg", {})
    e = alle.get(navn)
    if e is None:
        e = alle[navn] = engine.execution_options(**valg)
    return e


class _Laes(Generic[T]):
    """A unit of work's attribute made at its first use (`klasse(*the unit of work's attributes
    named)`), then an ordinary attribute of the instance (a non-data descriptor: the instance's
    own value hides it). Making all twenty-five repositories per request was 7 % of a read
    (issue 13). The attributes taken by one attrgetter, not a lambda: a Python frame less
    for each repository a request makes (about ten a write)."""

    def __init__(self, klasse: Callable[..., T], *navne: str):
        self._klasse = klasse
        self._hent = attrgetter(*navne)
        self._flere = len(navne) > 1
        self._navn = ""

    def __set_name__(self, ejer: type, navn: str) -> None:
        self._navn = navn

    @overload
    def __get__(self, uow: None, ejer: type) -> _Laes[T]: ...

    @overload
    def __get__(self, uow: UnitOfWork, ejer: type) -> T: ...

    def __get__(self, uow: UnitOfWork | None, ejer: type) -> T | _Laes[T]:
        if uow is None:
            return self
        if self._flere:
            vaerdi = uow.__dict__[self._navn] = self._klasse(*self._hent(uow))
        else:
            vaerdi = uow.__dict__[self._navn] = self._klasse(self._hent(uow))
        return vaerdi


class UnitOfWork:
    session: Kerne
    _cache: ReferenceCache
    _uden_forloeb: set[int]  # employments known to have a history of one date
    referencer = _Laes(Referencer, "_cache", "session")
    samler = _Laes(Samler, "session")
    institutioner = _Laes(InstitutionRepository, "session")
    ansaettelser = _Laes(AnsaettelseRepository, "session", "referencer", "_uden_forloeb")
    haendelser = _Laes(HaendelseRepository, "session", "samler")
    transaktioner = _Laes(TransaktionRepository, "session", "samler")
    log = _Laes(HaendelseslogRepository, "session", "samler")
    brugere = _Laes(BrugerRepository, "session", "referencer")
    nonces = _Laes(NonceRepository, "session")
    loginspaerring = _Laes(LoginSpaerringRepository, "session", "referencer")
    moedetider = _Laes(MoedetidRepository, "session")
    kalendere = _Laes(KalenderRepository, "session", "referencer")
    boern = _Laes(BoernRepository, "session")
    kvoteposter = _Laes(KvotepostRepository, "session")
    personer = _Laes(PersonRepository, "session")
    enheder = _Laes(EnhedRepository, "session")
    historik = _Laes(HistorikRepository, "session", "_uden_forloeb")
    barselssager = _Laes(BarselssagRepository, "session")
    arbejdsskadesager = _Laes(ArbejdsskadesagRepository, "session")
    aarsager = _Laes(AarsagRepository, "session")
    stamdatalog = _Laes(StamdatalogRepository, "session")
    saerregler = _Laes(SaerregelRepository, "session", "referencer")
    indberetninger = _Laes(IndberetningRepository, "session")
    egne_typer = _Laes(EgenTypeRepository, "session", "referencer")
    loen = _Laes(LoenRepository, "session")
    aendringer = _Laes(AendringRepository, "session", "samler")

    def __init__(self, engine: Engine, skriv: bool = False, enkelt_laesning: bool = False):
        """`enkelt_laesning`: the work only reads, and needs no snapshot across its reads (on
        PostgreSQL it then runs without BEGIN and ROLLBACK: two round trips fewer). Not by
        SQLAlchemy's isolation_level AUTOCOMMIT: that set psycopg's autocommit and isolation
        level when the connection was lent and again when it came back, four waits of psycopg's
        and SQLAlchemy's characteristics per read (issue 13); our round trips just send no BEGIN
        (UDEN_TRANSAKTION), and psycopg is put in autocommit only if its own cursor is used
        (Kerne._uden_psycopgs_begin)."""
        if skriv:
            self._engine: Engine = _med_valg(engine, "skriv", {WRITE_OPTION: True})
        elif enkelt_laesning and engine.dialect.name == "postgresql":
            self._engine = _med_valg(engine, "uden_transaktion", {UDEN_TRANSAKTION: True})
        else:
            self._engine = engine
        self._udlaan = udlaan(engine)  # the engine's connections kept between transactions
        self._laas = skrive_laas(engine) if skriv else None
        self._sqlite_fil = skriv and sqlite_skrive_laas(engine) is not None
        self._cache = cache_for(engine)

    def __enter__(self) -> UnitOfWork:
        if self._sqlite_fil:
            return self._skriv_paa_sqlite()
        if self._laas is not None:
            self._laas.__enter__()
        try:
            self._forbindelse = self._laan()
            self._transaktion = begynd(self._forbindelse)
        except BaseException:
            self._slip_laasen()
            raise
        self._kerne()
        return self

    def _skriv_paa_sqlite(self) -> UnitOfWork:
        """A write on a SQLite file: the connection lent and the request's pending login check
        (Forudsaetning) read before the write lock is taken, which the two workers' writes take
        turns at (issue 13): neither reads what the lock protects (the check reads the login
        throttle and the reference version, outside any transaction, as it would have been
        read a moment earlier; the lock holder never needs a second connection, so a writer
        waiting for the lock with one keeps nobody from finishing)."""
        assert self._laas is not None
        self._forbindelse = self._laan()
        try:
            self._kerne()
            self.session.forudsaet_foer_transaktionen()  # may refuse: then nothing was locked or begun
            self._laas.__enter__()
        except BaseException:
            self._forbindelse.close()
            raise
        try:
            self._transaktion = begynd(self._forbindelse)
        except BaseException:
            self._slip_laasen()
            self._forbindelse.close()
            raise
        return self

    def _laan(self):
        return self._udlaan.laan(self._engine) if self._udlaan is not None else forbind(self._engine)

    def _kerne(self) -> None:
        # The ORM session joins the connection's transaction (it neither commits nor rolls it
        # back: the unit of work does); the repositories' Core statements skip it (Kerne), and
        # it is made only when something needs it (most requests never do). So are the
        # repositories (_Laes): a request uses three or four of twenty-five.
        self.session = Kerne(self._forbindelse)
        self._uden_forloeb = set()
        self.efter_commit: list[Callable[[], object]] = []  # checks of what went with the COMMIT

    def __exit__(self, *exc) -> None:
        # The write lock is let go as soon as the transaction has ended: handing the connection
        # back to the pool needs no lock, and the next writer waits for none of it (issue 13).
        try:
            try:
                self.session.luk()
                if self._transaktion.is_active and self.session.afsluttet:
                    self._transaktion.commit()  # its COMMIT went with its last reads: nothing is sent
                if self._transaktion.is_active:
                    if self._udlaan is not None or self.session._egen_transaktion \
                            or self.session._autocommit_til:
                        # (psycopg's autocommit is restored after it)
                        self._transaktion.rollback()
                    else:
                        # close() rolls back and tells the pool, which then skips a second
                        # rollback of its own (every read paid two: issue 13)
                        self._forbindelse.close()
                self.session.afslut()
            finally:
                self._slip_laasen()
        finally:
            if self._udlaan is not None:
                self._udlaan.aflever(self._forbindelse)  # parked: no rollback at return either
            else:
                self._forbindelse.close()

    def _slip_laasen(self) -> None:
        if self._laas is not None:
            self._laas.__exit__(None, None, None)

    def opdater_statistik(self, indhold: str) -> None:
        """PostgreSQL plans from statistics only ANALYZE (or autovacuum, some time later — or never,
        where it is turned off) gathers: after a bulk load it runs here, in the load's own
        transaction (which it may be; it sees the load's rows and takes no lock a reader or writer
        waits for). SQLite plans by its indexes without statistics: nothing to do."""
        if self._forbindelse.dialect.name == "postgresql":
            navne = ", ".join(t.__tablename__ for t in _BULKTABELLER[indhold])
            self.session.execute(text(f"ANALYZE {navne}"))

    def commit(self) -> None:
        """Commit; then the checks of writes whose outcome came with the COMMIT (Samler.samlet's
        condition): one may still refuse — what it refused wrote nothing."""
        self.session.commit(self._transaktion)
        for tjek in self.efter_commit:
            tjek()


_INGEN = object()
# by statement (held: the id stays its): the place of the reference version in its rows, or -1
_MED_VERSION: dict[int, tuple[object, int]] = {}


def _versionens_plads(statement) -> int:
    kendt = _MED_VERSION.get(id(statement))
    if kendt is None or kendt[0] is not statement:
        if len(_MED_VERSION) > 64:
            _MED_VERSION.clear()
        noegler = list(statement.selected_columns.keys()) if hasattr(statement, "selected_columns") else []
        kendt = _MED_VERSION[id(statement)] = (
            statement, noegler.index("referenceversion") if "referenceversion" in noegler else -1)
    return kendt[1]


class Kerne:
    """What the repositories hold as `session`: a Core statement goes straight to the connection
    (Session.execute costs a tenth of a write in its own bookkeeping: issue 13); an ORM statement,
    and everything else (add, flush, begin_nested, …), to the ORM session on that connection.

    On PostgreSQL with psycopg 3 it also saves round trips (issue 13; adapters/db/read_ahead.py):
    reads announced together go in one pipeline (`laes_sammen`); the transaction's BEGIN goes in
    the pipeline of its first read (psycopg would send it alone and wait for it: the transaction is
    then this object's, psycopg's autocommit on until it ends); and writes deferred with `udskyd`
    go with the COMMIT, or before any other statement that comes first."""

    def __init__(self, forbindelse):
        self._forbindelse = forbindelse
        self._orm: Session | None = None
        self._forud = read_ahead.Forudlaesning()
        self.samler_laesninger = (forbindelse.dialect.name == "postgresql"
                                  and forbindelse.dialect.driver == "psycopg")
        valg = forbindelse.get_execution_options() if self.samler_laesninger else {}
        # no transaction: our round trips send no BEGIN (read_ahead.uden_transaktion)
        self._uden_transaktion = valg.get(UDEN_TRANSAKTION, False)
        # no statement sent yet, nor the BEGIN of a transaction (none without one)
        self._foerste = self.samler_laesninger and not self._uden_transaktion and \
            valg.get("isolation_level") != "AUTOCOMMIT"
        self._egen_transaktion = False  # BEGIN sent by us, psycopg in autocommit
        self._autocommit_til = False  # psycopg put in autocommit for its own cursor (no transaction)
        self.afsluttet = False  # that transaction committed with the reads of laes_sammen(sidste=True)
        self._udskudt: list[tuple[object, dict | read_ahead.Ordnede, Callable[[int], object] | None]] = []
        self._annonceret: list[tuple[object, dict]] = []
        self._forudsaetning = FORUDSAETNING.get()
        # the reference version the request's login check (a Forudsaetning whose statement reads it)
        # read in this transaction: _INGEN until then (version_med_login)
        self.login_version: object = _INGEN
        # what a write's locking read on SQLite (on PostgreSQL the read right after it) found its
        # employment without ("kvoteposter", "moedetider" and its id, "boern" and its person's
        # CPR: AnsaettelseRepository._noter_tomme, efter_laasen), so that those reads are
        # skipped; forgotten once the transaction writes
        self.tomme: set[tuple[str, object]] = set()
        # prebuilt SELECTs on the driver's cursor (read_ahead.direkte): the drivers whose
        # parameters and rows it knows
        self._direkte = forbindelse.dialect.driver in ("psycopg", "pysqlite")
        # the dialect's statement plans (read_ahead.Plan), by their statement's id
        self._planer = read_ahead.planer(forbindelse.dialect) if self._direkte else {}

    def _forudsaet(self) -> None:
        """The request's pending Forudsaetning, before anything else is sent (as a statement of
        its own: the pipeline's first round trip takes it along, _send)."""
        f, self._forudsaetning = self._forudsaetning, None
        if f is not None and not f.udfoert:
            f.udfoert = True
            self._modtag(f, self._direkte_eller_ej(f.statement, f.parametre).first())

    def _modtag(self, f: Forudsaetning, raekke) -> None:
        f.modtag(raekke)
        plads = _versionens_plads(f.statement)
        if plads >= 0:
            self.login_version = raekke[plads]

    def version_med_login(self) -> bool:
        """Whether this transaction reads the reference data's version with the request's login
        check (login_version): pending, it goes before any other statement (first in the next
        round trip, or on its own before it), or it was read. A PostgreSQL write's locking find
        then leaves the version out (AnsaettelseRepository: one scan less in the server)."""
        if self.login_version is not _INGEN:
            return True
        f = self._forudsaetning
        return f is not None and not f.udfoert and _versionens_plads(f.statement) >= 0

    def forudsaet_foer_transaktionen(self) -> None:
        """The pending Forudsaetning read now, before the transaction begins (SQLite: an
        autocommit read), on the driver's cursor — a statement through SQLAlchemy's connection
        would begin its transaction. Where that cannot be, it stays pending (_forudsaet)."""
        f = self._forudsaetning
        if f is None or f.udfoert or not self._direkte or not read_ahead.kan_samles(f.statement):
            return
        self._forudsaetning = None
        f.udfoert = True
        f.modtag(read_ahead.direkte(self._forbindelse, f.statement, f.parametre).first())

    def _udestaaende(self) -> bool:
        f = self._forudsaetning
        return f is not None and not f.udfoert

    def _uden_psycopgs_begin(self) -> None:
        """Before a statement goes through SQLAlchemy's connection (psycopg's cursor) in a unit
        of work without a transaction: psycopg in autocommit, as our round trips go (its cursor
        would begin one); restored in afslut()."""
        if self._uden_transaktion and not self._autocommit_til:
            raa = self._forbindelse.connection.dbapi_connection
            if not raa.autocommit and raa.info.transaction_status == TransactionStatus.IDLE:
                raa.autocommit = True
                self._autocommit_til = True

    @property
    def orm(self) -> Session:
        self.tomme.clear()  # the ORM may write
        if self._orm is None:
            self._uden_psycopgs_begin()
            self._send_udskudt()
            self._orm = Session(bind=self._forbindelse, expire_on_commit=False, autoflush=False)
        return self._orm

    # ------------------------------------------------------------ round trips saved

    def laes_sammen(self, annoncer: Callable[[], object], sidste: bool = False) -> None:
        """Run `annoncer`, whose repository reads are only announced (each gets no rows), then
        read them all in one round trip; the same reads asked for afterwards get those rows.
        Where nothing is gained (SQLite: no round trips), `annoncer` is not run at all: every
        read then goes as it is asked for. `sidste`: the work reads nothing it needs a snapshot
        for after these and writes nothing: the transaction, when it is ours, ends with them
        (its COMMIT in the same round trip: a read's ROLLBACK saved); a read after them runs on
        its own, a write is refused."""
        if not self.samler_laesninger:
            return
        self._forud.begynd()
        try:
            annoncer()
        finally:
            self._annonceret = self._forud.afslut()
        self._send_udskudt()
        self._send(self._annonceret, commit=sidste)

    def forudlaest(self, statement, parametre: dict, behold: bool = False) -> list | None:
        """The rows of a read announced and read ahead (laes_sammen), or None: it was not.
        `behold`: kept for one more asker of the same read (until a write forgets them)."""
        laest = self._forud.tag(statement, parametre, behold)
        return None if laest is None else list(laest.all())

    def udskyd(self, statement, parametre: dict | read_ahead.Ordnede,
               efter: Callable[[int], object] | None = None) -> None:
        """A write nothing reads before the commit: sent with the COMMIT when this object owns the
        transaction, else at once; before any other statement either way. `efter` is given its
        row count once it was sent. `parametre` may be a read_ahead.Ordnede (taken in order)."""
        self._kun_laesning()
        self.tomme.clear()
        if self._egen_transaktion and self._plan(statement).sendes:
            self._udskudt.append((statement, parametre, efter))
        else:
            res = self.execute(statement, read_ahead.som_dict(parametre))
            if efter is not None:
                efter(res.rowcount)

    def _send(self, statements, commit: bool = False) -> None:
        f = self._forudsaetning
        if f is not None and not self._plan(f.statement).sendes:
            self._forudsaet()  # on its own, first (psycopg then sends its BEGIN: seen below)
        begin, self._foerste = self._foerste, False
        raa = self._forbindelse.connection.dbapi_connection
        if begin and (raa.autocommit or raa.pgconn.transaction_status != TransactionStatus.IDLE):
            begin = False  # psycopg in autocommit from elsewhere, or its BEGIN already sent
        if begin:
            self._egen_transaktion = True
        f, self._forudsaetning = self._forudsaetning, None
        if f is not None and f.udfoert:
            f = None
        if f is not None:  # first in the round trip: nothing after it is answered before it passed
            statements = [(f.statement, f.parametre), *statements]
        commit = commit and self._egen_transaktion and not self._udskudt
        self._forud.send(self._forbindelse, statements, begin=begin, commit=commit)
        if commit:
            self.afsluttet = True  # psycopg stays in autocommit until afslut(): see _kun_laesning
        if f is not None:
            f.udfoert = True
            svar = self._forud.tag(f.statement, f.parametre)
            assert svar is not None  # sent first in this round trip, so read
            self._modtag(f, svar.first())

    def _kun_laesning(self) -> None:
        """After the transaction ended with its reads (laes_sammen(sidste=True)) nothing may
        write: it would be committed on its own, outside any transaction."""
        if self.afsluttet:
            raise RuntimeError("transaktionen er afsluttet med sine læsninger: intet må skrives")

    def _send_udskudt(self) -> None:
        if self._udskudt:
            udskudt, self._udskudt = self._udskudt, []
            self._forud.glem()
            self._send(udskudt)

    def flush_hvis_brugt(self) -> None:
        """Send what waits (deferred writes, the ORM's changes) now rather than with the commit."""
        self._send_udskudt()
        if self._orm is not None:
            self._orm.flush()

    def commit(self, transaktion) -> None:
        """Commit `transaktion` (the connection's): with the deferred writes in one round trip
        when the transaction is ours."""
        if self.afsluttet:  # committed with its reads: nothing left to send
            transaktion.commit()
            return
        self._forudsaet()  # (a transaction that sent nothing: its work checked all the same)
        if self._orm is not None and (self._orm.new or self._orm.dirty or self._orm.deleted):
            self._send_udskudt()
            self._orm.flush()
        if self._egen_transaktion:
            udskudt, self._udskudt = self._udskudt, []
            self._forud.send(self._forbindelse, udskudt, commit=True)
            self._egen_transaktion = False
            pq_pipeline.saet_autocommit(self._forbindelse.connection.dbapi_connection, False)
        else:
            self._send_udskudt()
        transaktion.commit()  # psycopg has nothing left to commit when it was ours

    def afslut(self) -> None:
        """After the transaction ended (committed or rolled back): psycopg as the pool lends it."""
        if not (self._egen_transaktion or self._autocommit_til):
            return
        self._egen_transaktion = self._autocommit_til = False
        if self._forbindelse.closed or self._forbindelse.invalidated:
            return
        try:
            raa = self._forbindelse.connection.dbapi_connection
            if raa is not None and not raa.closed:
                pq_pipeline.saet_autocommit(raa, False)
        except Exception:  # its state unknown: never lent again
            self._forbindelse.invalidate()

    # ------------------------------------------------------------ the session's interface

    def luk(self) -> None:
        if self._orm is not None:
            self._orm.close()

    @staticmethod
    def _er_orm(statement) -> bool:
        return statement._propagate_attrs.get("compile_state_plugin") == "orm"

    def _plan(self, statement) -> read_ahead.Plan:
        p = self._planer.get(id(statement))
        if p is not None and p.statement is statement:
            return p
        return read_ahead.plan(statement, self._forbindelse.dialect, self._planer)

    def execute(self, statement, parametre=None):
        if not self.samler_laesninger:
            # SQLite: nothing is announced, deferred or read ahead (laes_sammen, udskyd): only the
            # pending check goes first (the rest of this way cost a write's 12 reads a fiftieth)
            if self._forudsaetning is not None:
                self._forudsaet()
            p = self._planer.get(id(statement))
            if p is not None and p.statement is statement and p.direkte \
                    and (parametre is None or type(parametre) is dict):
                return read_ahead.direkte(self._forbindelse, statement, parametre, p)
            if self.tomme and not read_ahead.kan_samles(statement):
                self.tomme.clear()
            if self._er_orm(statement):
                return self.orm.execute(statement, parametre)
            return self._direkte_eller_ej(statement, parametre)
        if self._forud.annoncerer:
            if not read_ahead.kan_samles(statement) or self._er_orm(statement):
                raise RuntimeError(f"kun rene læsninger kan samles: {statement}")
            self._forud.annoncer(statement, parametre)
            return read_ahead.tomt(statement)
        self._send_udskudt()
        p = self._planer.get(id(statement))
        if p is not None and p.statement is not statement:
            p = None
        if p.laesning if p is not None else read_ahead.kan_samles(statement):
            laest = self._forud.tag(statement, parametre)
            if laest is not None:
                return laest
            # the first read goes in one round trip with the BEGIN and the pending check; without
            # a transaction (AUTOCOMMIT) with the check alone
            if (self._foerste or (self.samler_laesninger and self._udestaaende())) \
                    and not self._er_orm(statement) and self._plan(statement).sendes:
                self._send([(statement, parametre)])
                return self._forud.tag(statement, parametre)
        else:
            self._kun_laesning()
            self._forud.glem()
            self.tomme.clear()
        self._foerste = False
        self._forudsaet()
        if p is not None and p.direkte and (parametre is None or type(parametre) is dict):
            return read_ahead.direkte(self._forbindelse, statement, parametre, p)
        if self._er_orm(statement):
            return self.orm.execute(statement, parametre)
        return self._direkte_eller_ej(statement, parametre)

    def _direkte_eller_ej(self, statement, parametre):
        """A Core statement on the driver's cursor when it can (read_ahead.direkte), else
        through the connection (a write's WS-Security check, too: one per write, issue 13)."""
        if self._direkte and read_ahead.kan_samles(statement) and not statement._execution_options \
                and (parametre is None or isinstance(parametre, dict)) \
                and (p := read_ahead.kendt_plan(statement, self._forbindelse.dialect, self._planer)):
            return read_ahead.direkte(self._forbindelse, statement, parametre, p)
        self._uden_psycopgs_begin()
        return self._forbindelse.execute(statement, parametre)

    def skriv(self, statement, parametre: dict) -> None:
        """A prebuilt INSERT/UPDATE/DELETE (every column it sets given, no RETURNING) whose result
        nobody reads: on the driver's cursor (read_ahead.skriv_direkte) when it can."""
        p = self._planer.get(id(statement))
        if p is None or p.statement is not statement:
            p = None if self._forud.annoncerer or not self._direkte else \
                read_ahead.kendt_plan(statement, self._forbindelse.dialect, self._planer)
        if p is None or self._forud.annoncerer:
            self.execute(statement, parametre)
            return
        self._foer_direkte_skrivning()
        read_ahead.skriv_direkte(self._forbindelse, statement, parametre, p=p)

    def _foer_direkte_skrivning(self) -> None:
        """What a write on the driver's cursor (skriv, skriv_raekke) does first: the reads and
        writes waiting go before it, the read-ahead's guesses are forgotten."""
        self._kun_laesning()
        if self._udskudt:
            self._send_udskudt()
        self._forud.glem()
        self.tomme.clear()
        self._foerste = False
        if self._forudsaetning is not None:
            self._forudsaet()

    def skriv_raekke(self, statement, kolonner: tuple[str, ...], raekke: tuple) -> None:
        """`skriv(statement, dict(zip(kolonner, raekke)))` of a row given as its values in the
        order of `kolonner` (insert_batch's rows): where the statement's plan is known and binds
        such a row (SQLite: Plan.bind_raekke), bound from the row without the dict."""
        p = self._planer.get(id(statement))
        if p is not None and p.statement is statement and not self._forud.annoncerer:
            bundet = p.bind_raekke(kolonner, raekke)
            if bundet is not None:
                self._foer_direkte_skrivning()
                read_ahead.skriv_direkte(self._forbindelse, statement, None, p=p, bundet=bundet)
                return
        self.skriv(statement, dict(zip(kolonner, raekke, strict=True)))

    def ramte(self, statement, parametre: dict) -> int:
        """A prebuilt UPDATE/DELETE … RETURNING run for the rows it hit: their number (on the
        driver's cursor when it can, as `skriv`: a changed or deleted event's version check)."""
        p = self._planer.get(id(statement))
        if p is None or p.statement is not statement:
            p = None if self._forud.annoncerer or not self._direkte else \
                read_ahead.kendt_plan(statement, self._forbindelse.dialect, self._planer)
        if p is None or self._forud.annoncerer:
            return len(self.execute(statement, parametre).all())
        self._send_udskudt()
        self._forud.glem()
        self.tomme.clear()
        self._foerste = False
        self._forudsaet()
        return read_ahead.skriv_direkte(self._forbindelse, statement, parametre, raekker=True, p=p)

    def scalar(self, statement, parametre=None):
        return self.execute(statement, parametre).scalar()

    def scalars(self, statement, parametre=None):
        return self.execute(statement, parametre).scalars()

    @property
    def dialekt(self) -> str:
        return self._forbindelse.dialect.name

    @property
    def kodepunktorden(self) -> bool:
        """Whether the server orders haendelse.id by code point, as Python does (engine.KODEPUNKTORDEN)."""
        return getattr(self._forbindelse.dialect, KODEPUNKTORDEN, False)

    def get_bind(self):
        self.tomme.clear()  # its user may write past execute()
        self._kun_laesning()
        self._uden_psycopgs_begin()
        self._forudsaet()
        self._send_udskudt()  # its user may write past execute() (COPY: then glem() first)
        return self._forbindelse

    def glem(self) -> None:
        """Forget the reads read ahead: a write past execute() follows."""
        self._forud.glem()

    def _til_orm(self) -> Session:
        """The ORM session, for one of its own attributes (add, flush, …: read_ahead.Videresendt):
        what waits goes first, what was read ahead is forgotten (the ORM may write)."""
        self._kun_laesning()
        self._forudsaet()
        self._send_udskudt()
        self._forud.glem()
        self.tomme.clear()
        self._foerste = False
        return self.orm

    if TYPE_CHECKING:
        def __getattr__(self, navn: str) -> Any: ...  # the ORM session's own (read_ahead.Videresendt)


# every public name of the ORM session's (its class's and a new instance's) Kerne has not
for _navn in sorted(set(dir(Session)) | set(vars(Session()))):
    if not _navn.startswith("_") and not hasattr(Kerne, _navn):
        setattr(Kerne, _navn, read_ahead.Videresendt(_navn, Kerne._til_orm))
del _navn
