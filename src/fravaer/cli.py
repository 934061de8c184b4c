"""The `fravaer` command: serve, db upgrade, import, export, users, the calendar, særregler, the
year-end transfer of vacation, the quarterly report."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from fravaer.cli_support import (
    DATABASE_HJAELP,
    brugerfejl,
    cli_bruger,
    cli_indstillinger,
    engine_for,
    opgrader,
)
from fravaer.config import TABEL, Indstillinger, UgyldigIndstilling, ingen_adgangskode
from fravaer.paths import WSDL_DIR
from fravaer.soap.wsdl_files import adresse_for

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar


class _Gruppe(click.Group):
    """A bad setting, wherever it is read below: one line naming it, and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UgyldigIndstilling as e:
            click.echo(f"fravaer: {e}", err=True)
            ctx.exit(2)


def _indstillingsflag(f):
    """An option for every setting but the secret and internal ones (config.TABEL): --log-level
    for FRAVAER_LOG_LEVEL and so on. Taken as text and checked by the table, like the environment."""
    for spec in reversed(TABEL):
        if not (spec.hemmelig or spec.intern):
            f = click.option(spec.option, spec.navn, metavar="V",
                             help=f"{spec.hjaelp} [${spec.miljoe}; default: {spec.standard}]")(f)
    return f


@click.group(cls=_Gruppe)
@click.version_option(package_name="fravaer")
@_indstillingsflag
@click.pass_context
def main(ctx, **flag) -> None:
    """fravaer: SOAP service for Danish public employees' absence and vacation.

    Every setting is read here, once, from its option or else its environment variable
    (docs/CONFIGURATION.md)."""
    from fravaer.logsetup import opsaet_hvis_ingen

    ingen_adgangskode(flag.get("database_url"), "--database-url")
    ctx.obj = indstillinger = Indstillinger.fra_miljoe(**flag)
    opsaet_hvis_ingen(indstillinger.log_level, indstillinger.log_format)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="server processes")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="threads per process (gthread only)")
@click.option("--worker-class", type=click.Choice(["gevent", "gthread"]), default="gevent",
              show_default=True,
              help="gevent: green threads, safe against slow clients; gthread: a thread per "
                   "connection, only behind a proxy that buffers whole requests")
@click.option("--demo", is_flag=True, help="load the built-in demo data set first")
@click.option("--access-log", is_flag=True, help="log every request (no bodies)")
def serve(host, port, database, workers, threads, worker_class, demo, access_log):
    """Migrate the database and serve the SOAP services with gunicorn."""
    from fravaer.server import KonfigureretGunicorn, prometheus_mappe

    metrikmappe = prometheus_mappe()  # before anything imports prometheus_client
    arbiter = os.getpid()
    ingen_adgangskode(database, "--database-url")
    indstillinger = cli_indstillinger(database_url=database, lytteadresse=f"{host}:{port}")
    engine = engine_for(database)
    opgrader(engine)
    if demo:
        from fravaer.adapters.security import passwords
        from fravaer.service.demo import DEMO_BRUGER, DEMO_KODEORD, indlaes_demo, opret_demobruger

        r = indlaes_demo(engine)
        click.echo(f"demodata: {r.oprettet} ansættelser oprettet, {r.uaendret} uændrede "
                   "(tjenestenummer 10000001-10000004, 20000001)")
        if not passwords.har_noegle():
            # a key for this run only, so that the demo user can use PasswordDigest too
            os.environ[passwords.NOEGLE_MILJOE] = passwords.ny_noegle()
        opret_demobruger(engine, digest=True)
        click.echo(f"demo-bruger: {DEMO_BRUGER} / {DEMO_KODEORD} "
                   "(godkend og registrer på DEMO, registrer på DEMO2); "
                   f"zeep: Client(wsdl, wsse=UsernameToken('{DEMO_BRUGER}', '{DEMO_KODEORD}'))")
    engine.dispose()
    basis = indstillinger.public_url or f"http://{host}:{port}"
    click.echo(f"database: {_vis_url(indstillinger.database_url)}")
    for wsdl in sorted(WSDL_DIR.glob("*.wsdl")):
        if b"<wsdl:service " in wsdl.read_bytes():  # not Faelles.wsdl, which only the others import
            click.echo(f"WSDL: {basis}{adresse_for(wsdl.stem)}?wsdl   (fil: {wsdl})")
    sys.argv = sys.argv[:1]  # gunicorn reads sys.argv; our options are already parsed
    try:
        KonfigureretGunicorn(lambda: _fravaer_app(indstillinger), f"{host}:{port}", workers, threads,
                             access_log, worker_class=worker_class,
                             header_frist=indstillinger.header_frist, body_frist=indstillinger.body_frist,
                             logkonfiguration=_logkonfiguration(indstillinger, access_log),
                             eksplicitte=_eksplicitte(host, port, workers, threads)).run()
    finally:
        # only the arbiter removes the folder: a worker leaving this frame (it was forked inside
        # run()) removed every worker's figures, and /metrics failed until a restart
        if metrikmappe and os.getpid() == arbiter:
            import shutil

            shutil.rmtree(metrikmappe, ignore_errors=True)


def _fravaer_app(indstillinger: Indstillinger):
    from fravaer.wsgi import lav_app

    return lav_app(indstillinger, migrer=False)  # `serve` has migrated before the workers start


def _logkonfiguration(indstillinger: Indstillinger, access_log: bool) -> dict:
    from fravaer.logsetup import dict_config

    return dict_config(indstillinger.log_level, indstillinger.log_format, access_log)


def _eksplicitte(host, port, workers, threads) -> dict:
    """The options given to `fravaer serve` on its command line: they win over gunicorn's own
    configuration (GUNICORN_CMD_ARGS, gunicorn.conf.py), which wins over serve's defaults."""
    ctx = click.get_current_context()
    givet = {n for n in ("host", "port", "workers", "threads")
             if ctx.get_parameter_source(n) == click.core.ParameterSource.COMMANDLINE}
    v: dict = {}
    if givet & {"host", "port"}:
        v["bind"] = [f"{host}:{port}"]
    if "workers" in givet:
        v["workers"] = workers
    if "threads" in givet:
        v["threads"] = threads
    return v


def _vis_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@main.group()
def user() -> None:
    """Users and their rights (laes / registrer / godkend per institution)."""


def _kodeord_fra() -> str:
    """Passwords come by prompt or from the environment, never as an argument (ps shows those)."""
    return os.environ.get("FRAVAER_NEW_PASSWORD") or click.prompt("kodeord", hide_input=True,
                                                                   confirmation_prompt=True)



@user.command(name="add")
@click.argument("navn")
@click.option("--laes", multiple=True, metavar="INSTITUTION", help="read right at an institution")
@click.option("--registrer", multiple=True, metavar="INSTITUTION",
              help="read and register right at an institution")
@click.option("--godkend", multiple=True, metavar="INSTITUTION",
              help="read, register and approve/reject pending events at an institution")
@click.option("--administrator", is_flag=True)
@click.option("--digest", is_flag=True, help="may use PasswordDigest (needs FRAVAER_SECRET_KEY)")
@click.option("--certifikat", metavar="SUBJECT",
              help="the subject of the user's TLS client certificate, as the proxy passes it "
                   "(the KMD endpoint; docs/SECURITY.md); such a user has no password")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
@brugerfejl
def user_add(navn, laes, registrer, godkend, administrator, digest, certifikat, database):
    """Create a user. The password is asked for, or taken from $FRAVAER_NEW_PASSWORD (never an
    argument: the command line is visible to every user of the machine); a user with --certifikat
    has none."""
    from fravaer.service.brugere import gem_bruger

    engine = engine_for(database)
    opgrader(engine)
    kodeord = None if certifikat is not None else _kodeord_fra()
    gem_bruger(engine, navn, kodeord, list(laes), list(registrer), administrator, digest,
               certifikat=certifikat, godkend=list(godkend))
    click.echo(f"bruger {navn} oprettet")


@user.command(name="list")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
@brugerfejl
def user_list(database):
    """List users, their rights and state."""
    from fravaer.service.brugere import alle

    engine = engine_for(database)
    opgrader(engine)
    for b, aktiv, digest in alle(engine):
        ret = ", ".join(f"{inst}:{r.value}" for inst, r in sorted(b.rettigheder.items())) or "-"
        click.echo(f"{b.navn}\t{'aktiv' if aktiv else 'deaktiveret'}\t"
                   f"{'administrator' if b.administrator else 'bruger'}\t"
                   f"{'digest' if digest else 'tekst'}\t{ret}")


@user.command(name="disable")
@click.argument("navn")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
@brugerfejl
def user_disable(navn, database):
    """Disable a user: its requests are refused from now on."""
    from fravaer.service.brugere import deaktiver

    engine = engine_for(database)
    opgrader(engine)
    deaktiver(engine, navn)
    click.echo(f"bruger {navn} deaktiveret")


@user.command(name="set-password")
@click.argument("navn")
@click.option("--digest", is_flag=True, help="may use PasswordDigest (needs FRAVAER_SECRET_KEY)")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
@brugerfejl
def user_set_password(navn, digest, database):
    """Give a user a new password (the old one stops working at once)."""
    from fravaer.service.brugere import saet_kodeord

    engine = engine_for(database)
    opgrader(engine)
    saet_kodeord(engine, navn, _kodeord_fra(), digest)
    click.echo(f"nyt kodeord for {navn}")


@user.command(name="set-certifikat")
@click.argument("navn")
@click.argument("subject", required=False)
@click.option("--fjern", is_flag=True, help="the user has no client certificate any more")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
@brugerfejl
def user_set_certifikat(navn, subject, fjern, database):
    """Name the subject of a user's TLS client certificate (the KMD endpoint), or remove it."""
    from fravaer.service.brugere import saet_certifikat

    if (subject is None) == (not fjern):
        raise click.UsageError("angiv enten SUBJECT eller --fjern")
    engine = engine_for(database)
    opgrader(engine)
    saet_certifikat(engine, navn, None if fjern else subject)
    click.echo(f"certifikat for {navn} {'fjernet' if fjern else 'sat'}")


@main.group()
def kalender() -> None:
    """An institution's calendar: special days and extra paid days off."""



@kalender.command(name="saerdag")
@click.argument("institution")
@click.argument("dag", metavar="MM-DD")
@click.argument("regel", type=click.Choice(["normal", "fri", "halv"]))
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
@brugerfejl
def kalender_saerdag(institution, dag, regel, database):
    """Set how a special day (05-01, 06-05, 12-24, 12-31) counts at an institution."""
    from fravaer.domain.kalender import SaerdagRegel
    from fravaer.service.kalender import saet_saerdag

    engine = engine_for(database)
    opgrader(engine)
    saet_saerdag(engine, institution, dag, SaerdagRegel(regel), cli_bruger())
    click.echo(f"{institution}: {dag} er nu {regel}")


@kalender.command(name="fridag")
@click.argument("institution")
@click.argument("dato", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.option("--fjern", is_flag=True, help="make it a working day again")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
@brugerfejl
def kalender_fridag(institution, dato, fjern, database):
    """Add (or remove) an institution's own employer-paid day off."""
    from fravaer.service.kalender import saet_fridag

    engine = engine_for(database)
    opgrader(engine)
    aendret = saet_fridag(engine, institution, dato.date(), not fjern, cli_bruger())
    click.echo(f"{institution}: {dato.date()} er {'arbejdsdag' if fjern else 'fridag'}"
               + ("" if aendret else " (uændret)"))


def _koder(v: str) -> list[str]:
    return [k.strip() for k in v.split(",") if k.strip()]


@main.group()
def saerregel() -> None:
    """An institution's særregler (SLS guide §12): matrix cells, care days without an
    omsorgsregnskab, default events for a PKAT/KL."""


@saerregel.group(name="tilfoej")
def saerregel_tilfoej() -> None:
    """Add a særregel (the same rule twice is stored once)."""


def _gem_saerregler(institution: str, regler: list, database: str | None) -> None:
    from fravaer.domain.katalog import standardkatalog
    from fravaer.service.saerregler import tilfoej

    engine = engine_for(database)
    opgrader(engine)
    for regel, (nr, ny) in zip(regler, tilfoej(engine, standardkatalog(), institution, regler,
                                                cli_bruger()), strict=True):
        click.echo(f"{institution}: særregel {nr} {regel.vis()}" + ("" if ny else " (fandtes allerede)"))


@saerregel_tilfoej.command(name="matrix")
@click.argument("institution")
@click.option("--kode", required=True, help="the code(s) whose events the rule allows, e.g. 100,130,760")
@click.option("--anden", required=True, help="the other code(s), e.g. 500,505,520")
@click.option("--vaerdi", type=click.Choice(["J", "N", "D"]), default="J", show_default=True,
              help="J together, N never, D only as partial days")
@click.option("--aaben", is_flag=True, help="only when the event of KODE is open (no end date)")
@click.option("--planlagt", is_flag=True,
              help="only when the event of ANDEN is planned (starts after the day of registration)")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
@brugerfejl
def saerregel_matrix(institution, kode, anden, vaerdi, aaben, planlagt, database):
    """Change cells of the simultaneity matrix for one institution (every KODE with every ANDEN)."""
    from fravaer.domain.katalog import Matrixregel, Samtidighed

    regler = [Matrixregel(k, a, Samtidighed(vaerdi), aaben, planlagt)
              for k in _koder(kode) for a in _koder(anden)]
    if not regler:
        raise click.UsageError("angiv mindst én kode i --kode og i --anden")
    _gem_saerregler(institution, regler, database)


@saerregel_tilfoej.command(name="omsorg")
@click.argument("institution")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
@brugerfejl
def saerregel_omsorg(institution, database):
    """Register care days (600–630) without an omsorgsregnskab: every other rule still applies."""
    from fravaer.domain.saerregler import OmsorgUdenRegnskab

    _gem_saerregler(institution, [OmsorgUdenRegnskab()], database)


@saerregel_tilfoej.command(name="gruppe")
@click.argument("institution")
@click.option("--pkat", required=True)
@click.option("--kl", help="only this KL (pay class) of the PKAT")
@click.option("--kode", required=True, help="the fixed reason code of the events")
@click.option("--fra", "fra", required=True, type=click.DateTime(formats=["%Y-%m-%d"]))
@click.option("--til", "til", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="to and including")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
@brugerfejl
def saerregel_gruppe(institution, pkat, kl, kode, fra, til, database):
    """Give the employments of a PKAT (and KL) default events (made by `saerregel anvend`)."""
    from fravaer.domain.saerregler import Grupperegel

    _gem_saerregler(institution, [Grupperegel(pkat, kl, kode, fra.date(), til.date())], database)


@saerregel.command(name="fjern")
@click.argument("institution")
@click.argument("nummer", type=int)
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
@brugerfejl
def saerregel_fjern(institution, nummer, database):
    """Remove a særregel (events made under it stay)."""
    from fravaer.service.saerregler import fjern

    engine = engine_for(database)
    opgrader(engine)
    regel = fjern(engine, institution, nummer, cli_bruger())
    click.echo(f"{institution}: særregel {nummer} {regel.vis()} fjernet")


@saerregel.command(name="vis")
@click.argument("institution")
@click.option("--log", "med_log", is_flag=True, help="also every change: when, who, before, after")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
@brugerfejl
def saerregel_vis(institution, med_log, database):
    """List an institution's særregler (and their log)."""
    from fravaer.domain.saerregler import OmsorgUdenRegnskab
    from fravaer.service.saerregler import log, vis

    engine = engine_for(database)
    opgrader(engine)
    r = vis(engine, institution)
    linjer = [(m.id, "matrix", m.vis()) for m in r.matrix] + [(g.id, "gruppe", g.vis()) for g in r.grupper]
    if r.omsorg_uden_regnskab:
        linjer.append((r.omsorg_id, "omsorg", OmsorgUdenRegnskab().vis()))
    for nr, art, tekst in sorted(linjer):
        click.echo(f"{nr}\t{art}\t{tekst}")
    if not linjer:
        click.echo(f"{institution} har ingen særregler: standardkataloget gælder")
    if med_log:
        for p in log(engine, institution):
            click.echo(f"{p.tidspunkt:%Y-%m-%d %H:%M:%S}\t{p.bruger}\t{p.handling}\t{p.regel_id or ''}\t"
                       f"{p.foer or '-'}\t{p.efter or '-'}")


@saerregel.command(name="anvend")
@click.argument("institution")
@click.option("--regel", "nummer", type=int, help="only this group rule (default: all of them)")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
@brugerfejl
def saerregel_anvend(institution, nummer, database):
    """Make the default events of the group rules: one per employment of the group, each judged
    as a single registration; a second run makes nothing new."""
    from fravaer.domain.katalog import standardkatalog
    from fravaer.service.haendelser import Haendelsestjeneste
    from fravaer.service.saerregler import anvend

    engine = engine_for(database)
    opgrader(engine)
    resultat = anvend(engine, Haendelsestjeneste(engine, standardkatalog()), institution, nummer,
                      cli_bruger())
    afvist = False
    for a in resultat:
        for u in a.udfald:
            hvem = f"tjenestenummer {u.ansaettelse.tjenestenummer}" if u.ansaettelse.tjenestenummer \
                else f"ansættelse {u.ansaettelse.id}"
            tekst = "; ".join(f"{m.kode}: {m.tekst}" for m in u.meddelelser)
            click.echo(f"særregel {a.regel.id}\t{hvem}\t{u.status}\t{u.haendelse_id or ''}\t{tekst}")
            afvist |= u.status == "afvist"
        click.echo(f"særregel {a.regel.id} ({a.regel.vis()}): {a.antal('oprettet')} oprettet, "
                   f"{a.antal('allerede')} allerede oprettet, {a.antal('afvist')} afvist")
    if not resultat:
        click.echo(f"{institution} har ingen grupperegler")
    if afvist:
        sys.exit(1)


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command()
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
def upgrade(database):
    """Bring the database to the newest schema (Alembic)."""
    from fravaer.adapters.db.migrate import current_revision

    engine = engine_for(database)
    opgrader(engine)
    click.echo(f"databasen er på revision {current_revision(engine)}")


@db.command(name="refresh")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
def refresh(database):
    """Bring every employment to the relationship its history has in force today (run daily, e.g.
    from cron: a planned move or change of hours then takes effect on its date without an import)."""
    from fravaer.service.errors import LagerUtilgaengeligt
    from fravaer.service.stamdata import til_i_dag

    engine = engine_for(database)
    opgrader(engine)
    try:
        aendret = til_i_dag(engine)
    except LagerUtilgaengeligt as e:
        raise click.ClickException(f"databasen er ikke tilgængelig ({e}); intet er ændret") from None
    click.echo(f"{aendret} ansættelser bragt til dagens forhold")


_ARTER = ("enheder", "ansaettelser", "historik", "boern", "barselssager", "arbejdsskadesager", "aarsager")
# events (a history from another system) go in and out on their own: judged by the rules, after
# the master data they name is in place
HAENDELSER = "haendelser"


@main.command(name="import")
@click.argument("fil", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
@click.option("--alt-eller-intet", is_flag=True, help="store nothing if any record is bad")
@click.option("--art", type=click.Choice((*_ARTER, HAENDELSER)), default="ansaettelser", show_default=True,
              help="what a CSV file holds (an XML file says it itself)")
@click.option("--boern", is_flag=True, help="the same as --art boern")
def import_(fil: Path, database, alt_eller_intet, art, boern):
    """Import master data from a CSV or XML file: institutions and employments (upsert by CPR +
    løbenummer), units, children, maternity and work-injury cases, leave reasons; or events
    (--art haendelser, or an XML file's Haendelser): a history judged by the rules, by its
    haendelse_id."""
    from fravaer.adapters.stamdata import FilFejl, HaendelseLinje, LinjeFejl, laes_fil
    from fravaer.domain.katalog import standardkatalog
    from fravaer.service.errors import LagerUtilgaengeligt
    from fravaer.service.haendelsesimport import importer_haendelser
    from fravaer.service.stamdata import importer

    engine = engine_for(database)
    opgrader(engine)
    try:
        linjer = list(laes_fil(fil.read_bytes(), "boern" if boern else art))
    except FilFejl as e:
        raise click.ClickException(f"{fil}: {e}") from None
    haendelser = art == HAENDELSER or any(isinstance(linje, HaendelseLinje) for linje in linjer)
    if haendelser and not all(isinstance(linje, HaendelseLinje | LinjeFejl) for linje in linjer):
        raise click.ClickException(f"{fil}: en fil med hændelser kan ikke også rumme stamdata; "
                                   "importér stamdata først")
    try:
        with click.progressbar(length=len(linjer), label="importerer", file=sys.stderr) as bar:
            if haendelser:
                r = importer_haendelser(engine, standardkatalog(), linjer, alt_eller_intet,
                                        fremskridt=bar.update)
            else:
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
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
@click.option("--art", type=click.Choice((*_ARTER, HAENDELSER)), multiple=True,
              help="what to export (repeatable; default all master data; a CSV file holds one; "
                   "haendelser only on its own)")
@click.option("--institution", multiple=True, help="only these institutions (repeatable)")
@click.option("--enhed", help="haendelser: only employments placed in this unit or one under it "
                              "(with one --institution)")
@click.option("--fra", "fra_", type=click.DateTime(["%Y-%m-%d"]), help="haendelser: in force on or after")
@click.option("--til", type=click.DateTime(["%Y-%m-%d"]), help="haendelser: in force on or before")
@click.option("--kode", multiple=True, help="haendelser: only these reason codes (repeatable)")
def export(fil: Path, database, art, institution, enhed, fra_, til, kode):
    """Export master data, or events (--art haendelser), in the import's formats: XML when FIL
    ends in .xml, else CSV."""
    from fravaer.adapters.stamdata import skriv_csv, skriv_xml
    from fravaer.domain.meddelelser import Afvist
    from fravaer.service.errors import LagerUtilgaengeligt
    from fravaer.service.haendelsesimport import eksporter_haendelser
    from fravaer.service.stamdata import eksporter

    arter = list(art) or list(_ARTER)
    xml = fil.suffix.lower() == ".xml"
    if not xml and len(arter) != 1:
        raise click.UsageError("en CSV-fil rummer én art: angiv --art (eller skriv til en .xml-fil)")
    if HAENDELSER in arter and len(arter) != 1:
        raise click.UsageError("hændelser eksporteres for sig: --art haendelser alene")
    if (enhed or fra_ or til or kode) and arter != [HAENDELSER]:
        raise click.UsageError("--enhed, --fra, --til og --kode gælder kun --art haendelser")
    if enhed and len(institution) != 1:
        raise click.UsageError("--enhed kræver netop én --institution")
    if fra_ and til and til < fra_:
        raise click.UsageError("--til ligger før --fra")
    try:
        if arter == [HAENDELSER]:
            data = {HAENDELSER: eksporter_haendelser(
                engine_for(database), list(institution) or None, enhed, fra_ and fra_.date(),
                til and til.date(), kode)}
        else:
            data = eksporter(engine_for(database), arter, list(institution) or None)
    except LagerUtilgaengeligt as e:
        raise click.ClickException(f"databasen er ikke tilgængelig ({e})") from None
    except Afvist as e:
        raise click.ClickException("; ".join(m.tekst for m in e.meddelelser)) from None
    fil.write_bytes(skriv_xml(data) if xml else skriv_csv(arter[0], data[arter[0]]))
    click.echo(", ".join(f"{len(data[a])} {a}" for a in arter) + f" skrevet til {fil}")


@main.group()
def ferie() -> None:
    """Vacation accounts: the year-end transfer of leftover days."""


class _Fremskridt:
    """A progress bar that learns its length from the first report (how many employments)."""

    def __init__(self, label: str):
        self.label = label
        self.bar: ProgressBar[int] | None = None

    def __call__(self, gjort: int, i_alt: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=i_alt, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def luk(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _hvem(a) -> str:
    """An employment in the report: its tjenestenummer, else the løbenummer with only the birth
    date of the CPR number (the report may end up in a cron job's log)."""
    return a.tjenestenummer or f"{a.cpr[:6]}-xxxx/{a.loebenummer}"


@ferie.command(name="overfoer")
@click.option("--institution", required=True, help="the institution's code")
@click.option("--enhed", help="only this unit and the units under it")
@click.option("--ferieaar", required=True, type=click.IntRange(2000, 2999),
              help="the ending ferieår (named by the year it ends in)")
@click.option("--dato", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="as of this date (YYYY-MM-DD; default today)")
@click.option("--proeve", is_flag=True, help="dry run: report what would be moved, store nothing")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
def ferie_overfoer(institution, enhed, ferieaar, dato, proeve, database):
    """Move each employee's unused days beyond 20 of FERIEAAR to the next ferieår (seed 002 §7.4),
    skipping persons on AKKO, with a negative or zero balance; one line per employment, then a
    summary. A second run moves nothing more."""
    from fravaer.domain.brugere import Bruger, Ret
    from fravaer.domain.katalog import standardkatalog
    from fravaer.domain.maaleenheder import vis_dage
    from fravaer.domain.meddelelser import Afvist
    from fravaer.domain.restferie import Udfald
    from fravaer.service.errors import LagerUtilgaengeligt
    from fravaer.service.kvoter import Kvotetjeneste
    from fravaer.service.restferie import Restferieanmodning

    engine = engine_for(database)
    opgrader(engine)
    tjeneste = Kvotetjeneste(engine, standardkatalog())
    # whoever runs the command holds the database: the register right for the institution
    bruger = Bruger(cli_bruger(), {institution: Ret.REGISTRER})
    anmodning = Restferieanmodning(institution, enhed, ferieaar, dato.date() if dato else tjeneste.idag(),
                                   proeve)
    fremskridt = _Fremskridt("overfører" if not proeve else "prøver")
    try:
        r = tjeneste.overfoer_restferie(anmodning, bruger, fremskridt)
    except Afvist as e:
        raise click.ClickException("; ".join(f"{m.kode}: {m.tekst}" for m in e.meddelelser)) from None
    except LagerUtilgaengeligt as e:
        raise click.ClickException(f"databasen er ikke tilgængelig ({e}); intet er gemt") from None
    finally:
        fremskridt.luk()
        engine.dispose()
    for a, o in r.resultater:
        click.echo(f"{_hvem(a)}\t{o.udfald.value}\t{vis_dage(o.dage)}\t"
                   f"{o.meddelelse.kode}: {o.meddelelse.tekst}")
    click.echo(f"{len(r.resultater)} ansættelser: {r.antal(Udfald.OVERFOERT)} overført "
               f"({vis_dage(r.dage_i_alt)} dage), {r.antal(Udfald.UDELADT)} udeladt, "
               f"{r.antal(Udfald.ALLEREDE_OVERFOERT)} allerede overført"
               + (" (prøvekørsel: intet er gemt)" if proeve else ""))



@main.command(name="indberetning")
@click.option("--institution", required=True, help="the institution's code")
@click.option("--aar", required=True, type=click.IntRange(2000, 2999), help="the quarter's year")
@click.option("--kvartal", required=True, type=click.IntRange(1, 4), help="the quarter, 1-4")
@click.option("--format", "format_", type=click.Choice(["csv", "xml"]), default="csv", show_default=True)
@click.option("--fil", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True,
              help="the file to write (XML: schemas/Kvartalsindberetning.xsd)")
@click.option("--siden-sidst", "siden_sidst", is_flag=True,
              help="also list the records added, changed and removed since the last run")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
@brugerfejl
def indberetning(institution, aar, kvartal, format_, fil, siden_sidst, database):
    """Write the institution's quarterly report of absence (the circular's types a-i, exempt
    personnel groups left out) to FIL. The run is remembered: made again without changed events,
    the file is the same byte for byte; otherwise the differences can be listed."""
    from fravaer.domain.brugere import Bruger, Ret
    from fravaer.domain.katalog import standardkatalog
    from fravaer.domain.kvartaler import Kvartal
    from fravaer.reports.indberetningsfil import skriv_csv, skriv_xml
    from fravaer.service.indberetning import Indberetningstjeneste

    engine = engine_for(database)
    opgrader(engine)
    tjeneste = Indberetningstjeneste(engine, standardkatalog())
    # whoever runs the command holds the database: the read right for the institution
    bruger = Bruger(cli_bruger(), {institution: Ret.LAES})
    fremskridt = _Fremskridt("indberetning")
    midlertidig = fil.with_name(fil.name + ".tmp")
    try:
        r = tjeneste.dan(institution, Kvartal(aar, kvartal), bruger, fremskridt)
        fremskridt.luk()
        with open(midlertidig, "wb") as ud:  # written whole, then moved: never a half file
            (skriv_xml if format_ == "xml" else skriv_csv)(ud, r, tjeneste.alle_poster(r.koersel))
        midlertidig.replace(fil)
        forskelle = (list(tjeneste.forskelle(r.koersel, r.forrige)) if siden_sidst and r.ny and r.forrige
                     else [])
    except OSError as e:
        raise click.ClickException(f"filen kunne ikke skrives: {e.strerror}: {fil}") from None
    finally:  # whatever stopped the writing: no half file left (after replace() it is gone)
        midlertidig.unlink(missing_ok=True)
        fremskridt.luk()
        engine.dispose()
    k = r.koersel
    click.echo(f"{k.kvartal.vis()} for {institution}: {k.antal} poster i {fil} "
               f"(kørsel {k.id}, dannet {k.dannet:%Y-%m-%d %H:%M:%S} UTC"
               + ("" if r.ny else ", uændret siden da") + f"); frist {r.frist:%d-%m-%Y}")
    for m in r.meddelelser:
        click.echo(f"{m.kode}: {m.tekst}", err=True)
    if siden_sidst:
        if not r.ny:
            click.echo("ingen ændringer siden sidste kørsel")
        elif r.forrige is None:
            click.echo("første kørsel: intet at sammenligne med")
        else:
            click.echo(f"{len(forskelle)} ændringer siden kørsel {r.forrige.id} "
                       f"(dannet {r.forrige.dannet:%Y-%m-%d %H:%M:%S} UTC):")
        for art, p in forskelle:  # never a whole CPR number on the screen (it may end in a log)
            click.echo(f"{art}\t{_hvem(p)}\t{p.haendelse_id}\t"
                       f"{p.kode}\t{p.type}\t{p.fra.isoformat()}\t{p.til.isoformat()}")


def _underkommandoer() -> None:
    """The commands that live in modules of their own: `statistik` and `rapport` (cli_statistik.py),
    `masse` (cli_masse.py), `loen` and `egentype` (cli_loen.py), `aendringer` (cli_aendringer.py)."""
    from fravaer.cli_aendringer import aendringer
    from fravaer.cli_loen import egentype, loen
    from fravaer.cli_masse import masse
    from fravaer.cli_statistik import rapport, statistik

    for kommando in (statistik, rapport, masse, loen, egentype, aendringer):
        main.add_command(kommando)


_underkommandoer()

if __name__ == "__main__":
    main()
