"""LoenService: an institution's payroll lines for a pay period, and closing a period (DOMAIN.md
§17). Thin: requests to use cases, answers to XML (the lines as the file writes them)."""

from __future__ import annotations

from spyne import ServiceBase

from fravaer.domain.loen import Loenperiode
from fravaer.reports.loenfil import loenlinje
from fravaer.soap import svar as s
from fravaer.soap.calls import bruger, kald, tjeneste
from fravaer.soap.request_reader import operation


def _svar(navn: str, u) -> object:
    return s.element(navn, s.felt("Loenperiode", str(u.periode)) + s.felt("Lukket", u.lukket)
                     + "".join(loenlinje(x, a) for x, a in u.linjer))


class LoenService(ServiceBase):
    @operation("HentLoenlinjer")
    def HentLoenlinjer(ctx, r):
        def svar():
            return _svar("HentLoenlinjerSvar", tjeneste(ctx).linjer(
                r.Institution, Loenperiode.fra_tekst(r.Loenperiode), bruger(ctx)))
        return kald(ctx, svar)

    @operation("LukLoenperiode")
    def LukLoenperiode(ctx, r):
        def svar():
            return _svar("LukLoenperiodeSvar", tjeneste(ctx).luk(
                r.Institution, Loenperiode.fra_tekst(r.Loenperiode), bruger(ctx)))
        return kald(ctx, svar)
