"""MedarbejderService: employee data. Thin: requests to use cases, answers to XML."""

from __future__ import annotations

from spyne import ServiceBase

from fravaer.domain.personale import Omraade
from fravaer.soap import medarbejdersvar as m
from fravaer.soap import svar as s
from fravaer.soap.calls import bruger, kald, tjeneste
from fravaer.soap.mapping import ident, uuid_
from fravaer.soap.request_reader import operation


def _omraader(r) -> list[Omraade]:
    return [Omraade(o) for o in (r.Omraade or [])]


class MedarbejderService(ServiceBase):
    @operation("HentMedarbejder")
    def HentMedarbejder(ctx, r):
        def svar():
            tj = tjeneste(ctx)
            med = tj.hent(ident(r.Ansaettelse), _omraader(r), r.FraDato, r.TilDato, bruger(ctx))
            return s.element("HentMedarbejderSvar", m.medarbejder(med, tj.katalog))
        return kald(ctx, svar)

    @operation("HentMedarbejdere")
    def HentMedarbejdere(ctx, r):
        def svar():
            tj = tjeneste(ctx)
            medarbejdere, naeste = tj.hent_mange(
                [ident(a) for a in (r.Ansaettelse or [])], r.Institution, r.Enhed, _omraader(r), r.FraDato,
                r.TilDato, r.MaksAntal, int(r.Fortsaettelse) if r.Fortsaettelse else None, bruger(ctx))
            tekst = m.medarbejdere(medarbejdere, tj.katalog)
            return s.element("HentMedarbejdereSvar", tekst + s.felt("Fortsaettelse", naeste))
        return kald(ctx, svar)

    @operation("RetKommunikation")
    def RetKommunikation(ctx, r):
        def svar():
            tj = tjeneste(ctx)
            med = tj.ret_kommunikation(ident(r.Ansaettelse), r.Email, r.Telefon, uuid_(r.TransaktionsID),
                                       bruger(ctx))
            return s.element("RetKommunikationSvar", m.medarbejder(med, tj.katalog))
        return kald(ctx, svar)
