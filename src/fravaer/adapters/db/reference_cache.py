"""A per-process copy of the reference data (users and rights, calendars, særregler): read on
every request, changed rarely. A transaction trusts the copy only after one cheap read of the
version the database holds (migration 0011: triggers change it with every change of those
tables, whoever makes it); a different version empties the copy (issue 13)."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from sqlalchemy import Engine, bindparam, select

from fravaer.adapters.db.session import Session
from fravaer.adapters.db.tables import ReferenceversionRow

T = TypeVar("T")
_V = ReferenceversionRow.__table__
VERSION = select(_V.c.version).where(_V.c.id == bindparam("id", 1))
# the version as a column of another statement (the write's first), to save it a round trip
REFERENCEVERSION = select(_V.c.version).where(_V.c.id == 1).scalar_subquery().label("referenceversion")
_MAKS = 10_000  # entries; a process that meets more (many users, many institutions) starts over
_MAKS_GAET = 10_000  # ReferenceCache.gaetninger's entries, likewise


class ReferenceCache:
    """The copy of one database (one per engine, shared by its threads)."""

    def __init__(self):
        self._laas = threading.Lock()
        self._version: int | None = None
        self._data: dict[tuple, object] = {}
        # not reference data: what a write last found under a key (an employment by its
        # tjenestenummer), a guess for the next write's reads ahead (Referencer.gaet)
        self.gaetninger: dict[tuple, object] = {}

    def hent(self, version: int | None, noegle: tuple, laes: Callable[[], T]) -> T:
        """The value under `noegle` as of `version`, read by `laes` when not held. No version
        (the row is gone) means no copy at all."""
        if version is None:
            return laes()
        with self._laas:
            if version != self._version:
                self._data.clear()
                self._version = version
            elif noegle in self._data:
                return cast(T, self._data[noegle])  # what `laes` read under this key
        vaerdi = laes()
        with self._laas:
            if version == self._version:
                if len(self._data) >= _MAKS:
                    self._data.clear()
                self._data[noegle] = vaerdi
        return vaerdi


    def kig(self, noegle: tuple) -> tuple[int, Any] | None:
        """The value under `noegle` and the version it holds for, without asking the database
        (None when not held): whoever uses it must check that version against the database's
        before it trusts it (service/autentificering.py does, in the request's first round trip)."""
        with self._laas:
            if self._version is None or noegle not in self._data:
                return None
            return self._version, self._data[noegle]


# each engine's copy, for as long as the engine lives
_CACHES: weakref.WeakKeyDictionary[Engine, ReferenceCache] = weakref.WeakKeyDictionary()


def cache_for(engine: Engine) -> ReferenceCache:
    # the last engine asked for (a process has one): WeakKeyDictionary.get makes a weak reference
    # to look it up, a Python call, twice a request (the login and the unit of work, issue 13)
    global _sidste
    sidste = _sidste
    if sidste[0]() is engine:
        return sidste[1]
    cache = _CACHES.get(engine)
    if cache is None:
        cache = _CACHES[engine] = ReferenceCache()
    _sidste = (weakref.ref(engine), cache)  # one tuple, swapped whole: safe for threads
    return cache


def _ingen() -> None:
    return None


_sidste: tuple[Callable[[], Engine | None], Any] = (_ingen, None)  # (engine, its ReferenceCache)


class Referencer:
    """The copy as one transaction sees it: the version is read once, at the first use."""

    def __init__(self, cache: ReferenceCache, session: Session):
        self._cache = cache
        self._session = session
        self._version: int | None = None
        self._laest = False
        self._foreloebig: list[int] | None = None

    def version(self) -> int | None:
        if not self._laest:
            self._version = self._session.execute(VERSION).scalar()
            self._laest = True
        return self._version

    def kendt(self, version: int | None) -> None:
        """The version, read with another statement of this transaction (before any use)."""
        if not self._laest:
            self._version, self._laest = version, True

    def hent(self, noegle: tuple, laes: Callable[[], T]) -> T:
        if self._foreloebig is not None:
            kigget = self._cache.kig(noegle)
            if kigget is None:
                raise IkkeHoldt(noegle)
            self._foreloebig.append(kigget[0])
            return cast(T, kigget[1])
        return self._cache.hent(self.version(), noegle, laes)

    @contextmanager
    def foreloebig(self) -> Iterator[list[int]]:
        """Inside: `hent` answers from the copy as it is held, without asking the database for the
        version (a guess made before the transaction's first round trip: its reads ahead); a key
        not held raises IkkeHoldt. Yields the versions of what was answered, for the caller to
        check against the database's once known (`version()`)."""
        versioner: list[int] = []
        self._foreloebig = versioner
        try:
            yield versioner
        finally:
            self._foreloebig = None

    def gaet(self, noegle: tuple) -> Any:
        """What `husk` last kept under `noegle` in this process (None: nothing): only a guess."""
        return self._cache.gaetninger.get(noegle)

    def husk(self, noegle: tuple, vaerdi: object) -> None:
        gaetninger = self._cache.gaetninger
        if len(gaetninger) >= _MAKS_GAET:
            gaetninger.clear()
        gaetninger[noegle] = vaerdi


class IkkeHoldt(LookupError):
    """A key not held in the copy, asked for inside Referencer.foreloebig."""
