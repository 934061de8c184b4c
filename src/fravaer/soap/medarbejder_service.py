"""MedarbejderService: employee data. Thin: requests to use cases, answers to XML."""

from __future__ import annotations

from spyne import ServiceBase, rpc

from fravaer.domain.personale import Omraade
from fravaer.soap import medarbejdersvar as m
from fravaer.soap import svar as s
from fravaer.soap import types as t
from fravaer.soap.calls import bruger, kald, tjeneste
from fravaer.soap.mapping import ident, uuid_


def _op(ind, ud):
    return rpc(ind, _body_style="bare", _in_message_name=ind.__type_name__,
               _out_message_name=ud.__type_name__, _returns=ud)


def _omraader(r) -> list[Omraade]:
    return [Omraade(o) for o in (r.Omraade or [])]


class MedarbejderService(ServiceBase):
    @_op(t.HentMedarbejder, t.HentMedarbejderSvar)
    def HentMedarbejder(ctx, r):
        def svar():
            tj = tjeneste(ctx)
            med = tj.hent(ident(r.Ansaettelse), _omraader(r), r.FraDato, r.TilDato, bruger(ctx))
            return s.element("HentMedarbejderSvar", m.medarbejder(med, tj.katalog))
        return kald(ctx, svar)

    @_op(t.HentMedarbejdere, t.HentMedarbejdereSvar)
    def HentMedarbejdere(ctx, r):
        def svar():
            tj = tjeneste(ctx)
            medarbejdere, naeste = tj.hent_mange(
                [ident(a) for a in (r.Ansaettelse or [])], r.Institution, r.Enhed, _omraader(r), r.FraDato,
                r.TilDato, r.MaksAntal, int(r.Fortsaettelse) if r.Fortsaettelse else None, bruger(ctx))
            tekst = "".join(m.medarbejder(x, tj.katalog) for x in medarbejdere)
            return s.element("HentMedarbejdereSvar", tekst + s.felt("Fortsaettelse", naeste))
        return kald(ctx, svar)

    @_op(t.RetKommunikation, t.RetKommunikationSvar)
    def RetKommunikation(ctx, r):
        def svar():
            tj = tjeneste(ctx)
            med = tj.ret_kommunikation(ident(r.Ansaettelse), r.Email, r.Telefon, uuid_(r.TransaktionsID),
                                       bruger(ctx))
            return s.element("RetKommunikationSvar", m.medarbejder(med, tj.katalog))
        return kald(ctx, svar)
