"""The wiring of the application, once: the engine, the catalogue and the use cases built on them.
The SOAP layer (soap/wsgi.py), the WSGI entry point (fravaer/wsgi.py) and tests take what is
built here instead of constructing services themselves."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from fravaer.adapters.db.engine import Tidsgraenser, make_engine
from fravaer.adapters.security.throttle import Spaerringsregel
from fravaer.config import Indstillinger
from fravaer.domain.katalog import Katalog, standardkatalog
from fravaer.service.autentificering import Autentificering
from fravaer.service.haendelser import Haendelsestjeneste
from fravaer.service.indberetning import Indberetningstjeneste
from fravaer.service.kmd import KmdTjeneste
from fravaer.service.kvoter import Kvotetjeneste
from fravaer.service.loen import Loentjeneste
from fravaer.service.medarbejdere import Medarbejdertjeneste
from fravaer.service.moedetider import Moedetidstjeneste
from fravaer.service.statistik import Statistiktjeneste


@dataclass(frozen=True)
class Tjenester:
    """The use cases of one process, all on the same engine and catalogue."""
    engine: Engine
    katalog: Katalog
    autentificering: Autentificering
    haendelser: Haendelsestjeneste
    moedetider: Moedetidstjeneste
    kvoter: Kvotetjeneste
    medarbejdere: Medarbejdertjeneste
    indberetning: Indberetningstjeneste
    statistik: Statistiktjeneste
    loen: Loentjeneste
    kmd: KmdTjeneste


def byg_tjenester(indstillinger: Indstillinger, engine: Engine | None = None,
                  katalog: Katalog | None = None) -> Tjenester:
    engine = engine or make_engine(indstillinger.database_url, Tidsgraenser.fra(indstillinger))
    katalog = katalog or standardkatalog()
    haendelser = Haendelsestjeneste(engine, katalog)
    return Tjenester(
        engine=engine,
        katalog=katalog,
        autentificering=Autentificering(
            engine, indstillinger.wsse_vindue_sekunder,
            regel=Spaerringsregel(indstillinger.login_frie_forsoeg_bruger,
                                  indstillinger.login_frie_forsoeg_adresse,
                                  indstillinger.login_spaerring_start, indstillinger.login_spaerring_maks,
                                  indstillinger.login_glem_efter),
            scrypt_samtidige=indstillinger.scrypt_samtidige, scrypt_vent=indstillinger.scrypt_vent,
            scrypt_andel=indstillinger.scrypt_andel),
        haendelser=haendelser,
        moedetider=Moedetidstjeneste(engine),
        kvoter=Kvotetjeneste(engine, katalog),
        medarbejdere=Medarbejdertjeneste(engine, katalog),
        indberetning=Indberetningstjeneste(engine, katalog),
        statistik=Statistiktjeneste(engine, katalog, indstillinger.statistik_mindste_gruppe),
        loen=Loentjeneste(engine, katalog),
        kmd=KmdTjeneste(haendelser),
    )
