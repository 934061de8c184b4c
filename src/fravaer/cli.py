"""The `fravaer` command: serve, db upgrade, import, export, users, the calendar."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from fravaer.config import Indstillinger
from fravaer.paths import WSDL_DIR
from fravaer.soap.wsdlfiler import adresse_for

DATABASE_HJAELP = "SQLAlchemy URL (default: $FRAVAER_DATABASE_URL or sqlite:///fravaer.sqlite)"


def _engine(database: str | None):
    from fravaer.adapters.db.engine import make_engine

    return make_engine(Indstillinger.fra_miljoe(database_url=database).database_url)


def _opgrader(engine) -> None:
    from fravaer.adapters.db.migrate import upgrade

    try:
        upgrade(engine)
    except Exception as e:  # a database that is down or refuses us: say so, no traceback
        raise click.ClickException(f"databasen kunne ikke opgraderes: {type(e).__name__}: "
                                   f"{str(e).splitlines()[0] if str(e) else ''}") from None


@click.group()
@click.version_option(package_name="fravaer")
def main() -> None:
    """fravaer: SOAP service for Danish public employees' absence and vacation."""
    logging.basicConfig(level=os.environ.get("FRAVAER_LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Even at DEBUG: SQLAlchemy would log statement parameters and spyne whole request bodies,
    # and both hold CPR numbers.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    logging.getLogger("spyne").setLevel(logging.CRITICAL)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--database", help=DATABASE_HJAELP)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="server processes")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="threads per process")
@click.option("--demo", is_flag=True, help="load the built-in demo data set first")
@click.option("--access-log", is_flag=True, help="log every request (no bodies)")
def serve(host, port, database, workers, threads, demo, access_log):
    """Migrate the database and serve the SOAP services with gunicorn."""
    from fravaer.server import Gunicorn

    indstillinger = Indstillinger.fra_miljoe(database_url=database)
    engine = _engine(database)
    _opgrader(engine)
    if demo:
        from fravaer.adapters.security import kodeord
        from fravaer.service.demo import DEMO_BRUGER, DEMO_KODEORD, indlaes_demo, opret_demobruger

        r = indlaes_demo(engine)
        click.echo(f"demodata: {r.oprettet} ansættelser oprettet, {r.uaendret} uændrede "
                   "(tjenestenummer 10000001-10000004, 20000001)")
        if not kodeord.har_noegle():
            # a key for this run only, so that the demo user can use PasswordDigest too
            os.environ[kodeord.NOEGLE_MILJOE] = kodeord.ny_noegle()
        opret_demobruger(engine, digest=True)
        click.echo(f"demo-bruger: {DEMO_BRUGER} / {DEMO_KODEORD} (registrer på DEMO og DEMO2); "
                   f"zeep: Client(wsdl, wsse=UsernameToken('{DEMO_BRUGER}', '{DEMO_KODEORD}'))")
    engine.dispose()
    basis = indstillinger.public_url or f"http://{host}:{port}"
    click.echo(f"database: {_vis_url(indstillinger.database_url)}")
    for wsdl in sorted(WSDL_DIR.glob("*.wsdl")):
        if b"<wsdl:service " in wsdl.read_bytes():  # not Faelles.wsdl, which only the others import
            click.echo(f"WSDL: {basis}{adresse_for(wsdl.stem)}?wsdl   (fil: {wsdl})")
    sys.argv = sys.argv[:1]  # gunicorn reads sys.argv; our options are already parsed
    Gunicorn(lambda: _fravaer_app(indstillinger), f"{host}:{port}", workers, threads, access_log).run()


def _fravaer_app(indstillinger: Indstillinger):
    from fravaer.soap.wsgi import FravaerApp

    return FravaerApp(indstillinger)


def _vis_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@main.group()
def user() -> None:
    """Users and their rights (laes / registrer per institution)."""


def _kodeord_fra(kodeord: str | None) -> str:
    return kodeord or click.prompt("kodeord", hide_input=True, confirmation_prompt=True)


def _brugerfejl(f):
    import functools

    @functools.wraps(f)
    def indpakket(*args, **kwargs):
        from fravaer.service.brugere import BrugerFejl
        from fravaer.service.errors import LagerUtilgaengeligt

        try:
            return f(*args, **kwargs)
        except BrugerFejl as e:
            raise click.ClickException(str(e)) from None
        except LagerUtilgaengeligt as e:
            raise click.ClickException(f"databasen er ikke tilgængelig ({e})") from None
    return indpakket


@user.command(name="add")
@click.argument("navn")
@click.option("--laes", multiple=True, metavar="INSTITUTION", help="read right at an institution")
@click.option("--registrer", multiple=True, metavar="INSTITUTION",
              help="read and register right at an institution")
@click.option("--administrator", is_flag=True)
@click.option("--digest", is_flag=True, help="may use PasswordDigest (needs FRAVAER_SECRET_KEY)")
@click.option("--password", envvar="FRAVAER_NEW_PASSWORD", help="else asked for")
@click.option("--database", help=DATABASE_HJAELP)
@_brugerfejl
def user_add(navn, laes, registrer, administrator, digest, password, database):
    """Create a user."""
    from fravaer.service.brugere import gem_bruger

    engine = _engine(database)
    _opgrader(engine)
    gem_bruger(engine, navn, _kodeord_fra(password), list(laes), list(registrer), administrator, digest)
    click.echo(f"bruger {navn} oprettet")


@user.command(name="list")
@click.option("--database", help=DATABASE_HJAELP)
@_brugerfejl
def user_list(database):
    """List users, their rights and state."""
    from fravaer.service.brugere import alle

    engine = _engine(database)
    _opgrader(engine)
    for b, aktiv, digest in alle(engine):
        ret = ", ".join(f"{inst}:{r.value}" for inst, r in sorted(b.rettigheder.items())) or "-"
        click.echo(f"{b.navn}\t{'aktiv' if aktiv else 'deaktiveret'}\t"
                   f"{'administrator' if b.administrator else 'bruger'}\t"
                   f"{'digest' if digest else 'tekst'}\t{ret}")


@user.command(name="disable")
@click.argument("navn")
@click.option("--database", help=DATABASE_HJAELP)
@_brugerfejl
def user_disable(navn, database):
    """Disable a user: its requests are refused from now on."""
    from fravaer.service.brugere import deaktiver

    engine = _engine(database)
    _opgrader(engine)
    deaktiver(engine, navn)
    click.echo(f"bruger {navn} deaktiveret")


@user.command(name="set-password")
@click.argument("navn")
@click.option("--digest", is_flag=True, help="may use PasswordDigest (needs FRAVAER_SECRET_KEY)")
@click.option("--password", envvar="FRAVAER_NEW_PASSWORD", help="else asked for")
@click.option("--database", help=DATABASE_HJAELP)
@_brugerfejl
def user_set_password(navn, digest, password, database):
    """Give a user a new password (the old one stops working at once)."""
    from fravaer.service.brugere import saet_kodeord

    engine = _engine(database)
    _opgrader(engine)
    saet_kodeord(engine, navn, _kodeord_fra(password), digest)
    click.echo(f"nyt kodeord for {navn}")


@main.group()
def kalender() -> None:
    """An institution's calendar: special days and extra paid days off."""


def _cli_bruger() -> str:
    import getpass

    return f"cli:{getpass.getuser()}"


@kalender.command(name="saerdag")
@click.argument("institution")
@click.argument("dag", metavar="MM-DD")
@click.argument("regel", type=click.Choice(["normal", "fri", "halv"]))
@click.option("--database", help=DATABASE_HJAELP)
@_brugerfejl
def kalender_saerdag(institution, dag, regel, database):
    """Set how a special day (05-01, 06-05, 12-24, 12-31) counts at an institution."""
    from fravaer.domain.kalender import SaerdagRegel
    from fravaer.service.kalender import saet_saerdag

    engine = _engine(database)
    _opgrader(engine)
    saet_saerdag(engine, institution, dag, SaerdagRegel(regel), _cli_bruger())
    click.echo(f"{institution}: {dag} er nu {regel}")


@kalender.command(name="fridag")
@click.argument("institution")
@click.argument("dato", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.option("--fjern", is_flag=True, help="make it a working day again")
@click.option("--database", help=DATABASE_HJAELP)
@_brugerfejl
def kalender_fridag(institution, dato, fjern, database):
    """Add (or remove) an institution's own employer-paid day off."""
    from fravaer.service.kalender import saet_fridag

    engine = _engine(database)
    _opgrader(engine)
    aendret = saet_fridag(engine, institution, dato.date(), not fjern, _cli_bruger())
    click.echo(f"{institution}: {dato.date()} er {'arbejdsdag' if fjern else 'fridag'}"
               + ("" if aendret else " (uændret)"))


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command()
@click.option("--database", help=DATABASE_HJAELP)
def upgrade(database):
    """Bring the database to the newest schema (Alembic)."""
    from fravaer.adapters.db.migrate import current_revision

    engine = _engine(database)
    _opgrader(engine)
    click.echo(f"databasen er på revision {current_revision(engine)}")


@db.command(name="refresh")
@click.option("--database", help=DATABASE_HJAELP)
def refresh(database):
    """Bring every employment to the relationship its history has in force today (run daily, e.g.
    from cron: a planned move or change of hours then takes effect on its date without an import)."""
    from fravaer.service.errors import LagerUtilgaengeligt
    from fravaer.service.masterdata import til_i_dag

    engine = _engine(database)
    _opgrader(engine)
    try:
        aendret = til_i_dag(engine)
    except LagerUtilgaengeligt as e:
        raise click.ClickException(f"databasen er ikke tilgængelig ({e}); intet er ændret") from None
    click.echo(f"{aendret} ansættelser bragt til dagens forhold")


_ARTER = ("enheder", "ansaettelser", "historik", "boern", "barselssager", "arbejdsskadesager", "aarsager")


@main.command(name="import")
@click.argument("fil", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--database", help=DATABASE_HJAELP)
@click.option("--alt-eller-intet", is_flag=True, help="store nothing if any record is bad")
@click.option("--art", type=click.Choice(_ARTER), default="ansaettelser", show_default=True,
              help="what a CSV file holds (an XML file says it itself)")
@click.option("--boern", is_flag=True, help="the same as --art boern")
def import_(fil: Path, database, alt_eller_intet, art, boern):
    """Import master data from a CSV or XML file: institutions and employments (upsert by CPR +
    løbenummer), units, children, maternity and work-injury cases, leave reasons."""
    from fravaer.adapters.stamdata import FilFejl, laes_fil
    from fravaer.service.errors import LagerUtilgaengeligt
    from fravaer.service.masterdata import importer

    engine = _engine(database)
    _opgrader(engine)
    try:
        linjer = list(laes_fil(fil.read_bytes(), "boern" if boern else art))
    except FilFejl as e:
        raise click.ClickException(f"{fil}: {e}") from None
    try:
        with click.progressbar(length=len(linjer), label="importerer", file=sys.stderr) as bar:
            r = importer(engine, linjer, alt_eller_intet, fremskridt=bar.update)
    except LagerUtilgaengeligt as e:
        raise click.ClickException(f"databasen er ikke tilgængelig ({e}); intet er gemt") from None
    for f in r.fejl:
        click.echo(f"{fil}:{f.nummer}: {f.grund}", err=True)
    if r.gemt:
        click.echo(f"{r.oprettet} oprettet, {r.aendret} ændret, {r.uaendret} uændrede, "
                   f"{len(r.fejl)} linjer med fejl")
    else:
        click.echo(f"intet gemt: {len(r.fejl)} linjer med fejl (--alt-eller-intet)")
    if r.fejl:
        sys.exit(1)


@main.command(name="export")
@click.argument("fil", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--database", help=DATABASE_HJAELP)
@click.option("--art", type=click.Choice(_ARTER), multiple=True,
              help="what to export (repeatable; default everything; a CSV file holds one)")
@click.option("--institution", multiple=True, help="only these institutions (repeatable)")
def export(fil: Path, database, art, institution):
    """Export master data in the import's formats: XML when FIL ends in .xml, else CSV."""
    from fravaer.adapters.stamdata import skriv_csv, skriv_xml
    from fravaer.service.errors import LagerUtilgaengeligt
    from fravaer.service.masterdata import eksporter

    arter = list(art) or list(_ARTER)
    xml = fil.suffix.lower() == ".xml"
    if not xml and len(arter) != 1:
        raise click.UsageError("en CSV-fil rummer én art: angiv --art (eller skriv til en .xml-fil)")
    try:
        data = eksporter(_engine(database), arter, list(institution) or None)
    except LagerUtilgaengeligt as e:
        raise click.ClickException(f"databasen er ikke tilgængelig ({e})") from None
    fil.write_bytes(skriv_xml(data) if xml else skriv_csv(arter[0], data[arter[0]]))
    click.echo(", ".join(f"{len(data[a])} {a}" for a in arter) + f" skrevet til {fil}")


if __name__ == "__main__":
    main()
