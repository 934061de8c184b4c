"""`fravaer.wsgi:app` under a WSGI server of the operator's choosing (issue 18 item 5): plain
gunicorn with several workers migrates the database once and serves; a bad setting stops it with
one line."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sqlalchemy import text

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.db.migrate import head_revision
from tests.server import ledig_port

ROD = Path(__file__).resolve().parents[2]


def _gunicorn(tmp_path: Path, **miljoe) -> tuple[subprocess.Popen, int]:
    port = ledig_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROD / "src"), str(ROD)]), **miljoe)
    env.pop("GUNICORN_CMD_ARGS", None)
    p = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2",
                          "fravaer.wsgi:app"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    return p, port


def test_plain_gunicorn_serves_the_app_and_it_migrates_on_start(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    p, port = _gunicorn(tmp_path, FRAVAER_DATABASE_URL=url, FRAVAER_LOG_FORMAT="json")
    try:
        slut, svar = time.monotonic() + 90, None
        while time.monotonic() < slut and p.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=30) as r:
                    svar = r.read()
                    break
            except OSError:  # not listening yet, or a worker still booting
                time.sleep(0.3)
        assert svar == b"klar\n"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/soap/KvoteService?wsdl", timeout=5) as r:
            assert r.status == 200 and b"KvoteService" in r.read()
    finally:
        p.terminate()
        ud = p.communicate(timeout=30)[0]
    e = make_engine(url)
    with e.connect() as c:
        assert [r[0] for r in c.execute(text("SELECT version_num FROM alembic_version"))] == [head_revision()]
    e.dispose()
    # the app's log format reached gunicorn's own lines in the workers
    assert '"logger": "gunicorn.error"' in ud, ud


def test_a_bad_setting_stops_the_server_with_one_line(tmp_path):
    p, _ = _gunicorn(tmp_path, FRAVAER_MAX_REQUEST_BYTES="1MB")
    ud = p.communicate(timeout=90)[0]
    assert p.returncode != 0
    assert "fravaer: FRAVAER_MAX_REQUEST_BYTES: skal være et helt tal, ikke '1MB'" in ud
    # no traceback of ours (gunicorn's arbiter may print its own when it halts on the failed boot)
    assert "/fravaer/" not in ud and "UgyldigIndstilling" not in ud
