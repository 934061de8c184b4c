"""One transaction per request: the unit of work opens it, holds the repositories, and commits
only when the use case says so (anything else rolls back: nothing is half-stored)."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from fravaer.adapters.db.aendring_repository import AendringRepository
from fravaer.adapters.db.egne_typer_repository import EgenTypeRepository
from fravaer.adapters.db.engine import WRITE_OPTION, skrive_laas
from fravaer.adapters.db.indberetning_repository import IndberetningRepository
from fravaer.adapters.db.loen_repository import LoenRepository
from fravaer.adapters.db.login_repository import LoginSpaerringRepository
from fravaer.adapters.db.personale_repository import (
    AarsagRepository,
    ArbejdsskadesagRepository,
    BarselssagRepository,
    EnhedRepository,
    HistorikRepository,
    PersonRepository,
    StamdatalogRepository,
)
from fravaer.adapters.db.reference_cache import Referencer, cache_for
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
from fravaer.adapters.db.samler import Samler


class UnitOfWork:
    def __init__(self, engine: Engine, skriv: bool = False, enkelt_laesning: bool = False):
        """`enkelt_laesning`: the work only reads, and needs no snapshot across its reads (on
        PostgreSQL it then runs without BEGIN and ROLLBACK: two round trips fewer)."""
        if skriv:
            self._engine = engine.execution_options(**{WRITE_OPTION: True})
        elif enkelt_laesning and engine.dialect.name == "postgresql":
            self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        else:
            self._engine = engine
        self._laas = skrive_laas(engine) if skriv else None
        self._cache = cache_for(engine)

    def __enter__(self) -> UnitOfWork:
        if self._laas is not None:
            self._laas.__enter__()
        try:
            self._forbindelse = self._engine.connect()
            self._transaktion = self._forbindelse.begin()
        except BaseException:
            self._slip_laasen()
            raise
        # The ORM session joins the connection's transaction (it neither commits nor rolls it
        # back: the unit of work does); the repositories' Core statements skip it (Kerne), and
        # it is made only when something needs it (most requests never do).
        self.session = Kerne(self._forbindelse)
        self.referencer = Referencer(self._cache, self.session)
        self.samler = Samler(self.session)
        uden_forloeb: set[int] = set()  # employments known to have a history of one date
        self.institutioner = InstitutionRepository(self.session)
        self.ansaettelser = AnsaettelseRepository(self.session, self.referencer, uden_forloeb)
        self.haendelser = HaendelseRepository(self.session, self.samler)
        self.transaktioner = TransaktionRepository(self.session, self.samler)
        self.log = HaendelseslogRepository(self.session, self.samler)
        self.brugere = BrugerRepository(self.session, self.referencer)
        self.nonces = NonceRepository(self.session)
        self.loginspaerring = LoginSpaerringRepository(self.session, self.referencer)
        self.moedetider = MoedetidRepository(self.session)
        self.kalendere = KalenderRepository(self.session, self.referencer)
        self.boern = BoernRepository(self.session)
        self.kvoteposter = KvotepostRepository(self.session)
        self.personer = PersonRepository(self.session)
        self.enheder = EnhedRepository(self.session)
        self.historik = HistorikRepository(self.session, uden_forloeb)
        self.barselssager = BarselssagRepository(self.session)
        self.arbejdsskadesager = ArbejdsskadesagRepository(self.session)
        self.aarsager = AarsagRepository(self.session)
        self.stamdatalog = StamdatalogRepository(self.session)
        self.saerregler = SaerregelRepository(self.session, self.referencer)
        self.indberetninger = IndberetningRepository(self.session)
        self.egne_typer = EgenTypeRepository(self.session, self.referencer)
        self.loen = LoenRepository(self.session)
        self.aendringer = AendringRepository(self.session, self.samler)
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.session.luk()
            if self._transaktion.is_active:
                self._transaktion.rollback()
        finally:
            try:
                self._forbindelse.close()
            finally:
                self._slip_laasen()

    def _slip_laasen(self) -> None:
        if self._laas is not None:
            self._laas.__exit__(None, None, None)

    def commit(self) -> None:
        self.session.flush_hvis_brugt()
        self._transaktion.commit()


class Kerne:
    """What the repositories hold as `session`: a Core statement goes straight to the connection
    (Session.execute costs a tenth of a write in its own bookkeeping: issue 13); an ORM statement,
    and everything else (add, flush, begin_nested, …), to the ORM session on that connection."""

    def __init__(self, forbindelse):
        self._forbindelse = forbindelse
        self._orm: Session | None = None

    @property
    def orm(self) -> Session:
        if self._orm is None:
            self._orm = Session(bind=self._forbindelse, expire_on_commit=False, autoflush=False)
        return self._orm

    def flush_hvis_brugt(self) -> None:
        if self._orm is not None:
            self._orm.flush()

    def luk(self) -> None:
        if self._orm is not None:
            self._orm.close()

    @staticmethod
    def _er_orm(statement) -> bool:
        return statement._propagate_attrs.get("compile_state_plugin") == "orm"

    def execute(self, statement, parametre=None):
        if self._er_orm(statement):
            return self.orm.execute(statement, parametre)
        return self._forbindelse.execute(statement, parametre)

    def scalar(self, statement, parametre=None):
        return self.execute(statement, parametre).scalar()

    def scalars(self, statement, parametre=None):
        return self.execute(statement, parametre).scalars()

    def get_bind(self):
        return self._forbindelse

    def __getattr__(self, navn):
        return getattr(self.orm, navn)
