"""`kolonne IN (a list)` sent as one parameter on PostgreSQL: `kolonne = ANY(:liste)`.

SQLAlchemy's expanding IN writes one placeholder per value, and psycopg then splits a query of
ten thousand placeholders character by character, new for every length (no cache helps): for a
mass registration's batch reads that was a sixth of the request's CPU time (issue 15 item 5).
An array is one parameter, and the statement's text is the same for every length. It goes as
the text of an array literal cast to the column's array type: psycopg dumps a Python list element
by element in Python (5 ms for ten thousand ids, fifteen such lists in a batch), the literal is
joined and escaped in C (0.2 ms). Other databases (SQLite) keep the expanding IN. Use it where a
list may be long; pass a list (or any sequence or set) of ints or strings."""

from __future__ import annotations

from sqlalchemy import any_, bindparam, cast
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import BigInteger, Boolean, Integer, String, Text, TypeDecorator


class Blandt(ColumnElement):
    inherit_cache = True
    type = Boolean()
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
    """An array parameter from any sequence or set the caller has, sent as its literal's text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else array_literal(value)


def _elementtype(kolonne):
    """The array's element type: bigint or text, whatever the column's width (a cast to
    varchar(36)[] would cut a longer value down to one that may match; a list parameter was
    compared as text[] before, and an index on the column serves either)."""
    if isinstance(kolonne.type, Integer):
        return BigInteger()
    if isinstance(kolonne.type, String):
        return Text()
    return kolonne.type


@compiles(Blandt, "postgresql")
def _som_any(e: Blandt, compiler, **kw) -> str:
    liste = cast(bindparam(e.navn, type_=_Liste()), ARRAY(_elementtype(e.kolonne)))
    return compiler.process(e.kolonne == any_(liste), **kw)
