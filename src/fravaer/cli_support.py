"""What the `fravaer` command's sub-command modules share: the settings as the command read them,
the engine of a command, migrating first, the CLI's user name, and turning the project's errors
into one clear line (no traceback)."""

from __future__ import annotations

import click

from fravaer.config import Indstillinger, ingen_adgangskode

DATABASE_HJAELP = ("SQLAlchemy URL, without a password (default: $FRAVAER_DATABASE_URL or "
                   "sqlite:///fravaer.sqlite); --database is the older name")


def cli_indstillinger(**overstyr) -> Indstillinger:
    """The settings read once by `main` (the environment and its options), with a command's own
    options over them."""
    ctx = click.get_current_context(silent=True)
    rod = ctx.find_root().obj if ctx is not None else None
    return (rod if isinstance(rod, Indstillinger) else Indstillinger.fra_miljoe()).med(**overstyr)


def engine_for(database: str | None):
    from fravaer.adapters.db.engine import make_engine

    ingen_adgangskode(database, "--database-url")
    engine = make_engine(cli_indstillinger(database_url=database).database_url)
    ctx = click.get_current_context(silent=True)
    if ctx is not None:  # closed with the command (Python 3.13 warns of a connection left open)
        ctx.call_on_close(engine.dispose)
    return engine


def opgrader(engine) -> None:
    from fravaer.adapters.db.migrate import upgrade

    try:
        upgrade(engine)
    except Exception as e:  # a database that is down or refuses us: say so, no traceback
        raise click.ClickException(f"databasen kunne ikke opgraderes: {type(e).__name__}: "
                                   f"{str(e).splitlines()[0] if str(e) else ''}") from None


def brugerfejl(f):
    import functools

    @functools.wraps(f)
    def indpakket(*args, **kwargs):
        from fravaer.domain.meddelelser import Afvist
        from fravaer.service.brugere import BrugerFejl
        from fravaer.service.errors import LagerUtilgaengeligt

        try:
            return f(*args, **kwargs)
        except BrugerFejl as e:
            raise click.ClickException(str(e)) from None
        except Afvist as e:  # a rule's answer: every message with its code, nothing stored
            raise click.ClickException("\n".join(f"{m.kode}: {m.tekst}" for m in e.meddelelser)) from None
        except LagerUtilgaengeligt as e:
            raise click.ClickException(f"databasen er ikke tilgængelig ({e})") from None
    return indpakket


def cli_bruger() -> str:
    import getpass

    return f"cli:{getpass.getuser()}"
