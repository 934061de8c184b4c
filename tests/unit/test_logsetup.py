"""One log format (fravaer/logsetup.py): plain or JSON lines, each with the request id of the
request it belongs to; gunicorn's loggers get the same handler."""

from __future__ import annotations

import contextvars
import io
import json
import logging
import logging.config

from fravaer.logsetup import REQUEST_ID, dict_config


def _log(fmt: str, request_id: str | None) -> str:
    ud = io.StringIO()
    cfg = dict_config("INFO", fmt)
    cfg["handlers"]["fravaer"]["stream"] = ud
    cfg["root"]["handlers"] = []  # only the logger under test writes to `ud`
    cfg["loggers"] = {"proeve.log": {"level": "INFO", "handlers": ["fravaer"], "propagate": False}}
    rod = logging.getLogger()
    foer = rod.handlers[:], rod.level  # the test runner's own, put back below
    logging.config.dictConfig(cfg)
    token = REQUEST_ID.set(request_id) if request_id else None
    try:
        logging.getLogger("proeve.log").info("hej %s", "verden")
    finally:
        if token is not None:
            REQUEST_ID.reset(token)
        logging.getLogger("proeve.log").handlers.clear()
        rod.handlers[:], _ = foer[0], rod.setLevel(foer[1])
    return ud.getvalue()


def test_a_plain_line_names_the_request():
    linje = _log("plain", "abc123")
    assert linje.endswith(" INFO proeve.log [abc123] hej verden\n")


def test_a_json_line_is_one_object_with_the_request_id():
    d = json.loads(_log("json", "abc123"))
    assert (d["level"], d["logger"], d["request_id"], d["message"]) == ("INFO", "proeve.log", "abc123",
                                                                          "hej verden")
    assert d["time"].endswith("+00:00")


def test_outside_a_request_the_id_is_a_dash():
    # in a context no request has run in: the served middleware sets the id without resetting it
    # (gunicorn's access line comes after), so an earlier test that called it in this thread
    # (test_metrikker) left its id in the thread's context
    assert "[-] hej verden" in contextvars.Context().run(_log, "plain", None)


def test_gunicorns_loggers_get_the_same_handler_and_the_access_log_follows_its_switch():
    til, fra = dict_config("INFO", "json", access_log=True), dict_config("INFO", "json", access_log=False)
    for cfg in (til, fra):
        assert cfg["loggers"]["gunicorn.error"]["handlers"] == ["fravaer"]
        assert cfg["loggers"]["gunicorn.access"]["handlers"] == ["fravaer"]
    assert til["loggers"]["gunicorn.access"]["level"] == "INFO"
    assert fra["loggers"]["gunicorn.access"]["level"] == "WARNING"
    assert til["loggers"]["sqlalchemy"]["level"] == "WARNING"
    assert til["loggers"]["spyne"]["level"] == "CRITICAL"
