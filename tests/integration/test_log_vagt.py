"""The guard that fails any test during which a CPR number reached a log line really sees them."""

import logging

from tests import conftest


def test_the_cpr_guard_sees_a_cpr_number_in_a_log_line():
    start = len(conftest._cpr_vagt.fund)
    logging.getLogger("fravaer.proeve").info("ansættelse 010180-1234 og 3112991234")
    logging.getLogger("fravaer.proeve").info("tjenestenummer 10000001, løbenummer 1")
    fundet = conftest._cpr_vagt.fund[start:]
    del conftest._cpr_vagt.fund[start:]  # planted on purpose: not a failure of this test
    assert len(fundet) == 1 and "010180-1234" in fundet[0]
