"""Where the contract files live: inside the package (fravaer/wsdl, fravaer/schemas,
fravaer/migrations), found with importlib.resources, so an installed wheel finds its own copies.

In the repository those three are symbolic links to the top-level folders wsdl/, schemas/ and
migrations/, which stay the one source the contract is edited in; the wheel's build copies the
files behind the links (pyproject.toml's package-data), and tests/unit/test_pakke.py checks that the
package's folders and the top-level ones hold the same files."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _mappe(navn: str) -> Path:
    # The package is installed as plain files (never zipped: alembic and lxml want real paths),
    # so the resource is a filesystem path.
    sti = Path(str(files("fravaer") / navn))
    if not sti.is_dir():
        raise RuntimeError(f"fravaer er installeret uden {navn}/ (pakken er bygget forkert): {sti}")
    return sti


WSDL_DIR = _mappe("wsdl")
SCHEMA_DIR = _mappe("schemas")
MIGRATIONS_DIR = _mappe("migrations")
DATA_DIR = _mappe("data")
