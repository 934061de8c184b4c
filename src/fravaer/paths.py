"""Where the contract files live: the project's top level (wsdl/, schemas/, migrations/)."""

import os
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("FRAVAER_HOME") or Path(__file__).resolve().parents[2])
WSDL_DIR = PROJECT_ROOT / "wsdl"
SCHEMA_DIR = PROJECT_ROOT / "schemas"
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
DATA_DIR = Path(__file__).resolve().parent / "data"
