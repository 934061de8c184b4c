"""KvoteService: quotas and accounts. Thin: requests to use cases, answers to XML."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from spyne import ServiceBase

from fravaer.domain.kvoter import KvoteType
from fravaer.domain.maaleenheder import MINUTTER_PR_DAG
from fravaer.service.masse import uden_cyklussoegning
from fravaer.service.restferie import Restferieanmodning
from fravaer.soap import kvotesvar as k
from fravaer.soap import svar as s
from fravaer.soap.calls import bruger, kald, tjeneste
from fravaer.soap.mapping import ident, uuid_
from fravaer.soap.request_reader import operation


def _dage(dage: Decimal | None, minutter: int | None) -> Fraction:
    """Dage or Minutter (the XSD's choice gives exactly one) as exact days."""
    return Fraction(dage) if dage is not None else Fraction(minutter or 0, MINUTTER_PR_DAG)


class KvoteService(ServiceBase):
    @operation("HentKvoter")
    def HentKvoter(ctx, r):
        def svar():
            # what the read makes (a thousand employments' accounts, quotas and rows) lives till
            # the answer is written: the collector's cycle search would walk it for nothing
            with uden_cyklussoegning():
                resultat = tjeneste(ctx).hent_kvoter([ident(a) for a in r.Ansaettelse], r.Dato,
                                                    bruger(ctx))
                return k.hent_kvoter(resultat, r.Enhed or k.DAGE)
        return kald(ctx, svar)

    @operation("HentKvoteDetaljer")
    def HentKvoteDetaljer(ctx, r):
        def svar():
            enhed = r.Enhed or k.DAGE
            d = tjeneste(ctx).hent_detaljer(ident(r.Ansaettelse), KvoteType(r.KvoteType), r.Dato, bruger(ctx),
                                            r.Periode, r.Retstype, r.Barnenummer)
            erstatning = ("" if d.erstatningsferie is None else
                          f"<t:Erstatningsferie>{k.beloeb(d.erstatningsferie, enhed)}</t:Erstatningsferie>")
            return s.element("HentKvoteDetaljerSvar", k.kvote(d.kvote, enhed)
                             + "".join(k.optjening(p, enhed) for p in d.optjening)
                             + "".join(k.afvikling(a, enhed) for a in d.afvikling) + erstatning)
        return kald(ctx, svar)

    @operation("RegulerKvote")
    def RegulerKvote(ctx, r):
        def svar():
            resultat = tjeneste(ctx).reguler(ident(r.Ansaettelse), KvoteType(r.KvoteType), r.Periode,
                                             r.Retstype, _dage(r.Dage, r.Minutter), r.Dato, r.Bemaerkning,
                                             uuid_(r.TransaktionsID), bruger(ctx))
            return s.element("RegulerKvoteSvar", "".join(k.kvote(q) for q in resultat.kvoter)
                             + s.meddelelser(resultat.meddelelser))
        return kald(ctx, svar)

    @operation("FlytFerie")
    def FlytFerie(ctx, r):
        def svar():
            resultat = tjeneste(ctx).flyt_ferie(ident(r.Ansaettelse), r.FraFerieaar, Fraction(r.Dage),
                                                uuid_(r.TransaktionsID), bruger(ctx),
                                                KvoteType(r.KvoteType or KvoteType.FERIE))
            return s.element("FlytFerieSvar", "".join(k.kvote(q) for q in resultat.kvoter))
        return kald(ctx, svar)

    @operation("OverfoerRestferie")
    def OverfoerRestferie(ctx, r):
        def svar():
            resultat = tjeneste(ctx).overfoer_restferie(
                Restferieanmodning(r.Institution, r.Enhed or None, r.Ferieaar, r.Dato, bool(r.Proeve)),
                bruger(ctx))
            return s.element("OverfoerRestferieSvar", k.restferie(resultat))
        return kald(ctx, svar)
