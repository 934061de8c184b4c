"""KvoteService: quotas and accounts. Thin: requests to use cases, answers to XML."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from spyne import ServiceBase, rpc

from fravaer.domain.kvoter import KvoteType
from fravaer.domain.units import MINUTTER_PR_DAG
from fravaer.service.restferie import Restferieanmodning
from fravaer.soap import kvotesvar as k
from fravaer.soap import svar as s
from fravaer.soap import types as t
from fravaer.soap.calls import bruger, kald, tjeneste
from fravaer.soap.mapping import ident, ident_fra_element, uuid_


def _op(ind, ud):
    return rpc(ind, _body_style="bare", _in_message_name=ind.__type_name__,
               _out_message_name=ud.__type_name__, _returns=ud)


def _dage(dage: Decimal | None, minutter: int | None) -> Fraction:
    """Dage or Minutter (the XSD's choice gives exactly one) as exact days."""
    return Fraction(dage) if dage is not None else Fraction(minutter, MINUTTER_PR_DAG)


class KvoteService(ServiceBase):
    @_op(t.HentKvoter, t.HentKvoterSvar)
    def HentKvoter(ctx, r):
        def svar():
            enhed = r.Enhed or k.DAGE
            resultat = tjeneste(ctx).hent_kvoter([ident_fra_element(a) for a in r.Ansaettelse], r.Dato,
                                                bruger(ctx))
            skrevet: dict[int, str] = {}  # the ids stay valid: `resultat` holds every quota
            return s.element("HentKvoterSvar", "".join(k.medarbejderkvoter(a, kvoter, enhed, skrevet)
                                                       for a, kvoter in resultat))
        return kald(ctx, svar)

    @_op(t.HentKvoteDetaljer, t.HentKvoteDetaljerSvar)
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

    @_op(t.RegulerKvote, t.RegulerKvoteSvar)
    def RegulerKvote(ctx, r):
        def svar():
            resultat = tjeneste(ctx).reguler(ident(r.Ansaettelse), KvoteType(r.KvoteType), r.Periode,
                                             r.Retstype, _dage(r.Dage, r.Minutter), r.Dato, r.Bemaerkning,
                                             uuid_(r.TransaktionsID), bruger(ctx))
            return s.element("RegulerKvoteSvar", "".join(k.kvote(q) for q in resultat.kvoter)
                             + s.meddelelser(resultat.meddelelser))
        return kald(ctx, svar)

    @_op(t.FlytFerie, t.FlytFerieSvar)
    def FlytFerie(ctx, r):
        def svar():
            resultat = tjeneste(ctx).flyt_ferie(ident(r.Ansaettelse), r.FraFerieaar, Fraction(r.Dage),
                                                uuid_(r.TransaktionsID), bruger(ctx),
                                                KvoteType(r.KvoteType or KvoteType.FERIE))
            return s.element("FlytFerieSvar", "".join(k.kvote(q) for q in resultat.kvoter))
        return kald(ctx, svar)

    @_op(t.OverfoerRestferie, t.OverfoerRestferieSvar)
    def OverfoerRestferie(ctx, r):
        def svar():
            resultat = tjeneste(ctx).overfoer_restferie(
                Restferieanmodning(r.Institution, r.Enhed or None, r.Ferieaar, r.Dato, bool(r.Proeve)),
                bruger(ctx))
            return s.element("OverfoerRestferieSvar", k.restferie(resultat))
        return kald(ctx, svar)
