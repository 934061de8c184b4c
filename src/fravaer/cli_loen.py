"""`fravaer loen`: an institution's payroll lines for a pay period as CSV or XML (schemas/
Loenudtraek.xsd), and closing the period (--luk); `fravaer egentype`: the institution's own
registration types and the fixed codes whose events need approval (DOMAIN.md §17). Run as whoever
holds the database (the right to register at the named institution)."""

from __future__ import annotations

from pathlib import Path

import click

from fravaer.cli_support import DATABASE_HJAELP


@click.command(name="loen")
@click.argument("institution")
@click.option("--periode", required=True, help="the pay period, YYYY-MM")
@click.option("--format", "format_", type=click.Choice(["csv", "xml"]), default="csv", show_default=True)
@click.option("--fil", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True,
              help="the file to write (XML: schemas/Loenudtraek.xsd)")
@click.option("--luk", is_flag=True,
              help="close the period: its lines are stored as delivered and never change; later "
                   "changes come as reversal and new line in a later period")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
def loen(institution, periode, format_, fil, luk, database):
    """Write the institution's payroll lines of PERIODE to FIL: a closed period's delivered lines,
    an open period's lines as of now with the corrections of the closed periods before it."""
    from fravaer.cli_support import brugerfejl, cli_bruger, engine_for, opgrader
    from fravaer.domain.brugere import Bruger, Ret
    from fravaer.domain.katalog import standardkatalog
    from fravaer.domain.loen import Loenperiode
    from fravaer.reports.loenfil import skriv_csv, skriv_xml
    from fravaer.service.loen import Loentjeneste

    @brugerfejl
    def koer():
        p = Loenperiode.fra_tekst(periode)
        engine = engine_for(database)
        try:
            opgrader(engine)
            tjeneste = Loentjeneste(engine, standardkatalog())
            bruger = Bruger(cli_bruger(), {institution: Ret.REGISTRER})
            return (tjeneste.luk if luk else tjeneste.linjer)(institution, p, bruger)
        finally:
            engine.dispose()

    u = koer()
    midlertidig = fil.with_name(fil.name + ".tmp")
    try:
        with open(midlertidig, "wb") as ud:  # written whole, then moved: never a half file
            (skriv_xml if format_ == "xml" else skriv_csv)(ud, u)
        midlertidig.replace(fil)
    except OSError as e:
        raise click.ClickException(f"filen kunne ikke skrives: {e.strerror}: {fil}") from None
    finally:
        midlertidig.unlink(missing_ok=True)
    rettelser = sum(x.vedroerer != str(u.periode) for x, _ in u.linjer)
    tilstand = (f"lukket {u.lukket:%Y-%m-%d %H:%M:%S} UTC" if u.lukket else "åben: linjerne som nu")
    click.echo(f"lønperiode {u.periode} for {institution}: {len(u.linjer)} linjer i {fil} "
               f"({rettelser} rettelser af lukkede perioder); {tilstand}")


@click.group()
def egentype() -> None:
    """An institution's own registration types (codes 900-999) and codes needing approval."""


@egentype.command(name="tilfoej")
@click.argument("institution")
@click.option("--kode", required=True, help="900-999")
@click.option("--navn", required=True)
@click.option("--loendel", help="the wage-type that takes its events to payroll (none: not to payroll)")
@click.option("--pkat", help="only these personnel categories, comma-separated (none: all)")
@click.option("--godkendelse", is_flag=True, help="its events need approval (right godkend)")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
def egentype_tilfoej(institution, kode, navn, loendel, pkat, godkendelse, database):
    """Add an own registration type (unit: days)."""
    from fravaer.domain.egne_typer import EgenType
    from fravaer.service import egne_typer

    t = EgenType(kode, navn, loendel, tuple(p.strip() for p in (pkat or "").split(",") if p.strip()),
                 godkendelse)
    _koer(database, lambda engine, bruger: egne_typer.tilfoej(engine, institution, t, bruger))
    click.echo(f"egen registreringstype {kode} oprettet ved {institution}")


@egentype.command(name="fjern")
@click.argument("institution")
@click.argument("kode")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
def egentype_fjern(institution, kode, database):
    """Remove an own registration type that no event uses."""
    from fravaer.service import egne_typer

    _koer(database, lambda engine, bruger: egne_typer.fjern(engine, institution, kode, bruger))
    click.echo(f"egen registreringstype {kode} fjernet ved {institution}")


@egentype.command(name="godkendelse")
@click.argument("institution")
@click.argument("kode")
@click.option("--fjern", is_flag=True, help="no longer needs approval")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
def egentype_godkendelse(institution, kode, fjern, database):
    """Make a fixed code's events need approval at the institution (or, with --fjern, no longer)."""
    from fravaer.domain.katalog import standardkatalog
    from fravaer.service import egne_typer

    aendret = _koer(database, lambda engine, bruger: egne_typer.saet_godkendelse(
        engine, standardkatalog(), institution, kode, not fjern, bruger))
    click.echo(f"kode {kode} {'kræver ikke længere' if fjern else 'kræver'} godkendelse ved {institution}"
               + ("" if aendret else " (uændret)"))


@egentype.command(name="vis")
@click.argument("institution")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
def egentype_vis(institution, database):
    """List the institution's own types and the fixed codes that need approval."""
    from fravaer.service import egne_typer

    typer = _koer(database, lambda engine, _bruger: egne_typer.vis(engine, institution))
    for t in typer.egne:
        click.echo(f"{t.kode}\t{t.navn}\tløndel {t.loendel or '-'}\tPKAT {','.join(t.pkat) or 'alle'}\t"
                   f"{'godkendes' if t.kraever_godkendelse else 'godkendes ikke'}")
    for kode in sorted(typer.godkendelse):
        click.echo(f"{kode}\tfast kode\tgodkendes")


def _koer(database, arbejde):
    from fravaer.cli_support import brugerfejl, cli_bruger, engine_for, opgrader

    @brugerfejl
    def koer():
        engine = engine_for(database)
        try:
            opgrader(engine)
            return arbejde(engine, cli_bruger())
        finally:
            engine.dispose()

    return koer()
