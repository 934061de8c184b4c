"""A frozen dataclass's __init__ without its field-by-field object.__setattr__ (issue 13).

The generated __init__ of a frozen dataclass sets each field through object.__setattr__, a
Python-level global lookup and C call per field: a write judged makes several such objects that
are read a few times and dropped (the rules' Grundlag and KvoteVurdering, the answer and its
cost), and a refusal a Meddelelse per problem. `hurtig_init` gives the class an __init__ of the
same signature that sets the instance's fields as one dict (as Arbejdstid.af and the
repository's _haendelse_af do by hand), then runs __post_init__ if the class has one. Everything
else the dataclass made (eq, hash, repr, frozenness, replace, fields) is untouched;
tests/unit/test_dataklasser.py holds each class's fast __init__ to the dataclass's own.

Only for objects read a few times: an instance given its dict whole loses CPython's inline
attribute values, so each attribute read costs more (about a fifth more for a plain read). On
Regnskab, Arbejdstid, Haendelse and HaendelseData, read per day or per rule, it cost more than it
saved (HentKvoter of 100 and 1,000: +2 % instructions): they keep the dataclass's __init__."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_UDEN = object()  # a default_factory field not given


def hurtig_init(cls: type[T]) -> type[T]:
    """Replace the dataclass `cls`'s __init__ by one that fills the fields' dict at once. Only
    for a plain dataclass: no InitVar, keyword-only field or __slots__ (checked)."""
    init = _lav(cls, ny=False)
    cls.__dataclass_init__ = cls.__init__  # type: ignore[attr-defined]  # the dataclass's own (tests)
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


def hurtig_ny(cls: type[T]) -> Callable[..., T]:
    """A function of the signature of `cls`'s __init__ that makes an instance as hurtig_init's
    __init__ does (the fields' dict at once, then __post_init__), the class left as it is: for
    one place that makes an object read only a few times (the request's HaendelseData, read by
    the rules of one write), where the class keeps the dataclass's __init__ for its many others
    (see the module)."""
    return _lav(cls, ny=True)


def _lav(cls: type, ny: bool) -> Callable:
    """hurtig_init's __init__ (`ny`: hurtig_ny's function instead)."""
    if not dataclasses.is_dataclass(cls) or "__slots__" in cls.__dict__:
        raise TypeError(f"{cls.__name__}: hurtig_init kun for en dataklasse uden __slots__")
    params: list[str] = []
    forud: list[str] = []  # default_factory fields not given
    poster: list[str] = []
    navnerum: dict[str, Any] = {"_UDEN": _UDEN, "_SAET": object.__setattr__}
    for f in dataclasses.fields(cls):
        if f.kw_only:
            raise TypeError(f"{cls.__name__}.{f.name}: hurtig_init kender ikke kw_only")
        if f.init:
            if f.default is not dataclasses.MISSING:
                navnerum[f"_std_{f.name}"] = f.default
                params.append(f"{f.name}=_std_{f.name}")
            elif f.default_factory is not dataclasses.MISSING:
                navnerum[f"_lav_{f.name}"] = f.default_factory
                params.append(f"{f.name}=_UDEN")
                forud.append(f"    if {f.name} is _UDEN:\n        {f.name} = _lav_{f.name}()\n")
            else:
                params.append(f.name)
            poster.append(f"{f.name!r}: {f.name}")
        elif f.default_factory is not dataclasses.MISSING:  # init=False: made afresh, as the dataclass does
            navnerum[f"_lav_{f.name}"] = f.default_factory
            poster.append(f"{f.name!r}: _lav_{f.name}()")
        # (init=False with a plain default: the class attribute answers, as with the dataclass's)
    felter = {f.name for f in dataclasses.fields(cls)}
    if any("InitVar" in str(f.type) for navn, f in cls.__dataclass_fields__.items() if navn not in felter):
        raise TypeError(f"{cls.__name__}: hurtig_init kender ikke InitVar")
    efter = "    self.__post_init__()\n" if hasattr(cls, "__post_init__") else ""
    if ny:
        navnerum["_NY"], navnerum["_KLASSE"] = object.__new__, cls
        kode = (f"def __init__({', '.join(params)}):\n{''.join(forud)}    self = _NY(_KLASSE)\n"
                f"    _SAET(self, '__dict__', {{{', '.join(poster)}}})\n{efter}    return self\n")
    else:
        kode = (f"def __init__(self, {', '.join(params)}):\n{''.join(forud)}"
                f"    _SAET(self, '__dict__', {{{', '.join(poster)}}})\n{efter}")
    exec(kode, navnerum)  # (the class's own field names and defaults only)
    init = navnerum["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.{'ny' if ny else '__init__'}"
    init.__module__ = cls.__module__
    return init
