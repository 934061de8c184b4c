"""The request id (telemetry.ny_id): 16 lowercase letters, each the letter b % 26 of the random
source's next byte below 234 (the bytes from 234 up skipped, so that each letter is equally
likely), read by bytes.translate — the same letters as reading the bytes one by one."""

from __future__ import annotations

import os

import pytest

from fravaer import telemetry


def _en_ad_gangen(kilde) -> str:
    """The rule spelled out, byte by byte (what ny_id did before it used bytes.translate)."""
    ud = [telemetry._BOGSTAVER[b % 26] for b in kilde(24) if b < telemetry._UNDER]
    while len(ud) < 16:
        ud += [telemetry._BOGSTAVER[b % 26] for b in kilde(8) if b < telemetry._UNDER]
    return "".join(ud[:16])


def _kilde(data: bytes):
    """A stand-in for os.urandom that hands out `data` in order."""
    rest = [data]

    def urandom(n: int) -> bytes:
        stykke, rest[0] = rest[0][:n], rest[0][n:]
        assert len(stykke) == n, "kilden er tom"
        return stykke
    return urandom


@pytest.mark.parametrize("data", [
    bytes(range(24)),  # all below 234
    bytes(range(232, 256)) + bytes(range(100, 140)),  # 22 skipped of the first read: two more reads
    bytes([233, 234, 25, 26, 255, 0]) * 4 + bytes(range(40)),  # the edges: 233 kept, 234 skipped
    bytes([250] * 24) + bytes([251] * 8) + bytes(range(200, 232)),  # nothing kept at first
    os.urandom(24 * 200),
])
def test_the_id_is_the_letters_of_the_bytes_below_234_in_order(monkeypatch, data):
    forventet = _en_ad_gangen(_kilde(data))
    monkeypatch.setattr(telemetry.os, "urandom", _kilde(data))
    rid = telemetry.ny_id()
    assert rid == forventet
    assert len(rid) == 16 and rid.isascii() and rid.isalpha() and rid.islower()


def test_every_byte_below_234_is_a_letter_equally_often():
    """234 = 9 × 26: each letter stands for nine byte values, and the 22 above are dropped."""
    tal = {}
    for b in range(256):
        bogstav = bytes([b]).translate(telemetry._TIL_BOGSTAV, telemetry._OVER)
        if b >= telemetry._UNDER:
            assert bogstav == b""
        else:
            tal[bogstav] = tal.get(bogstav, 0) + 1
    assert sorted(tal) == [bytes([c]) for c in range(ord("a"), ord("z") + 1)]
    assert set(tal.values()) == {9}
