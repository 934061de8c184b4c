"""The version of an employment's accounts (issue 13): `ansaettelse.kontoversion`, changed by
triggers on every write to what an employment's accounts are read from (service/regnskaber.py's
laes_regnskaber), so that a process may keep the accounts it read (or wrote) and know, from the
employment's row it reads anyway, whether they still hold — whoever wrote in between: another
process or host, the CLI, a hand-made fix in SQL.

What the accounts read, and what changes them here:
- the employment's events (haendelse), stored postings (kvotepost) and registered working
  times (moedetid): their employment's version, the old and the new one on a move;
- the person's children (barn): every employment of the parent's CPR;
- the employment itself and the person's other employments, with their history (the accrual
  reads `flere_loebenumre` of the other employments): every employment of the CPR, whatever
  column changed but the version itself;
- the calendars (institution_saerdag, institution_fridag) and the rest of the reference data
  have their own version (0011), which the cache's key holds too.

Each changed row adds exactly 1 to its employment's version (a row trigger, also on
PostgreSQL): a writer that holds the employment's lock knows the version its own write leaves
(the version it read + the rows it wrote), and nobody else can change it before it commits —
a bump is an UPDATE of the employment's row, which waits for the lock. A new employment starts
at a random version, so that one made again under an id used before matches no kept copy.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# the tables keyed by an employment: (table, column)
EGNE = (("haendelse", "ansaettelse_id"), ("kvotepost", "ansaettelse_id"), ("moedetid", "ansaettelse_id"))
# every column of ansaettelse but the version (a change of any of them changes the accounts of
# every employment of the person; the version's own update must not fire it again)
ANSAETTELSE = ("institution_id", "cpr", "loebenummer", "tjenestenummer", "pkat", "stiko", "loenform",
               "ugentlige_minutter", "startdato", "slutdato", "fast_fridag", "klasse", "feriepolitik",
               "enhed_id", "akko", "postering", "id")

_SQLITE_TILFAELDIG = "abs(random() % 1000000000000)"
_PG_TILFAELDIG = "floor(random() * 1e12)::bigint"


def _cpr_af(raekke: str) -> str:
    return f"(SELECT cpr FROM ansaettelse WHERE id = {raekke}.ansaettelse_id)"


def _sqlite() -> None:
    for t, kolonne in EGNE:
        op.execute(f"CREATE TRIGGER {t}_kontoversion_insert AFTER INSERT ON {t} BEGIN "
                   f"UPDATE ansaettelse SET kontoversion = kontoversion + 1 WHERE id = NEW.{kolonne}; END")
        op.execute(f"CREATE TRIGGER {t}_kontoversion_delete AFTER DELETE ON {t} BEGIN "
                   f"UPDATE ansaettelse SET kontoversion = kontoversion + 1 WHERE id = OLD.{kolonne}; END")
        # (the old employment's in a trigger of its own, only on a move: `id IN (new, old)` cost
        # a change twice as much as `id = new`)
        op.execute(f"CREATE TRIGGER {t}_kontoversion_update AFTER UPDATE ON {t} BEGIN "
                   f"UPDATE ansaettelse SET kontoversion = kontoversion + 1 WHERE id = NEW.{kolonne}; END")
        op.execute(f"CREATE TRIGGER {t}_kontoversion_flyt AFTER UPDATE OF {kolonne} ON {t}"
                   f" WHEN OLD.{kolonne} IS NOT NEW.{kolonne} BEGIN "
                   f"UPDATE ansaettelse SET kontoversion = kontoversion + 1 WHERE id = OLD.{kolonne}; END")
    op.execute("CREATE TRIGGER barn_kontoversion_insert AFTER INSERT ON barn BEGIN "
               "UPDATE ansaettelse SET kontoversion = kontoversion + 1 WHERE cpr = NEW.foraelder_cpr; END")
    op.execute("CREATE TRIGGER barn_kontoversion_delete AFTER DELETE ON barn BEGIN "
               "UPDATE ansaettelse SET kontoversion = kontoversion + 1 WHERE cpr = OLD.foraelder_cpr; END")
    op.execute("CREATE TRIGGER barn_kontoversion_update AFTER UPDATE ON barn BEGIN "
               "UPDATE ansaettelse SET kontoversion = kontoversion + 1"
               " WHERE cpr IN (NEW.foraelder_cpr, OLD.foraelder_cpr); END")
    op.execute("CREATE TRIGGER ansaettelseshistorik_kontoversion_insert AFTER INSERT ON ansaettelseshistorik"
               " BEGIN UPDATE ansaettelse SET kontoversion = kontoversion + 1"
               f" WHERE cpr = {_cpr_af('NEW')}; END")
    op.execute("CREATE TRIGGER ansaettelseshistorik_kontoversion_delete AFTER DELETE ON ansaettelseshistorik"
               " BEGIN UPDATE ansaettelse SET kontoversion = kontoversion + 1"
               f" WHERE cpr = {_cpr_af('OLD')}; END")
    op.execute("CREATE TRIGGER ansaettelseshistorik_kontoversion_update AFTER UPDATE ON ansaettelseshistorik"
               " BEGIN UPDATE ansaettelse SET kontoversion = kontoversion + 1"
               f" WHERE cpr IN ({_cpr_af('NEW')}, {_cpr_af('OLD')}); END")
    op.execute("CREATE TRIGGER ansaettelse_kontoversion_insert AFTER INSERT ON ansaettelse BEGIN "
               f"UPDATE ansaettelse SET kontoversion = CASE WHEN id = NEW.id THEN {_SQLITE_TILFAELDIG}"
               " ELSE kontoversion + 1 END WHERE cpr = NEW.cpr; END")
    op.execute(f"CREATE TRIGGER ansaettelse_kontoversion_update AFTER UPDATE OF {', '.join(ANSAETTELSE)}"
               " ON ansaettelse BEGIN UPDATE ansaettelse SET kontoversion = kontoversion + 1"
               " WHERE cpr IN (NEW.cpr, OLD.cpr); END")
    op.execute("CREATE TRIGGER ansaettelse_kontoversion_delete AFTER DELETE ON ansaettelse BEGIN "
               "UPDATE ansaettelse SET kontoversion = kontoversion + 1 WHERE cpr = OLD.cpr; END")


_PG_FUNKTIONER = {
    # TG_ARGV[0]: the row's column of its employment
    "kontoversion_egen": """
CREATE FUNCTION kontoversion_egen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE ansaettelse SET kontoversion = kontoversion + 1 WHERE id = NEW.ansaettelse_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE ansaettelse SET kontoversion = kontoversion + 1 WHERE id = OLD.ansaettelse_id;
    ELSE
        UPDATE ansaettelse SET kontoversion = kontoversion + 1
        WHERE id IN (NEW.ansaettelse_id, OLD.ansaettelse_id);
    END IF;
    RETURN NULL;
END $$""",
    "kontoversion_barn": """
CREATE FUNCTION kontoversion_barn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE ansaettelse SET kontoversion = kontoversion + 1 WHERE cpr = NEW.foraelder_cpr;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE ansaettelse SET kontoversion = kontoversion + 1 WHERE cpr = OLD.foraelder_cpr;
    ELSE
        UPDATE ansaettelse SET kontoversion = kontoversion + 1
        WHERE cpr IN (NEW.foraelder_cpr, OLD.foraelder_cpr);
    END IF;
    RETURN NULL;
END $$""",
    "kontoversion_historik": """
CREATE FUNCTION kontoversion_historik() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE ansaettelse SET kontoversion = kontoversion + 1
        WHERE cpr = (SELECT cpr FROM ansaettelse WHERE id = NEW.ansaettelse_id);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE ansaettelse SET kontoversion = kontoversion + 1
        WHERE cpr = (SELECT cpr FROM ansaettelse WHERE id = OLD.ansaettelse_id);
    ELSE
        UPDATE ansaettelse SET kontoversion = kontoversion + 1
        WHERE cpr IN (SELECT cpr FROM ansaettelse WHERE id IN (NEW.ansaettelse_id, OLD.ansaettelse_id));
    END IF;
    RETURN NULL;
END $$""",
    "kontoversion_ansaettelse": f"""
CREATE FUNCTION kontoversion_ansaettelse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE ansaettelse SET kontoversion = CASE WHEN id = NEW.id THEN {_PG_TILFAELDIG}
            ELSE kontoversion + 1 END WHERE cpr = NEW.cpr;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE ansaettelse SET kontoversion = kontoversion + 1 WHERE cpr = OLD.cpr;
    ELSE
        UPDATE ansaettelse SET kontoversion = kontoversion + 1 WHERE cpr IN (NEW.cpr, OLD.cpr);
    END IF;
    RETURN NULL;
END $$""",
    # a table emptied whole: every employment's accounts changed
    "kontoversion_alle": """
CREATE FUNCTION kontoversion_alle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ansaettelse SET kontoversion = kontoversion + 1;
    RETURN NULL;
END $$""",
}


def _pg() -> None:
    for f in _PG_FUNKTIONER.values():
        op.execute(f)
    for t, funktion in (*((t, "kontoversion_egen") for t, _ in EGNE), ("barn", "kontoversion_barn"),
                        ("ansaettelseshistorik", "kontoversion_historik")):
        op.execute(f"CREATE TRIGGER {t}_kontoversion AFTER INSERT OR UPDATE OR DELETE ON {t}"
                   f" FOR EACH ROW EXECUTE FUNCTION {funktion}()")
        op.execute(f"CREATE TRIGGER {t}_kontoversion_truncate AFTER TRUNCATE ON {t}"
                   " FOR EACH STATEMENT EXECUTE FUNCTION kontoversion_alle()")
    op.execute("CREATE TRIGGER ansaettelse_kontoversion AFTER INSERT OR DELETE OR UPDATE OF"
               f" {', '.join(ANSAETTELSE)} ON ansaettelse FOR EACH ROW"
               " EXECUTE FUNCTION kontoversion_ansaettelse()")


def upgrade() -> None:
    op.add_column("ansaettelse", sa.Column("kontoversion", sa.BigInteger, nullable=False, server_default="0"))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"UPDATE ansaettelse SET kontoversion = {_PG_TILFAELDIG}")
        _pg()
    else:
        op.execute(f"UPDATE ansaettelse SET kontoversion = {_SQLITE_TILFAELDIG}")
        _sqlite()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for t in (*(t for t, _ in EGNE), "barn", "ansaettelseshistorik"):
            op.execute(f"DROP TRIGGER {t}_kontoversion ON {t}")
            op.execute(f"DROP TRIGGER {t}_kontoversion_truncate ON {t}")
        op.execute("DROP TRIGGER ansaettelse_kontoversion ON ansaettelse")
        for navn in _PG_FUNKTIONER:
            op.execute(f"DROP FUNCTION {navn}()")
    else:
        for t in (*(t for t, _ in EGNE), "barn", "ansaettelseshistorik", "ansaettelse"):
            for handling in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {t}_kontoversion_{handling}")
        for t, _ in EGNE:
            op.execute(f"DROP TRIGGER {t}_kontoversion_flyt")
    op.drop_column("ansaettelse", "kontoversion")
