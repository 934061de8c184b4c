"""What a repository holds as `session`: the unit of work's `Kerne` (unit_of_work.py), which sends
a Core statement straight to the connection and hands everything else to an ORM session on it.
A protocol, so that the repositories need not import the unit of work that imports them."""

from __future__ import annotations

from typing import Any, Protocol


class Session(Protocol):
    def execute(self, statement: Any, parametre: Any = ...) -> Any: ...

    def scalar(self, statement: Any, parametre: Any = ...) -> Any: ...

    def scalars(self, statement: Any, parametre: Any = ...) -> Any: ...

    # parametre: a dict, or a read_ahead.Ordnede
    def udskyd(self, statement: Any, parametre: Any, efter: Any = ...) -> None: ...

    def glem(self) -> None: ...

    def get_bind(self) -> Any: ...

    @property
    def dialekt(self) -> str: ...

    @property
    def kodepunktorden(self) -> bool: ...

    login_version: Any  # the reference version the request's login check read (Kerne)

    def version_med_login(self) -> bool: ...

    def __getattr__(self, navn: str) -> Any: ...  # the ORM session's own: add, flush, begin_nested, …
