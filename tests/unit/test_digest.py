"""A retried write is recognised by a digest of its content (service.gentagelser): the fast
flattening mass registration uses must give exactly what dataclasses.asdict gave, field for
field (a stored digest from before must still match)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pytest

from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.haendelse import HaendelseData
from fravaer.service.haendelser import _flad


@pytest.mark.parametrize("v", [
    HaendelseData("500", date(2026, 1, 2), None),
    HaendelseData("100", date(2026, 1, 2), date(2026, 1, 3), 90, 1, 2026, "bemærkning", "b", "s", "t"),
    AnsaettelsesIdent("T1"),
    AnsaettelsesIdent(None, "0101801234", 1),
])
def test_flattening_is_asdict(v):
    assert list(_flad(v).items()) == list(asdict(v).items())

