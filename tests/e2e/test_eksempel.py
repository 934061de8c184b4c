"""examples/zeep_klient.py, the README's example, runs against the real server."""

from __future__ import annotations

import runpy

from tests.e2e.conftest import ROD


def test_the_example_client_runs(server, capsys):
    eksempel = runpy.run_path(str(ROD / "examples" / "zeep_klient.py"))
    eksempel["main"](server.url)
    ud = capsys.readouterr().out
    assert "oprettet:" in ud and "slettet:" in ud and "afvist: F011" in ud
    assert "ændringer: Opret Ret Slet" in ud
    assert "kvote: Ferie" in ud and "afholdt 15.00" in ud  # by 1 August: the 15 days of 6–24 July
