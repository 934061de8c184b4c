"""PostgreSQL's locking finds of an employment (AnsaettelseRepository.find / af_haendelse with
`laas`) do not count the history's dates: _en does not trust a count read before the lock waited
(efter_laasen reads it after), so the count was the server's work for nothing (issue 13)."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql

from fravaer.adapters.db import repository as r


def test_the_locking_finds_on_postgresql_are_the_finds_without_the_count():
    laaste = {**r._ANSAETTELSE_LAAST, r._ANSAETTELSE_AF_HAENDELSE: r._ANSAETTELSE_AF_HAENDELSE_LAAST}
    assert set(r._ANSAETTELSE_LAAST_PG) == set(laaste)
    for q, pg in r._ANSAETTELSE_LAAST_PG.items():
        tekst, med = (" ".join(str(s.compile(dialect=postgresql.dialect())).split()) for s in (pg, laaste[q]))
        assert "ansaettelseshistorik" in med and "ansaettelseshistorik" not in tekst
        assert tekst.endswith("FOR UPDATE OF ansaettelse")
        # the same columns in the same positions (_en reads them by position), the same conditions
        assert list(pg.selected_columns.keys()) == list(laaste[q].selected_columns.keys())
        assert tekst.split(" FROM ansaettelse JOIN ")[1] == med.split(" FROM ansaettelse JOIN ")[1]
