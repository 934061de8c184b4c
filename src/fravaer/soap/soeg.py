"""SoegHaendelser on the wire: the request to a search, the page to SoegHaendelserSvar (written as
text in the XSD's element order, as soap/svar.py writes the other answers)."""

from __future__ import annotations

from fravaer.domain.katalog import Katalog
from fravaer.domain.maaleenheder import vis_dage
from fravaer.domain.soegning import Soegning, Total
from fravaer.service.soeg import Soegeside
from fravaer.soap import svar as s


def soegning(r) -> Soegning:
    return Soegning(r.Institution, r.FraDato, r.TilDato, r.Enhed, tuple(r.FastAarsagskode or ()),
                    tuple(r.PKAT or ()))


def total(t: Total) -> str:
    return (f"<t:Total>{s.felt('Kode', t.kode)}{s.felt('Dage', vis_dage(t.dage))}"
            f"{s.felt('Minutter', t.minutter)}{s.felt('Forloeb', t.forloeb)}</t:Total>")


def svar(side: Soegeside, katalog: Katalog):
    return s.element("SoegHaendelserSvar", "".join([
        *(s.haendelse("Haendelse", h, a, katalog, omk) for h, a, omk in side.hits),
        *(total(t) for t in side.totaler), s.felt("Fortsaettelse", side.fortsaettelse)]))
