"""The contract inside the package (issue 18 item 1): fravaer/wsdl, fravaer/schemas and
fravaer/migrations, found with importlib.resources, hold exactly the files of the top-level
folders, and the wheel's package-data globs (pyproject.toml) take every one of them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import fravaer
from fravaer import paths

ROD = Path(__file__).resolve().parents[2]
PAKKE = ROD / "src" / "fravaer"
MAPPER = {"wsdl": paths.WSDL_DIR, "schemas": paths.SCHEMA_DIR, "migrations": paths.MIGRATIONS_DIR}


def _filer(mappe: Path) -> dict[str, bytes]:
    return {str(f.relative_to(mappe)): f.read_bytes() for f in mappe.rglob("*")
            if f.is_file() and "__pycache__" not in f.parts}


@pytest.mark.parametrize("navn", sorted(MAPPER))
def test_the_package_holds_the_same_files_as_the_top_level_folder(navn):
    top, pakke = _filer(ROD / navn), _filer(MAPPER[navn])
    assert top, navn
    assert sorted(pakke) == sorted(top)
    assert all(pakke[n] == top[n] for n in top)


@pytest.mark.parametrize("navn", sorted(MAPPER))
def test_the_package_folder_is_found_inside_the_package(navn):
    assert MAPPER[navn].parent.resolve() in (Path(fravaer.__file__).resolve().parent, ROD)
    assert (PAKKE / navn).is_symlink() and (PAKKE / navn).resolve() == (ROD / navn).resolve()


def test_the_wheels_package_data_takes_every_contract_file():
    moenstre = tomllib.loads((ROD / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    taget = {str(f.relative_to(PAKKE)) for m in moenstre["fravaer"] for f in PAKKE.glob(m) if f.is_file()}
    for navn in [*MAPPER, "data"]:
        for fil in _filer(PAKKE / navn):
            assert f"{navn}/{fil}" in taget, f"{navn}/{fil} kommer ikke med i wheel'en (pyproject.toml)"


def test_the_version_is_written_once():
    pyproject = tomllib.loads((ROD / "pyproject.toml").read_text())
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "fravaer.__version__"}
    assert not (ROD / "setup.cfg").exists() and not (ROD / "setup.py").exists()
