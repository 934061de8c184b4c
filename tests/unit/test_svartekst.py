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


@pytest.mark.parametrize("tegn", ["\t", "\n", "\r", " ", "\x7f", "\x85", "ÿ", "\ud7ff", "\ue000", "\ufffd",
                                  "\U0001f600", "\U0010ffff"])
def test_a_character_xml_can_carry_is_written(tegn):
    svar = s.element("SletHaendelseSvar", s.felt("Bemaerkning", f"før{tegn}efter"))
    assert f"før{tegn}efter".encode() in svar.data
