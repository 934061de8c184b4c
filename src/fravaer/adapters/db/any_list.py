"""`kolonne IN (a list)` sent as one parameter on PostgreSQL: `kolonne = ANY(:liste)`.

SQLAlchemy's expanding IN writes one placeholder per value, and psycopg then splits a query of
ten thousand placeholders character by character, new for every length (no cache helps): for a
mass registration's batch reads that was a sixth of the request's CPU time (issue 15 item 5).
An array is one parameter, and the statement's text is the same for every length. It goes as
the text of an array literal, typed bigint[] or text[]: psycopg dumps a Python list element by
element in Python (5 ms for ten thousand ids, fifteen such lists in a batch), the literal is
joined and escaped in C (0.3 ms). Other databases (SQLite) keep the expanding IN. Use it where a
list may be long; pass a list (or any sequence or set) of ints or strings."""

from __future__ import annotations

import psycopg
from psycopg.types.string import StrDumper
from sqlalchemy import any_, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import Boolean, Integer, NullType, TypeDecorator

from fravaer.adapters.db.pq_pipeline import STOR_LISTE, StorListe


class Blandt(ColumnElement):
    inherit_cache = True
    type = Boolean()
    # a predicate as it is (IN …, = ANY(…)): without this, SQLite (no native boolean) got
    # `kolonne IN (…) = 1` in a WHERE, which no index serves — every read by a list scanned its
    # whole table (issue 13: 50 µs of HentHaendelser' 1 ms on 1,000 employments, growing with them)
    _is_implicitly_boolean = True
    _traverse_internals = [("kolonne", InternalTraversal.dp_clauseelement),
                           ("navn", InternalTraversal.dp_string)]

    def __init__(self, kolonne, navn: str):
        self.kolonne = kolonne
        self.navn = navn


def blandt(kolonne, navn: str) -> Blandt:
    """`kolonne` is one of the values of the list parameter `navn`."""
    return Blandt(kolonne, navn)


@compiles(Blandt)
def _som_in(e: Blandt, compiler, **kw) -> str:
    return compiler.process(e.kolonne.in_(bindparam(e.navn, expanding=True)), **kw)


class _Heltal(str):
    """An array literal of integers, sent typed as bigint[]."""


class _Tekster(str):
    """An array literal of strings, sent typed as text[]."""


class _HeltalDumper(StrDumper):
    oid = psycopg.adapters.types["int8"].array_oid


class _TeksterDumper(StrDumper):
    oid = psycopg.adapters.types["text"].array_oid


# typed, the literal is read once when the statement is bound (a parameter cast in SQL is read
# again for every row the condition is tested on)
psycopg.adapters.register_dumper(_Heltal, _HeltalDumper)
psycopg.adapters.register_dumper(_Tekster, _TeksterDumper)


class _MangeHeltal(_Heltal, StorListe):
    __slots__ = ()


class _MangeTekster(_Tekster, StorListe):
    __slots__ = ()


psycopg.adapters.register_dumper(_MangeHeltal, _HeltalDumper)
psycopg.adapters.register_dumper(_MangeTekster, _TeksterDumper)


def array_literal(vaerdier) -> str:
    """PostgreSQL's text form of an array of these ints or strings: every string quoted, its
    backslashes and quotes escaped (a NUL cannot be in a PostgreSQL string, so it can stand
    between the elements while the whole is escaped at once)."""
    vaerdier = list(vaerdier)
    if not vaerdier:
        return "{}"
    if set(map(type, vaerdier)) == {int}:
        return "{" + ",".join(map(str, vaerdier)) + "}"
    samlet = "\x00".join(map(str, vaerdier))
    if samlet.count("\x00") != len(vaerdier) - 1:
        raise ValueError("en tekst med NUL kan ikke sammenlignes i PostgreSQL")
    samlet = samlet.replace("\\", "\\\\").replace('"', '\\"')
    return '{"' + samlet.replace("\x00", '","') + '"}'


class _Liste(TypeDecorator):
    """An array parameter from any sequence or set the caller has, sent as its literal's text
    typed as bigint[] (an integer column) or text[] (any other: a longer string is compared
    whole, never cut to the column's width, where it could match another)."""

    impl = NullType  # no cast in the statement: the parameter is typed
    cache_ok = True

    def __init__(self, heltal: bool):
        super().__init__()
        self.heltal = heltal

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, list | tuple | set | frozenset | dict):
            value = list(value)  # read once (an iterator)
        if len(value) > STOR_LISTE:  # pq_pipeline plans the statement for it (STOR_LISTE)
            return (_MangeHeltal if self.heltal else _MangeTekster)(array_literal(value))
        return (_Heltal if self.heltal else _Tekster)(array_literal(value))


@compiles(Blandt, "postgresql")
def _som_any(e: Blandt, compiler, enkelte: frozenset[str] = frozenset(), **kw) -> str:
    liste = bindparam(e.navn, type_=_Liste(isinstance(e.kolonne.type, Integer)))
    if e.navn in enkelte:  # the list's one value, for a list that has one (`enkelt`)
        return f"{compiler.process(e.kolonne, **kw)} = ({compiler.process(liste, **kw)})[1]"
    return compiler.process(e.kolonne == any_(liste), **kw)


def listenavne(kompileret) -> tuple[str, ...]:
    """The list parameters (`blandt`) of a statement compiled for PostgreSQL."""
    return tuple(navn for bp, navn in kompileret.bind_names.items() if isinstance(bp.type, _Liste))


def enkelt(statement, dialekt, navne: frozenset[str]):
    """`statement` compiled for PostgreSQL with each list parameter of `navne` compared as its
    one value: `kolonne = ($1)[1]`, not `kolonne = ANY($1)` (the same rows for a list of one).

    PostgreSQL plans a named prepared statement anew at every execution (a custom plan) while
    the plan made without the parameters' values (the generic plan) looks dearer, and it
    prices `= ANY($1)` with an array it cannot see as a list of ten values: ten index probes,
    ten rows for every join above them. A read by one value (HentHaendelser' employment, a
    write's history, transaction and children) was thus planned at every execution, a third of
    the server's CPU for a HentHaendelser 20 (issue 13). Compared as one value, its generic plan
    is the custom plan, and the server keeps it."""
    return statement.compile(dialect=dialekt, compile_kwargs={"enkelte": navne})
