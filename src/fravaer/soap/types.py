"""spyne types mirroring schemas/*.xsd element for element (order included). Requests are
validated against the XSD files before spyne reads them, so these only carry data."""

from __future__ import annotations

from spyne import AnyXml, Boolean, ComplexModel, Date, DateTime, Decimal, Integer, Long, Time, Unicode

from fravaer.namespaces import TNS


class _Model(ComplexModel):
    __namespace__ = TNS


def _mange(t):
    return t.customize(max_occurs="unbounded", min_occurs=0)


class AnsaettelseType(_Model):
    _type_info = [
        ("Tjenestenummer", Unicode),
        ("CPRNummer", Unicode),
        ("Loebenummer", Integer),
    ]


class MeddelelseType(_Model):
    _type_info = [
        ("Kode", Unicode),
        ("Alvor", Unicode),
        ("Tekst", Unicode),
        ("Felt", Unicode),
    ]


class FravaerFejl(_Model):
    __type_name__ = "FravaerFejl"
    _type_info = [("Meddelelse", _mange(MeddelelseType))]


_HAENDELSE_INDHOLD = [
    ("Ansaettelse", AnsaettelseType),
    ("FastAarsagskode", Unicode),
    ("FraDato", Date),
    ("TilDato", Date),
    ("Timer", Integer),
    ("Minutter", Integer),
    ("Barnenummer", Integer),
    ("Ferieaar", Integer),
    ("Bemaerkning", Unicode),
    ("BarselssagID", Unicode),
    ("Arbejdsskadesag", Unicode),
    ("Tjenestefriaarsag", Unicode),
    ("TransaktionsID", Unicode),
]


class HaendelseType(_Model):
    _type_info = [
        ("HaendelseID", Unicode),
        ("Version", Integer),
        ("Ansaettelse", AnsaettelseType),
        ("FastAarsagskode", Unicode),
        ("Aarsagstekst", Unicode),
        ("FraDato", Date),
        ("TilDato", Date),
        ("TimerPrDag", Integer),
        ("MinutterPrDag", Integer),
        ("Timer", Integer),
        ("Minutter", Integer),
        ("Dage", Decimal),
        ("Kalenderdage", Integer),
        ("Barnenummer", Integer),
        ("Ferieaar", Integer),
        ("Bemaerkning", Unicode),
        ("BarselssagID", Unicode),
        ("Arbejdsskadesag", Unicode),
        ("Tjenestefriaarsag", Unicode),
        ("Oprettet", DateTime),
        ("Aendret", DateTime),
    ]


class AarsagskodeType(_Model):
    _type_info = [
        ("Kode", Unicode),
        ("Tekst", Unicode),
        ("Type", Unicode),
        ("Gruppe", Unicode),
        ("DSTKategori", Unicode),
        ("PeriodeTilladt", Boolean),
        ("AabenTilladt", Boolean),
        ("TimerVedDag", Unicode),
        ("TimerVedPeriode", Unicode),
        ("Indberetningspligtig", Boolean),
        ("GyldigFra", Date),
        ("GyldigTil", Date),
    ]


class LogpostType(_Model):
    _type_info = [
        ("LogID", Long),
        ("Tidspunkt", DateTime),
        ("Handling", Unicode),
        ("HaendelseID", Unicode),
        ("Ansaettelse", AnsaettelseType),
        ("Bruger", Unicode),
        ("TransaktionsID", Unicode),
        ("Foer", HaendelseType),
        ("Efter", HaendelseType),
    ]


# ------------------------------------------------------------------ request and answer elements


class OpretHaendelse(_Model):
    __type_name__ = "OpretHaendelse"
    _type_info = list(_HAENDELSE_INDHOLD)


class OpretHaendelseSvar(_Model):
    __type_name__ = "OpretHaendelseSvar"
    _type_info = [("Haendelse", HaendelseType), ("Meddelelse", _mange(MeddelelseType))]


class RetHaendelse(_Model):
    __type_name__ = "RetHaendelse"
    _type_info = [("HaendelseID", Unicode), ("Version", Integer), *list(_HAENDELSE_INDHOLD)]


class RetHaendelseSvar(_Model):
    __type_name__ = "RetHaendelseSvar"
    _type_info = [("Haendelse", HaendelseType), ("Meddelelse", _mange(MeddelelseType))]


class SletHaendelse(_Model):
    __type_name__ = "SletHaendelse"
    _type_info = [("HaendelseID", Unicode), ("Version", Integer), ("TransaktionsID", Unicode)]


class SletHaendelseSvar(_Model):
    __type_name__ = "SletHaendelseSvar"
    _type_info = [("HaendelseID", Unicode)]


class HentHaendelser(_Model):
    __type_name__ = "HentHaendelser"
    _type_info = [
        ("Ansaettelse", _mange(AnsaettelseType)),
        ("FraDato", Date),
        ("TilDato", Date),
        ("FastAarsagskode", _mange(Unicode)),
    ]


class HentHaendelserSvar(_Model):
    __type_name__ = "HentHaendelserSvar"
    _type_info = [("Haendelse", _mange(HaendelseType))]


# SoegHaendelser (issue 15 item 4)
class TotalType(_Model):
    _type_info = [("Kode", Unicode), ("Dage", Decimal), ("Minutter", Long), ("Forloeb", Integer)]


class SoegHaendelser(_Model):
    __type_name__ = "SoegHaendelser"
    _type_info = [
        ("Institution", Unicode),
        ("Enhed", Unicode),
        ("FraDato", Date),
        ("TilDato", Date),
        ("FastAarsagskode", _mange(Unicode)),
        ("PKAT", _mange(Unicode)),
        ("Fortsaettelse", Unicode),
    ]


class SoegHaendelserSvar(_Model):
    __type_name__ = "SoegHaendelserSvar"
    _type_info = [("Haendelse", _mange(HaendelseType)), ("Total", _mange(TotalType)),
                  ("Fortsaettelse", Unicode)]


class HentAarsagskoder(_Model):
    __type_name__ = "HentAarsagskoder"
    _type_info = [("Type", Unicode), ("Dato", Date), ("Ansaettelse", AnsaettelseType)]


class HentAarsagskoderSvar(_Model):
    __type_name__ = "HentAarsagskoderSvar"
    _type_info = [("Aarsagskode", _mange(AarsagskodeType))]


class OptaelFravaer(_Model):
    __type_name__ = "OptaelFravaer"
    _type_info = [("Ansaettelse", AnsaettelseType), ("CPRNummer", Unicode), ("FraDato", Date),
                  ("TilDato", Date), ("FastAarsagskode", _mange(Unicode))]


class DelsumType(_Model):
    _type_info = [("Ansaettelse", AnsaettelseType), ("Dage", Decimal), ("Minutter", Integer)]


class OptaelFravaerSvar(_Model):
    __type_name__ = "OptaelFravaerSvar"
    _type_info = [("Dage", Decimal), ("Minutter", Integer), ("Delsum", _mange(DelsumType)),
                  ("Haendelse", _mange(HaendelseType))]


class HentHaendelseLog(_Model):
    __type_name__ = "HentHaendelseLog"
    _type_info = [("FraTidspunkt", DateTime), ("TilTidspunkt", DateTime), ("MaksAntal", Integer)]


class HentHaendelseLogSvar(_Model):
    __type_name__ = "HentHaendelseLogSvar"
    _type_info = [("Logpost", _mange(LogpostType)), ("FlereFindes", Boolean)]


class BarnType(_Model):
    _type_info = [("Barnenummer", Integer), ("CPRNummer", Unicode), ("Fornavn", Unicode),
                  ("Efternavn", Unicode), ("Foedselsdato", Date)]


class HentBoern(_Model):
    __type_name__ = "HentBoern"
    _type_info = [("Ansaettelse", AnsaettelseType)]


class HentBoernSvar(_Model):
    __type_name__ = "HentBoernSvar"
    _type_info = [("Barn", _mange(BarnType))]


# ------------------------------------------------------------------ MoedetidsplanService


class MoedetidType(_Model):
    _type_info = [("Dato", Date), ("Minutter", Integer), ("Starttid", Time), ("Sluttid", Time)]


class OpretMoedetider(_Model):
    __type_name__ = "OpretMoedetider"
    _type_info = [("Ansaettelse", AnsaettelseType), ("Moedetid", _mange(MoedetidType)),
                  ("TransaktionsID", Unicode)]


class OpretMoedetiderSvar(_Model):
    __type_name__ = "OpretMoedetiderSvar"
    _type_info = [("Moedetid", _mange(MoedetidType))]


class RetMoedetider(_Model):
    __type_name__ = "RetMoedetider"
    _type_info = [("Ansaettelse", AnsaettelseType), ("Moedetid", _mange(MoedetidType)),
                  ("TransaktionsID", Unicode)]


class RetMoedetiderSvar(_Model):
    __type_name__ = "RetMoedetiderSvar"
    _type_info = [("Moedetid", _mange(MoedetidType))]


class LaesMoedetider(_Model):
    __type_name__ = "LaesMoedetider"
    _type_info = [("Ansaettelse", AnsaettelseType), ("FraDato", Date), ("TilDato", Date)]


class LaesMoedetiderSvar(_Model):
    __type_name__ = "LaesMoedetiderSvar"
    _type_info = [("Moedetid", _mange(MoedetidType))]


class SletMoedetider(_Model):
    __type_name__ = "SletMoedetider"
    _type_info = [("Ansaettelse", AnsaettelseType), ("Dato", _mange(Date)), ("TransaktionsID", Unicode)]


class SletMoedetiderSvar(_Model):
    __type_name__ = "SletMoedetiderSvar"
    _type_info = [("Dato", _mange(Date))]


# ------------------------------------------------------------------ KvoteService


class KvoteType(_Model):
    _type_info = [
        ("KvoteType", Unicode), ("Retstype", Integer), ("Barnenummer", Integer),
        ("PeriodeFra", Date), ("PeriodeTil", Date), ("AfholdelseFra", Date), ("AfholdelseTil", Date),
        ("Optjent", Decimal), ("Overfoert", Decimal), ("Reguleret", Decimal), ("Loentraek", Decimal),
        ("Afholdt", Decimal), ("Planlagt", Decimal), ("Disponibel", Decimal), ("Enhed", Unicode),
    ]


class MedarbejderKvoterType(_Model):
    _type_info = [("Ansaettelse", AnsaettelseType), ("Kvote", _mange(KvoteType))]


class OptjeningType(_Model):
    _type_info = [("Dato", Date), ("Art", Unicode), ("Retstype", Integer), ("Antal", Decimal),
                  ("Tekst", Unicode)]


class AfviklingType(_Model):
    _type_info = [("HaendelseID", Unicode), ("FastAarsagskode", Unicode), ("FraDato", Date),
                  ("TilDato", Date), ("Antal", Decimal)]


class HentKvoter(_Model):
    """The employments as the validated elements themselves: spyne's object mapping costs 35 µs
    each, and this request may name ten thousand (mapping.ident_fra_element reads them)."""

    __type_name__ = "HentKvoter"
    _type_info = [("Ansaettelse", _mange(AnyXml)), ("Dato", Date), ("Enhed", Unicode)]


class HentKvoterSvar(_Model):
    __type_name__ = "HentKvoterSvar"
    _type_info = [("MedarbejderKvoter", _mange(MedarbejderKvoterType))]


class HentKvoteDetaljer(_Model):
    __type_name__ = "HentKvoteDetaljer"
    _type_info = [("Ansaettelse", AnsaettelseType), ("KvoteType", Unicode), ("Dato", Date),
                  ("Periode", Integer), ("Retstype", Integer), ("Barnenummer", Integer), ("Enhed", Unicode)]


class HentKvoteDetaljerSvar(_Model):
    __type_name__ = "HentKvoteDetaljerSvar"
    _type_info = [("Kvote", KvoteType), ("Optjening", _mange(OptjeningType)),
                  ("Afvikling", _mange(AfviklingType)), ("Erstatningsferie", Decimal)]


class RegulerKvote(_Model):
    __type_name__ = "RegulerKvote"
    _type_info = [("Ansaettelse", AnsaettelseType), ("KvoteType", Unicode), ("Periode", Integer),
                  ("Retstype", Integer), ("Dage", Decimal), ("Minutter", Integer), ("Dato", Date),
                  ("Bemaerkning", Unicode), ("TransaktionsID", Unicode)]


class RegulerKvoteSvar(_Model):
    __type_name__ = "RegulerKvoteSvar"
    _type_info = [("Kvote", _mange(KvoteType)), ("Meddelelse", _mange(MeddelelseType))]


class FlytFerie(_Model):
    __type_name__ = "FlytFerie"
    _type_info = [("Ansaettelse", AnsaettelseType), ("KvoteType", Unicode), ("FraFerieaar", Integer),
                  ("Dage", Decimal), ("TransaktionsID", Unicode)]


class FlytFerieSvar(_Model):
    __type_name__ = "FlytFerieSvar"
    _type_info = [("Kvote", _mange(KvoteType))]


class OverfoerRestferie(_Model):
    __type_name__ = "OverfoerRestferie"
    _type_info = [("Institution", Unicode), ("Enhed", Unicode), ("Ferieaar", Integer), ("Dato", Date),
                  ("Proeve", Boolean)]


class OverfoerselsresultatType(_Model):
    """Answers are written as text (soap/kvotesvar.py); this only names the element."""

    _type_info = [("Ansaettelse", AnsaettelseType)]


class OverfoerRestferieSvar(_Model):
    __type_name__ = "OverfoerRestferieSvar"
    _type_info = [("Resultat", _mange(OverfoerselsresultatType))]


# ------------------------------------------------------------------ MedarbejderService


class MedarbejderType(_Model):
    """Answers are written as text (soap/medarbejdersvar.py); this only names the element."""

    _type_info = [("Ansaettelse", AnsaettelseType)]


class HentMedarbejder(_Model):
    __type_name__ = "HentMedarbejder"
    _type_info = [("Ansaettelse", AnsaettelseType), ("Omraade", _mange(Unicode)), ("FraDato", Date),
                  ("TilDato", Date)]


class HentMedarbejderSvar(_Model):
    __type_name__ = "HentMedarbejderSvar"
    _type_info = [("Medarbejder", MedarbejderType)]


class HentMedarbejdere(_Model):
    __type_name__ = "HentMedarbejdere"
    _type_info = [("Ansaettelse", _mange(AnsaettelseType)), ("Institution", Unicode), ("Enhed", Unicode),
                  ("Omraade", _mange(Unicode)), ("FraDato", Date), ("TilDato", Date), ("MaksAntal", Integer),
                  ("Fortsaettelse", Unicode)]


class HentMedarbejdereSvar(_Model):
    __type_name__ = "HentMedarbejdereSvar"
    _type_info = [("Medarbejder", _mange(MedarbejderType)), ("Fortsaettelse", Unicode)]


class RetKommunikation(_Model):
    __type_name__ = "RetKommunikation"
    _type_info = [("Ansaettelse", AnsaettelseType), ("Email", Unicode), ("Telefon", Unicode),
                  ("TransaktionsID", Unicode)]


class RetKommunikationSvar(_Model):
    __type_name__ = "RetKommunikationSvar"
    _type_info = [("Medarbejder", MedarbejderType)]


# ------------------------------------------------------------------ FravaerService: cases, children


_BARSELSSAG_INDHOLD = [("Noegle", Unicode), ("Type", Unicode), ("GyldigFra", Date), ("GyldigTil", Date),
                       ("ForventetFoedsel", Date), ("FaktiskFoedsel", Date), ("Anmeldt", Date),
                       ("Indberettet", Date)]


class BarselssagType(_Model):
    _type_info = [("BarselssagID", Unicode), ("Version", Integer), ("Noegle", Unicode), ("Type", Unicode),
                  ("Typetekst", Unicode), ("GyldigFra", Date), ("GyldigTil", Date),
                  ("ForventetFoedsel", Date), ("FaktiskFoedsel", Date), ("Anmeldt", Date),
                  ("Indberettet", Date), ("Oprettet", DateTime), ("Aendret", DateTime)]


class ArbejdsskadesagType(_Model):
    _type_info = [("Sagsnummer", Unicode), ("Ulykkesdato", Date), ("Beskrivelse", Unicode)]


class HentBarselssager(_Model):
    __type_name__ = "HentBarselssager"
    _type_info = [("Ansaettelse", AnsaettelseType), ("FraDato", Date), ("TilDato", Date)]


class HentBarselssagerSvar(_Model):
    __type_name__ = "HentBarselssagerSvar"
    _type_info = [("Barselssag", _mange(BarselssagType))]


class OpretBarselssag(_Model):
    __type_name__ = "OpretBarselssag"
    _type_info = [("Ansaettelse", AnsaettelseType), *_BARSELSSAG_INDHOLD, ("TransaktionsID", Unicode)]


class OpretBarselssagSvar(_Model):
    __type_name__ = "OpretBarselssagSvar"
    _type_info = [("Barselssag", BarselssagType)]


class RetBarselssag(_Model):
    __type_name__ = "RetBarselssag"
    _type_info = [("BarselssagID", Unicode), ("Version", Integer), ("Ansaettelse", AnsaettelseType),
                  *_BARSELSSAG_INDHOLD, ("TransaktionsID", Unicode)]


class RetBarselssagSvar(_Model):
    __type_name__ = "RetBarselssagSvar"
    _type_info = [("Barselssag", BarselssagType)]


class SletBarselssag(_Model):
    __type_name__ = "SletBarselssag"
    _type_info = [("BarselssagID", Unicode), ("Version", Integer), ("TransaktionsID", Unicode)]


class SletBarselssagSvar(_Model):
    __type_name__ = "SletBarselssagSvar"
    _type_info = [("BarselssagID", Unicode)]


class HentArbejdsskadesager(_Model):
    __type_name__ = "HentArbejdsskadesager"
    _type_info = [("Ansaettelse", AnsaettelseType), ("FraDato", Date), ("TilDato", Date)]


class HentArbejdsskadesagerSvar(_Model):
    __type_name__ = "HentArbejdsskadesagerSvar"
    _type_info = [("Arbejdsskadesag", _mange(ArbejdsskadesagType))]


class OpretArbejdsskadesag(_Model):
    __type_name__ = "OpretArbejdsskadesag"
    _type_info = [("Ansaettelse", AnsaettelseType), ("Sagsnummer", Unicode), ("Ulykkesdato", Date),
                  ("Beskrivelse", Unicode), ("TransaktionsID", Unicode)]


class OpretArbejdsskadesagSvar(_Model):
    __type_name__ = "OpretArbejdsskadesagSvar"
    _type_info = [("Arbejdsskadesag", ArbejdsskadesagType)]


# ------------------------------------------------------------ StatistikService: HentKvartalsindberetning


class HentKvartalsindberetning(_Model):
    __type_name__ = "HentKvartalsindberetning"
    _type_info = [("Institution", Unicode), ("Aar", Integer), ("Kvartal", Integer),
                  ("Fortsaettelse", Unicode)]


class IndberetningspostType(_Model):
    """Answers are written with lxml (soap/statistik_service.py); this only names the element."""

    _type_info = [("Ansaettelse", AnsaettelseType)]


class HentKvartalsindberetningSvar(_Model):
    __type_name__ = "HentKvartalsindberetningSvar"
    _type_info = [("Frist", Date), ("Koersel", Integer), ("Dannet", DateTime), ("AntalPoster", Integer),
                  ("Indberetningspost", _mange(IndberetningspostType)), ("Fortsaettelse", Unicode),
                  ("Meddelelse", _mange(MeddelelseType))]
