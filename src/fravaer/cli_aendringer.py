"""`fravaer aendringer`: the change feed (HentAendringer's use case, service/aendringer.py) as JSON
lines, one change a line, from a cursor; with --foelg it keeps polling, and prints each page's
cursor to stderr so that a follower stopped anywhere can go on from the last one it saw."""

from __future__ import annotations

import json
import time

import click

from fravaer.cli_support import DATABASE_HJAELP
from fravaer.domain.aendringer import MAKS_ANTAL, Art


def _linje(a, ansaettelser) -> str:
    ans = ansaettelser.get(a.ansaettelse_id)
    return json.dumps({
        "art": a.art.value, "handling": a.handling, "noegle": a.noegle, "institution": a.institution,
        "enhed": a.enhed, "tjenestenummer": ans.tjenestenummer if ans else None, "bruger": a.bruger,
        "tidspunkt": a.tidspunkt.isoformat(), "transaktions_id": a.transaktions_id,
        "foer": a.foer, "efter": a.efter}, ensure_ascii=False, sort_keys=True)


@click.command(name="aendringer")
@click.option("--institution", required=True, help="the institution's code")
@click.option("--enhed", help="only this unit and the units below it")
@click.option("--art", "arter", multiple=True, type=click.Choice([a.value for a in Art]),
              help="only these kinds (repeatable)")
@click.option("--fortsaettelse", help="go on after this cursor (printed to stderr by an earlier run)")
@click.option("--fra", "fra", type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"]),
              help="begin at the first change recorded at or after this time (UTC)")
@click.option("--maks", type=click.IntRange(1, MAKS_ANTAL), default=500, show_default=True,
              help="changes a page")
@click.option("--foelg", is_flag=True, help="keep polling for new changes until interrupted")
@click.option("--interval", type=click.FloatRange(0.1, 3600), default=2.0, show_default=True,
              help="seconds between polls when there is nothing new (--foelg)")
@click.option("--database-url", "--database", "database", help=DATABASE_HJAELP)
def aendringer(institution, enhed, arter, fortsaettelse, fra, maks, foelg, interval, database):
    """Print the institution's changes in the feed's order as JSON lines (before and after, who
    and when). Every change is printed once: a change committed late is never skipped."""
    from datetime import UTC

    from fravaer.cli_support import brugerfejl, cli_bruger, engine_for, opgrader
    from fravaer.domain.brugere import Bruger, Ret
    from fravaer.service.aendringer import hent_aendringer

    @brugerfejl
    def koer():
        engine = engine_for(database)
        opgrader(engine)
        # whoever runs the command holds the database: the read right for the institution
        bruger = Bruger(cli_bruger(), {institution: Ret.LAES})
        token, fra_ = fortsaettelse, fra.replace(tzinfo=UTC) if fra else None
        try:
            while True:
                side = hent_aendringer(engine, bruger, fortsaettelse=token, fra_tidspunkt=fra_,
                                       institution=institution, enhed=enhed, arter=[Art(a) for a in arter],
                                       maks=maks)
                for a in side.aendringer:
                    click.echo(_linje(a, side.ansaettelser))
                token, fra_ = side.fortsaettelse, None
                click.echo(f"fortsaettelse: {token}", err=True)
                if side.flere:
                    continue
                if not foelg:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            return
        finally:
            engine.dispose()

    koer()
