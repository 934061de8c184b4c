"""StatistikService.HentFravaersstatistik: key figures of absence. Thin: the request to the use
case (service/statistik.py), the answer written as XML text in the shape of
schemas/StatistikService.xsd (NoegletalType, element for element)."""

from __future__ import annotations

from spyne import Date, ServiceBase, Unicode, rpc

from fravaer.domain.statistik import Noegletal
from fravaer.domain.units import vis_tal
from fravaer.service.statistik import Statistikanmodning
from fravaer.soap import svar as s
from fravaer.soap.calls import bruger, kald, tjeneste
from fravaer.soap.types import MeddelelseType, _mange, _Model


class HentFravaersstatistik(_Model):
    __type_name__ = "HentFravaersstatistik"
    _type_info = [("Institution", Unicode), ("Enhed", Unicode), ("PKAT", Unicode), ("FraDato", Date),
                  ("TilDato", Date), ("Gruppering", _mange(Unicode))]


class NoegletalType(_Model):
    """Answers are written as text (below); this only names the element."""

    _type_info = [("FraDato", Date)]


class HentFravaersstatistikSvar(_Model):
    __type_name__ = "HentFravaersstatistikSvar"
    _type_info = [("Noegletal", _mange(NoegletalType)), ("Meddelelse", _mange(MeddelelseType))]


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
                 f"</t:ForloebEfterLaengde>" for navn, antal in n.efter_laengde]
        dele += [_beloeb("Langtidsandel", n.langtidsandel), s.felt("Undtagne", n.undtagne)]
    return "".join(dele) + "</t:Noegletal>"


def _op(ind, ud):
    return rpc(ind, _body_style="bare", _in_message_name=ind.__type_name__,
               _out_message_name=ud.__type_name__, _returns=ud)


class StatistikService(ServiceBase):
    @_op(HentFravaersstatistik, HentFravaersstatistikSvar)
    def HentFravaersstatistik(ctx, r):
        def svar():
            anmodning = Statistikanmodning(r.Institution, r.FraDato, r.TilDato, r.Enhed or None,
                                           r.PKAT or None, tuple(r.Gruppering or ()))
            resultat = tjeneste(ctx).noegletal(anmodning, bruger(ctx))
            return s.element("HentFravaersstatistikSvar", "".join(noegletal(n) for n in resultat.noegletal)
                             + s.meddelelser(resultat.meddelelser))
        return kald(ctx, svar)
