"""An answer written as text goes into the envelope as it is (issue 13): byte for byte what
parsing it and serialising the tree gave, and a character XML cannot carry is refused (a server
fault), never sent."""

from __future__ import annotations

import pytest
from lxml import etree

from fravaer.soap import svar as s
from fravaer.soap.faults import konvolut
from fravaer.soap.protocol import SvarSoap11


class _Ctx:
    def __init__(self, svar):
        self.out_object = [svar]
        self.out_error = None
        self.out_document = None
        self.out_string = None


def _skrevet(svar) -> bytes:
    ctx = _Ctx(svar)
    protokol = SvarSoap11(cleanup_namespaces=False)
    protokol.serialize(ctx, SvarSoap11.RESPONSE)
    protokol.create_out_string(ctx)
    return b"".join(ctx.out_string)


def test_a_text_answer_is_written_as_its_tree_was():
    indhold = s.felt("HaendelseID", "a<b>&c \"d\" 'e' æøå") + s.felt("Version", 2)
    forventet = etree.tostring(konvolut(s.element_trae("SletHaendelseSvar", indhold)),
                               xml_declaration=True, encoding="UTF-8")
    assert _skrevet(s.element("SletHaendelseSvar", indhold)) == forventet
    assert _skrevet(s.element_trae("SletHaendelseSvar", indhold)) == forventet


@pytest.mark.parametrize("tegn", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\ufffe", "\uffff",
                                  "\ud800"])
def test_a_character_xml_cannot_carry_is_refused(tegn):
    with pytest.raises(ValueError):
        s.element("SletHaendelseSvar", s.felt("Bemaerkning", f"før{tegn}efter"))


def test_every_character_xml_cannot_carry_is_unprintable():
    """element() accepts a printable text without searching it: sound only while each character
    it refuses is one str.isprintable() calls unprintable — and a text with both kinds of
    character (a line break beside one refused) is still refused."""
    assert all(not tegn.isprintable() for tegn in s._UGYLDIGE)
    for tegn in s._UGYLDIGE:
        with pytest.raises(ValueError):
            s.element("SletHaendelseSvar", s.felt("Bemaerkning", f"linje\nfør{tegn}efter"))
    assert s.element("SletHaendelseSvar", s.felt("Bemaerkning", "linje\n\tæøå")).data.endswith(
        b"</t:SletHaendelseSvar>")


def test_many_events_are_written_as_each_on_its_own():
    """haendelser() writes what repeats (an employment, a code's text, a status) once: the text is
    still that of each event written by itself, whatever mix of employments, codes, statuses,
    reasons and optional fields."""
    from datetime import UTC, date, datetime
    from fractions import Fraction

    from fravaer.domain.ansaettelse import Ansaettelse, Loenform
    from fravaer.domain.arbejdstid import Omkostning
    from fravaer.domain.godkendelse import Status
    from fravaer.domain.haendelse import Haendelse, HaendelseData
    from fravaer.domain.katalog import standardkatalog

    k = standardkatalog()
    a1 = Ansaettelse(1, "DEMO", "0101901234", 1, "T<1>", None, None, Loenform.MAANEDSLOEN, 2220,
                     date(2020, 1, 1), None)
    a2 = Ansaettelse(2, "DEMO", "0202902345", 2, None, None, None, Loenform.MAANEDSLOEN, 2220,
                     date(2020, 1, 1), None)
    t1 = datetime(2021, 1, 4, 8, 30, tzinfo=UTC)
    t2 = datetime(2021, 2, 1, 9, 0, 0, 123456, tzinfo=UTC)
    fundne = [
        (Haendelse("h1", 1, 1, HaendelseData("100", date(2021, 1, 4), date(2021, 1, 5)), t1, t1),
         a1, Omkostning(Fraction(2), 888, 2)),
        (Haendelse("h2", 2, 3, HaendelseData("500", date(2021, 1, 4), None, minutter=90, bemaerkning="a&b"),
                   t1, t2, Status.AFVENTER), a2, None),
        (Haendelse("h3", 1, 2, HaendelseData("100", date(2021, 3, 1), date(2021, 3, 1), barnenummer=1,
                                             ferieaar=2021, tjenestefriaarsag="X"), t2, t2,
                   Status.GODKENDT, "begrundet <her>"), a1, Omkostning(Fraction(1, 3), 148, 1)),
        (Haendelse("h4", 2, 1, HaendelseData("ZZZ", date(2021, 4, 1), date(2021, 4, 2)), t2, t2), a2,
         Omkostning(Fraction(-7, 6), -518, 2)),
        (Haendelse("h5", 2, 1, HaendelseData("100", date(2021, 5, 1), date(2021, 5, 1)), t2, t1,
                   Status.AFVENTER), a2, None),
    ]
    assert s.haendelser("Haendelse", fundne, k) == "".join(
        s.haendelse("Haendelse", h, a, k, omk) for h, a, omk in fundne)
    assert s.haendelser("Foer", fundne[:1], k).startswith("<t:Foer><t:HaendelseID>h1<")


def test_the_events_text_is_the_one_written_before():
    """A read's events written as they always were (issue 13 changed how, not what): the
    optional fields, an open event, minutes per day, a reason, a code the catalogue does not
    know, and one cost object shared by two events (Arbejdstid.hel_dag shares them)."""
    from datetime import UTC, date, datetime
    from fractions import Fraction

    from fravaer.domain.ansaettelse import Ansaettelse, Loenform
    from fravaer.domain.arbejdstid import Omkostning
    from fravaer.domain.godkendelse import Status
    from fravaer.domain.haendelse import Haendelse, HaendelseData
    from fravaer.domain.katalog import standardkatalog

    k = standardkatalog()
    a1 = Ansaettelse(1, "DEMO", "0101901234", 1, "T<1>", None, None, Loenform.MAANEDSLOEN, 2220,
                     date(2020, 1, 1), None)
    a2 = Ansaettelse(2, "DEMO", "0202902345", 2, None, None, None, Loenform.MAANEDSLOEN, 2220,
                     date(2020, 1, 1), None)
    t1 = datetime(2021, 1, 4, 8, 30, tzinfo=UTC)
    t2 = datetime(2021, 2, 1, 9, 0, 0, 123456, tzinfo=UTC)
    hel = Omkostning(Fraction(1), 444, 1)
    fundne = [
        (Haendelse("h1", 1, 1, HaendelseData("100", date(2021, 1, 4), date(2021, 1, 4)), t1, t1), a1, hel),
        (Haendelse("h2", 2, 3, HaendelseData("500", date(2021, 1, 4), None, minutter=90, bemaerkning="a&b"),
                   t1, t2, Status.AFVENTER), a2, None),
        (Haendelse("h3", 1, 2, HaendelseData("100", date(2021, 3, 1), date(2021, 3, 1), barnenummer=1,
                                             ferieaar=2021, tjenestefriaarsag="X"), t2, t2,
                   Status.GODKENDT, "begrundet <her>"), a1, Omkostning(Fraction(1, 3), 148, 1)),
        (Haendelse("h4", 1, 1, HaendelseData("100", date(2021, 1, 5), date(2021, 1, 5)), t2, t2), a1, hel),
        (Haendelse("h5", 2, 1, HaendelseData("ZZZ", date(2021, 6, 1), date(2021, 6, 3), minutter=125,
                                             barselssag_id="B1", arbejdsskadesag="S<2>"), t1, t1), a2,
         Omkostning(Fraction(-7, 6), -518, 3)),
    ]
    assert s.haendelser("Haendelse", fundne, k) == (
    '<t:Haendelse><t:HaendelseID>h1</t:HaendelseID><t:Version>1</t:Version><t:Ansaettelse><t:Tj'
    'enestenummer>T&lt;1&gt;</t:Tjenestenummer><t:CPRNummer>0101901234</t:CPRNummer><t:Loebenum'
    'mer>1</t:Loebenummer></t:Ansaettelse><t:FastAarsagskode>100</t:FastAarsagskode><t:Aarsagst'
    'ekst>Sygdom</t:Aarsagstekst><t:FraDato>2021-01-04</t:FraDato><t:TilDato>2021-01-04</t:TilD'
    'ato><t:Timer>7</t:Timer><t:Minutter>24</t:Minutter><t:Dage>1.00</t:Dage><t:Kalenderdage>1<'
    '/t:Kalenderdage><t:Oprettet>2021-01-04T08:30:00Z</t:Oprettet><t:Aendret>2021-01-04T08:30:0'
    '0Z</t:Aendret><t:Status>Godkendt</t:Status></t:Haendelse><t:Haendelse><t:HaendelseID>h2</t'
    ':HaendelseID><t:Version>3</t:Version><t:Ansaettelse><t:CPRNummer>0202902345</t:CPRNummer><'
    't:Loebenummer>2</t:Loebenummer></t:Ansaettelse><t:FastAarsagskode>500</t:FastAarsagskode><'
    't:Aarsagstekst>Ferie med løn</t:Aarsagstekst><t:FraDato>2021-01-04</t:FraDato><t:TimerPrDa'
    'g>1</t:TimerPrDag><t:MinutterPrDag>30</t:MinutterPrDag><t:Bemaerkning>a&amp;b</t:Bemaerkni'
    'ng><t:Oprettet>2021-01-04T08:30:00Z</t:Oprettet><t:Aendret>2021-02-01T09:00:00.123456Z</t:'
    'Aendret><t:Status>Afventer</t:Status></t:Haendelse><t:Haendelse><t:HaendelseID>h3</t:Haend'
    'elseID><t:Version>2</t:Version><t:Ansaettelse><t:Tjenestenummer>T&lt;1&gt;</t:Tjenestenumm'
    'er><t:CPRNummer>0101901234</t:CPRNummer><t:Loebenummer>1</t:Loebenummer></t:Ansaettelse><t'
    ':FastAarsagskode>100</t:FastAarsagskode><t:Aarsagstekst>Sygdom</t:Aarsagstekst><t:FraDato>'
    '2021-03-01</t:FraDato><t:TilDato>2021-03-01</t:TilDato><t:Timer>2</t:Timer><t:Minutter>28<'
    '/t:Minutter><t:Dage>0.33</t:Dage><t:Kalenderdage>1</t:Kalenderdage><t:Barnenummer>1</t:Bar'
    'nenummer><t:Ferieaar>2021</t:Ferieaar><t:Tjenestefriaarsag>X</t:Tjenestefriaarsag><t:Opret'
    'tet>2021-02-01T09:00:00.123456Z</t:Oprettet><t:Aendret>2021-02-01T09:00:00.123456Z</t:Aend'
    'ret><t:Status>Godkendt</t:Status><t:Begrundelse>begrundet &lt;her&gt;</t:Begrundelse></t:H'
    'aendelse><t:Haendelse><t:HaendelseID>h4</t:HaendelseID><t:Version>1</t:Version><t:Ansaette'
    'lse><t:Tjenestenummer>T&lt;1&gt;</t:Tjenestenummer><t:CPRNummer>0101901234</t:CPRNummer><t'
    ':Loebenummer>1</t:Loebenummer></t:Ansaettelse><t:FastAarsagskode>100</t:FastAarsagskode><t'
    ':Aarsagstekst>Sygdom</t:Aarsagstekst><t:FraDato>2021-01-05</t:FraDato><t:TilDato>2021-01-0'
    '5</t:TilDato><t:Timer>7</t:Timer><t:Minutter>24</t:Minutter><t:Dage>1.00</t:Dage><t:Kalend'
    'erdage>1</t:Kalenderdage><t:Oprettet>2021-02-01T09:00:00.123456Z</t:Oprettet><t:Aendret>20'
    '21-02-01T09:00:00.123456Z</t:Aendret><t:Status>Godkendt</t:Status></t:Haendelse><t:Haendel'
    'se><t:HaendelseID>h5</t:HaendelseID><t:Version>1</t:Version><t:Ansaettelse><t:CPRNummer>02'
    '02902345</t:CPRNummer><t:Loebenummer>2</t:Loebenummer></t:Ansaettelse><t:FastAarsagskode>Z'
    'ZZ</t:FastAarsagskode><t:Aarsagstekst></t:Aarsagstekst><t:FraDato>2021-06-01</t:FraDato><t'
    ':TilDato>2021-06-03</t:TilDato><t:TimerPrDag>2</t:TimerPrDag><t:MinutterPrDag>5</t:Minutte'
    'rPrDag><t:Timer>-9</t:Timer><t:Minutter>22</t:Minutter><t:Dage>-1.17</t:Dage><t:Kalenderda'
    'ge>3</t:Kalenderdage><t:BarselssagID>B1</t:BarselssagID><t:Arbejdsskadesag>S&lt;2&gt;</t:A'
    'rbejdsskadesag><t:Oprettet>2021-01-04T08:30:00Z</t:Oprettet><t:Aendret>2021-01-04T08:30:00'
    'Z</t:Aendret><t:Status>Godkendt</t:Status></t:Haendelse>')
    assert s.haendelser("Haendelse", iter(fundne), k) == s.haendelser("Haendelse", fundne, k)


@pytest.mark.parametrize("tegn", ["\t", "\n", "\r", " ", "\x7f", "\x85", "ÿ", "\ud7ff", "\ue000", "\ufffd",
                                  "\U0001f600", "\U0010ffff"])
def test_a_character_xml_can_carry_is_written(tegn):
    svar = s.element("SletHaendelseSvar", s.felt("Bemaerkning", f"før{tegn}efter"))
    assert f"før{tegn}efter".encode() in svar.data


def _kvoter_og_ansaettelser():
    from datetime import date
    from fractions import Fraction

    from fravaer.domain.ansaettelse import Ansaettelse, Loenform
    from fravaer.domain.kvoter import Konto, Kvote, KvoteType

    a1 = Ansaettelse(1, "DEMO", "0101901234", 1, "T<1>", None, None, Loenform.MAANEDSLOEN, 2220,
                     date(2020, 1, 1), None)
    a2 = Ansaettelse(2, "DEMO", "0202902345", 2, None, None, None, Loenform.MAANEDSLOEN, 2220,
                     date(2020, 1, 1), None)
    aaret = (date(2025, 1, 1), date(2025, 12, 31))
    delt = Kvote(Konto(KvoteType.OMSORGSDAGE, 2025, None, 1), aaret, aaret, Fraction(2))
    egen = Kvote(Konto(KvoteType.FERIE, 2025), aaret, aaret, Fraction(25), afholdt=Fraction(7, 2))
    lig = Kvote(Konto(KvoteType.FERIE, 2025), aaret, aaret, Fraction(25), afholdt=Fraction(7, 2))
    return [(a1, [delt, egen]), (a2, [delt, lig, Kvote(Konto(KvoteType.FRIHEDSBANK, None, 4), aaret, aaret)])]


def test_hent_kvoters_answer_is_each_employments_quotas_written_alone():
    """kvotesvar.hent_kvoter writes a quota met before (the same object, or one of the same
    fields) once: the text is still each employment's written by itself."""
    from fravaer.soap import kvotesvar

    resultat = _kvoter_og_ansaettelser()
    for enhed in (kvotesvar.DAGE, kvotesvar.TIMER):
        forventet = "".join(
            f"<t:MedarbejderKvoter>{s.ansaettelse('Ansaettelse', a)}"
            f"{''.join(kvotesvar.kvote(k, enhed) for k in ks)}</t:MedarbejderKvoter>" for a, ks in resultat)
        assert kvotesvar.hent_kvoter(resultat, enhed).data == s.element("HentKvoterSvar", forventet).data


@pytest.mark.parametrize("tegn", ["\x01", "\x1f", "\ufffe", "\ud800"])
def test_hent_kvoter_refuses_a_character_xml_cannot_carry_in_an_employment(tegn):
    """Only the employments' fields are searched for such characters (the quotas are numbers,
    dates and names of ours): one there is still refused."""
    from dataclasses import replace

    from fravaer.soap import kvotesvar

    (a1, k1), rest = _kvoter_og_ansaettelser()[0], _kvoter_og_ansaettelser()[1:]
    with pytest.raises(ValueError):
        kvotesvar.hent_kvoter([(replace(a1, cpr=f"0101{tegn}01234"), k1), *rest], kvotesvar.DAGE)


def test_hent_kvoters_answer_is_the_same_when_its_texts_are_kept_from_before():
    """The second answer of the same quotas (the quotas' and employments' texts kept by value
    for the process) and one of equal quotas made anew are the first's bytes."""
    from fravaer.soap import kvotesvar

    for enhed in (kvotesvar.DAGE, kvotesvar.TIMER):
        foerste = kvotesvar.hent_kvoter(_kvoter_og_ansaettelser(), enhed).data
        assert kvotesvar.hent_kvoter(_kvoter_og_ansaettelser(), enhed).data == foerste


def test_amounts_shown_are_the_domains_texts_kept_by_value():
    """taltekst / timetekst are vis_tal / vis_timer (rounded down by the domain), kept by the
    exact value: an equal Fraction, another object, finds the same text; an int is shown too."""
    from fractions import Fraction

    from fravaer.domain.maaleenheder import vis_tal, vis_timer

    vaerdier = [Fraction(0), Fraction(25), Fraction(-35, 12), Fraction(-5, 6), Fraction(5, 4),
                Fraction(510, 444), Fraction(1, 3), Fraction(-1, 300), 7, -2]
    for _ in range(2):  # written, then kept
        for v in vaerdier:
            assert s.taltekst(v) == vis_tal(v)
            assert s.timetekst(v) == vis_timer(v)
            if isinstance(v, Fraction):
                lig = Fraction(v.numerator * 3, v.denominator * 3)  # equal, another object
                assert lig is not v and s.taltekst(lig) == vis_tal(v) and s.timetekst(lig) == vis_timer(v)
    assert s.taltekst(Fraction(-35, 12)) == "-2.92" and s.timetekst(Fraction(1, 3)) == "2.46"


def test_the_kept_amounts_are_emptied_when_full(monkeypatch):
    from fractions import Fraction

    from fravaer.domain.maaleenheder import vis_tal

    monkeypatch.setattr(s, "_TEKSTER_MAKS", 3)
    monkeypatch.setattr(s, "_TALTEKSTER", {})
    for n in range(1, 10):
        assert s.taltekst(Fraction(n, 7)) == vis_tal(Fraction(n, 7))
        assert len(s._TALTEKSTER) <= 3


def test_a_dates_text_is_its_iso_format_kept():
    from datetime import date

    d = date(2025, 1, 31)
    assert s.datotekst(d) == "2025-01-31" and s.datotekst(date(2025, 1, 31)) is s.datotekst(d)


def test_a_quotas_kept_text_is_its_written_text_by_value():
    """kvotetekst is kvote(k, enhed) encoded, for equal quotas of other objects too; a quota
    differing in one amount or the unit is another text; an amount not a Fraction is written,
    not kept."""
    from fractions import Fraction

    from fravaer.soap import kvotesvar

    kvoter = [k for _a, ks in _kvoter_og_ansaettelser() for k in ks]
    egen, lig = kvoter[1], kvoter[3]
    assert egen is not lig and egen == lig
    for enhed in (kvotesvar.DAGE, kvotesvar.TIMER):
        for k in kvoter:
            assert kvotesvar.kvotetekst(k, enhed) == kvotesvar.kvote(k, enhed).encode()
        assert kvotesvar.kvotetekst(lig, enhed) is kvotesvar.kvotetekst(egen, enhed)
        anden = egen._replace(afholdt=Fraction(7, 3))
        assert kvotesvar.kvotetekst(anden, enhed) == kvotesvar.kvote(anden, enhed).encode()
        assert kvotesvar.kvotetekst(anden, enhed) != kvotesvar.kvotetekst(egen, enhed)
    assert kvotesvar.kvotetekst(egen, kvotesvar.DAGE) != kvotesvar.kvotetekst(egen, kvotesvar.TIMER)
    heltal = egen._replace(optjent=25)
    foer = len(kvotesvar._KVOTETEKSTER)
    assert kvotesvar.kvotetekst(heltal, kvotesvar.DAGE) == kvotesvar.kvote(heltal, kvotesvar.DAGE).encode()
    assert len(kvotesvar._KVOTETEKSTER) == foer


def test_the_kept_quotas_are_emptied_when_full(monkeypatch):
    from fractions import Fraction

    from fravaer.soap import kvotesvar

    monkeypatch.setattr(kvotesvar, "_KVOTETEKSTER_MAKS", 2)
    monkeypatch.setattr(kvotesvar, "_KVOTETEKSTER", {})
    egen = _kvoter_og_ansaettelser()[0][1][1]
    for n in range(1, 6):
        k = egen._replace(afholdt=Fraction(n, 2))
        assert kvotesvar.kvotetekst(k, kvotesvar.DAGE) == kvotesvar.kvote(k, kvotesvar.DAGE).encode()
        assert len(kvotesvar._KVOTETEKSTER) <= 2


@pytest.mark.parametrize("tegn", ["\x01", "\ufffe", "\ud800"])
def test_an_employment_is_kept_encoded_only_when_xml_can_carry_it(tegn):
    from dataclasses import replace

    a = _kvoter_og_ansaettelser()[0][0]
    assert s.ansaettelsesbytes(a) == s.ansaettelse("Ansaettelse", a).encode()
    assert b"<t:Tjenestenummer>T&lt;1&gt;</t:Tjenestenummer>" in s.ansaettelsesbytes(a)
    daarlig = replace(a, cpr=f"0101{tegn}01234")
    for _ in range(2):  # refused each time: not kept
        with pytest.raises(ValueError):
            s.ansaettelsesbytes(daarlig)
    assert (daarlig.tjenestenummer, daarlig.cpr, daarlig.loebenummer) not in s._ANSAETTELSESBYTES


def test_an_element_of_encoded_parts_is_the_element_of_their_text():
    dele = [b"", s.felt("Proeve", True).encode(), s.felt("Tekst", "æ<ø").encode()]
    tekst = b"".join(dele[1:]).decode()
    svar = s.element_af_dele("SletHaendelseSvar", dele, "æ<ø")
    assert svar.data == s.element("SletHaendelseSvar", tekst).data
    with pytest.raises(ValueError):
        s.element_af_dele("SletHaendelseSvar", [b""], "a\x01")


def _en_haendelse(bemaerkning=None, hid="h1", tjnr="T1", begrundelse=None, tjenestefri=None):
    from datetime import UTC, date, datetime
    from fractions import Fraction

    from fravaer.domain.ansaettelse import Ansaettelse, Loenform
    from fravaer.domain.arbejdstid import Omkostning
    from fravaer.domain.godkendelse import Status
    from fravaer.domain.haendelse import Haendelse, HaendelseData

    a = Ansaettelse(1, "DEMO", "0101901234", 1, tjnr, None, None, Loenform.MAANEDSLOEN, 2220,
                    date(2020, 1, 1), None)
    t = datetime(2021, 1, 4, 8, 30, tzinfo=UTC)
    h = Haendelse(hid, 1, 1, HaendelseData("100", date(2021, 1, 4), date(2021, 1, 4), bemaerkning=bemaerkning,
                                           tjenestefriaarsag=tjenestefri), t, t, Status.GODKENDT, begrundelse)
    return [(h, a, Omkostning(Fraction(1), 444, 1))]


def test_a_reads_answer_is_the_element_of_its_events():
    """haendelser_svar searches only the text from outside: its answer is still element()'s."""
    from datetime import UTC, datetime, timedelta, timezone

    from fravaer.domain.katalog import standardkatalog

    k = standardkatalog()
    fundne = _en_haendelse(bemaerkning="a<b>", begrundelse="c&d") + _en_haendelse(hid="h2", tjnr="T2")
    assert (s.haendelser_svar("HentHaendelserSvar", "Haendelse", fundne, k).data
            == s.element("HentHaendelserSvar", s.haendelser("Haendelse", fundne, k)).data)
    assert s.haendelser_svar("HentHaendelserSvar", "Haendelse", [], k).data == \
        s.element("HentHaendelserSvar", "").data
    # the kept texts of timestamps: a time of another zone equal to a UTC one is written as its own
    t = datetime(2021, 1, 4, 8, 30, tzinfo=UTC)
    assert s._tidstekst(t) == "2021-01-04T08:30:00Z"
    assert s._tidstekst(t.astimezone(timezone(timedelta(hours=1)))) == "2021-01-04T09:30:00+01:00"


@pytest.mark.parametrize("felt", ["bemaerkning", "hid", "tjnr", "begrundelse", "tjenestefri"])
@pytest.mark.parametrize("tegn", ["\x01", "\x1f", "\ufffe", "\ud800"])
def test_a_reads_answer_refuses_a_character_xml_cannot_carry_in_text_from_outside(felt, tegn):
    from fravaer.domain.katalog import standardkatalog

    fundne = _en_haendelse(hid="h0", tjnr="T0") + _en_haendelse(**{felt: f"x{tegn}y"})
    with pytest.raises(ValueError):
        s.haendelser_svar("HentHaendelserSvar", "Haendelse", fundne, standardkatalog())


def test_a_writes_answer_is_the_element_of_its_event_and_advis():
    """haendelse_svar searches only the text from outside and the advis: its answer is still
    element()'s."""
    from fravaer.domain.katalog import standardkatalog

    k = standardkatalog()
    for (h, a, omk) in _en_haendelse(bemaerkning="a<b>", begrundelse="c&d") + _en_haendelse(hid="h2"):
        for tekst, efter in ((None, ""), ("Egen tekst æøå", "<t:Meddelelse>x</t:Meddelelse>")):
            egen = s.element("OpretHaendelseSvar", s.haendelse("Haendelse", h, a, k, omk, tekst) + efter)
            svar = s.haendelse_svar("OpretHaendelseSvar", "Haendelse", h, a, k, omk, tekst, efter)
            assert svar.data == egen.data


@pytest.mark.parametrize("felt", ["bemaerkning", "hid", "tjnr", "begrundelse", "tjenestefri", "tekst",
                                  "efter"])
@pytest.mark.parametrize("tegn", ["\x01", "\x1f", "\ufffe", "\ud800"])
def test_a_writes_answer_refuses_a_character_xml_cannot_carry_in_text_from_outside(felt, tegn):
    from fravaer.domain.katalog import standardkatalog

    ude = f"x{tegn}y"
    ((h, a, omk),) = _en_haendelse(**{felt: ude} if felt not in ("tekst", "efter") else {})
    with pytest.raises(ValueError):
        s.haendelse_svar("RetHaendelseSvar", "Haendelse", h, a, standardkatalog(), omk,
                         ude if felt == "tekst" else None, ude if felt == "efter" else "")


def test_an_employments_text_kept_for_the_process_is_the_one_written():
    """svar._ansaettelsestekst (kept between answers by the three values it is written from)."""
    from dataclasses import replace
    from datetime import date

    from fravaer.domain.ansaettelse import Ansaettelse, Loenform

    a = Ansaettelse(1, "DEMO", "0101901234", 1, "T<1>", None, None, Loenform.MAANEDSLOEN, 2220,
                    date(2020, 1, 1), None)
    for b in (a, replace(a, id=2), replace(a, tjenestenummer=None), replace(a, loebenummer=2),
              replace(a, cpr="0202901234"), a):
        assert s._ansaettelsestekst(b) == s.ansaettelse("Ansaettelse", b)
        assert s.Gentagne(None).ansaettelse(b) == s.ansaettelse("Ansaettelse", b)
    assert len(s._ANSAETTELSESTEKSTER) <= s._TEKSTER_MAKS
    assert s.meddelelser([]) == ""


@pytest.mark.parametrize("felt", ["tjnr", "tekst"])
@pytest.mark.parametrize("tegn", ["\x01", "\ufffe"])
def test_a_kept_text_is_refused_again_and_a_judged_one_is_not_searched_again(felt, tegn):
    """An employment's and a code's text kept for the process (svar._BAERBARE, issue 13): one
    holding a character XML cannot carry is refused each time it is written, from the cache too;
    one judged to hold none is left out of the next answer's search."""
    from fravaer.domain.katalog import standardkatalog

    k = standardkatalog()
    ude = f"x{tegn}y{felt}"
    ((h, a, omk),) = _en_haendelse(**({"tjnr": ude} if felt == "tjnr" else {}))
    for _ in range(2):
        with pytest.raises(ValueError):
            s.haendelse_svar("OpretHaendelseSvar", "Haendelse", h, a, k, omk,
                             ude if felt == "tekst" else None)
    assert ude not in "".join(s._BAERBARE)
    ((h, a, omk),) = _en_haendelse(tjnr=f"ren-{felt}")
    for _ in range(2):  # judged as they are kept: the search has only the event's id
        g = s.Gentagne(k)
        g.haendelse("Haendelse", h, a, omk, f"ren tekst {felt}")
        assert g.fremmede == [h.id]


@pytest.mark.parametrize("laengde", [0, 10, s._KORT_SVAR - 1, s._KORT_SVAR, s._KORT_SVAR + 1, 5000])
def test_the_search_is_the_same_either_side_of_its_threshold(laengde):
    for tegn in s._UGYLDIGE:
        for tekst in ("a" * laengde + tegn, tegn + "\n" * laengde, "æ" * laengde + tegn + "b"):
            assert not s._baerbar(tekst)
    assert s._baerbar("a" * laengde) and s._baerbar("\n\t\r" * laengde + "æøå€")


def test_a_holiday_year_that_is_not_a_number_is_searched():
    from datetime import UTC, date, datetime

    from fravaer.domain.ansaettelse import Ansaettelse, Loenform
    from fravaer.domain.haendelse import Haendelse, HaendelseData
    from fravaer.domain.katalog import standardkatalog

    a = Ansaettelse(1, "DEMO", "0101901234", 1, "T1", None, None, Loenform.MAANEDSLOEN, 2220,
                    date(2020, 1, 1), None)
    t = datetime(2021, 1, 4, 8, 30, tzinfo=UTC)
    for aar, godt in ((2021, True), ("2021", True), ("20\x0121", False)):
        dag = date(2021, 1, 4)
        h = Haendelse("h1", 1, 1, HaendelseData("100", dag, dag, ferieaar=aar), t, t)
        if godt:
            assert b"<t:Ferieaar>2021</t:Ferieaar>" in s.haendelse_svar(
                "OpretHaendelseSvar", "Haendelse", h, a, standardkatalog()).data
        else:
            with pytest.raises(ValueError):
                s.haendelse_svar("OpretHaendelseSvar", "Haendelse", h, a, standardkatalog())


def test_a_writes_answer_is_the_element_of_its_event():
    """haendelse_svar encodes the code with its text once per process and the rest apart (issue
    13): the bytes are still element()'s of the event and the advis, whatever holds characters
    beyond ASCII (the code's text, an employment's keys, a remark, a reason, the advis), and a
    timestamp met again by identity (the clock's one object a second) is written as before; a
    character XML cannot carry and a lone surrogate are still refused."""
    from datetime import UTC, date, datetime

    from fravaer.domain.ansaettelse import Ansaettelse, Loenform
    from fravaer.domain.godkendelse import Status
    from fravaer.domain.haendelse import Haendelse, HaendelseData
    from fravaer.domain.katalog import standardkatalog

    k = standardkatalog()
    a1 = Ansaettelse(1, "DEMO", "0101901234", 1, "T<1>", None, None, Loenform.MAANEDSLOEN, 2220,
                     date(2020, 1, 1), None)
    a2 = Ansaettelse(2, "DEMO", "0202902345", 2, "Tæ2", None, None, Loenform.MAANEDSLOEN, 2220,
                     date(2020, 1, 1), None)
    t1 = datetime(2021, 1, 4, 8, 30, tzinfo=UTC)
    t2 = datetime(2021, 2, 1, 9, 0, 0, 123456, tzinfo=UTC)
    haendelser = [
        Haendelse("h1", 1, 1, HaendelseData("500", date(2021, 1, 4), date(2021, 1, 4)), t1, t1),
        Haendelse("h2", 2, 3, HaendelseData("100", date(2021, 1, 4), None, bemaerkning="æ&ø"), t1, t2,
                  Status.AFVENTER),
        Haendelse("h3", 1, 2, HaendelseData("ZZZ", date(2021, 3, 1), date(2021, 3, 2), ferieaar=2021),
                  t2, t2, Status.GODKENDT, "begrundet <her> på dansk"),
        Haendelse("h4", 1, 1, HaendelseData("500", date(2021, 1, 5), date(2021, 1, 5)), t1, t1),
    ]
    efter = ["", s.meddelelser([]),
             "<t:Meddelelse><t:Kode>A1</t:Kode><t:Tekst>bemærk</t:Tekst></t:Meddelelse>"]
    for i, h in enumerate(haendelser):
        for a in (a1, a2):
            for tekst in (None, "Særlig tekst", "plain"):
                for e in efter:
                    for navn in ("OpretHaendelseSvar", "RetHaendelseSvar"):
                        forventet = s.element(navn, s.haendelse("Haendelse", h, a, k, None, tekst) + e)
                        skrevet = s.haendelse_svar(navn, "Haendelse", h, a, k, None, tekst, e)
                        assert skrevet.data == forventet.data, (i, e)
    for daarlig in ("før\x01efter", "før\ud800efter"):
        data = HaendelseData("500", date(2021, 1, 4), date(2021, 1, 4), bemaerkning=daarlig)
        h = Haendelse("h9", 1, 1, data, t1, t1)
        with pytest.raises(ValueError):
            s.haendelse_svar("OpretHaendelseSvar", "Haendelse", h, a1, k)
    with pytest.raises(ValueError):
        s.haendelse_svar("OpretHaendelseSvar", "Haendelse", haendelser[0], a1, k, None, None, "\ud800")
    assert s._KODEBYTES  # the code with its text kept encoded
