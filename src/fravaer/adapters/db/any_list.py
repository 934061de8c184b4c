"""`kolonne IN (a list)` sent as one parameter on PostgreSQL: `kolonne = ANY(:liste)`.

SQLAlchemy's expanding IN writes one placeholder per value, and psycopg then splits a query of
ten thousand placeholders character by character, new for every length (no cache helps): for a
mass registration's batch reads that was a sixth of the request's CPU time (issue 15 item 5).
An array is one parameter, and the statement's text is the same for every length. Other
databases (SQLite) keep the expanding IN. Use it where a list may be long; pass a list."""

from __future__ import annotations

from sqlalchemy import any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import Boolean, TypeDecorator


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


class _Liste(TypeDecorator):
    """An array parameter from any sequence or set the caller has (psycopg adapts lists)."""

    impl = ARRAY
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else list(value)


@compiles(Blandt, "postgresql")
def _som_any(e: Blandt, compiler, **kw) -> str:
    return compiler.process(e.kolonne == any_(bindparam(e.navn, type_=_Liste(e.kolonne.type))), **kw)
