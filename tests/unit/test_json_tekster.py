"""The JSON a mass registration writes directly (codec.haendelse_json, codec.felter_json,
codec.data_json, codec.ident_json, haendelser.skrivningens_hash) is the text codec.dumps writes of the same
dicts, character for character: the log rows and stored answers read it back, and a retry's
digest must match whichever way the first write made it."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime

import pytest

from fravaer.adapters.db import codec
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.godkendelse import Status
from fravaer.domain.haendelse import Haendelse, HaendelseData
from fravaer.service.gentagelser import indholdshash
from fravaer.service.haendelser import HaendelseAnmodning, _flad, skrivningens_hash

TEKSTER = [None, "", "ren tekst", 'an "anførsel" \\ skråstreg', "linje\nskift\ttab\x01\x1f", "æøå \u2028 ☃ 𝄞"]


def _data(tekst: str | None, til: date | None) -> HaendelseData:
    return HaendelseData("500", date(2025, 1, 2), til, 90 if tekst else None, 2 if tekst else None,
                         2025 if tekst else None, tekst, tekst, tekst, tekst)


@pytest.mark.parametrize("tekst", TEKSTER)
def test_the_event_as_json_is_what_dumps_writes(tekst):
    for til, begrundelse, status, tid in itertools.product(
            [None, date(2025, 1, 3)], [None, tekst or "nej"], list(Status),
            [datetime(2025, 1, 1, 2, 3, 4, 5, tzinfo=UTC), datetime(2025, 1, 1)]):
        h = Haendelse("b1e2", 7, 3, _data(tekst, til), tid, datetime(2026, 2, 3), status, begrundelse)
        assert codec.haendelse_json(h) == codec.dumps(codec.haendelse_til_dict(h))


def test_the_events_times_are_written_as_isoformat_whatever_was_written_before():
    """codec._tid's text of a UTC time from its fields, the last two kept by identity: the text
    of dumps for times with and without microseconds, early years, other offsets, naive times,
    an event whose Aendret is its Oprettet, in any order of calls."""
    from datetime import timedelta, timezone

    tider = [datetime(2026, 12, 3, 21, 5, 9, 123456, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC),
             datetime(999, 2, 3, 4, 5, 6, 7, tzinfo=UTC),
             datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
             datetime(2025, 6, 1, 0, 0, 0, 500000, tzinfo=timezone(timedelta(hours=2))),
             datetime(2025, 6, 1, 0, 0, 0, 1, tzinfo=timezone(timedelta(seconds=-3723))),
             datetime(2025, 6, 1, 12, 0), datetime(2025, 6, 1, 12, 0, 0, 10),
             datetime(2026, 1, 1, tzinfo=UTC)]  # equal to the second, another object
    for oprettet, aendret in itertools.chain(itertools.product(tider, tider), ((t, t) for t in tider),
                                             itertools.product(reversed(tider), tider)):
        for version in (1, 2):
            h = Haendelse("b1e2", 7, version, _data(None, None), oprettet, aendret, Status.GODKENDT)
            assert codec.haendelse_json(h) == codec.dumps(codec.haendelse_til_dict(h))


@pytest.mark.parametrize("tekst", TEKSTER)
def test_a_records_fields_as_json_are_what_dumps_writes(tekst):
    for v in (_data(tekst, None), _data(tekst, date(2025, 3, 1)), AnsaettelsesIdent(tekst, tekst, 3),
              AnsaettelsesIdent(None, "0101901234", None)):
        assert codec.felter_json(v) == codec.dumps(_flad(v))
        # the writers of the one record each, without a call per field
        skrevet = codec.data_json(v) if isinstance(v, HaendelseData) else codec.ident_json(v)
        assert skrevet == codec.felter_json(v)


@pytest.mark.parametrize("tekst", TEKSTER)
def test_the_transaktionsid_is_no_part_of_a_writes_digest(tekst):
    for ident in (AnsaettelsesIdent(tekst or "B1"), AnsaettelsesIdent(None, "0101901234", 2)):
        anmodning = HaendelseAnmodning(ident, _data(tekst, date(2025, 1, 9)), "t-1")
        assert skrivningens_hash("OpretHaendelse", HaendelseAnmodning(ident, anmodning.data, "t-2")) \
            == skrivningens_hash("OpretHaendelse", anmodning)


@pytest.mark.parametrize("tekst", TEKSTER)
def test_a_writes_digest_is_that_of_its_content_as_dicts(tekst):
    """skrivningens_hash writes the content's JSON directly: the digest of dumps of the dicts and lists it
    stands for (a request as its records' fields, a tuple as a list), which stored first
    answers were made with."""
    def som_dicts(v):
        if isinstance(v, HaendelseAnmodning):
            return {"ansaettelse": _flad(v.ansaettelse), "data": _flad(v.data)}
        return [som_dicts(x) for x in v] if isinstance(v, tuple) else v

    for ident in (AnsaettelsesIdent(tekst or "B1"), AnsaettelsesIdent(None, "0101901234", 2),
                  AnsaettelsesIdent(tekst, tekst, None)):
        for til in (None, date(2025, 1, 9)):
            anmodning = HaendelseAnmodning(ident, _data(tekst, til), "t-1")
            for operation, indhold in (("OpretHaendelse", anmodning),
                                       ("RetHaendelse", (tekst or "h-1", 4, anmodning)),
                                       ("SletHaendelse", ("h-1", 2)), ("SletHaendelse", (tekst, 1))):
                assert skrivningens_hash(operation, indhold) == indholdshash(operation, som_dicts(indhold))


def test_dumps_writes_what_a_json_encoder_with_its_settings_writes():
    koder = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                             default=codec._json_default)
    for v in [{"b": 1, "a": [None, True, 1.5, "x\"y"], "c": {"å": date(2025, 1, 2)}}, [], {}, "tekst", 3,
              None, [{"z": datetime(2025, 1, 1, 12, tzinfo=UTC)}], {"n": float("inf")}]:
        assert codec.dumps(v) == koder.encode(v)
    with pytest.raises(TypeError):
        codec.dumps({"x": object()})
