"""spyne 2.14 on Python 3.12 and 3.13: an import shim for its vendored six.

spyne 2.14 (its last release) ships an old copy of `six` as `spyne.util.six`, whose meta-path
importer serves `spyne.util.six.moves...` through `find_module`/`load_module` only. Python 3.12
dropped that fallback from the import system, so `import spyne` fails there (spyne issues #700,
#708, #711). `SixMovesFinder` answers `find_spec` for exactly the names the vendored importer knows
and lets that importer load them, so spyne gets the same modules it gets on 3.11. On 3.13 spyne
also needs the removed `cgi` module, which the `legacy-cgi` package provides (pyproject.toml).

`installer()` runs from fravaer/__init__.py, before anything imports spyne; it is idempotent. On
3.11 the finder serves the same modules (and spares the ImportWarning of the legacy path).
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from importlib.machinery import ModuleSpec
from types import ModuleType

SIX = "spyne.util.six"
_MOVES = SIX + ".moves"


class _Loader(importlib.abc.Loader):
    """Loads through the vendored six importer; a moved module is the real one (e.g.
    collections.abc), whose own __spec__ the import system would overwrite: it is put back."""

    def __init__(self, six_importer):
        self.six_importer = six_importer
        self._spec: dict[str, ModuleSpec | None] = {}

    def create_module(self, spec):
        modul = self.six_importer.load_module(spec.name)
        self._spec[spec.name] = getattr(modul, "__spec__", None)
        return modul

    def exec_module(self, module: ModuleType) -> None:
        navn = next((n for n, m in sys.modules.items() if m is module and n.startswith(_MOVES)), None)
        if navn in self._spec:
            original = self._spec.pop(navn)
            if original is not None:
                module.__spec__ = original


class SixMovesFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname != _MOVES and not fullname.startswith(_MOVES + "."):
            return None
        six = sys.modules.get(SIX)  # moves are imported only through six, which is loaded first
        six_importer = getattr(six, "_importer", None)
        if six_importer is None or fullname not in six_importer.known_modules:
            return None
        return importlib.util.spec_from_loader(fullname, _Loader(six_importer),
                                               is_package=six_importer.is_package(fullname))


def installer() -> None:
    if not any(isinstance(f, SixMovesFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, SixMovesFinder())
