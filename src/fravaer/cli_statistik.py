"""`fravaer statistik` (key figures → CSV or JSON) and `fravaer rapport` (a self-contained HTML
report with charts): key figures as HentFravaersstatistik computes them (service/statistik.py),
with the right to read the named institution, as whoever holds the database."""

from __future__ import annotations

from datetime import date

import click

from fravaer.cli_support import DATABASE_HJAELP
from fravaer.domain.statistik import GRUPPERINGER

_DATO = click.DateTime(formats=["%Y-%m-%d"])


def _koer(database, anmodninger, mindst):
    """Each request's key figures, or a CLI error with the codes (nothing written)."""
    from fravaer.cli_support import cli_bruger, cli_indstillinger, engine_for, opgrader
    from fravaer.domain.brugere import Bruger, Ret
    from fravaer.domain.katalog import standardkatalog
    from fravaer.domain.meddelelser import Afvist
    from fravaer.service.errors import LagerUtilgaengeligt
    from fravaer.service.statistik import hent_statistik

    engine = engine_for(database)
    opgrader(engine)
    mindst = mindst if mindst is not None else cli_indstillinger().statistik_mindste_gruppe
    try:
        return [hent_statistik(engine, standardkatalog(), a, Bruger(cli_bruger(), {a.institution: Ret.LAES}),
                               mindst) for a in anmodninger]
    except Afvist as e:
        raise click.ClickException("; ".join(f"{m.kode}: {m.tekst}" for m in e.meddelelser)) from None
    except LagerUtilgaengeligt as e:
        raise click.ClickException(f"databasen er ikke tilgængelig ({e})") from None
    finally:
        engine.dispose()


def _skriv(ud, tekst: str) -> None:
    if ud is None:
        click.echo(tekst, nl=False)
    else:
        with open(ud, "w", encoding="utf-8", newline="") as f:
            f.write(tekst)


@click.command()
@click.argument("institution")
@click.option("--fra", "fra", required=True, type=_DATO, help="first day, YYYY-MM-DD")
@click.option("--til", "til", required=True, type=_DATO, help="last day, YYYY-MM-DD")
@click.option("--enhed", help="only this unit and the units under it")
@click.option("--pkat", help="only this PKAT (compared as a number)")
@click.option("--gruppering", "grupperinger", multiple=True, type=click.Choice(GRUPPERINGER),
              help="group by (repeatable)")
@click.option("--format", "format_", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--ud", type=click.Path(dir_okay=False, writable=True), help="file (default: standard output)")
@click.option("--mindst", type=click.IntRange(1), help="smallest group shown (default: the setting, 5)")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
def statistik(institution, fra, til, enhed, pkat, grupperinger, format_, ud, mindst, database):
    """Key figures of absence for INSTITUTION (docs/STATISTIK.md): headcount, full-time
    equivalents, planned and absent days and hours, absence percentage, spells by length,
    long-term share; groups of fewer than the threshold are suppressed (empty, not 0)."""
    from fravaer.reports.noegletal_fil import som_csv, som_json
    from fravaer.service.statistik import Statistikanmodning

    [r] = _koer(database, [Statistikanmodning(institution, fra.date(), til.date(), enhed, pkat,
                                              tuple(grupperinger))], mindst)
    _skriv(ud, som_csv(r.noegletal) if format_ == "csv" else som_json(r.noegletal))
    for m in r.meddelelser:
        click.echo(f"{m.kode}: {m.tekst}", err=True)


def otte_kvartaler(til: date) -> date:
    """The first day of the quarter seven quarters before the one `til` lies in."""
    maaned = (til.month - 1) // 3 * 3 + 1 - 21
    aar = til.year + (maaned - 1) // 12
    return date(aar, (maaned - 1) % 12 + 1, 1)


@click.command()
@click.argument("institution")
@click.option("--fra", "fra", type=_DATO, help="first day (default: 1 January of --til's year)")
@click.option("--til", "til", type=_DATO, help="last day (default: today)")
@click.option("--enhed", help="only this unit and the units under it")
@click.option("--pkat", help="only this PKAT (compared as a number)")
@click.option("--ud", required=True, type=click.Path(dir_okay=False, writable=True), help="the HTML file")
@click.option("--mindst", type=click.IntRange(1), help="smallest group shown (default: the setting, 5)")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
def rapport(institution, fra, til, enhed, pkat, ud, mindst, database):
    """A self-contained HTML report of INSTITUTION's absence with charts: the absence percentage
    per month per type, per unit, spells by length, and the trend over the last eight quarters."""
    from fravaer.domain.katalog import cirkulaere_typer
    from fravaer.reports.rapport import Rapportdata, rapport_html
    from fravaer.service.statistik import Statistikanmodning

    til = til.date() if til else date.today()
    fra = fra.date() if fra else date(til.year, 1, 1)
    a = dict(institution=institution, enhed=enhed, pkat=pkat)
    maaned_type, pr_enhed, samlet, kvartaler = _koer(database, [
        Statistikanmodning(fra=fra, til=til, grupperinger=("Type", "Maaned"), **a),
        Statistikanmodning(fra=fra, til=til, grupperinger=("Enhed",), **a),
        Statistikanmodning(fra=fra, til=til, **a),
        Statistikanmodning(fra=otte_kvartaler(til), til=til, grupperinger=("Kvartal",), **a)], mindst)
    if not samlet.noegletal:  # nobody in the period: nothing to draw
        raise click.ClickException(f"{institution} har ingen ansættelser at opgøre fra {fra} til {til}")
    _skriv(ud, rapport_html(Rapportdata(institution, fra, til, maaned_type.noegletal, pr_enhed.noegletal,
                                        samlet.noegletal[0], kvartaler.noegletal, cirkulaere_typer())))
    click.echo(f"rapporten er skrevet: {ud}")
