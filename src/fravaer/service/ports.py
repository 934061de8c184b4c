"""What the service layer needs of storage, as protocols (the ports of "Architecture Patterns with
Python", cosmicpython): a unit of work holding repositories, each typed by the methods the use cases
call. adapters/db/unit_of_work.py's UnitOfWork implements them (mypy checks that it conforms), and
tests/fakes.py holds an in-memory one for use cases tested without a database.

The use cases import `UnitOfWork` from here, not from the adapter; only `runner.i_transaktion` (and
bootstrap) know which unit of work is made. The records some repositories return
(Transaktion, BrugerLogin, …) are still defined next to their SQL: they are read here for typing only."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from sqlalchemy import Engine

from fravaer.domain.aendringer import Aendring, Art, Position
from fravaer.domain.ansaettelse import Ansaettelse, AnsaettelsesIdent, Forholdsperiode, Institution
from fravaer.domain.arbejdstid import Moedetid
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.egne_typer import EgenType
from fravaer.domain.haendelse import Haendelse
from fravaer.domain.indberetning import Indberetningspost
from fravaer.domain.kalender import Kalender, SaerdagRegel
from fravaer.domain.kvartaler import Kvartal
from fravaer.domain.kvoter import Barn, Post
from fravaer.domain.loen import Loenlinje, Loenperiode
from fravaer.domain.personale import (
    Arbejdsskadesag,
    Barselssag,
    Enhed,
    Forhold,
    Person,
    Tjenestefriaarsag,
)
from fravaer.domain.saerregler import Saerregel, Saerregler

if TYPE_CHECKING:
    from fravaer.adapters.db.egne_typer_repository import Institutionstyper
    from fravaer.adapters.db.indberetning_repository import Koersel
    from fravaer.adapters.db.repository import BrugerLogin, KontoHaendelse, Transaktion
    from fravaer.adapters.db.repository import Logpost as Haendelseslogpost
    from fravaer.adapters.db.saerregel_repository import Logpost

T = TypeVar("T")


class Forbindelse(Protocol):
    """The transaction's connection, as the use cases reach past the repositories (to be narrowed:
    a read announced ahead, a savepoint, one count in sager.py)."""

    @property
    def samler_laesninger(self) -> bool: ...

    def laes_sammen(self, annoncer: Callable[[], object], sidste: bool = ...) -> None: ...

    def begin_nested(self) -> AbstractContextManager[Any]: ...

    def execute(self, statement: Any, parametre: Any = ...) -> Any: ...

    def scalar(self, statement: Any, parametre: Any = ...) -> Any: ...


class Samler(Protocol):
    """Writes that wait and go to storage together (adapters/db/insert_batch.py)."""

    def samlet(self, vilkaar: tuple[object, dict] | None = ...) -> AbstractContextManager[Any]: ...

    def opsamlet(self) -> AbstractContextManager[None]: ...

    def toem(self) -> None: ...


class InstitutionRepository(Protocol):
    def alle(self, koder: Iterable[str] | None = ...) -> list[Institution]: ...

    def hent_eller_opret(self, kode: str, navn: str) -> tuple[Institution, bool]: ...

    def id_for(self, kode: str) -> int | None: ...


class AnsaettelseRepository(Protocol):
    def af_haendelse(self, haendelse_id: str, laas: bool = ...) -> Ansaettelse | None: ...

    def af_haendelse_og_haendelse(self, haendelse_id: str) -> tuple[Ansaettelse | None, Haendelse | None]: ...

    def af_person(self, cpr: str) -> list[Ansaettelse]: ...

    def af_personer(self, cprs: Iterable[str]) -> list[Ansaettelse]: ...

    def find(self, ident: AnsaettelsesIdent, laas: bool = ...) -> list[Ansaettelse]: ...

    def gaet(self, ident: AnsaettelsesIdent) -> Ansaettelse | None: ...

    def efter_laasen(self, ident: AnsaettelsesIdent | None = ..., haendelse_id: str | None = ...,
                     laaste: Iterable[int] = ..., gaet: Ansaettelse | None = ...) -> None: ...

    def gaettet_tomt(self, ansaettelse_id: int) -> AbstractContextManager[None]: ...

    def find_mange(
        self, tjenestenumre: set[str], cpr_loebenumre: set[tuple[str, int]]
    ) -> list[Ansaettelse]: ...

    def forhold_side(self, efter_id: int, antal: int) -> list[tuple[int, dict[str, object]]]: ...

    def gem(
        self, institution_id: int, a: Ansaettelse, behold: Iterable[str] = ..., foer: dict | None = ...
    ) -> tuple[int, str, dict[str, object]]: ...

    def hent(self, ansaettelse_id: int) -> Ansaettelse | None: ...

    def hent_mange(self, ids: Iterable[int]) -> dict[int, Ansaettelse]: ...

    def ider_ved(self, institution_kode: str, fra: date, til: date) -> list[int]: ...

    def laas(self, ansaettelse_id: int) -> None: ...

    def laas_mange(self, ids: Sequence[int]) -> None: ...

    def med_flere(self, cprs: Iterable[str]) -> list[str]: ...

    def saet_forhold(self, ansaettelse_id: int, forhold: dict[str, object]) -> None: ...

    def side(
        self, institution_koder: Sequence[str] | None, efter_id: int, antal: int, forloeb: bool = ...
    ) -> list[Ansaettelse]: ...

    def tjenestenummer_ejer(self, tjenestenummer: str) -> tuple[str, int] | None: ...


class HaendelseRepository(Protocol):
    @staticmethod
    def opdatering(
        h: Haendelse, forrige_version: int, foer: Haendelse | None = None
    ) -> tuple[object, dict]: ...

    @staticmethod
    def sletning(haendelse_id: str, version: int) -> tuple[object, dict]: ...

    def afventende(
        self, institution_kode: str, enhed_ider: set[int] | None, maks: int
    ) -> list[Haendelse]: ...

    def antal_med_kode(self, institution_kode: str, kode: str) -> int: ...

    def hent(self, haendelse_id: str) -> Haendelse | None: ...

    def hent_mange(self, ids: Iterable[str]) -> dict[str, Haendelse]: ...

    def i_perioden(
        self, ansaettelse_ids: Sequence[int], fra: date, til: date, koder: Sequence[str] = ...,
        uden: str | None = None,
    ) -> list[Haendelse]: ...

    def i_perioden_for_tjenestenummer(
        self, tjenestenummer: str, fra: date, til: date, koder: Sequence[str] = ...
    ) -> list[Haendelse]: ...

    def kontohaendelser(
        self, ansaettelse_ids: Sequence[int], koder: Sequence[str],
        ferieaar: tuple[Sequence[str], Iterable[int], date, date] | None = None,
        uden: str | None = None, saldi: bool = False,
    ) -> list[KontoHaendelse]: ...

    def i_perioden_og_konto(
        self, ansaettelse_id: int, fra: date, til: date, koder: Sequence[str],
        ferieaar: tuple[Sequence[str], Iterable[int], date, date] | None = None,
        uden: str | None = None,
    ) -> None: ...

    def kort_i_perioden(
        self, ansaettelse_ids: Sequence[int], fra: date, til: date
    ) -> list[tuple[int, str, date, date | None, int | None]]: ...

    def opdater(self, h: Haendelse, forrige_version: int, foer: Haendelse | None = None) -> bool: ...

    def slet(self, haendelse_id: str, version: int) -> bool: ...

    def soeg_side(
        self,
        institution_kode: str,
        fra: date,
        til: date,
        koder: Sequence[str],
        graense: datetime,
        efter: tuple[date, str] | None,
        antal: int,
    ) -> list[Haendelse]: ...

    def tilfoej(self, h: Haendelse) -> None: ...

    def tilfoej_mange(self, haendelser: Sequence[Haendelse]) -> None: ...


class TransaktionRepository(Protocol):
    def findes(self, institutioner: Iterable[str], transaktions_ider: Iterable[str]) -> set[str]: ...

    def gem(self, institution: str, t: Transaktion, tidspunkt: datetime) -> None: ...

    def gem_skrevet(self, institution: str, transaktions_id: str, operation: str, indhold_hash: str,
                    svar: str, tidspunkt: datetime) -> None: ...

    def hent(self, institutioner: Iterable[str], transaktions_id: str) -> Transaktion | None: ...


class HaendelseslogRepository(Protocol):
    def mellem(
        self, fra: datetime, til: datetime, maks: int, institutioner: Iterable[str]
    ) -> tuple[list[Haendelseslogpost], bool]: ...

    def registreret_af(self, haendelse_id: str) -> str | None: ...


class BrugerRepository(Protocol):
    def alle(self) -> list[tuple[Bruger, bool, bool]]: ...

    def certifikat_brugt_af(self, certifikat: str) -> str | None: ...

    def findes(self, navn: str) -> bool: ...

    def gem(
        self,
        navn: str,
        kodeord_hash: str | None,
        kodeord_krypteret: str | None,
        administrator: bool | None,
        rettigheder: dict[int, Ret] | None,
        aktiv: bool | None,
        nu: datetime,
    ) -> bool: ...

    def login(self, navn: str) -> BrugerLogin | None: ...

    def navn_for_certifikat(self, certifikat: str) -> str | None: ...

    def saet_certifikat(self, navn: str, certifikat: str | None, nu: datetime) -> None: ...


class NonceRepository(Protocol):
    def brug(self, nonce: str, udloeber: datetime, nu: datetime) -> bool: ...


class LoginSpaerringRepository(Protocol):
    def glem(self, noegle: str) -> None: ...

    def ryd(self, nu: datetime, glemt: datetime) -> None: ...

    def spaer(self, noegle: str, til: datetime) -> None: ...

    def tael_fejl(self, noegle: str, nu: datetime, glemt: datetime) -> int: ...

    def tilstand(
        self, bruger: str, noegler: list[str], nu: datetime, glemt: datetime
    ) -> tuple[datetime | None, int]: ...


class MoedetidRepository(Protocol):
    def over_kontospan(self, ansaettelse_id: int, koder: Sequence[str]) -> None: ...

    def over_kontospan_mange(self, ansaettelse_ids: Sequence[int], koder: Sequence[str]) -> None: ...

    def over_haendelsesspan(self, ansaettelse_ids: Sequence[int], fra: date, til: date) -> None: ...

    def over_perioden_for_tjenestenummer(self, tjenestenummer: str, fra: date, til: date) -> None: ...

    def gem(self, ansaettelse_id: int, m: Moedetid, ny: bool) -> None: ...

    def i_perioden(self, ansaettelse_id: int, fra: date, til: date) -> dict[date, Moedetid]: ...

    def log(
        self,
        tidspunkt: datetime,
        handling: str,
        ansaettelse_id: int,
        dato: date,
        bruger: str,
        transaktions_id: str | None,
        foer: int | None,
        efter: int | None,
    ) -> None: ...

    def minutter_for_mange(
        self, ansaettelse_ids: Sequence[int], fra: date, til: date
    ) -> dict[int, dict[date, int]]: ...

    def slet(self, ansaettelse_id: int, dato: date) -> None: ...


class KalenderRepository(Protocol):
    def for_institution(self, kode: str, fra: date, til: date) -> Kalender: ...

    def log(
        self,
        tidspunkt: datetime,
        institution_id: int,
        bruger: str,
        hvad: str,
        foer: str | None,
        efter: str | None,
    ) -> None: ...

    def saet_fridag(self, institution_id: int, dato: date, fri: bool) -> bool: ...

    def saet_saerdag(self, institution_id: int, maaned_dag: str, regel: SaerdagRegel) -> str | None: ...


class BoernRepository(Protocol):
    def for_personer(self, cprs: Iterable[str]) -> dict[str, dict[int, Barn]]: ...

    def med_flere(self, cprs: Iterable[str]) -> tuple[dict[str, dict[int, Barn]], list[str]]: ...

    def gem(self, foraelder_cpr: str, b: Barn, foer: dict | None = ...) -> str: ...


class KvotepostRepository(Protocol):
    def for_ansaettelser(self, ids: Iterable[int], saldi: bool = ...) -> dict[int, list[Post]]: ...

    def tilfoej(
        self, ansaettelse_id: int, poster: Iterable[Post], bruger: str, tidspunkt: datetime
    ) -> None: ...


class PersonRepository(Protocol):
    def gem(self, p: Person, felter: Iterable[str] = ..., foer: dict | None = ...) -> str: ...

    def hent_mange(self, cprs: Iterable[str]) -> dict[str, Person]: ...


class EnhedRepository(Protocol):
    def alle(self, institution_koder: Iterable[str] | None = ...) -> dict[int, tuple[Enhed, int | None]]: ...

    def gem(self, institution_id: int, e: Enhed, foer: dict | None = ...) -> str: ...

    def id_for(self, institution_id: int, kode: str) -> int | None: ...


class HistorikRepository(Protocol):
    def aendr_fra(
        self,
        ansaettelse_id: int,
        gyldig_fra: date,
        gammel: dict[str, object],
        aendringer: dict[str, object],
        tidspunkt: datetime,
    ) -> None: ...

    def for_ansaettelser(self, ids: Sequence[int]) -> dict[int, list[Forhold]]: ...

    def forloeb(self, ids: Sequence[int]) -> dict[int, tuple[Forholdsperiode, ...]]: ...

    def gem(
        self,
        ansaettelse_id: int,
        gyldig_fra: date,
        forhold: dict[str, object],
        tidspunkt: datetime,
        foer: dict | None = ...,
    ) -> str: ...

    def i_kraft(self, ansaettelse_id: int, dato: date) -> dict[str, object] | None: ...

    def i_kraft_mange(self, ids: Sequence[int], dato: date) -> dict[int, dict[str, object]]: ...

    def saet(
        self, ansaettelse_id: int, gyldig_fra: date, forhold: dict[str, object], tidspunkt: datetime
    ) -> None: ...


class BarselssagRepository(Protocol):
    def for_person(self, cpr: str, fra: date | None = ..., til: date | None = ...) -> list[Barselssag]: ...

    def for_personer(self, cprs: Iterable[str]) -> list[Barselssag]: ...

    def hent(self, sag_id: str) -> Barselssag | None: ...

    def med_noegle(self, cpr: str, noegle: str) -> Barselssag | None: ...

    def opdater(self, s: Barselssag, forrige_version: int) -> bool: ...

    def slet(self, sag_id: str, version: int) -> bool: ...

    def tilfoej(self, s: Barselssag) -> None: ...


class ArbejdsskadesagRepository(Protocol):
    def for_person(
        self, cpr: str, fra: date | None = ..., til: date | None = ...
    ) -> list[Arbejdsskadesag]: ...

    def for_personer(self, cprs: Iterable[str]) -> list[Arbejdsskadesag]: ...

    def gem(self, s: Arbejdsskadesag, foer: dict | None = ...) -> str: ...


class AarsagRepository(Protocol):
    def for_institution(self, kode: str) -> list[Tjenestefriaarsag]: ...

    def gem(self, institution_id: int, a: Tjenestefriaarsag, foer: dict | None = ...) -> str: ...


class StamdatalogRepository(Protocol):
    def skriv(
        self,
        tidspunkt: datetime,
        handling: str,
        objekt: str,
        noegle: str,
        bruger: str,
        transaktions_id: str | None,
        foer: dict | None,
        efter: dict | None,
    ) -> None: ...


class SaerregelRepository(Protocol):
    def fjern(self, institution_id: int, regel_id: int) -> Saerregel | None: ...

    def for_institution(self, kode: str) -> Saerregler: ...

    def log(
        self,
        tidspunkt: datetime,
        institution_id: int,
        bruger: str,
        handling: str,
        regel_id: int | None,
        foer: str | None,
        efter: str | None,
    ) -> None: ...

    def loggen(self, institution_id: int) -> list[Logpost]: ...

    def tilfoej(self, institution_id: int, regel: Saerregel, bruger: str, nu: datetime) -> int: ...


class IndberetningRepository(Protocol):
    def afslut(self, koersel_id: int, antal: int, indhold_hash: str) -> None: ...

    def alle_poster(self, koersel_id: int, side: int = ...) -> Iterator[Indberetningspost]: ...

    def ansaettelser_side(
        self, institution_id: int, fra: date, til: date, efter_id: int, antal: int
    ) -> list[Ansaettelse]: ...

    def antal_ansaettelser(self, institution_id: int, fra: date, til: date) -> int: ...

    def forskelle(self, ny_id: int, gammel_id: int) -> Iterator[tuple[str, Indberetningspost]]: ...

    def hent(self, koersel_id: int) -> Koersel | None: ...

    def laas_institution(self, institution_id: int) -> None: ...

    def opret(self, institution_id: int, kvartal: Kvartal, dannet: datetime, bruger: str) -> int: ...

    def post_sted(self, post_id: int) -> tuple[int, int] | None: ...

    def poster(
        self, koersel_id: int, efter_nummer: int, antal: int
    ) -> list[tuple[int, Indberetningspost]]: ...

    def seneste(self, institution_id: int, kvartal: Kvartal) -> Koersel | None: ...

    def seneste_for(self, par: Iterable[tuple[str, Kvartal]]) -> list[Koersel]: ...

    def tidligere(self, koersel: Koersel) -> Koersel | None: ...

    def tilfoej_poster(
        self, koersel_id: int, poster: Iterable[tuple[int, str, Indberetningspost]]
    ) -> None: ...


class EgenTypeRepository(Protocol):
    def fjern(self, institution_id: int, kode: str) -> None: ...

    def for_institution(self, kode: str) -> Institutionstyper: ...

    def saet_godkendelse(self, institution_id: int, kode: str, kraevet: bool) -> bool: ...

    def tilfoej(self, institution_id: int, t: EgenType, bruger: str, nu: datetime) -> None: ...


class LoenRepository(Protocol):
    def laas_institution(self, institution_id: int) -> None: ...

    def leveret_i(self, institution_id: int, periode: Loenperiode) -> list[Loenlinje]: ...

    def leveret_om(self, institution_id: int, perioder: list[Loenperiode]) -> dict[str, list[Loenlinje]]: ...

    def luk(
        self, institution_id: int, periode: Loenperiode, linjer: list[Loenlinje], nu: datetime, bruger: str
    ) -> None: ...

    def lukkede(self, institution_id: int) -> dict[Loenperiode, datetime]: ...

    def lukkede_ved(self, institution_kode: str) -> list[Loenperiode]: ...


class AendringRepository(Protocol):
    def begyndelse(self, fra: datetime) -> Position: ...

    @staticmethod
    def raekke(
        tidspunkt: datetime,
        art: Art,
        handling: str,
        noegle: str,
        institution: str,
        bruger: str,
        foer: dict | None,
        efter: dict | None,
        enhed_id: int | None = ...,
        ansaettelse_id: int | None = ...,
        transaktions_id: str | None = ...,
    ) -> dict: ...

    def side(
        self,
        efter: Position,
        institutioner: Iterable[str],
        enheder: Iterable[int] | None,
        arter: Iterable[Art],
        antal: int,
    ) -> list[Aendring]: ...

    def tilfoej(self, raekke: dict) -> None: ...

    def tilfoej_skrevet(
        self,
        tidspunkt: datetime,
        art: Art,
        handling: str,
        noegle: str,
        institution: str,
        bruger: str,
        foer: str | None,
        efter: str | None,
        enhed_id: int | None = ...,
        ansaettelse_id: int | None = ...,
        transaktions_id: str | None = ...,
    ) -> None: ...

    def tilfoej_mange(self, raekker: Sequence[dict]) -> None: ...


class Referencer(Protocol):
    def hent(self, noegle: tuple, laes: Callable[[], T]) -> T: ...

    def version(self) -> int | None: ...

    def foreloebig(self) -> AbstractContextManager[list[int]]: ...

    def gaet(self, noegle: tuple) -> Any: ...

    def husk(self, noegle: tuple, vaerdi: object) -> None: ...


# What a bulk load filled: master data (institutions, units, persons, employments and their
# histories, children) or events (with their transactions, postings and feed rows).
Indhold = Literal["stamdata", "haendelser"]


class UnitOfWork(Protocol):
    """One transaction: the repositories, and `commit` (anything not committed is rolled back)."""

    def opdater_statistik(self, indhold: Indhold) -> None:
        """After a bulk load, before its commit: let the storage's query planner learn the new
        contents of those tables (nothing where the storage has no such planner)."""

    @property
    def session(self) -> Forbindelse: ...

    @property
    def samler(self) -> Samler: ...

    @property
    def institutioner(self) -> InstitutionRepository: ...

    @property
    def ansaettelser(self) -> AnsaettelseRepository: ...

    @property
    def haendelser(self) -> HaendelseRepository: ...

    @property
    def transaktioner(self) -> TransaktionRepository: ...

    @property
    def log(self) -> HaendelseslogRepository: ...

    @property
    def brugere(self) -> BrugerRepository: ...

    @property
    def nonces(self) -> NonceRepository: ...

    @property
    def loginspaerring(self) -> LoginSpaerringRepository: ...

    @property
    def moedetider(self) -> MoedetidRepository: ...

    @property
    def kalendere(self) -> KalenderRepository: ...

    @property
    def boern(self) -> BoernRepository: ...

    @property
    def kvoteposter(self) -> KvotepostRepository: ...

    @property
    def personer(self) -> PersonRepository: ...

    @property
    def enheder(self) -> EnhedRepository: ...

    @property
    def historik(self) -> HistorikRepository: ...

    @property
    def barselssager(self) -> BarselssagRepository: ...

    @property
    def arbejdsskadesager(self) -> ArbejdsskadesagRepository: ...

    @property
    def aarsager(self) -> AarsagRepository: ...

    @property
    def stamdatalog(self) -> StamdatalogRepository: ...

    @property
    def saerregler(self) -> SaerregelRepository: ...

    @property
    def indberetninger(self) -> IndberetningRepository: ...

    @property
    def egne_typer(self) -> EgenTypeRepository: ...

    @property
    def loen(self) -> LoenRepository: ...

    @property
    def aendringer(self) -> AendringRepository: ...

    @property
    def referencer(self) -> Referencer: ...

    @property
    def efter_commit(self) -> list[Callable[[], object]]: ...

    def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    """Makes the unit of work of one transaction (the adapter's class is one, given an engine)."""

    def __call__(
        self, *, skriv: bool = ..., enkelt_laesning: bool = ...
    ) -> AbstractContextManager[UnitOfWork]: ...


# What a use case is given to reach storage: the database's engine (runner.i_transaktion makes the
# adapter's unit of work on it), or another factory (the tests' in-memory one).
Storage = Engine | UnitOfWorkFactory
