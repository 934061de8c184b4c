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


@pytest.mark.parametrize("tegn", ["\t", "\n", "\r", " ", "\x7f", "\x85", "ÿ", "\ud7ff", "\ue000", "\ufffd",
                                  "\U0001f600", "\U0010ffff"])
def test_a_character_xml_can_carry_is_written(tegn):
    svar = s.element("SletHaendelseSvar", s.felt("Bemaerkning", f"før{tegn}efter"))
    assert f"før{tegn}efter".encode() in svar.data
