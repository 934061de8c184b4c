"""FravaerService: the six event operations, each mapping the wire to one use case and back."""

from __future__ import annotations

from spyne import ServiceBase, rpc

from fravaer.domain.catalogue import AarsagsType
from fravaer.soap import mapping as m
from fravaer.soap import types as t
from fravaer.soap.calls import bruger, kald, tjeneste


def _op(ind, ud):
    return rpc(ind, _body_style="bare", _in_message_name=ind.__type_name__,
               _out_message_name=ud.__type_name__, _returns=ud)


class FravaerService(ServiceBase):
    @_op(t.OpretHaendelse, t.OpretHaendelseSvar)
    def OpretHaendelse(ctx, r):
        def svar():
            s = tjeneste(ctx).opret(m.anmodning(r), bruger(ctx))
            return t.OpretHaendelseSvar(Haendelse=m.haendelse(s.haendelse, s.ansaettelse,
                                                              tjeneste(ctx).katalog),
                                        Meddelelse=m.meddelelser(s.meddelelser))
        return kald(ctx, svar)

    @_op(t.RetHaendelse, t.RetHaendelseSvar)
    def RetHaendelse(ctx, r):
        def svar():
            s = tjeneste(ctx).ret(m.haendelse_id(r.HaendelseID), r.Version, m.anmodning(r), bruger(ctx))
            return t.RetHaendelseSvar(Haendelse=m.haendelse(s.haendelse, s.ansaettelse,
                                                            tjeneste(ctx).katalog),
                                      Meddelelse=m.meddelelser(s.meddelelser))
        return kald(ctx, svar)

    @_op(t.SletHaendelse, t.SletHaendelseSvar)
    def SletHaendelse(ctx, r):
        def svar():
            hid = tjeneste(ctx).slet(m.haendelse_id(r.HaendelseID), r.Version,
                                     m._uuid(r.TransaktionsID), bruger(ctx))
            return t.SletHaendelseSvar(HaendelseID=hid)
        return kald(ctx, svar)

    @_op(t.HentHaendelser, t.HentHaendelserSvar)
    def HentHaendelser(ctx, r):
        def svar():
            k = tjeneste(ctx).katalog
            fundne = tjeneste(ctx).hent([m.ident(a) for a in r.Ansaettelse], r.FraDato, r.TilDato,
                                        list(r.FastAarsagskode or []))
            return t.HentHaendelserSvar(Haendelse=[m.haendelse(h, a, k) for h, a in fundne])
        return kald(ctx, svar)

    @_op(t.HentAarsagskoder, t.HentAarsagskoderSvar)
    def HentAarsagskoder(ctx, r):
        def svar():
            type_ = AarsagsType(r.Type) if r.Type else None
            return t.HentAarsagskoderSvar(
                Aarsagskode=[m.aarsag(a) for a in tjeneste(ctx).aarsagskoder(type_, r.Dato)])
        return kald(ctx, svar)

    @_op(t.HentHaendelseLog, t.HentHaendelseLogSvar)
    def HentHaendelseLog(ctx, r):
        def svar():
            k = tjeneste(ctx).katalog
            poster, flere = tjeneste(ctx).log(r.FraTidspunkt, r.TilTidspunkt, r.MaksAntal)
            return t.HentHaendelseLogSvar(
                Logpost=[t.LogpostType(
                    LogID=p.id, Tidspunkt=p.tidspunkt, Handling=p.handling,
                    HaendelseID=p.haendelse_id, Ansaettelse=m.ansaettelse(a), Bruger=p.bruger,
                    TransaktionsID=p.transaktions_id,
                    Foer=m.haendelse(p.foer, a, k) if p.foer else None,
                    Efter=m.haendelse(p.efter, a, k) if p.efter else None)
                    for p, a in poster],
                FlereFindes=flere)
        return kald(ctx, svar)
