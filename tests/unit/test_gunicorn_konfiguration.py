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
