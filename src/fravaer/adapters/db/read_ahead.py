"""Reads sent together (issue 13): once a write holds its employment's lock, the reads the rules
will need are known and independent of one another; on PostgreSQL they go in one round trip
(psycopg's pipeline mode: every statement sent without waiting, one sync at the end) instead of
one each. The repositories do not change: a read is announced by calling the repository method
while announcing (`Forudlaesning.samler`), which records its statement and parameters and hands
it an empty result; when the announcement ends, the recorded statements are sent, and the same
method called again afterwards with the same parameters gets the rows read. A read announced
but never asked for is wasted, one asked for but not announced goes to the database as before:
a wrong guess costs a round trip, never a wrong answer."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import lru_cache, partial
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn, TypeGuard

from sqlalchemy import CompoundSelect, Date, DateTime, Select
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine.processors import str_to_date, str_to_datetime
from sqlalchemy.engine.result import IteratorResult, SimpleResultMetaData
from sqlalchemy.engine.row import Row

from fravaer.adapters.db import pq_pipeline
from fravaer.adapters.db.any_list import _Liste, enkelt, listenavne
from fravaer.adapters.db.engine import UDEN_TRANSAKTION
from fravaer.adapters.db.statements import FOLDET, meld


def kan_samles(statement: object) -> TypeGuard[Select | CompoundSelect]:
    """Only plain SELECTs (a UNION ALL of them too) are announced and served: any other
    statement may change what they read, and ends every read that waits (Forudlaesning.glem)."""
    return isinstance(statement, (Select, CompoundSelect))


def _noegle(statement, parametre) -> tuple:
    """The read's key: its statement and its parameters (a repository's are scalars and flat
    lists of scalars: frozen in one pass)."""
    if not parametre:
        return id(statement), ()
    return id(statement), tuple(sorted([(k, v if type(v) in _SKALARER else _fri(v))
                                        for k, v in parametre.items()]))


# the parameters' usual types, frozen already (looked up by type: no call for them)
_SKALARER = frozenset({int, str, bool, float, date, datetime, type(None)})


def _fri(v):
    t = type(v)
    if t is list or t is tuple:
        return v if t is tuple else tuple(v)
    if t is dict or t is set or t is frozenset:
        return _frys(v)
    return v


def _frys(v):
    if isinstance(v, dict):
        return tuple(sorted((k, _frys(x)) for k, x in v.items()))
    if isinstance(v, (list, tuple, set, frozenset)):
        return tuple(_frys(x) for x in v)
    return v


class Ordnede(NamedTuple):
    """A statement's parameters as their names and their values in that order (a combined
    INSERT's rows as they wait, one after another: insert_batch.Samler), which a Plan takes in
    its text's order without a dict made of them (`Plan.bind`; a dict of a guessed Opret's 33
    parameters cost ~36k instructions to build: issue 13); `som_dict()` where one is needed."""

    navne: tuple[str, ...]
    vaerdier: tuple

    def som_dict(self) -> dict:
        return dict(zip(self.navne, self.vaerdier, strict=True))


def som_dict(parametre):
    """The parameters as given, an Ordnede's as a dict."""
    return parametre.som_dict() if type(parametre) is Ordnede else parametre


def tomt(statement) -> Raekker:
    """What an announced read answers while announcing: no rows, the statement's columns."""
    return Raekker(statement, [])


class Raekker:
    """The rows of a read done here (direkte, or read ahead), as a Result answers them: the few
    ways the repositories take rows (iterating, all, first, one, scalar, scalars) made here,
    each row SQLAlchemy's own Row; any other is SQLAlchemy's, on the rows not yet taken. A
    Result's own set-up per statement (its row maker, its memoizations; `scalars()` a new
    metadata each time) cost more than the read itself on SQLite: issue 13."""

    __slots__ = ("_raekker", "_statement", "_taget")

    def __init__(self, statement, raekker: list):
        self._statement = statement
        self._raekker = raekker
        self._taget = False  # taken: a Result gives its rows once

    def _tag(self) -> list:
        if self._taget:
            return []
        self._taget = True
        return self._raekker

    def __iter__(self):
        lav = _raekkemager(self._statement)
        return iter([lav(r) for r in self._tag()])

    def all(self) -> list:
        lav = _raekkemager(self._statement)
        return [lav(r) for r in self._tag()]

    fetchall = all

    def first(self):
        raekker = self._tag()
        return _raekkemager(self._statement)(raekker[0]) if raekker else None

    def one(self):
        if len(self._raekker) != 1 or self._taget:
            return self._resultat().one()  # raises SQLAlchemy's error
        return _raekkemager(self._statement)(self._tag()[0])

    def scalar(self):
        raekker = self._tag()
        return raekker[0][0] if raekker else None

    def scalar_one(self):
        if len(self._raekker) != 1 or self._taget:
            return self._resultat().scalar_one()
        return self._tag()[0][0]

    def scalars(self) -> Skalarer:
        return Skalarer(r[0] for r in self._tag())

    def tupler(self) -> list[tuple]:
        """The rows as the plain tuples read (processed), not Rows: see tupler()."""
        return self._tag()

    def _resultat(self) -> IteratorResult:
        return IteratorResult(_metadata(self._statement), iter(self._tag()))

    if TYPE_CHECKING:
        def __getattr__(self, navn: str) -> Any: ...  # any other of a Result's (Videresendt)


class Videresendt:
    """An attribute read of another object's: `hent(obj)` gives that object (Raekker: the Result
    of its rows not yet taken; unit_of_work.Kerne: the ORM session). A descriptor on the class,
    not a `__getattr__`: CPython 3.11 specialises no attribute read of a class with one (each
    `first()`, `all()` and `self._x` went the generic way, a bound method made per call; issue
    13). Not a data descriptor: an instance's own attribute of the same name wins."""

    __slots__ = ("_hent", "_navn")

    def __init__(self, navn: str, hent: Callable[[Any], Any]):
        self._navn = navn
        self._hent = hent

    def __get__(self, obj: Any, ejer: type | None = None) -> Any:
        if obj is None:
            return self
        return getattr(self._hent(obj), self._navn)


# every name of a Result's (its class's and an instance's) but the special ones, Raekker has not
_tomt: IteratorResult[Any] = IteratorResult(SimpleResultMetaData([]), iter(()))
for _navn in sorted(set(dir(IteratorResult)) | set(vars(_tomt))):
    if not _navn.startswith("__") and not hasattr(Raekker, _navn):
        setattr(Raekker, _navn, Videresendt(_navn, Raekker._resultat))
del _navn, _tomt


def tupler(resultat) -> Iterable[tuple]:
    """A read's rows for a reader that unpacks them by position: the plain tuples read when it
    was read here (Raekker), not a Row made of each (a HentKvoter of 1,000 employments reads
    some 6,000 rows); any other result's Rows, which unpack alike."""
    return resultat.tupler() if type(resultat) is Raekker else resultat


class Skalarer(list):
    """`Raekker.scalars()`: the first column's values, iterated or taken as a ScalarResult's."""

    def all(self) -> list:
        return list(self)

    def first(self):
        return self[0] if self else None


@lru_cache(maxsize=256)
def _kompileret_raa(statement, dialekt):
    """The statement compiled once per dialect (only for statements built once: the cache holds
    them by identity)."""
    return statement.compile(dialect=dialekt)


def _husk(cache: dict, noegle, vaerdi) -> None:
    """`vaerdi` kept under `noegle` in one of the caches by compiled statement below. The key is
    the statement's id, so each value holds the statement itself first and a lookup checks that it
    is the same object (an id is used again once its object is gone); past 1,024 entries the cache
    starts over."""
    if len(cache) > 1024:
        cache.clear()
    cache[noegle] = vaerdi


_SEKVENSER = frozenset({list, tuple, set, frozenset})


_SET: OrderedDict[int, object] = OrderedDict()  # statements seen, by identity (held: ids stay theirs)
_SET_LAAS = threading.Lock()
_MAKS_SET = 1024


def gentaget(statement) -> bool:
    """Whether this very statement object was sent before: one built once (a module's constant)
    is, one built per call (with its values in it) is not — only the former is worth compiling
    for `direkte` (the latter goes through SQLAlchemy, whose cache knows it by its shape)."""
    noegle = id(statement)
    if _SET.get(noegle) is statement:  # seen (its place among the last seen need not move)
        return True
    with _SET_LAAS:
        kendt = _SET.get(noegle) is statement
        _SET[noegle] = statement
        _SET.move_to_end(noegle)
        if len(_SET) > _MAKS_SET:
            _SET.popitem(last=False)
    return kendt


# the dates' and times' texts written (_iso_dato, _iso_tid), by value: a write sends its one `nu`
# in four or five columns, its day in several, and the login check two times of the second (now
# and an hour ago) that every request of that second sends alike; isoformat costs three to seven
# thousand instructions. Bounded: emptied when full (a dict's get and set are safe for threads
# and greenlets).
_DATOTEKSTER: dict[date, str] = {}
_TIDSTEKSTER: dict[datetime, str] = {}
_MAKS_TEKSTER = 512


def _iso_dato(p: Callable) -> Callable:
    """SQLite's DATE bind processor (its default storage format, YYYY-MM-DD) for a date by
    isoformat, which writes the same text; anything else by SQLAlchemy's."""
    def process(v):
        if type(v) is not date:
            return p(v)
        tekst = _DATOTEKSTER.get(v)
        if tekst is None:
            if len(_DATOTEKSTER) >= _MAKS_TEKSTER:
                _DATOTEKSTER.clear()
            tekst = _DATOTEKSTER[v] = v.isoformat()
        return tekst
    return process


def _iso_tid(p: Callable) -> Callable:
    """SQLite's DATETIME bind processor (its default storage format, YYYY-MM-DD HH:MM:SS.ffffff,
    any zone left out) for a naive datetime by isoformat, which writes the same text; anything
    else by SQLAlchemy's. (Equal naive datetimes write the same text: fold is not written.)"""
    def process(v):
        if type(v) is not datetime or v.tzinfo is not None:
            return p(v)
        tekst = _TIDSTEKSTER.get(v)
        if tekst is None:
            if len(_TIDSTEKSTER) >= _MAKS_TEKSTER:
                _TIDSTEKSTER.clear()
            tekst = _TIDSTEKSTER[v] = v.isoformat(" ", "microseconds")
        return tekst
    return process


def _hurtigere(dialekt, type_, p: Callable | None) -> Callable | None:
    """`p` (the bind processor of a parameter of type `type_`), or an equal one that is faster:
    SQLite's DATE and DATETIME in their default storage format build a dict of the value's
    fields and %-format it, a write's dozen dates and times a fiftieth of its Python (issue 13)."""
    if p is None or dialekt.name != "sqlite":
        return p
    impl = type_.dialect_impl(dialekt)
    # SQLite's own types, or the driver's subclass of them that the dialect makes of Date/DateTime
    if type(impl) in (sqlite.DATE, type(Date().dialect_impl(dialekt))) \
            and impl._storage_format == sqlite.DATE._storage_format:
        return _iso_dato(p)
    if type(impl) in (sqlite.DATETIME, type(DateTime().dialect_impl(dialekt))) \
            and impl._storage_format == sqlite.DATETIME._storage_format:
        return _iso_tid(p)
    return p


# by compiled statement: its bind processors, as SQLAlchemy's (c._bind_processors), some faster
_BIND_PROCESSORER: dict[int, tuple[object, dict]] = {}


def _bind_processorer(c) -> dict:
    kendt = _BIND_PROCESSORER.get(id(c))
    if kendt is not None and kendt[0] is c:
        return kendt[1]
    typer = {navn: bp.type for bp, navn in c.bind_names.items()}
    processorer = {navn: _hurtigere(c.dialect, typer[navn], p) if navn in typer else p
                   for navn, p in c._bind_processors.items()}
    _husk(_BIND_PROCESSORER, id(c), (c, processorer))
    return processorer


# by compiled statement and the lengths of its IN lists: the expanded text and where each of
# its positional parameters comes from (held: the statement's id stays)
_UDFOLDNINGER: dict[tuple, tuple[object, str, tuple]] = {}


def _udfoldning(c, bind: dict, navne: tuple[str, ...] | None = None) -> tuple[str, tuple] | None:
    """An expanding statement's text and its parameters' sources for these lengths of its IN
    lists, worked out once (SQLAlchemy's expansion, per call, cost a tenth of a SQLite write
    under the write lock: issue 13); None where the text depends on more than the lengths
    (values rendered into it, lists of tuples). `navne`: its expanding parameters, when known."""
    if not c.positional or c.literal_execute_params:
        return None
    if navne is None:
        navne = tuple(navn for bp, navn in c.bind_names.items() if bp.expanding)
    laengder = []
    for navn in navne:
        v = bind.get(navn)
        if not isinstance(v, list) or tuple in map(type, v):
            return None
        laengder.append(len(v))
    noegle = (id(c), *laengder)
    kendt = _UDFOLDNINGER.get(noegle)
    if kendt is not None and kendt[0] is c:
        return kendt[1], kendt[2]
    e = c._process_parameters_for_postcompile(dict(bind))
    kilde = {udfoldet: (navn, i) for navn, udfoldede in e.parameter_expansion.items()
             for i, udfoldet in enumerate(udfoldede)}
    # the expanded state's processors are only those of the lists' values: the statement's
    # other parameters keep their own (a date left raw is sqlite3's deprecated adapter)
    processorer = {**_bind_processorer(c), **e.processors}
    kilder = tuple((*kilde.get(navn, (navn, -1)), processorer.get(navn)) for navn in e.positiontup)
    _husk(_UDFOLDNINGER, noegle, (c, e.statement, kilder))
    return e.statement, kilder


# by compiled statement: its parameters (name → key, value given in the statement, required,
# bind processor), or None where construct_params does more than look them up
_PARAMETRE: dict[int, tuple[object, dict | None]] = {}


def _parametre(c) -> dict | None:
    kendt = _PARAMETRE.get(id(c))
    if kendt is not None and kendt[0] is c:
        return kendt[1]
    simpel = not ((c._collect_params and c._collected_params) or c._render_postcompile or c.escaped_bind_names
                  or any(bp.callable for bp in c.bind_names))
    processorer = _bind_processorer(c) if simpel else {}
    plan = {navn: (bp.key, bp.value, bp.required, processorer.get(navn))
            for bp, navn in c.bind_names.items()} if simpel else None
    _husk(_PARAMETRE, id(c), (c, plan))
    return plan


def _bind(c, plan: dict | None, parametre) -> dict:
    """c.construct_params(parametre) by the plan the statement's binds make (its lookups, per
    call, were a twentieth of a write: issue 13); SQLAlchemy's own for anything else."""
    if plan is None or not parametre:
        return c.construct_params(parametre)
    bind = {}
    for navn, (noegle, vaerdi, kraevet, _) in plan.items():
        if noegle in parametre:
            bind[navn] = parametre[noegle]
        elif navn in parametre:
            bind[navn] = parametre[navn]
        elif kraevet:
            return c.construct_params(parametre)  # raises its error
        else:
            bind[navn] = vaerdi
    return bind


# by compiled statement: (the statement, its _Hurtig or None)
_HURTIGE: dict[int, tuple[object, _Hurtig | None]] = {}


class _Hurtig(NamedTuple):
    """How a statement whose parameters are only looked up (every one given by its own name, or
    a value in the statement) gets them, worked out once: the values given in the statement,
    its expanding IN lists, and its parameters in the driver's order with their processors."""

    standard: dict
    udfoldede: tuple[str, ...]
    navne: tuple[str, ...]
    processorer: tuple[tuple[int, Callable], ...]


def _hurtig(c) -> _Hurtig | None:
    kendt = _HURTIGE.get(id(c))
    if kendt is not None and kendt[0] is c:
        return kendt[1]
    plan = _parametre(c)
    hurtig = None
    udfoldede = tuple(navn for bp, navn in c.bind_names.items() if bp.expanding)
    if plan is not None and not c.literal_execute_params and bool(udfoldede) == ("POSTCOMPILE" in c.string) \
            and all(noegle == navn or (not kraevet and noegle.startswith("%("))  # an anonymous value
                    for navn, (noegle, _, kraevet, _) in plan.items()):
        navne = tuple(c.positiontup) if c.positional else tuple(plan)
        hurtig = _Hurtig({navn: v for navn, (_, v, kraevet, _) in plan.items() if not kraevet}, udfoldede,
                         navne, tuple((i, p) for i, navn in enumerate(navne)
                                      if (p := _bind_processorer(c).get(navn)) is not None))
    _husk(_HURTIGE, id(c), (c, hurtig))
    return hurtig


def _sql_og_parametre(c, parametre) -> tuple[str, dict | tuple]:
    """The compiled statement's text and parameters as the driver takes them (types' bind
    processors applied; positional for SQLite's qmark; an expanding IN list, as SQLite has
    them, expanded as SQLAlchemy expands it). The usual statement by its _Hurtig (SQLAlchemy's
    way, and the general one below, cost a fifth of a SQLite write's Python: issue 13)."""
    hurtig = _hurtig(c) if parametre else None
    if hurtig is not None:
        alle = {**hurtig.standard, **parametre} if hurtig.standard else parametre
        if hurtig.udfoldede:
            udfoldning = _udfoldning(c, alle, hurtig.udfoldede)
            if udfoldning is not None:
                sql, kilder = udfoldning
                return sql, tuple([(v if i < 0 else v[i]) if p is None else p(v if i < 0 else v[i])
                                   for navn, i, p in kilder for v in (alle[navn],)])
        else:
            try:
                vaerdier = [alle[navn] for navn in hurtig.navne]
            except KeyError:  # one not given: the general way says which
                pass
            else:
                for i, p in hurtig.processorer:
                    vaerdier[i] = p(vaerdier[i])
                if c.positional:
                    return c.string, tuple(vaerdier)
                return c.string, dict(zip(hurtig.navne, vaerdier, strict=True))
    plan = _parametre(c)
    if "POSTCOMPILE" in c.string:
        bind = _bind(c, plan, parametre)
        udfoldning = _udfoldning(c, bind)
        if udfoldning is not None:
            sql, kilder = udfoldning
            vaerdier = [bind[navn] if i < 0 else bind[navn][i] for navn, i, _ in kilder]
            return sql, tuple(v if p is None else p(v) for v, (_, _, p) in zip(vaerdier, kilder, strict=True))
        e = c.construct_expanded_state(parametre)
        # the expanded state's processors are only those of the expanded lists' values: the
        # statement's other parameters keep theirs (a date left raw is sqlite3's deprecated adapter)
        sql, bind, orden = e.statement, e.parameters, e.positiontup
        processorer = {**_bind_processorer(c), **e.processors}
    else:
        bind = _bind(c, plan, parametre)
        if plan is not None and c.positional:
            return c.string, tuple(v if (p := plan[navn][3]) is None else p(v)
                                   for navn, v in ((navn, bind[navn]) for navn in c.positiontup))
        sql, bind, processorer, orden = c.string, bind, _bind_processorer(c), c.positiontup
    for navn, proces in processorer.items():
        if navn in bind:
            bind[navn] = proces(bind[navn])
    if c.positional:
        return sql, tuple(bind[navn] for navn in orden)
    return sql, bind


_PROCESSORER: dict[int, tuple[object, tuple | None]] = {}  # by compiled statement (held: its id stays)


def _processorer(c, dialekt, typer: Callable[[], Sequence[Any]]) -> tuple | None:
    """The result processors of the compiled statement's columns, found once (its text fixes the
    columns' types; reading the cursor's description every time cost a tenth of a write): the
    (position, processor) of each column that has one, or None when none has. `typer()`: the
    driver's type codes of its columns."""
    kendt = _PROCESSORER.get(id(c))
    if kendt is not None and kendt[0] is c:
        return kendt[1]
    alle = tuple(dato_af_tekst if p is str_to_date else tid_af_tekst if p is str_to_datetime else p for p in (
        type_._cached_result_processor(dialekt, kode)
        for (_, _, _, type_), kode in zip(c._result_columns, typer(), strict=True)))
    processorer = tuple((i, p) for i, p in enumerate(alle) if p is not None) or None
    _husk(_PROCESSORER, id(c), (c, processorer))
    return processorer


class _Husk(dict):
    """Texts read and what they read as (`laes`), the same object for the same text, bounded
    (emptied at 8,192): looked up by its own __getitem__, in C when found; a text not yet read
    is read on its lookup (__missing__); a NULL's None is None."""

    __slots__ = ("_laes",)

    def __init__(self, laes: Callable):
        super().__init__()
        self._laes = laes
        self[None] = None  # a NULL found in C too (a HentKvoter of 1,000: a thousand open ends)

    def __missing__(self, tekst):
        if tekst is None:
            return None
        if len(self) >= 8192:
            self.clear()
            self[None] = None
        v = self[tekst] = self._laes(tekst)
        return v


# a DATE column's text as SQLAlchemy reads it on SQLite (processors.str_to_date), the same date
# object for the same text: a read's dates are few distinct days (a HentKvoter of 1,000 reads
# some 10,000; a dictionary's lookup costs a fifth of the parse)
_DATOER = _Husk(str_to_date)
dato_af_tekst = _DATOER.__getitem__
# a DATETIME column's text likewise (processors.str_to_datetime): an event's Oprettet and
# Aendret, two a row of HentHaendelser, mostly the same text
_TIDER = _Husk(str_to_datetime)
tid_af_tekst = _TIDER.__getitem__


def _behandlet(processorer: tuple | None, raekker: list) -> list[tuple]:
    """The rows, each column through its type's result processor (as SQLAlchemy's); only the
    columns that have one are touched (a generator over every column of every row was a
    fortieth of HentHaendelser on SQLite: issue 13). Many rows go column by column: turned
    into columns and back by zip, each column with a processor mapped whole (copying every row
    into a list and back cost a HentKvoter of 1,000 employments some 20 M instructions)."""
    if processorer is None:
        return raekker
    if len(raekker) >= _KOLONNEVIS_FRA:
        kolonner: list = list(zip(*raekker, strict=False))  # a result's rows are alike
        for i, p in processorer:
            kolonner[i] = list(map(p, kolonner[i]))
        return list(zip(*kolonner, strict=False))
    ud = []
    for r in raekker:
        r = list(r)
        for i, p in processorer:
            r[i] = p(r[i])
        ud.append(tuple(r))
    return ud


# from this many rows _behandlet goes column by column (below it, the row loop costs less than
# turning the rows into columns and back)
_KOLONNEVIS_FRA = 16


_UKENDT = object()  # a Plan's result processors before its first result


def _hent(navne: Sequence[Any]) -> Callable[[Any], tuple]:
    """What takes the values of `navne` out of a dict, as a tuple (one C call: itemgetter)."""
    if len(navne) == 1:
        (navn,) = navne
        return lambda a: (a[navn],)
    return itemgetter(*navne) if navne else (lambda a: ())


class Plan:
    """How one prebuilt statement runs on one dialect, worked out at its first run and kept
    (issue 13): its compiled form and text, whether it is a plain read, where its parameters'
    values go in the driver's order and which of them a type's bind processor converts, its
    rows' result processors, on PostgreSQL its list parameters and their one-value variants.
    A run then only binds its values in order, executes, and processes its rows: each run
    looked up its compiled statement, its parameters' plan, its list parameters and its
    processors in caches of their own, and built its read-ahead key by sorting its parameters
    (a PostgreSQL write's 27 statements: a seventh of its Python).

    `hent` is None where the values are not only looked up (values given in the statement, an
    expanding IN list, parameters SQLAlchemy renames): such a statement is bound by the general
    way (_sql_og_parametre), as before."""

    __slots__ = (
        "c",
        "dialekt",
        "direkte",
        "hent",
        "laesning",
        "liste_pladser",
        "lister",
        "noegle_hent",
        "noegle_lister",
        "orden",
        "ordnede",
        "pg",
        "processorer",
        "raekkeordener",
        "resultat",
        "sendes",
        "sql",
        "standard",
        "statement",
        "udfoldede",
        "udfoldninger",
        "varianter",
    )

    def __init__(self, statement, c, dialekt, lister: tuple[str, ...] = ()):
        self.statement = statement
        self.c = c
        self.dialekt = dialekt
        self.laesning = kan_samles(statement)
        # what Kerne's direct way asks of a read (read_ahead.direkte): no ORM, no options
        self.direkte = self.laesning and not statement._execution_options and \
            statement._propagate_attrs.get("compile_state_plugin") != "orm"
        self.sql = c.string
        # not a text that depends on its parameters (expanding IN lists): it can go in a pipeline
        self.sendes = "POSTCOMPILE" not in self.sql
        self.pg = dialekt.driver == "psycopg"
        self.lister = lister  # list parameters (any_list) with a variant for one value each
        self.varianter: dict[tuple[str, ...], Plan] = {}
        self.resultat: Any = _UKENDT
        self.hent: Callable[[Any], tuple] | None = None
        self.standard: dict = {}
        self.processorer: tuple[tuple[int, Callable], ...] = ()
        self.orden: tuple[str, ...] = ()
        self.liste_pladser: tuple[int, ...] = ()
        self.noegle_hent: Callable[[Any], tuple] | None = None
        self.noegle_lister: tuple[int, ...] = ()
        self.udfoldede: tuple[str, ...] = ()
        self.udfoldninger: dict[tuple[int, ...], tuple | None] = {}
        # bind_raekke's takers of a row's values in the text's order, by the row's columns
        self.raekkeordener: dict[tuple[str, ...], Callable[[Any], tuple] | None] = {}
        # by the names of an Ordnede's values: what takes them in the text's order (or None)
        self.ordnede: dict[tuple[str, ...], Callable[[tuple], tuple] | None] = {}
        hurtig = _hurtig(c)
        if hurtig is None:
            return
        self.standard = hurtig.standard  # values given in the statement (a parameter may replace one)
        if hurtig.udfoldede:
            # SQLite's expanding IN lists: the other parameters' values taken here, the text and
            # where each value goes worked out per lengths of the lists (_udfold)
            if self.pg or not c.positional:
                return
            self.udfoldede = hurtig.udfoldede
            self.orden = tuple(sorted(set(hurtig.navne) - set(hurtig.udfoldede)))
            self.hent = _hent(self.orden)
            processorer = _bind_processorer(c)
            self.processorer = tuple((i, p) for i, navn in enumerate(self.orden)
                                     if (p := processorer.get(navn)) is not None)
            return
        if self.pg:
            orden = pq_pipeline.orden(self.sql)
            if orden is None or set(orden) != set(hurtig.navne):
                return
            navne = tuple(orden)
        elif c.positional:
            navne = hurtig.navne
        else:
            return
        processorer = _bind_processorer(c)
        self.orden = navne
        self.hent = _hent(navne)
        self.processorer = tuple((i, p) for i, navn in enumerate(navne)
                                 if (p := processorer.get(navn)) is not None)
        typer = {navn: bp.type for bp, navn in c.bind_names.items()}
        self.liste_pladser = tuple(i for i, navn in enumerate(navne) if isinstance(typer[navn], _Liste))
        # the read-ahead key: its parameters' values as given, lists frozen (_fri)
        noegle_navne = tuple(sorted(set(navne)))
        self.noegle_hent = _hent(noegle_navne)
        self.noegle_lister = tuple(i for i, navn in enumerate(noegle_navne)
                                   if isinstance(typer[navn], _Liste) or navn in lister)

    def til(self, parametre) -> Plan:
        """The plan for these parameters: on PostgreSQL, when some of its list parameters have
        one value each, that of the statement compiled to compare those as one value: a plan
        PostgreSQL keeps (any_list.enkelt). The same rows either way. (Compiled for SQLite, it
        has no list parameter of any_list's: its lists are IN lists.)"""
        lister = self.lister
        enkelte: tuple[str, ...]
        if len(lister) == 1:  # the usual: one list
            v = parametre.get(lister[0])
            if type(v) not in _SEKVENSER or len(v) != 1:
                return self
            enkelte = lister
        else:
            enkelte = tuple(navn for navn in lister
                            if type(v := parametre.get(navn)) in _SEKVENSER and len(v) == 1)
            if not enkelte:
                return self
        variant = self.varianter.get(enkelte)
        if variant is None:
            variant = self.varianter[enkelte] = Plan(
                self.statement, enkelt(self.statement, self.dialekt, frozenset(enkelte)), self.dialekt)
        return variant

    def bind(self, parametre) -> tuple[str, Any, bool]:
        """Its text and its parameters as the driver takes them, and whether they are the
        values in the text's order (on PostgreSQL: pq_pipeline takes them so) or as the general
        way gives them (_sql_og_parametre)."""
        v: Any
        if type(parametre) is Ordnede:
            hent_ordnede: Any = self.ordnede.get(parametre.navne, _UKENDT) if self.hent is not None else None
            if hent_ordnede is _UKENDT:
                hent_ordnede = self._ordnede(parametre.navne)
            if hent_ordnede is None:
                parametre = parametre.som_dict()
            else:
                v = hent_ordnede(parametre.vaerdier)
                if self.processorer:
                    v = list(v)
                    for i, p in self.processorer:
                        v[i] = p(v[i])
                    if not self.pg:
                        v = tuple(v)
                return self.sql, v, True
        if self.udfoldede and parametre:
            udfoldet = self._bind_udfoldet({**self.standard, **parametre} if self.standard else parametre)
            if udfoldet is not None:
                return udfoldet
        elif self.hent is not None and parametre:
            try:
                v = self.hent({**self.standard, **parametre} if self.standard else parametre)
            except KeyError:  # one not given: the general way says which
                pass
            else:
                if self.processorer:
                    v = list(v)
                    for i, p in self.processorer:
                        v[i] = p(v[i])
                    if not self.pg:
                        v = tuple(v)  # as SQLAlchemy gives sqlite3 (and its errors) them
                return self.sql, v, True
        sql, bind = _sql_og_parametre(self.c, parametre)
        return sql, bind, False

    def bind_raekke(self, kolonner: tuple[str, ...], raekke: tuple) -> tuple[str, Any, bool] | None:
        """`bind(dict(zip(kolonner, raekke)))` of a row given as its values in the order of
        `kolonner` (insert_batch's rows), without the dict: its values taken from the row in
        the text's order, by places worked out once per order of columns (a write's three
        inserts made a dict each only for bind to take it apart again: issue 13). None where
        `bind` must see the dict (PostgreSQL, values given in the statement, lists, a parameter
        the row does not hold)."""
        hent: Any = self.raekkeordener.get(kolonner, _UKENDT)
        if hent is _UKENDT:
            hent = None
            if not self.pg and self.hent is not None and not self.standard and not self.udfoldede \
                    and not self.lister and set(self.orden) <= set(kolonner):
                plads = {navn: i for i, navn in enumerate(kolonner)}
                hent = _hent([plads[navn] for navn in self.orden])
            if len(self.raekkeordener) >= 64:
                self.raekkeordener.clear()
            self.raekkeordener[kolonner] = hent
        if hent is None or len(raekke) != len(kolonner):
            return None
        v: Any = hent(raekke)
        if self.processorer:
            v = list(v)
            for i, p in self.processorer:
                v[i] = p(v[i])
            v = tuple(v)
        return self.sql, v, True

    def _ordnede(self, navne: tuple[str, ...]) -> Callable[[tuple], tuple] | None:
        """What takes the values of an Ordnede of these names in the text's order, when it
        gives every parameter (a value given in the statement is not taken from it), each name
        once, and no other (at most 64 kept); else None: it goes as a dict."""
        plads = {navn: i for i, navn in enumerate(navne)}
        hent = None
        if self.hent is not None and not self.udfoldede and not self.standard \
                and len(plads) == len(navne) and set(plads) == set(self.orden):
            hent = _hent([plads[navn] for navn in self.orden])
        if len(self.ordnede) >= 64:
            self.ordnede.clear()
        self.ordnede[navne] = hent
        return hent

    def _bind_udfoldet(self, a: dict) -> tuple[str, tuple, bool] | None:
        """`bind` with expanding IN lists (SQLite): the scalars and then each list's values in
        one list, taken from it in the driver's order by the places worked out for these
        lengths; None where the general way must (a value not given, a list not a list or of
        tuples, a text that depends on more than the lengths: _udfoldning)."""
        assert self.hent is not None  # (made with udfoldede)
        try:
            lister = [a[navn] for navn in self.udfoldede]
            kilde = list(self.hent(a))
        except KeyError:
            return None
        for liste in lister:
            if type(liste) is not list or tuple in map(type, liste):
                return None
        u: Any = self.udfoldninger.get(tuple(map(len, lister)), _UKENDT)
        if u is _UKENDT:
            u = self._udfold(a, lister)
        if u is None:
            return None
        sql, hent, liste_processorer = u
        # each value processed once (a scalar may go in several places)
        for i, p in self.processorer:
            kilde[i] = p(kilde[i])
        for liste, p in zip(lister, liste_processorer, strict=True):
            kilde += liste if p is None else map(p, liste)
        return sql, hent(kilde), True

    def _udfold(self, a: dict, lister: list) -> tuple | None:
        """The text, the places of the values (in the scalars followed by the lists) and the
        processors for these lengths of the lists (at most 64 lengths kept)."""
        udfoldning = _udfoldning(self.c, a, self.udfoldede)
        u = None
        if udfoldning is not None:
            sql, kilder = udfoldning
            plads = {navn: i for i, navn in enumerate(self.orden)}
            start, naeste = {}, len(self.orden)
            for navn, liste in zip(self.udfoldede, lister, strict=True):
                start[navn], naeste = naeste, naeste + len(liste)
            pladser = tuple(plads[navn] if i < 0 else start[navn] + i for navn, i, _ in kilder)
            # a list's values' processor (its type's), and each scalar's its own (self.processorer)
            elementer = {navn: {p for n, i, p in kilder if n == navn and i >= 0} for navn in self.udfoldede}
            skalarer = {navn: p for navn, i, p in kilder if i < 0}
            if all(len(ps) <= 1 for ps in elementer.values()) and all(
                    p is _bind_processorer(self.c).get(navn) for navn, p in skalarer.items()):
                u = (sql, _hent(pladser), tuple(next(iter(elementer[navn]), None) for navn in self.udfoldede))
        if len(self.udfoldninger) >= 64:
            self.udfoldninger.clear()
        self.udfoldninger[tuple(map(len, lister))] = u
        return u

    def noegle(self, parametre) -> tuple:
        """The key a read ahead is kept by: the statement and the values of its parameters
        (the same rows for the same values)."""
        hent = self.noegle_hent
        if hent is not None and parametre:
            try:
                v: Any = hent({**self.standard, **parametre} if self.standard else parametre)
                if self.noegle_lister:
                    v = list(v)
                    for i in self.noegle_lister:
                        x = v[i]
                        v[i] = tuple(x) if type(x) is list else _fri(x)
                    v = tuple(v)
                k = (id(self.statement), v)
                hash(k)
                return k
            except (KeyError, TypeError):  # not given, or not hashable: as any statement
                pass
        return _noegle(self.statement, parametre)

    def raekker(self, dialekt, markoer) -> list[tuple]:
        """The cursor's rows, processed (_behandlet)."""
        processorer = self.resultat
        if processorer is _UKENDT:
            processorer = self.resultat = _processorer(self.c, dialekt,
                                                      lambda: [d[1] for d in markoer.description])
        return _behandlet(processorer, markoer.fetchall())

    def raekker_pq(self, dialekt, raa, r, form: tuple | None = None) -> list[tuple]:
        """A result's rows (pq_pipeline; `form` as its round trip gave it), processed (_behandlet)."""
        processorer = self.resultat
        if processorer is _UKENDT:
            processorer = self.resultat = _processorer(self.c, dialekt,
                                                      lambda: pq_pipeline.kolonnetyper(r))
        return _behandlet(processorer, pq_pipeline.raekker(raa, r, form))


def planer(dialekt) -> dict[int, Plan]:
    """The dialect's plans, by their statement's id (each holds its statement: the id stays its)."""
    try:
        return dialekt._fravaer_planer
    except AttributeError:
        alle = dialekt._fravaer_planer = {}
        return alle


def plan(statement, dialekt, alle: dict[int, Plan] | None = None) -> Plan:
    """The statement's plan on the dialect: kept from its second use on (gentaget: a statement
    built once, a module's constant); one built per call gets a plan for this use only, as its
    compiled form was (_kompileret_raa), and the kept plans stay those of the constants."""
    if alle is None:
        alle = planer(dialekt)
    p = alle.get(id(statement))
    if p is not None and p.statement is statement:
        return p
    p = _ny_plan(statement, dialekt)
    if gentaget(statement):
        _gem(alle, p)
    return p


def kendt_plan(statement, dialekt, alle: dict[int, Plan]) -> Plan | None:
    """The statement's plan when it is one built once (gentaget: seen before), else None."""
    p = alle.get(id(statement))
    if p is not None and p.statement is statement:
        return p
    if not gentaget(statement):
        return None
    p = _ny_plan(statement, dialekt)
    _gem(alle, p)
    return p


def _ny_plan(statement, dialekt) -> Plan:
    c = _kompileret_raa(statement, dialekt)
    return Plan(statement, c, dialekt, listenavne(c) if dialekt.driver == "psycopg" else ())


def _gem(alle: dict[int, Plan], p: Plan) -> None:
    if len(alle) >= 1024:  # (more constants than any version of the code has: never, in practice)
        alle.clear()
    alle[id(p.statement)] = p


def _oversat(forbindelse, fejl, sql, bind) -> NoReturn:
    """A DB-API error translated as SQLAlchemy translates a statement's (the runner's retry and
    deadline handling see what they would see for any statement)."""
    try:
        raise fejl
    except forbindelse.dialect.loaded_dbapi.Error as e:
        forbindelse._handle_dbapi_exception(e, sql, bind, None, None)  # raises its translation
        raise


def uden_transaktion(forbindelse) -> bool:
    """Whether the connection's statements go without a transaction (engine.UDEN_TRANSAKTION):
    on PostgreSQL pq_pipeline's round trips then send no BEGIN, as in autocommit."""
    return forbindelse.get_execution_options().get(UDEN_TRANSAKTION, False)


_LAES, _ANTAL, _RAMTE = 0, 1, 2  # what _paa_markoeren returns: rows, the row count, rows counted


def _paa_markoeren(forbindelse, statement, parametre, hvad: int, p: Plan | None = None,
                   bundet: tuple[str, Any, bool] | None = None) -> Any:
    """`statement` (built once: its Plan made once, `p` when the caller has it) run on the
    driver's cursor — on PostgreSQL in a round trip of pq_pipeline's, past psycopg's cursor,
    when it can — announced to the engine's statement listeners like any statement, its error
    translated as SQLAlchemy translates it. `bundet`: what p.bind gives, where the caller
    bound it already (Plan.bind_raekke)."""
    dialekt = forbindelse.dialect
    if p is None:
        p = plan(statement, dialekt)
    if bundet is not None:
        sql, bind, ordnet = bundet
    else:
        if p.lister and parametre:
            p = p.til(parametre)
        sql, bind, ordnet = p.bind(parametre)
    # the pool's connection as Connection.connection gives it, without the property's call
    # where it is there (always, but for an invalidated connection: then the property's way)
    fe = forbindelse._dbapi_connection
    raa = (forbindelse.connection if fe is None else fe).dbapi_connection
    if p.pg:
        if pq_pipeline.kan_bruges(raa, uden_transaktion(forbindelse)):
            if forbindelse._has_events or forbindelse.engine._has_events:
                meld(forbindelse, None, sql, dict(zip(p.orden, bind, strict=True)) if ordnet else bind)
            former: list = []
            try:
                (r,) = pq_pipeline.rundtur(raa, [(sql, bind, p.liste_pladser) if ordnet else (sql, bind)],
                                           former=former)
            except pq_pipeline.Fejl as f:
                fejl = f.fejl
            except dialekt.loaded_dbapi.Error as e:
                fejl = e
            else:
                if hvad == _LAES:
                    return p.raekker_pq(dialekt, raa, r, former[0])
                return r.ntuples if hvad == _RAMTE else pq_pipeline.raekkeantal(r)
            _oversat(forbindelse, fejl, sql, dict(zip(p.orden, bind, strict=True)) if ordnet else bind)
        if ordnet:  # psycopg's cursor takes them by name
            bind = dict(zip(p.orden, bind, strict=True))
    markoer = raa.cursor()
    try:
        if forbindelse._has_events or forbindelse.engine._has_events:
            meld(forbindelse, markoer, sql, bind)
        markoer.execute(sql, bind)
        if hvad == _LAES:
            return p.raekker(dialekt, markoer)
        # RETURNING's rows read to the end: SQLite's statement ends only then
        return len(markoer.fetchall()) if hvad == _RAMTE else markoer.rowcount
    except dialekt.loaded_dbapi.Error as e:
        forbindelse._handle_dbapi_exception(e, sql, bind, markoer, None)  # raises its translation
        raise
    finally:
        markoer.close()


def skriv_direkte(forbindelse, statement, parametre: dict | None, raekker: bool = False,
                  p: Plan | None = None, bundet: tuple[str, Any, bool] | None = None) -> int:
    """A prebuilt Core INSERT/UPDATE/DELETE without RETURNING (every column it sets given) on
    the driver's cursor, as `direkte`; its row count. `raekker`: one with RETURNING, whose rows
    are counted instead (read to the end: SQLite's statement ends only then). `bundet`: its
    text and values bound already (Plan.bind_raekke)."""
    return _paa_markoeren(forbindelse, statement, parametre, _RAMTE if raekker else _ANTAL, p, bundet)


def direkte(forbindelse, statement, parametre, p: Plan | None = None) -> Raekker:
    """A prebuilt Core SELECT run on the driver's cursor, past SQLAlchemy's execution machinery
    (a third of a write's CPU time was that machinery: issue 13), with the same rows, the same
    types and the same error translation; announced to the engine's statement listeners like
    any statement. Only for statements built once (module constants): compiled once each."""
    return Raekker(statement, _paa_markoeren(forbindelse, statement, parametre, _LAES, p))


@lru_cache(maxsize=256)
def _noegler(statement) -> tuple[str, ...]:
    return tuple(statement.selected_columns.keys())


@lru_cache(maxsize=256)
def _metadata(statement) -> SimpleResultMetaData:
    """Its results' metadata, made once (immutable: SQLAlchemy shares it between results too)."""
    return SimpleResultMetaData(list(_noegler(statement)))


@lru_cache(maxsize=256)
def _raekkemager(statement) -> Callable[[tuple], Row]:
    """What makes its Row of a tuple (as SQLAlchemy's result_tuple: no processors, they ran)."""
    m = _metadata(statement)
    return partial(Row, m, None, m._key_to_index)


def _som_navngivet(klar: tuple) -> tuple[str, Any]:
    """A statement of Forudlaesning.send's and its parameters by name, as SQLAlchemy reports
    a failed statement's."""
    _, _, p, sql, bind, ordnet, _ = klar
    return sql, dict(zip(p.orden, bind, strict=True)) if ordnet else bind


class Forudlaesning:
    """The reads one transaction announced and those already read, by statement and parameters.
    Each read is served once; any statement that is not a plain SELECT forgets them all."""

    def __init__(self):
        self._annonceret: list[tuple[object, dict]] | None = None
        self._laest: dict[tuple, tuple[object, list[tuple]]] = {}
        # the plans of the reads sent (by their statement's id), which their keys were made by
        self._sendte: dict[int, Plan] = {}

    @property
    def annoncerer(self) -> bool:
        return self._annonceret is not None

    def annoncer(self, statement, parametre) -> None:
        if self._annonceret is None:
            raise RuntimeError("annoncer uden begynd")
        self._annonceret.append((statement, dict(parametre or {})))

    def begynd(self) -> None:
        self._annonceret = []

    def afslut(self) -> list[tuple[object, dict]]:
        annonceret, self._annonceret = self._annonceret or [], None
        return annonceret

    def tag(self, statement, parametre, behold: bool = False) -> Raekker | None:
        """The rows of this read, served once; `behold`: served and kept for one more asker
        (a statement that answers two reads: HaendelseRepository.i_perioden_og_konto)."""
        if not self._laest:
            return None
        p = self._sendte.get(id(statement))
        if p is None or p.statement is not statement:  # not sent in this transaction
            return None
        noegle = p.noegle(parametre)
        fundet = self._laest.get(noegle) if behold else self._laest.pop(noegle, None)
        if fundet is None:
            return None
        statement, raekker = fundet
        return Raekker(statement, raekker)

    def glem(self) -> None:
        self._laest.clear()
        self._sendte.clear()

    def send(self, forbindelse, statements: Sequence[tuple[Any, ...]], begin: bool = False,
             commit: bool = False) -> None:
        """Send `statements` on `forbindelse` (PostgreSQL, psycopg 3) in one pipeline, keeping the
        rows of the reads for `tag`; with `begin`, the transaction's BEGIN goes first (the
        connection is then in psycopg's autocommit mode: the caller owns the transaction), with
        `commit`, its COMMIT last. Each statement is announced to the engine's statement
        listeners like any other (statements.py counts it; one that shares the round trip of a
        statement before it, or of the BEGIN or COMMIT that the engine's own events count, as
        folded)."""
        dialekt = forbindelse.dialect
        klar: list[tuple] = []
        set_: set = set()
        # (cursor position, callback) of writes whose row count is asked for
        efter_send: list[tuple[int, Callable[[int], object]]] = []
        alle = planer(dialekt)
        for statement, parametre, *efter in statements:
            p = alle.get(id(statement))
            if p is None or p.statement is not statement:
                p = plan(statement, dialekt, alle)
            laesning = p.laesning
            if not p.sendes:  # Kerne.udskyd sends no such write; such a read goes when asked for
                if not laesning:
                    raise ValueError(f"kan ikke sendes i en pipeline: {statement}")
                continue
            noegle = None
            if laesning:  # (a write's rows are not kept)
                noegle = p.noegle(parametre)
                if noegle in set_:
                    continue
                set_.add(noegle)
                self._sendte[id(statement)] = p
            if p.lister and parametre:
                parametre = som_dict(parametre)
                p = p.til(parametre)
            tekst, bind_, ordnet = p.bind(parametre)
            if efter and efter[0] is not None:
                efter_send.append((len(klar), efter[0]))
            klar.append((noegle, statement, p, tekst, bind_, ordnet, laesning))
        if not klar and not (begin or commit):
            return
        raa = forbindelse.connection.dbapi_connection
        try:
            if begin:
                # psycopg would send its BEGIN alone, and wait for it
                pq_pipeline.saet_autocommit(raa, True)
        except dialekt.loaded_dbapi.Error as e:
            _oversat(forbindelse, e, "BEGIN", None)
        if dialekt.driver == "psycopg" and pq_pipeline.kan_bruges(raa, uden_transaktion(forbindelse)):
            self._send_pq(forbindelse, raa, klar, begin, commit, efter_send)
            return
        markoerer = []
        sql: str | None = None
        bind: Any = None
        markoer = None
        try:
            with raa.pipeline():
                markoer = raa.cursor()
                markoerer.append(markoer)
                if begin:
                    markoer.execute("BEGIN")
                for i, (_, _, p, sql, bind, ordnet, _) in enumerate(klar):
                    if ordnet:  # psycopg's cursor takes them by name
                        bind = dict(zip(p.orden, bind, strict=True))
                    markoer = raa.cursor()
                    markoerer.append(markoer)
                    meld(forbindelse, markoer, sql, bind, FOLDET if i or begin or commit else None)
                    markoer.execute(sql, bind)
                if commit:
                    sql, bind, markoer = "COMMIT", None, markoerer[0]
                    markoer.execute("COMMIT")
            for (noegle, statement, p, *_, laesning), markoer in zip(klar, markoerer[1:], strict=True):
                if not laesning:
                    continue
                self._laest[noegle] = (statement, p.raekker(dialekt, markoer))
            for i, naar_sendt in efter_send:
                naar_sendt(markoerer[i + 1].rowcount)
        except dialekt.loaded_dbapi.Error as e:
            # translated as SQLAlchemy translates a statement's error (the runner's retry and
            # deadline handling see what they would see for any statement)
            forbindelse._handle_dbapi_exception(e, sql, bind, markoer, None)
        finally:
            for m in markoerer:
                m.close()

    def _send_pq(self, forbindelse, raa, klar: list[tuple], begin: bool, commit: bool,
                 efter_send: list[tuple[int, Callable[[int], object]]]) -> None:
        """`send` in one round trip of pq_pipeline's (psycopg's cursor and pipeline cost a
        PostgreSQL write a third of its CPU time: issue 13)."""
        dialekt = forbindelse.dialect
        statements: list[tuple] = []
        lyttere = forbindelse._has_events or forbindelse.engine._has_events
        for i, (_, _, p, sql, bind, ordnet, _) in enumerate(klar):
            if lyttere:
                meld(forbindelse, None, sql, dict(zip(p.orden, bind, strict=True)) if ordnet else bind,
                     FOLDET if i or begin or commit else None)
            statements.append((sql, bind, p.liste_pladser) if ordnet else (sql, bind))
        former: list = []
        try:
            svar = pq_pipeline.rundtur(raa, statements, begin=begin, commit=commit, former=former)
        except pq_pipeline.Fejl as f:
            sql, bind = _som_navngivet(klar[f.indeks]) if 0 <= f.indeks < len(klar) \
                else ("BEGIN" if f.indeks < 0 else "COMMIT", None)
            fejl = f.fejl
        except dialekt.loaded_dbapi.Error as e:
            (sql, bind), fejl = (_som_navngivet(klar[0]) if klar else ("COMMIT", None)), e
        else:
            for (noegle, statement, p, *_, laesning), r, form in zip(klar, svar, former, strict=True):
                if laesning:
                    self._laest[noegle] = (statement, p.raekker_pq(dialekt, raa, r, form))
            for i, naar_sendt in efter_send:
                naar_sendt(pq_pipeline.raekkeantal(svar[i]))
            return
        _oversat(forbindelse, fejl, sql, bind)
