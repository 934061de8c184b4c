"""`fravaer serve` honours gunicorn's own configuration (issue 18 item 5): a gunicorn.conf.py and
GUNICORN_CMD_ARGS over serve's defaults, serve's explicit options over both."""

from __future__ import annotations

from gunicorn.config import Config

from fravaer.server import gunicorns_egen_konfiguration


def _cfg() -> Config:
    cfg = Config()
    cfg.set("workers", 2)  # fravaer serve's defaults
    cfg.set("timeout", 60)
    return cfg


def test_gunicorn_cmd_args_win_over_serves_defaults(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GUNICORN_CMD_ARGS", "--workers 5 --timeout 90")
    cfg = _cfg()
    gunicorns_egen_konfiguration(cfg, {})
    assert (cfg.workers, cfg.timeout) == (5, 90)


def test_a_gunicorn_conf_py_in_the_working_folder_is_read(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    (tmp_path / "gunicorn.conf.py").write_text("workers = 3\nkeepalive = 7\nikke_en_indstilling = 1\n")
    cfg = _cfg()
    gunicorns_egen_konfiguration(cfg, {})
    assert (cfg.workers, cfg.keepalive, cfg.timeout) == (3, 7, 60)


def test_a_config_file_named_in_gunicorn_cmd_args_then_the_args_then_serves_options(monkeypatch,
                                                                                      tmp_path):
    monkeypatch.chdir(tmp_path)
    fil = tmp_path / "andet.py"
    fil.write_text("workers = 4\ntimeout = 30\n")
    monkeypatch.setenv("GUNICORN_CMD_ARGS", f"--config {fil} --timeout 45")
    cfg = _cfg()
    gunicorns_egen_konfiguration(cfg, {"workers": 9})
    assert (cfg.workers, cfg.timeout) == (9, 45)


# --- the access line built only when it is written (issue 13) ------------------------------------

import logging  # noqa: E402
from datetime import timedelta  # noqa: E402

import pytest  # noqa: E402
from gunicorn.glogging import Logger  # noqa: E402

from fravaer.logsetup import dict_config  # noqa: E402
from fravaer.server import FravaerLogger, KonfigureretGunicorn  # noqa: E402


def _serve_cfg(monkeypatch, tmp_path, cmd_args: str | None = None):
    monkeypatch.chdir(tmp_path)
    if cmd_args is None:
        monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    else:
        monkeypatch.setenv("GUNICORN_CMD_ARGS", cmd_args)
    return KonfigureretGunicorn(lambda: None, "127.0.0.1:0", 1, 1, False, eksplicitte={},
                                logkonfiguration=dict_config("INFO", "plain", False)).cfg


def test_serve_uses_fravaers_logger_unless_gunicorns_configuration_chose_one(monkeypatch, tmp_path):
    assert _serve_cfg(monkeypatch, tmp_path).logger_class is FravaerLogger
    valgt = _serve_cfg(monkeypatch, tmp_path, "--logger-class gunicorn.instrument.statsd.Statsd")
    assert valgt.logger_class.__name__ == "Statsd"
    # statsd on with the default logger: gunicorn's own switch to its statsd logger still happens
    statsd = _serve_cfg(monkeypatch, tmp_path, "--statsd-host localhost:8125")
    assert statsd.logger_class.__name__ == "Statsd"


class _Fang(logging.Handler):
    def __init__(self):
        super().__init__()
        self.linjer: list[str] = []

    def emit(self, record):
        self.linjer.append(record.getMessage())


@pytest.fixture
def adgangslog():
    """gunicorn's two loggers as a Logger's setup leaves them, put back afterwards; the access
    log's lines caught."""
    navne = ("gunicorn.access", "gunicorn.error")
    foer = {n: (logging.getLogger(n).handlers[:], logging.getLogger(n).level,
                logging.getLogger(n).propagate) for n in navne}
    from gunicorn.config import Config

    cfg = Config()
    cfg.set("accesslog", "-")
    vores, gunicorns = FravaerLogger(cfg), Logger(cfg)
    fang = _Fang()
    logging.getLogger("gunicorn.access").handlers[:] = [fang]
    try:
        yield vores, gunicorns, fang
    finally:
        for n, (handlers, level, propagate) in foer.items():
            lg = logging.getLogger(n)
            lg.handlers[:], lg.propagate = handlers, propagate
            lg.setLevel(level)


class _Svar:
    status = "200 OK"
    headers = [("Content-Type", "text/xml; charset=utf-8"), ("X-Request-ID", "abcdefghijklmnop")]
    sent = 512


class _Anmodning:
    headers = [("HOST", "127.0.0.1:8000"), ("USER-AGENT", "proeve/1")]


_MILJOE = {"REQUEST_METHOD": "POST", "RAW_URI": "/soap/FravaerService?x=1", "SERVER_PROTOCOL": "HTTP/1.1",
           "PATH_INFO": "/soap/FravaerService", "QUERY_STRING": "x=1", "REMOTE_ADDR": "10.0.0.7",
           "HTTP_USER_AGENT": "proeve/1", "HTTP_REFERER": "http://x/"}


def _skriv(logger, monkeypatch) -> None:
    monkeypatch.setattr(logger, "now", lambda: "[04/Dec/2026:20:00:00 +0000]")
    logger.access(_Svar, _Anmodning, dict(_MILJOE), timedelta(seconds=1, microseconds=2345))


def test_with_the_access_log_on_the_line_is_gunicorns_own(adgangslog, monkeypatch):
    vores, gunicorns, fang = adgangslog
    logging.getLogger("gunicorn.access").setLevel(logging.INFO)
    for logger in (gunicorns, vores):
        _skriv(logger, monkeypatch)
    assert len(fang.linjer) == 2 and fang.linjer[0] == fang.linjer[1]
    assert fang.linjer[0].startswith(
        '10.0.0.7 - - [04/Dec/2026:20:00:00 +0000] "POST /soap/FravaerService?x=1')


def test_with_the_access_log_off_no_line_is_built(adgangslog, monkeypatch):
    vores, gunicorns, fang = adgangslog
    logging.getLogger("gunicorn.access").setLevel(logging.WARNING)  # dict_config(access_log=False)
    bygget = []
    for logger in (gunicorns, vores):
        atoms = logger.atoms
        monkeypatch.setattr(logger, "atoms", lambda *a, _atoms=atoms, _lg=logger: (
            bygget.append(_lg), _atoms(*a))[1])
        _skriv(logger, monkeypatch)
    assert fang.linjer == []
    assert bygget == [gunicorns]  # gunicorn's own builds the line it then drops; ours does not
