"""FravaerService: the event operations, the employee's children, maternity and work-injury cases;
each maps the wire to one use case and back."""

from __future__ import annotations

from spyne import ServiceBase

from fravaer.domain.ansaettelse import PersonIdent
from fravaer.domain.katalog import AarsagsType
from fravaer.domain.maaleenheder import vis_dage
from fravaer.domain.personale import Arbejdsskadesag
from fravaer.service.godkendelse import Godkendelsestjeneste
from fravaer.service.masse import Massetjeneste, uden_cyklussoegning
from fravaer.service.soeg import soeg_haendelser
from fravaer.soap import aendringer, masse, soeg
from fravaer.soap import svar as s
from fravaer.soap.calls import bruger, kald, tjeneste
from fravaer.soap.mapping import anmodning, ansaettelse_eller_person, barselssag, beslutning, ident, uuid_
from fravaer.soap.request_reader import operation
from fravaer.soap.value_limits import som_utc


def _haendelse_svar(ctx, navn: str, res):
    """The answer to a write: the event as stored, then any advis."""
    return s.haendelse_svar(navn, "Haendelse", res.haendelse, res.ansaettelse, tjeneste(ctx).katalog,
                            res.omkostning, res.aarsagstekst, s.meddelelser(res.meddelelser))


def _masse_svar(ctx, r):
    """A batch and its answer. What the batch made dies with this call, before the collector's
    cycle search is back on (uden_cyklussoegning): the collection that follows at once walks
    what survives, not the batch's registrations and results (5 % of a batch of 1,000)."""
    indberetninger, alt_eller_intet, proeve = masse.anmodning(r)
    resultater = Massetjeneste(tjeneste(ctx)).indberet(indberetninger, bruger(ctx), alt_eller_intet, proeve)
    return masse.svar(resultater, tjeneste(ctx).katalog)


class FravaerService(ServiceBase):
    @operation("OpretHaendelse")
    def OpretHaendelse(ctx, r):
        def svar():
            return _haendelse_svar(ctx, "OpretHaendelseSvar",
                                   tjeneste(ctx).opret(anmodning(r), bruger(ctx)))
        return kald(ctx, svar)

    @operation("RetHaendelse")
    def RetHaendelse(ctx, r):
        def svar():
            return _haendelse_svar(ctx, "RetHaendelseSvar", tjeneste(ctx).ret(
                uuid_(r.HaendelseID), r.Version, anmodning(r), bruger(ctx)))
        return kald(ctx, svar)

    @operation("SletHaendelse")
    def SletHaendelse(ctx, r):
        def svar():
            hid = tjeneste(ctx).slet(uuid_(r.HaendelseID), r.Version, uuid_(r.TransaktionsID),
                                     bruger(ctx))
            return s.element("SletHaendelseSvar", s.felt("HaendelseID", hid))
        return kald(ctx, svar)

    @operation("MasseindberetHaendelser")
    def MasseindberetHaendelser(ctx, r):
        def svar():
            with uden_cyklussoegning():
                return _masse_svar(ctx, r)
        return kald(ctx, svar)

    @operation("HentHaendelser")
    def HentHaendelser(ctx, r):
        def svar():
            k = tjeneste(ctx).katalog
            fundne = tjeneste(ctx).hent([ident(a) for a in r.Ansaettelse], r.FraDato, r.TilDato,
                                        list(r.FastAarsagskode or []), bruger(ctx))
            return s.haendelser_svar("HentHaendelserSvar", "Haendelse", fundne, k)
        return kald(ctx, svar)

    @operation("SoegHaendelser")
    def SoegHaendelser(ctx, r):
        def svar():
            tj = tjeneste(ctx)
            side = soeg_haendelser(tj.engine, tj.katalog, soeg.soegning(r), r.Fortsaettelse, bruger(ctx),
                                   tj.ur)
            return soeg.svar(side, tj.katalog)
        return kald(ctx, svar)

    @operation("HentAarsagskoder")
    def HentAarsagskoder(ctx, r):
        def svar():
            type_ = AarsagsType(r.Type) if r.Type else None
            ansaettelse = ident(r.Ansaettelse) if r.Ansaettelse is not None else None
            aarsager = tjeneste(ctx).aarsagskoder(type_, r.Dato, ansaettelse, bruger(ctx))
            return s.element("HentAarsagskoderSvar", "".join(s.aarsag(a) for a in aarsager))
        return kald(ctx, svar)

    @operation("GodkendHaendelse")
    def GodkendHaendelse(ctx, r):
        def svar():
            return _haendelse_svar(ctx, "GodkendHaendelseSvar", Godkendelsestjeneste(tjeneste(ctx)).beslut(
                beslutning(r, godkend=True), bruger(ctx)))
        return kald(ctx, svar)

    @operation("AfvisHaendelse")
    def AfvisHaendelse(ctx, r):
        def svar():
            return _haendelse_svar(ctx, "AfvisHaendelseSvar", Godkendelsestjeneste(tjeneste(ctx)).beslut(
                beslutning(r, godkend=False), bruger(ctx)))
        return kald(ctx, svar)

    @operation("HentAfventendeHaendelser")
    def HentAfventendeHaendelser(ctx, r):
        def svar():
            fundne, flere, k = Godkendelsestjeneste(tjeneste(ctx)).afventende(
                r.Institution, r.Enhed, r.MaksAntal, bruger(ctx))
            return s.element("HentAfventendeHaendelserSvar",
                             s.haendelser("Haendelse", fundne, k) + s.felt("FlereFindes", flere))
        return kald(ctx, svar)

    @operation("HentHaendelseLog")
    def HentHaendelseLog(ctx, r):
        def svar():
            k = tjeneste(ctx).katalog
            # a dateTime without a zone is UTC (docs/SECURITY.md, issue 17 item 5)
            poster, flere = tjeneste(ctx).log(som_utc(r.FraTidspunkt), som_utc(r.TilTidspunkt),
                                              r.MaksAntal, bruger(ctx))
            return s.element("HentHaendelseLogSvar", "".join(s.logpost(p, a, k) for p, a in poster)
                             + s.felt("FlereFindes", flere))
        return kald(ctx, svar)

    @operation("HentAendringer")
    def HentAendringer(ctx, r):
        def svar():
            return aendringer.svar(aendringer.side(tjeneste(ctx).engine, bruger(ctx), r))
        return kald(ctx, svar)

    @operation("OptaelFravaer")
    def OptaelFravaer(ctx, r):
        def svar():
            k = tjeneste(ctx).katalog
            hvem = ansaettelse_eller_person(r)
            optaelling, fundne = tjeneste(ctx).optael(hvem, r.FraDato, r.TilDato,
                                                      list(r.FastAarsagskode or []), bruger(ctx))
            delsummer = optaelling.delsummer.items() if isinstance(hvem, PersonIdent) else ()
            return s.element("OptaelFravaerSvar", "".join([
                s.felt("Dage", vis_dage(optaelling.dage)), s.felt("Minutter", optaelling.minutter),
                *(s.delsum(a, o.dage, o.minutter) for a, o in delsummer),
                s.haendelser("Haendelse", fundne, k)]))
        return kald(ctx, svar)

    @operation("HentBoern")
    def HentBoern(ctx, r):
        def svar():
            boern = tjeneste(ctx).boern(ident(r.Ansaettelse), bruger(ctx))
            return s.element("HentBoernSvar", "".join(s.barn(b) for b in boern))
        return kald(ctx, svar)

    # ------------------------------------------------------------ maternity and work-injury cases

    @operation("HentBarselssager")
    def HentBarselssager(ctx, r):
        def svar():
            sager = tjeneste(ctx).sager.hent_barselssager(ident(r.Ansaettelse), r.FraDato, r.TilDato,
                                                          bruger(ctx))
            return s.element("HentBarselssagerSvar", "".join(s.barselssag(x) for x in sager))
        return kald(ctx, svar)

    @operation("OpretBarselssag")
    def OpretBarselssag(ctx, r):
        def svar():
            sag = tjeneste(ctx).sager.opret_barselssag(ident(r.Ansaettelse), barselssag(r),
                                                       uuid_(r.TransaktionsID), bruger(ctx))
            return s.element("OpretBarselssagSvar", s.barselssag(sag))
        return kald(ctx, svar)

    @operation("RetBarselssag")
    def RetBarselssag(ctx, r):
        def svar():
            sag = tjeneste(ctx).sager.ret_barselssag(uuid_(r.BarselssagID), r.Version, ident(r.Ansaettelse),
                                                     barselssag(r), uuid_(r.TransaktionsID), bruger(ctx))
            return s.element("RetBarselssagSvar", s.barselssag(sag))
        return kald(ctx, svar)

    @operation("SletBarselssag")
    def SletBarselssag(ctx, r):
        def svar():
            sag_id = tjeneste(ctx).sager.slet_barselssag(uuid_(r.BarselssagID), r.Version,
                                                         uuid_(r.TransaktionsID), bruger(ctx))
            return s.element("SletBarselssagSvar", s.felt("BarselssagID", sag_id))
        return kald(ctx, svar)

    @operation("HentArbejdsskadesager")
    def HentArbejdsskadesager(ctx, r):
        def svar():
            sager = tjeneste(ctx).sager.hent_arbejdsskadesager(ident(r.Ansaettelse), r.FraDato, r.TilDato,
                                                               bruger(ctx))
            return s.element("HentArbejdsskadesagerSvar", "".join(s.arbejdsskadesag(x) for x in sager))
        return kald(ctx, svar)

    @operation("OpretArbejdsskadesag")
    def OpretArbejdsskadesag(ctx, r):
        def svar():
            sag = tjeneste(ctx).sager.opret_arbejdsskadesag(
                ident(r.Ansaettelse), Arbejdsskadesag("", r.Sagsnummer, r.Ulykkesdato, r.Beskrivelse),
                uuid_(r.TransaktionsID), bruger(ctx))
            return s.element("OpretArbejdsskadesagSvar", s.arbejdsskadesag(sag))
        return kald(ctx, svar)
