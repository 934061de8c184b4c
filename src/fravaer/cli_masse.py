"""`fravaer masse gruppe`: the same event for every employment of an institution, a unit subtree
or a PKAT (and KL) — seed 002 §12's events "på en given PKAT/KL – dvs. uden at oplyse CPR-nr. og
løbenummer" — as MasseindberetHaendelser's Gruppe registers them (service/masse.py), each
employment's event judged as a single registration; with --proeve a dry run that lists whom it
would hit and what each would be refused for. Run as whoever holds the database (the right to
register at the named institution)."""

from __future__ import annotations

import sys

import click

from fravaer.cli_support import DATABASE_HJAELP

_DATO = click.DateTime(formats=["%Y-%m-%d"])


@click.group()
def masse() -> None:
    """Mass registration of events."""


@masse.command(name="gruppe")
@click.argument("institution")
@click.option("--enhed", help="only this unit and the units under it")
@click.option("--pkat", help="only this personnel category (compared as a number)")
@click.option("--kl", help="only this pay class within --pkat")
@click.option("--kode", required=True, help="the fixed reason code (FastAarsagskode)")
@click.option("--fra", "fra", required=True, type=_DATO, help="first day")
@click.option("--til", "til", type=_DATO, help="last day (none: an open event)")
@click.option("--bemaerkning", help="a remark on every event")
@click.option("--transaktions-id", "transaktions_id", type=click.UUID,
              help="make a rerun store nothing twice (each employment's event once)")
@click.option("--alt-eller-intet", "alt_eller_intet", is_flag=True,
              help="store nothing if one employment's event is refused")
@click.option("--proeve", is_flag=True, help="dry run: judge every event, store none")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
def gruppe(institution, enhed, pkat, kl, kode, fra, til, bemaerkning, transaktions_id, alt_eller_intet,
           proeve, database):
    """Register the same event for every employment of a group in force on its first day; one
    line per employment (tjenestenummer, status, event id, messages), then the counts. Exits 1
    if any was refused."""
    from fravaer.cli_support import brugerfejl, cli_bruger, engine_for, opgrader
    from fravaer.domain.brugere import Bruger, Ret
    from fravaer.domain.gruppe import Gruppe
    from fravaer.domain.haendelse import HaendelseData
    from fravaer.domain.katalog import standardkatalog
    from fravaer.service.haendelser import Haendelsestjeneste
    from fravaer.service.masse import Indberetning, Massetjeneste, Status

    @brugerfejl
    def koer():
        engine = engine_for(database)
        try:
            opgrader(engine)
            data = HaendelseData(kode, fra.date(), til.date() if til else None, bemaerkning=bemaerkning)
            indberetning = Indberetning(data, gruppe=Gruppe(institution, enhed, pkat, kl),
                                        transaktions_id=str(transaktions_id) if transaktions_id else None)
            bruger = Bruger(cli_bruger(), {institution: Ret.REGISTRER})
            return Massetjeneste(Haendelsestjeneste(engine, standardkatalog())).indberet(
                [indberetning], bruger, alt_eller_intet, proeve)
        finally:
            engine.dispose()

    resultater = koer()
    for r in resultater:
        hvem = r.ansaettelse.tjenestenummer or f"ansættelse {r.ansaettelse.id}" if r.ansaettelse else "-"
        hid = r.svar.haendelse.id if r.svar is not None else ""
        tekst = "; ".join(f"{m.kode}: {m.tekst}" for m in r.meddelelser)
        click.echo(f"{hvem}\t{r.status.value}\t{hid}\t{tekst}")
    antal = {s: sum(r.status is s for r in resultater) for s in Status}
    click.echo(", ".join(f"{n} {s.value}" for s, n in antal.items() if n)
               + ("  (prøve: intet gemt)" if proeve else ""))
    if antal[Status.AFVIST]:
        sys.exit(1)
