"""A user may be named by the subject of a TLS client certificate (issue 16, the KMD-compatible
endpoint: KMD's clients authenticate with a certificate, not a SOAP header): `bruger.certifikat`,
unique where set.

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bruger") as b:
        b.add_column(sa.Column("certifikat", sa.String(500), nullable=True))
        b.create_unique_constraint("uq_bruger_certifikat", ["certifikat"])


def downgrade() -> None:
    with op.batch_alter_table("bruger") as b:
        b.drop_constraint("uq_bruger_certifikat", type_="unique")
        b.drop_column("certifikat")
