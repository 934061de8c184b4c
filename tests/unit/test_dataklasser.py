"""domain.dataklasser.hurtig_init: each class's fast __init__ makes what the dataclass's own makes."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from datetime import date, datetime
from fractions import Fraction

import pytest

import fravaer
from fravaer.domain.ansaettelse import Ansaettelse, Forholdsperiode, Loenform
from fravaer.domain.dataklasser import hurtig_init
from fravaer.domain.haendelse import AABEN_SLUT, Haendelse, HaendelseData


def _klasser() -> list[type]:
    """Every class of the package given hurtig_init."""
    for m in pkgutil.walk_packages(fravaer.__path__, "fravaer."):
        if m.name.startswith(("fravaer.soap", "fravaer.server", "fravaer.cli")):
            continue
        importlib.import_module(m.name)
    fundne = {}
    for navn, modul in list(__import__("sys").modules.items()):
        if not navn.startswith("fravaer."):
            continue
        for v in vars(modul).values():
            if isinstance(v, type) and "__dataclass_init__" in vars(v):
                fundne[f"{v.__module__}.{v.__qualname__}"] = v
    return [fundne[k] for k in sorted(fundne)]


_A = Ansaettelse(7, "DEMO", "0101801234", 1, "1", "0240", "1100", Loenform.MAANEDSLOEN, 2220,
                 date(2020, 1, 1), None)
_MED_FORLOEB = _A.med_forloeb((Forholdsperiode(date(2020, 1, 1), "0240", None, None, Loenform.MAANEDSLOEN,
                                               1800),))


def _som_begge(cls: type, *args, **kwargs) -> tuple[object, object]:
    hurtig = cls(*args, **kwargs)
    egen = object.__new__(cls)
    cls.__dataclass_init__(egen, *args, **kwargs)
    return hurtig, egen


def _ens(a: object, b: object) -> None:
    assert type(a) is type(b)
    assert vars(a) == vars(b)
    assert list(vars(a)) == list(vars(b))  # the same order too (reprs, asdict walk fields, not this)
    assert repr(a) == repr(b)
    if type(a).__eq__ is not object.__eq__:
        assert a == b


def test_der_er_klasser_med_hurtig_init():
    navne = {k.__name__ for k in _klasser()}
    assert {"Grundlag", "KvoteVurdering", "Meddelelse", "Omkostning", "Optaelling", "HaendelseSvar",
            "HaendelseAnmodning"} <= navne
    # objects read many times keep the dataclass's __init__ (module docstring)
    assert not {"Haendelse", "HaendelseData", "Regnskab", "Arbejdstid"} & navne


@pytest.mark.parametrize("cls", _klasser(), ids=lambda c: c.__qualname__)
def test_som_dataklassens_egen(cls):
    """Every field given positionally by placeholder objects (Arbejdstid needs an employment),
    and only the required ones (the defaults and default factories)."""
    felter = [f for f in dataclasses.fields(cls) if f.init]
    kraevede = [f for f in felter if f.default is dataclasses.MISSING
                and f.default_factory is dataclasses.MISSING]

    def vaerdi(f):
        return _A if f.name == "ansaettelse" else object()
    _ens(*_som_begge(cls, *[vaerdi(f) for f in felter]))
    _ens(*_som_begge(cls, *[vaerdi(f) for f in kraevede]))
    _ens(*_som_begge(cls, **{f.name: vaerdi(f) for f in kraevede}))
    a, b = _som_begge(cls, *[vaerdi(f) for f in kraevede])
    for f in felter:  # a default factory's value is made afresh for each object
        if f.default_factory is not dataclasses.MISSING:
            assert getattr(a, f.name) is not getattr(b, f.name)
            assert getattr(a, f.name) is not getattr(cls(*[vaerdi(f) for f in kraevede]), f.name)


def test_post_init_koerer():
    """A class's __post_init__ runs after the fields are set, as with the dataclass's own."""
    @hurtig_init
    @dataclasses.dataclass(frozen=True)
    class MedEfter:
        a: Ansaettelse
        norm: int | None = dataclasses.field(init=False, default=None)
        noter: dict = dataclasses.field(init=False, default_factory=dict)

        def __post_init__(self) -> None:
            if not self.a.forloeb:
                object.__setattr__(self, "norm", self.a.dagsnorm)

    for a in (_A, _MED_FORLOEB):
        _ens(*_som_begge(MedEfter, a))
    assert MedEfter(_A).norm == _A.dagsnorm and MedEfter(_MED_FORLOEB).norm is None
    d = HaendelseData("500", date(2025, 1, 6), AABEN_SLUT)
    assert d.til is None and d == HaendelseData("500", date(2025, 1, 6), None)
    nu = datetime(2026, 1, 1)
    h = Haendelse("x", 7, 1, d, nu, nu)
    assert h.med(version=2) == Haendelse("x", 7, 2, d, nu, nu)
    assert dataclasses.replace(h, data=HaendelseData("100", date(2025, 1, 6), None)).data.kode == "100"


def test_fastfrosset_og_fejl_som_foer():
    d = HaendelseData("500", date(2025, 1, 6), date(2025, 1, 6))
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.kode = "100"  # type: ignore[misc]
    with pytest.raises(TypeError):
        HaendelseData("500")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        HaendelseData("500", date(2025, 1, 6), None, ukendt=1)  # type: ignore[call-arg]
    assert hash(d) == hash(HaendelseData("500", date(2025, 1, 6), date(2025, 1, 6)))
    assert Fraction(1) == Fraction(1)


def test_afviser_hvad_den_ikke_kender():
    @dataclasses.dataclass
    class MedInitVar:
        x: dataclasses.InitVar[int]
        y: int = 0

    @dataclasses.dataclass(kw_only=True)
    class KunNavne:
        x: int

    @dataclasses.dataclass(slots=True)
    class MedSlots:
        x: int

    for cls in (MedInitVar, KunNavne, MedSlots):
        with pytest.raises(TypeError):
            hurtig_init(cls)
    with pytest.raises(TypeError):
        hurtig_init(int)


def test_hurtig_ny_som_dataklassens_egen():
    """hurtig_ny's function makes what the class's own __init__ makes (with __post_init__'s
    normalisation), and leaves the class's __init__ as it is."""
    from fravaer.domain.ansaettelse import AnsaettelsesIdent
    from fravaer.domain.dataklasser import hurtig_ny

    ny_data, ny_ident = hurtig_ny(HaendelseData), hurtig_ny(AnsaettelsesIdent)
    for args, kwargs in ((("500", date(2025, 1, 6), AABEN_SLUT), {}),
                         (("500", date(2025, 1, 6), date(2025, 1, 7)), {"minutter": 90, "ferieaar": 2025}),
                         ((), {"kode": "100", "fra": date(2025, 1, 6), "til": None, "bemaerkning": "b"})):
        _ens(ny_data(*args, **kwargs), HaendelseData(*args, **kwargs))
    for args in ((), ("T1",), (None, "0101801234", 1)):
        _ens(ny_ident(*args), AnsaettelsesIdent(*args))
        assert hash(ny_ident(*args)) == hash(AnsaettelsesIdent(*args))
    assert ny_data("500", date(2025, 1, 6), AABEN_SLUT).til is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        ny_data("500", date(2025, 1, 6), None).kode = "100"  # type: ignore[misc]
    assert "__dataclass_init__" not in vars(HaendelseData)
    with pytest.raises(TypeError):
        hurtig_ny(int)
