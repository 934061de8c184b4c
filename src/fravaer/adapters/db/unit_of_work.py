"""One transaction per request: the unit of work opens it, holds the repositories, and commits
only when the use case says so (anything else rolls back: nothing is half-stored)."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from fravaer.adapters.db.engine import WRITE_OPTION, skrive_laas
from fravaer.adapters.db.indberetning_repository import IndberetningRepository
from fravaer.adapters.db.personale_repository import (
    AarsagRepository,
    ArbejdsskadesagRepository,
    BarselssagRepository,
    EnhedRepository,
    HistorikRepository,
    PersonRepository,
    StamdatalogRepository,
)
from fravaer.adapters.db.repository import (
    AnsaettelseRepository,
    BoernRepository,
    BrugerRepository,
    HaendelseRepository,
    HaendelseslogRepository,
    InstitutionRepository,
    KalenderRepository,
    KvotepostRepository,
    MoedetidRepository,
    NonceRepository,
    TransaktionRepository,
)
from fravaer.adapters.db.saerregel_repository import SaerregelRepository


class UnitOfWork:
    def __init__(self, engine: Engine, skriv: bool = False):
        self._engine = engine.execution_options(**{WRITE_OPTION: True}) if skriv else engine
        self._laas = skrive_laas(engine) if skriv else None

    def __enter__(self) -> UnitOfWork:
        if self._laas is not None:
            self._laas.__enter__()
        self.session = Session(bind=self._engine, expire_on_commit=False, autoflush=False)
        self.institutioner = InstitutionRepository(self.session)
        self.ansaettelser = AnsaettelseRepository(self.session)
        self.haendelser = HaendelseRepository(self.session)
        self.transaktioner = TransaktionRepository(self.session)
        self.log = HaendelseslogRepository(self.session)
        self.brugere = BrugerRepository(self.session)
        self.nonces = NonceRepository(self.session)
        self.moedetider = MoedetidRepository(self.session)
        self.kalendere = KalenderRepository(self.session)
        self.boern = BoernRepository(self.session)
        self.kvoteposter = KvotepostRepository(self.session)
        self.personer = PersonRepository(self.session)
        self.enheder = EnhedRepository(self.session)
        self.historik = HistorikRepository(self.session)
        self.barselssager = BarselssagRepository(self.session)
        self.arbejdsskadesager = ArbejdsskadesagRepository(self.session)
        self.aarsager = AarsagRepository(self.session)
        self.stamdatalog = StamdatalogRepository(self.session)
        self.saerregler = SaerregelRepository(self.session)
        self.indberetninger = IndberetningRepository(self.session)
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
            if self._laas is not None:
                self._laas.__exit__(None, None, None)

    def commit(self) -> None:
        self.session.commit()
