"""Every employment has its relationship in the history: those stored before the history was
kept get one row, from their start, with what they hold now (the rules read the history); and
one row per date (of two the same day, the later was the one in force).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.get_bind().execute(sa.text(
        "DELETE FROM ansaettelseshistorik WHERE EXISTS (SELECT 1 FROM ansaettelseshistorik senere"
        " WHERE senere.ansaettelse_id = ansaettelseshistorik.ansaettelse_id"
        " AND senere.gyldig_fra = ansaettelseshistorik.gyldig_fra AND senere.id > ansaettelseshistorik.id)"))
    with op.batch_alter_table("ansaettelseshistorik") as b:
        b.create_unique_constraint("uq_historik_dato", ["ansaettelse_id", "gyldig_fra"])
    op.get_bind().execute(sa.text(
        "INSERT INTO ansaettelseshistorik (ansaettelse_id, gyldig_fra, institution_id, enhed_id, pkat,"
        " klasse, stiko, loenform, ugentlige_minutter, registreret)"
        " SELECT a.id, a.startdato, a.institution_id, a.enhed_id, a.pkat, a.klasse, a.stiko, a.loenform,"
        " a.ugentlige_minutter, :nu FROM ansaettelse a"
        " WHERE NOT EXISTS (SELECT 1 FROM ansaettelseshistorik h WHERE h.ansaettelse_id = a.id)")
        # typed: SQLAlchemy writes the timestamp (sqlite3's own datetime adapter is deprecated, 3.12)
        .bindparams(sa.bindparam("nu", type_=sa.DateTime())),
        {"nu": datetime.now(UTC).replace(tzinfo=None)})


def downgrade() -> None:
    with op.batch_alter_table("ansaettelseshistorik") as b:
        b.drop_constraint("uq_historik_dato", type_="unique")
