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
down_revision = "0014"
branch_labels = None
depends_on = None


# A plain ADD COLUMN and a unique index, on both databases: SQLite's batch mode would copy the
# table and so drop its reference-version triggers (0011).
def upgrade() -> None:
    op.add_column("bruger", sa.Column("certifikat", sa.String(500), nullable=True))
    op.create_index("ix_bruger_certifikat", "bruger", ["certifikat"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_bruger_certifikat", "bruger")
    op.drop_column("bruger", "certifikat")
