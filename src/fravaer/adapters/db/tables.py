"""Database tables. Separate from the domain's dataclasses and from spyne's types; the repositories
map between them. The migrations in migrations/ create exactly these (a test compares them)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    FetchedValue,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    # every mapped class here is a plain table (not a join or a select): the repositories'
    # insert/update/delete statements take the class's __table__ as one
    __table__: ClassVar[Table]


class InstitutionRow(Base):
    __tablename__ = "institution"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kode: Mapped[str] = mapped_column(String(20), unique=True)
    navn: Mapped[str] = mapped_column(String(200))


class AnsaettelseRow(Base):
    __tablename__ = "ansaettelse"
    __table_args__ = (UniqueConstraint("cpr", "loebenummer", name="uq_ansaettelse_cpr_loebenummer"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    cpr: Mapped[str] = mapped_column(String(10))
    loebenummer: Mapped[int] = mapped_column(Integer)
    tjenestenummer: Mapped[str | None] = mapped_column(String(20), unique=True)
    pkat: Mapped[str | None] = mapped_column(String(10))
    stiko: Mapped[str | None] = mapped_column(String(10))
    loenform: Mapped[str] = mapped_column(String(2))
    ugentlige_minutter: Mapped[int] = mapped_column(Integer)
    startdato: Mapped[date] = mapped_column(Date)
    slutdato: Mapped[date | None] = mapped_column(Date)
    fast_fridag: Mapped[int | None] = mapped_column(Integer)  # 0 = Monday … 4 = Friday
    klasse: Mapped[str | None] = mapped_column(String(10))
    feriepolitik: Mapped[str | None] = mapped_column(String(40))
    enhed_id: Mapped[int | None] = mapped_column(ForeignKey("enhed.id"))
    akko: Mapped[str | None] = mapped_column(String(10))  # as in force today (the history has it by date)
    postering: Mapped[str | None] = mapped_column(String(10))  # primo/ultimo; None: the policy's


class HaendelseRow(Base):
    __tablename__ = "haendelse"
    __table_args__ = (Index("ix_haendelse_ansaettelse_periode", "ansaettelse_id", "fra_dato", "til_dato"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    ansaettelse_id: Mapped[int] = mapped_column(ForeignKey("ansaettelse.id"))
    version: Mapped[int] = mapped_column(Integer)
    kode: Mapped[str] = mapped_column(String(3))
    fra_dato: Mapped[date] = mapped_column(Date)
    til_dato: Mapped[date] = mapped_column(Date)  # 9999-12-31 for an open event
    minutter: Mapped[int | None] = mapped_column(Integer)
    barnenummer: Mapped[int | None] = mapped_column(Integer)
    ferieaar: Mapped[int | None] = mapped_column(Integer)
    bemaerkning: Mapped[str | None] = mapped_column(String(250))
    barselssag_id: Mapped[str | None] = mapped_column(String(36))
    arbejdsskadesag: Mapped[str | None] = mapped_column(String(30))
    tjenestefriaarsag: Mapped[str | None] = mapped_column(String(10))
    oprettet: Mapped[datetime] = mapped_column(DateTime)
    aendret: Mapped[datetime] = mapped_column(DateTime)
    # Godkendt, or Afventer while it awaits approval (migration 0014; domain/godkendelse.py)
    status: Mapped[str] = mapped_column(String(10), server_default="Godkendt")


class TransaktionRow(Base):
    """A write's client-supplied id, a hash of its content and the first answer (for retries).
    An id is the institution's own: the same id at two institutions is two writes, and one
    institution can neither see nor block another's (issue 17 item 6; migration 0012)."""

    __tablename__ = "transaktion"

    institution: Mapped[str] = mapped_column(String(20), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    operation: Mapped[str] = mapped_column(String(40))
    indhold_hash: Mapped[str] = mapped_column(String(64))
    svar: Mapped[str] = mapped_column(Text)
    tidspunkt: Mapped[datetime] = mapped_column(DateTime)


class BrugerRow(Base):
    __tablename__ = "bruger"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    navn: Mapped[str] = mapped_column(String(100), unique=True)
    kodeord_hash: Mapped[str] = mapped_column(String(200))
    kodeord_krypteret: Mapped[str | None] = mapped_column(Text)  # only for PasswordDigest users
    # the subject of the user's TLS client certificate (the KMD endpoint; docs/SECURITY.md)
    certifikat: Mapped[str | None] = mapped_column(String(500), index=True, unique=True)
    administrator: Mapped[bool] = mapped_column(Boolean)
    aktiv: Mapped[bool] = mapped_column(Boolean)
    aendret: Mapped[datetime] = mapped_column(DateTime)


class BrugerRetRow(Base):
    __tablename__ = "bruger_ret"

    bruger_id: Mapped[int] = mapped_column(ForeignKey("bruger.id"), primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), primary_key=True)
    ret: Mapped[str] = mapped_column(String(10))


class NonceRow(Base):
    """WS-Security nonces seen within the freshness window: a second use is a replay."""

    __tablename__ = "nonce"

    nonce: Mapped[str] = mapped_column(String(200), primary_key=True)
    udloeber: Mapped[datetime] = mapped_column(DateTime, index=True)


class LoginSpaerringRow(Base):
    """Failed logins of one user name or one client address (a hash of it: no name or address
    is stored as sent), shared by every process and host (issue 17 item 3; docs/SECURITY.md)."""

    __tablename__ = "login_spaerring"

    noegle: Mapped[str] = mapped_column(String(70), primary_key=True)
    fejl: Mapped[int] = mapped_column(Integer)
    sidste_fejl: Mapped[datetime] = mapped_column(DateTime, index=True)
    spaerret_til: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class MoedetidRow(Base):
    """A registered working time (mødetid): planned minutes, optionally start and end, for a date."""

    __tablename__ = "moedetid"

    ansaettelse_id: Mapped[int] = mapped_column(ForeignKey("ansaettelse.id"), primary_key=True)
    dato: Mapped[date] = mapped_column(Date, primary_key=True)
    minutter: Mapped[int] = mapped_column(Integer)
    starttid: Mapped[time | None] = mapped_column(Time)
    sluttid: Mapped[time | None] = mapped_column(Time)


class MoedetidslogRow(Base):
    __tablename__ = "moedetidslog"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    tidspunkt: Mapped[datetime] = mapped_column(DateTime, index=True)
    handling: Mapped[str] = mapped_column(String(10))
    ansaettelse_id: Mapped[int] = mapped_column(ForeignKey("ansaettelse.id"))
    dato: Mapped[date] = mapped_column(Date)
    bruger: Mapped[str] = mapped_column(String(200))
    transaktions_id: Mapped[str | None] = mapped_column(String(36))
    foer_minutter: Mapped[int | None] = mapped_column(Integer)
    efter_minutter: Mapped[int | None] = mapped_column(Integer)


class InstitutionSaerdagRow(Base):
    """An institution's own rule for one of the special days (1 May, 5 June, 24 and 31 Dec)."""

    __tablename__ = "institution_saerdag"

    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), primary_key=True)
    maaned_dag: Mapped[str] = mapped_column(String(5), primary_key=True)
    regel: Mapped[str] = mapped_column(String(10))


class InstitutionFridagRow(Base):
    """An institution's own extra employer-paid day off."""

    __tablename__ = "institution_fridag"

    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), primary_key=True)
    dato: Mapped[date] = mapped_column(Date, primary_key=True)


class KalenderlogRow(Base):
    __tablename__ = "kalenderlog"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    tidspunkt: Mapped[datetime] = mapped_column(DateTime)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    bruger: Mapped[str] = mapped_column(String(200))
    hvad: Mapped[str] = mapped_column(String(40))
    foer: Mapped[str | None] = mapped_column(String(20))
    efter: Mapped[str | None] = mapped_column(String(20))


class BarnRow(Base):
    """A child of a person (by the parent's CPR number): master data for care days."""

    __tablename__ = "barn"
    __table_args__ = (UniqueConstraint("foraelder_cpr", "barnenummer", name="uq_barn_foraelder_nummer"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    foraelder_cpr: Mapped[str] = mapped_column(String(10), index=True)
    barnenummer: Mapped[int] = mapped_column(Integer)
    cpr: Mapped[str | None] = mapped_column(String(10))
    fornavn: Mapped[str | None] = mapped_column(String(100))
    efternavn: Mapped[str | None] = mapped_column(String(100))
    foedselsdato: Mapped[date] = mapped_column(Date)


class KvotepostRow(Base):
    """A stored posting to an account: an adjustment (RegulerKvote) or one side of a move
    (FlytFerie, 598/599 to the time bank). Append-only; accrual and uses are computed."""

    __tablename__ = "kvotepost"
    __table_args__ = (Index("ix_kvotepost_ansaettelse", "ansaettelse_id", "kvotetype"),)

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    ansaettelse_id: Mapped[int] = mapped_column(ForeignKey("ansaettelse.id"))
    kvotetype: Mapped[str] = mapped_column(String(20))
    aar: Mapped[int | None] = mapped_column(Integer)
    kontoretstype: Mapped[int | None] = mapped_column(Integer)
    barnenummer: Mapped[int | None] = mapped_column(Integer)
    dato: Mapped[date] = mapped_column(Date)
    art: Mapped[str] = mapped_column(String(12))
    taeller: Mapped[int] = mapped_column(BigInteger)  # days as an exact fraction
    naevner: Mapped[int] = mapped_column(BigInteger)
    kilde: Mapped[str] = mapped_column(String(36), index=True)
    retstype: Mapped[int | None] = mapped_column(Integer)
    tekst: Mapped[str | None] = mapped_column(String(200))
    bruger: Mapped[str] = mapped_column(String(200))
    oprettet: Mapped[datetime] = mapped_column(DateTime)


class PersonRow(Base):
    """The person behind employments: name, address and communication, by CPR number."""

    __tablename__ = "person"

    cpr: Mapped[str] = mapped_column(String(10), primary_key=True)
    fornavn: Mapped[str | None] = mapped_column(String(100))
    efternavn: Mapped[str | None] = mapped_column(String(100))
    adresse: Mapped[str | None] = mapped_column(String(200))
    postnummer: Mapped[str | None] = mapped_column(String(10))
    bynavn: Mapped[str | None] = mapped_column(String(100))
    land: Mapped[str | None] = mapped_column(String(2))
    email: Mapped[str | None] = mapped_column(String(200))
    telefon: Mapped[str | None] = mapped_column(String(30))


class EnhedRow(Base):
    """An organisational unit of an institution (a tree through overordnet_id)."""

    __tablename__ = "enhed"
    __table_args__ = (UniqueConstraint("institution_id", "kode", name="uq_enhed_institution_kode"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    kode: Mapped[str] = mapped_column(String(20))
    navn: Mapped[str] = mapped_column(String(200))
    overordnet_id: Mapped[int | None] = mapped_column(ForeignKey("enhed.id"))


class AnsaettelseshistorikRow(Base):
    """The employment relationship as it was from a date: a row each time it changed."""

    __tablename__ = "ansaettelseshistorik"
    __table_args__ = (UniqueConstraint("ansaettelse_id", "gyldig_fra", name="uq_historik_dato"),)

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    ansaettelse_id: Mapped[int] = mapped_column(ForeignKey("ansaettelse.id"), index=True)
    gyldig_fra: Mapped[date] = mapped_column(Date)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    enhed_id: Mapped[int | None] = mapped_column(ForeignKey("enhed.id"))
    pkat: Mapped[str | None] = mapped_column(String(10))
    klasse: Mapped[str | None] = mapped_column(String(10))
    stiko: Mapped[str | None] = mapped_column(String(10))
    loenform: Mapped[str] = mapped_column(String(2))
    ugentlige_minutter: Mapped[int] = mapped_column(Integer)
    registreret: Mapped[datetime] = mapped_column(DateTime)
    akko: Mapped[str | None] = mapped_column(String(10))


class BarselssagRow(Base):
    __tablename__ = "barselssag"
    __table_args__ = (UniqueConstraint("cpr", "noegle", name="uq_barselssag_cpr_noegle"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    cpr: Mapped[str] = mapped_column(String(10), index=True)
    version: Mapped[int] = mapped_column(Integer)
    noegle: Mapped[str] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(4))
    gyldig_fra: Mapped[date] = mapped_column(Date)
    gyldig_til: Mapped[date | None] = mapped_column(Date)
    forventet_foedsel: Mapped[date | None] = mapped_column(Date)
    faktisk_foedsel: Mapped[date | None] = mapped_column(Date)
    anmeldt: Mapped[date | None] = mapped_column(Date)
    indberettet: Mapped[date | None] = mapped_column(Date)
    oprettet: Mapped[datetime] = mapped_column(DateTime)
    aendret: Mapped[datetime] = mapped_column(DateTime)


class ArbejdsskadesagRow(Base):
    __tablename__ = "arbejdsskadesag"
    __table_args__ = (UniqueConstraint("cpr", "sagsnummer", name="uq_arbejdsskadesag_cpr_nummer"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    cpr: Mapped[str] = mapped_column(String(10), index=True)
    sagsnummer: Mapped[str] = mapped_column(String(30))
    ulykkesdato: Mapped[date] = mapped_column(Date)
    beskrivelse: Mapped[str | None] = mapped_column(String(250))


class InstitutionAarsagRow(Base):
    """An institution's own reasons for leave with or without pay (tjenestefri)."""

    __tablename__ = "institution_aarsag"

    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), primary_key=True)
    kode: Mapped[str] = mapped_column(String(10), primary_key=True)
    tekst: Mapped[str] = mapped_column(String(200))
    med_loen: Mapped[bool] = mapped_column(Boolean)


class StamdatalogRow(Base):
    """Changes to master data made through the service (cases, communication): who, when,
    before and after."""

    __tablename__ = "stamdatalog"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    tidspunkt: Mapped[datetime] = mapped_column(DateTime, index=True)
    handling: Mapped[str] = mapped_column(String(10))
    objekt: Mapped[str] = mapped_column(String(30))
    noegle: Mapped[str] = mapped_column(String(60))
    bruger: Mapped[str] = mapped_column(String(200))
    transaktions_id: Mapped[str | None] = mapped_column(String(36))
    foer: Mapped[str | None] = mapped_column(Text)
    efter: Mapped[str | None] = mapped_column(Text)


class SaerregelRow(Base):
    """An institution's særregel (seed 002 §12): a change of a matrix cell ('matrix'), care days
    without an omsorgsregnskab ('omsorg') or default events for a PKAT/KL ('gruppe')."""

    __tablename__ = "saerregel"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    art: Mapped[str] = mapped_column(String(10))
    kode: Mapped[str | None] = mapped_column(String(3))
    anden: Mapped[str | None] = mapped_column(String(3))
    vaerdi: Mapped[str | None] = mapped_column(String(1))
    kode_aaben: Mapped[bool] = mapped_column(Boolean)
    anden_planlagt: Mapped[bool] = mapped_column(Boolean)
    pkat: Mapped[str | None] = mapped_column(String(10))
    klasse: Mapped[str | None] = mapped_column(String(10))
    fra_dato: Mapped[date | None] = mapped_column(Date)
    til_dato: Mapped[date | None] = mapped_column(Date)
    oprettet: Mapped[datetime] = mapped_column(DateTime)
    bruger: Mapped[str] = mapped_column(String(200))


class SaerregellogRow(Base):
    """Every change of an institution's særregler and every application: who, when, before, after."""

    __tablename__ = "saerregellog"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    tidspunkt: Mapped[datetime] = mapped_column(DateTime, index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    bruger: Mapped[str] = mapped_column(String(200))
    handling: Mapped[str] = mapped_column(String(10))
    regel_id: Mapped[int | None] = mapped_column(Integer)
    foer: Mapped[str | None] = mapped_column(Text)
    efter: Mapped[str | None] = mapped_column(Text)


class IndberetningRow(Base):
    """One run of an institution's quarterly report (DOMAIN.md §8): when it was made, by whom, and a
    hash of its whole content. A run is stored only when its content differs from the last one."""

    __tablename__ = "indberetning"
    __table_args__ = (Index("ix_indberetning_kvartal", "institution_id", "aar", "kvartal"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    aar: Mapped[int] = mapped_column(Integer)
    kvartal: Mapped[int] = mapped_column(Integer)
    dannet: Mapped[datetime] = mapped_column(DateTime)
    bruger: Mapped[str] = mapped_column(String(200))
    antal: Mapped[int] = mapped_column(Integer)
    indhold_hash: Mapped[str] = mapped_column(String(64))


class IndberetningspostRow(Base):
    """One record of a run, in the report's order (nummer), with a hash of its content."""

    __tablename__ = "indberetningspost"
    __table_args__ = (UniqueConstraint("indberetning_id", "nummer", name="uq_indberetningspost_nummer"),)

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    indberetning_id: Mapped[int] = mapped_column(ForeignKey("indberetning.id"))
    nummer: Mapped[int] = mapped_column(Integer)
    noegle: Mapped[str] = mapped_column(String(60))
    indhold_hash: Mapped[str] = mapped_column(String(64))
    ansaettelse_id: Mapped[int] = mapped_column(ForeignKey("ansaettelse.id"))
    cpr: Mapped[str] = mapped_column(String(10))
    loebenummer: Mapped[int] = mapped_column(Integer)
    tjenestenummer: Mapped[str | None] = mapped_column(String(20))
    haendelse_id: Mapped[str] = mapped_column(String(36))
    kode: Mapped[str] = mapped_column(String(3))
    type: Mapped[str] = mapped_column(String(1))
    dst_kategori: Mapped[str | None] = mapped_column(String(4))
    fra_dato: Mapped[date] = mapped_column(Date)
    til_dato: Mapped[date] = mapped_column(Date)
    aaben: Mapped[bool] = mapped_column(Boolean)
    minutter_pr_dag: Mapped[int | None] = mapped_column(Integer)


class ReferenceversionRow(Base):
    """One row whose version changes (by triggers, migration 0011) with every change of the
    reference data a process keeps in memory: users and rights, institutions, their calendars
    and særregler. A process compares it once per transaction before it trusts its copy."""

    __tablename__ = "referenceversion"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)


class EgenTypeRow(Base):
    """An institution's own registration type (seed 004 §4.2): a code 900–999 with its name, the
    wage-type (løndel) that takes it to payroll, the PKATs that may use it (space-separated; none:
    all), and whether its events need approval."""

    __tablename__ = "egen_type"

    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), primary_key=True)
    kode: Mapped[str] = mapped_column(String(3), primary_key=True)
    navn: Mapped[str] = mapped_column(String(100))
    loendel: Mapped[str | None] = mapped_column(String(10))
    pkat: Mapped[str | None] = mapped_column(String(200))
    kraever_godkendelse: Mapped[bool] = mapped_column(Boolean)
    oprettet: Mapped[datetime] = mapped_column(DateTime)
    bruger: Mapped[str] = mapped_column(String(200))


class GodkendelseskodeRow(Base):
    """A fixed code whose events need approval at the institution."""

    __tablename__ = "godkendelseskode"

    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), primary_key=True)
    kode: Mapped[str] = mapped_column(String(3), primary_key=True)


class LoenperiodeRow(Base):
    """A closed pay period (YYYY-MM) of an institution: its lines are stored and never change."""

    __tablename__ = "loenperiode"

    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), primary_key=True)
    periode: Mapped[str] = mapped_column(String(7), primary_key=True)
    lukket: Mapped[datetime] = mapped_column(DateTime)
    bruger: Mapped[str] = mapped_column(String(200))


class LoenlinjeRow(Base):
    """A line delivered to payroll in a closed period (`loenperiode`) about the absence of the
    period `vedroerer` (itself, or an earlier one: a reversal or a correction)."""

    __tablename__ = "loenlinje"
    __table_args__ = (Index("ix_loenlinje_periode", "institution_id", "loenperiode"),
                      Index("ix_loenlinje_vedroerer", "institution_id", "vedroerer"))

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    loenperiode: Mapped[str] = mapped_column(String(7))
    vedroerer: Mapped[str] = mapped_column(String(7))
    ansaettelse_id: Mapped[int] = mapped_column(ForeignKey("ansaettelse.id"))
    loendel: Mapped[str] = mapped_column(String(10))
    enhed: Mapped[str] = mapped_column(String(5))
    taeller: Mapped[int] = mapped_column(BigInteger)  # days as an exact fraction
    naevner: Mapped[int] = mapped_column(BigInteger)
    minutter: Mapped[int] = mapped_column(Integer)
    fra_dato: Mapped[date] = mapped_column(Date)
    til_dato: Mapped[date] = mapped_column(Date)
    kilde_art: Mapped[str] = mapped_column(String(12))
    kilde_id: Mapped[str] = mapped_column(String(60))
    art: Mapped[str] = mapped_column(String(16))

class AendringRow(Base):
    """The change feed (issue 19, migration 0013): one row per change of anything stored, in the
    order HentAendringer delivers them, (xid, id). `xid` is the writing transaction's id on
    PostgreSQL (the column's default, pg_current_xact_id(), in the same INSERT) and 0 on SQLite,
    whose single writer gives ids in commit order (max + 1: rows are never deleted, so no id is
    given twice; AUTOINCREMENT's extra write per insert is not needed). `institution` (code) and
    `enhed_id` are where the object stood when it changed: what the reader's rights and filters
    go by."""

    __tablename__ = "aendring"
    # (xid, id) on SQLite, where xid is always 0, is the rowid's order: no index of its own there
    # (migration 0018; its reads order by id)
    __table_args__ = (Index("ix_aendring_raekkefoelge", "xid", "id").ddl_if(dialect="postgresql"),
                      Index("ix_aendring_institution", "institution", "xid", "id"))

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    xid: Mapped[int] = mapped_column(BigInteger, server_default=FetchedValue())
    tidspunkt: Mapped[datetime] = mapped_column(DateTime, index=True)
    art: Mapped[str] = mapped_column(String(20))
    handling: Mapped[str] = mapped_column(String(10))
    noegle: Mapped[str] = mapped_column(String(80))
    institution: Mapped[str] = mapped_column(String(20))
    enhed_id: Mapped[int | None] = mapped_column(Integer)
    ansaettelse_id: Mapped[int | None] = mapped_column(Integer)
    bruger: Mapped[str] = mapped_column(String(200))
    transaktions_id: Mapped[str | None] = mapped_column(String(36))
    foer: Mapped[str | None] = mapped_column(Text)
    efter: Mapped[str | None] = mapped_column(Text)
