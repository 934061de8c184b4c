"""Employee data: persons, organisational units, the employment relationship's history,
maternity and work-injury cases, institutions' leave reasons, a log of master-data changes, and
an event's references to a case or a leave reason.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_LANG_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("cpr", sa.String(10), primary_key=True),
        sa.Column("fornavn", sa.String(100), nullable=True),
        sa.Column("efternavn", sa.String(100), nullable=True),
        sa.Column("adresse", sa.String(200), nullable=True),
        sa.Column("postnummer", sa.String(10), nullable=True),
        sa.Column("bynavn", sa.String(100), nullable=True),
        sa.Column("land", sa.String(2), nullable=True),
        sa.Column("email", sa.String(200), nullable=True),
        sa.Column("telefon", sa.String(30), nullable=True),
    )
    op.create_table(
        "enhed",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("institution_id", sa.Integer, sa.ForeignKey("institution.id"), nullable=False),
        sa.Column("kode", sa.String(20), nullable=False),
        sa.Column("navn", sa.String(200), nullable=False),
        sa.Column("overordnet_id", sa.Integer, sa.ForeignKey("enhed.id"), nullable=True),
        sa.UniqueConstraint("institution_id", "kode", name="uq_enhed_institution_kode"),
    )
    op.create_table(
        "ansaettelseshistorik",
        sa.Column("id", _LANG_ID, primary_key=True, autoincrement=True),
        sa.Column("ansaettelse_id", sa.Integer, sa.ForeignKey("ansaettelse.id"), nullable=False, index=True),
        sa.Column("gyldig_fra", sa.Date, nullable=False),
        sa.Column("institution_id", sa.Integer, sa.ForeignKey("institution.id"), nullable=False),
        sa.Column("enhed_id", sa.Integer, sa.ForeignKey("enhed.id"), nullable=True),
        sa.Column("pkat", sa.String(10), nullable=True),
        sa.Column("klasse", sa.String(10), nullable=True),
        sa.Column("stiko", sa.String(10), nullable=True),
        sa.Column("loenform", sa.String(2), nullable=False),
        sa.Column("ugentlige_minutter", sa.Integer, nullable=False),
        sa.Column("registreret", sa.DateTime, nullable=False),
    )
    op.create_table(
        "barselssag",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("cpr", sa.String(10), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("noegle", sa.String(40), nullable=False),
        sa.Column("type", sa.String(4), nullable=False),
        sa.Column("gyldig_fra", sa.Date, nullable=False),
        sa.Column("gyldig_til", sa.Date, nullable=True),
        sa.Column("forventet_foedsel", sa.Date, nullable=True),
        sa.Column("faktisk_foedsel", sa.Date, nullable=True),
        sa.Column("anmeldt", sa.Date, nullable=True),
        sa.Column("indberettet", sa.Date, nullable=True),
        sa.Column("oprettet", sa.DateTime, nullable=False),
        sa.Column("aendret", sa.DateTime, nullable=False),
        sa.UniqueConstraint("cpr", "noegle", name="uq_barselssag_cpr_noegle"),
    )
    op.create_table(
        "arbejdsskadesag",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("cpr", sa.String(10), nullable=False, index=True),
        sa.Column("sagsnummer", sa.String(30), nullable=False),
        sa.Column("ulykkesdato", sa.Date, nullable=False),
        sa.Column("beskrivelse", sa.String(250), nullable=True),
        sa.UniqueConstraint("cpr", "sagsnummer", name="uq_arbejdsskadesag_cpr_nummer"),
    )
    op.create_table(
        "institution_aarsag",
        sa.Column("institution_id", sa.Integer, sa.ForeignKey("institution.id"), primary_key=True),
        sa.Column("kode", sa.String(10), primary_key=True),
        sa.Column("tekst", sa.String(200), nullable=False),
        sa.Column("med_loen", sa.Boolean, nullable=False),
    )
    op.create_table(
        "stamdatalog",
        sa.Column("id", _LANG_ID, primary_key=True, autoincrement=True),
        sa.Column("tidspunkt", sa.DateTime, nullable=False, index=True),
        sa.Column("handling", sa.String(10), nullable=False),
        sa.Column("objekt", sa.String(30), nullable=False),
        sa.Column("noegle", sa.String(60), nullable=False),
        sa.Column("bruger", sa.String(200), nullable=False),
        sa.Column("transaktions_id", sa.String(36), nullable=True),
        sa.Column("foer", sa.Text, nullable=True),
        sa.Column("efter", sa.Text, nullable=True),
    )
    with op.batch_alter_table("ansaettelse") as b:
        b.add_column(sa.Column("enhed_id", sa.Integer, nullable=True))
        b.create_foreign_key("fk_ansaettelse_enhed", "enhed", ["enhed_id"], ["id"])
    with op.batch_alter_table("haendelse") as b:
        b.add_column(sa.Column("barselssag_id", sa.String(36), nullable=True))
        b.add_column(sa.Column("arbejdsskadesag", sa.String(30), nullable=True))
        b.add_column(sa.Column("tjenestefriaarsag", sa.String(10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("haendelse") as b:
        b.drop_column("tjenestefriaarsag")
        b.drop_column("arbejdsskadesag")
        b.drop_column("barselssag_id")
    with op.batch_alter_table("ansaettelse") as b:
        b.drop_constraint("fk_ansaettelse_enhed", type_="foreignkey")
        b.drop_column("enhed_id")
    for tabel in ("stamdatalog", "institution_aarsag", "arbejdsskadesag", "barselssag",
                  "ansaettelseshistorik", "enhed", "person"):
        op.drop_table(tabel)
