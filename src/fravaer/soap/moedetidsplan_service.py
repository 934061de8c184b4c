"""MoedetidsplanService: register, read, change and delete working times (mødetider)."""

from __future__ import annotations

from spyne import ServiceBase

from fravaer.domain.arbejdstid import Moedetid
from fravaer.soap import svar as s
from fravaer.soap.calls import bruger, kald, tjeneste
from fravaer.soap.mapping import ident, uuid_
from fravaer.soap.request_reader import operation


def _moedetider(r) -> list[Moedetid]:
    return [Moedetid(m.Dato, m.Minutter, m.Starttid, m.Sluttid) for m in r.Moedetid]


def _skriv(ctx, r, use_case, svarnavn: str):
    """Opret/Ret: the working times as stored."""
    def svar():
        gemt = use_case(ident(r.Ansaettelse), _moedetider(r), bruger(ctx), uuid_(r.TransaktionsID))
        return s.element(svarnavn, "".join(s.moedetid(m) for m in gemt))
    return kald(ctx, svar)


class MoedetidsplanService(ServiceBase):
    @operation("OpretMoedetider")
    def OpretMoedetider(ctx, r):
        return _skriv(ctx, r, tjeneste(ctx).opret, "OpretMoedetiderSvar")

    @operation("LaesMoedetider")
    def LaesMoedetider(ctx, r):
        def svar():
            dage = tjeneste(ctx).laes(ident(r.Ansaettelse), r.FraDato, r.TilDato, bruger(ctx))
            return s.element("LaesMoedetiderSvar",
                             "".join(s.moedetid(d.moedetid, d.registreret) for d in dage))
        return kald(ctx, svar)

    @operation("RetMoedetider")
    def RetMoedetider(ctx, r):
        return _skriv(ctx, r, tjeneste(ctx).ret, "RetMoedetiderSvar")

    @operation("SletMoedetider")
    def SletMoedetider(ctx, r):
        def svar():
            datoer = tjeneste(ctx).slet(ident(r.Ansaettelse), list(r.Dato), bruger(ctx),
                                        uuid_(r.TransaktionsID))
            return s.element("SletMoedetiderSvar", "".join(s.felt("Dato", d) for d in datoer))
        return kald(ctx, svar)
