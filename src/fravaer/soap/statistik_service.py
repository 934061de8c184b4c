"""StatistikService: absence statistics and the quarterly report. Thin: requests to use cases,
answers to XML."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from spyne import ServiceBase

from fravaer.domain.kvartaler import Kvartal
from fravaer.reports.indberetningsfil import udfyld_post
from fravaer.service.indberetning import Indberetningstjeneste
from fravaer.service.statistik import Statistikanmodning, Statistiktjeneste
from fravaer.soap import svar as s
from fravaer.soap.calls import bruger, kald, tjeneste
from fravaer.soap.fravaersstatistik import noegletal
from fravaer.soap.request_reader import operation


@dataclass(frozen=True)
class Statistiktjenester:
    """The service's two use cases: the quarterly report and the key figures."""

    indberetning: Indberetningstjeneste
    noegletal: Statistiktjeneste



class StatistikService(ServiceBase):
    # ------------------------------------------------------------ HentFravaersstatistik

    @operation("HentFravaersstatistik")
    def HentFravaersstatistik(ctx, r):
        def svar():
            anmodning = Statistikanmodning(r.Institution, r.FraDato, r.TilDato, r.Enhed or None,
                                           r.PKAT or None, tuple(r.Gruppering or ()))
            resultat = tjeneste(ctx).noegletal.noegletal(anmodning, bruger(ctx))
            return s.element("HentFravaersstatistikSvar", "".join(noegletal(n) for n in resultat.noegletal)
                             + s.meddelelser(resultat.meddelelser))
        return kald(ctx, svar)

    # ------------------------------------------------------------ HentKvartalsindberetning

    @operation("HentKvartalsindberetning")
    def HentKvartalsindberetning(ctx, r):
        def svar():
            resultat, poster, naeste = tjeneste(ctx).indberetning.side(
                r.Institution, Kvartal(r.Aar, r.Kvartal), int(r.Fortsaettelse) if r.Fortsaettelse else None,
                bruger(ctx))
            k = resultat.koersel
            hoved = (s.felt("Frist", resultat.frist) + s.felt("Koersel", k.id) + s.felt("Dannet", k.dannet)
                     + s.felt("AntalPoster", k.antal))
            e = s.element_trae("HentKvartalsindberetningSvar", hoved)
            for p in poster:
                udfyld_post(etree.SubElement(e, f"{{{s.TNS}}}Indberetningspost"), p)
            # the fields after the records, written as every other answer writes them
            hale = s.element_trae("HentKvartalsindberetningSvar",
                             s.felt("Fortsaettelse", naeste) + s.meddelelser(resultat.meddelelser))
            e.extend(list(hale))
            return e
        return kald(ctx, svar)
