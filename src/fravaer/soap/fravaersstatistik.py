"""StatistikService.HentFravaersstatistik's answer: key figures of absence, as XML text in the
shape of schemas/StatistikService.xsd (NoegletalType, element for element). The operation itself
is in soap/statistik_service.py."""

from __future__ import annotations

from fravaer.domain.maaleenheder import vis_tal
from fravaer.domain.statistik import Noegletal
from fravaer.soap import svar as s


def _beloeb(navn: str, v) -> str:
    """A figure rounded down to two decimals like every shown number (DOMAIN.md §4 Units)."""
    return "" if v is None else f"<t:{navn}>{vis_tal(v)}</t:{navn}>"


def noegletal(n: Noegletal) -> str:
    dele = ["<t:Noegletal>", s.felt("Enhed", n.enhed), s.felt("PKAT", n.pkat), s.felt("Type", n.type),
            s.felt("Maaned", n.maaned), s.felt("Kvartal", n.kvartal), s.felt("FraDato", n.fra),
            s.felt("TilDato", n.til), s.felt("Undertrykt", n.undertrykt)]
    if not n.undertrykt:
        dele += [s.felt("Medarbejdere", n.medarbejdere), _beloeb("Aarsvaerk", n.aarsvaerk),
                 _beloeb("PlanlagteDage", n.planlagte_dage), _beloeb("PlanlagteTimer", n.planlagte_timer),
                 _beloeb("Fravaersdage", n.fravaersdage), _beloeb("Fravaerstimer", n.fravaerstimer),
                 _beloeb("FravaersdagePrAarsvaerk", n.dage_pr_aarsvaerk),
                 _beloeb("Fravaersprocent", n.fravaersprocent), s.felt("Forloeb", n.forloeb),
                 s.felt("MedarbejdereMedFravaer", n.medarbejdere_med_fravaer)]
        dele += [f"<t:ForloebEfterLaengde>{s.felt('Laengde', navn)}{s.felt('Antal', antal)}"
                 f"</t:ForloebEfterLaengde>" for navn, antal in n.efter_laengde or ()]
        dele += [_beloeb("Langtidsandel", n.langtidsandel), s.felt("Undtagne", n.undtagne)]
    return "".join(dele) + "</t:Noegletal>"
