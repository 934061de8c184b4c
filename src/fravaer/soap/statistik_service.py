"""StatistikService: absence statistics and the quarterly report. Thin: requests to use cases,
answers to XML."""

from __future__ import annotations

from lxml import etree
from spyne import ServiceBase, rpc

from fravaer.domain.kvartaler import Kvartal
from fravaer.reports.indberetningsfil import udfyld_post
from fravaer.soap import svar as s
from fravaer.soap import types as t
from fravaer.soap.calls import bruger, kald, tjeneste


def _op(ind, ud):
    return rpc(ind, _body_style="bare", _in_message_name=ind.__type_name__,
               _out_message_name=ud.__type_name__, _returns=ud)


class StatistikService(ServiceBase):
    # ------------------------------------------------------------ HentKvartalsindberetning

    @_op(t.HentKvartalsindberetning, t.HentKvartalsindberetningSvar)
    def HentKvartalsindberetning(ctx, r):
        def svar():
            resultat, poster, naeste = tjeneste(ctx).side(
                r.Institution, Kvartal(r.Aar, r.Kvartal), int(r.Fortsaettelse) if r.Fortsaettelse else None,
                bruger(ctx))
            k = resultat.koersel
            hoved = (s.felt("Frist", resultat.frist) + s.felt("Koersel", k.id) + s.felt("Dannet", k.dannet)
                     + s.felt("AntalPoster", k.antal))
            e = s.element("HentKvartalsindberetningSvar", hoved)
            for p in poster:
                udfyld_post(etree.SubElement(e, f"{{{s.TNS}}}Indberetningspost"), p)
            # the fields after the records, written as every other answer writes them
            hale = s.element("HentKvartalsindberetningSvar",
                             s.felt("Fortsaettelse", naeste) + s.meddelelser(resultat.meddelelser))
            e.extend(list(hale))
            return e
        return kald(ctx, svar)
