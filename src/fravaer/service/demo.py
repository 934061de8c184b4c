"""The built-in demo data set: two institutions and a handful of employments."""

from __future__ import annotations

from sqlalchemy import Engine

from fravaer.adapters.stamdata import laes, laes_boern
from fravaer.paths import DATA_DIR
from fravaer.service.stamdata import ImportResultat, importer_ansaettelser, importer_boern

DEMO_FIL = DATA_DIR / "demo_ansaettelser.csv"
DEMO_BOERN = DATA_DIR / "demo_boern.csv"
DEMO_BRUGER = "demo"
DEMO_KODEORD = "demo-kodeord"


def indlaes_demo(engine: Engine) -> ImportResultat:
    resultat = importer_ansaettelser(engine, laes(DEMO_FIL.read_bytes()), alt_eller_intet=True)
    boern = importer_boern(engine, laes_boern(DEMO_BOERN.read_bytes()), alt_eller_intet=True)
    if resultat.fejl or boern.fejl:  # the shipped files are ours: a bad line is a bug
        raise RuntimeError(f"demodata har fejl: {resultat.fejl + boern.fejl}")
    return resultat


def opret_demobruger(engine: Engine, digest: bool) -> None:
    """The demo user: registers at both demo institutions, and approves at DEMO (DOMAIN.md §17);
    PasswordDigest when a key is set."""
    from fravaer.service.brugere import gem_bruger

    for ny in (True, False):
        try:
            gem_bruger(engine, DEMO_BRUGER, DEMO_KODEORD, registrer=["DEMO2"], digest=digest,
                       ny=ny, godkend=["DEMO"])
            return
        except ValueError:  # already there: set its password and rights again
            continue
