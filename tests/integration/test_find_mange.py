"""AnsaettelseRepository.find_mange of many employments (HentKvoter's batch): on SQLite its own
statement (an employment's own fields as values, the rest as one JSON text read once per
distinct text, issue 13); every employment as find() makes it, whatever its texts hold, and the
same ones known to have no history."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from fravaer.adapters.db.unit_of_work import UnitOfWork
from fravaer.domain.ansaettelse import AnsaettelsesIdent

# texts JSON and a '|'-joined text would have to escape, and NULLs beside empty texts
_SAERLIGE = (
    ("10000001", {"klasse": 'a"b\\c|d', "feriepolitik": "æøå ∑ \t", "akko": "", "postering": None,
                  "slutdato": "2031-12-31", "fast_fridag": 4}),
    ("10000002", {"pkat": None, "stiko": "", "klasse": None, "feriepolitik": None}),
)


@pytest.mark.parametrize("saerlige", [False, True])
def test_find_mange_gives_each_employment_as_find_does(demo_engine, saerlige):
    if saerlige:
        with demo_engine.begin() as c:
            for tjnr, felter in _SAERLIGE:
                saet = ", ".join(f"{k} = :{k}" for k in felter)
                c.execute(text(f"UPDATE ansaettelse SET {saet} WHERE tjenestenummer = :tjnr"),
                          {**felter, "tjnr": tjnr})
            # a second date in one employment's history: it is not known to have none
            kolonner = ("ansaettelse_id, {}, institution_id, enhed_id, pkat, klasse, stiko, loenform, "
                        "ugentlige_minutter, registreret, akko")
            c.execute(text(
                f"INSERT INTO ansaettelseshistorik ({kolonner.format('gyldig_fra')}) "
                f"SELECT {kolonner.format(repr('2030-01-01'))} FROM ansaettelseshistorik "
                "WHERE ansaettelse_id = (SELECT id FROM ansaettelse WHERE tjenestenummer = '10000003') "
                "ORDER BY gyldig_fra LIMIT 1"))
    with UnitOfWork(demo_engine) as uow:
        tjenestenumre = {t for (t,) in uow.session.execute(text(
            "SELECT tjenestenummer FROM ansaettelse WHERE tjenestenummer IS NOT NULL"))}
    assert len(tjenestenumre) > 2
    with UnitOfWork(demo_engine) as uow:
        mange = {a.id: a for a in uow.ansaettelser.find_mange(tjenestenumre, set())}
        uden_mange = set(uow.ansaettelser.uden_forloeb)
        version = uow.referencer.version()
    enkelte, uden_enkelte = {}, set()
    for t in tjenestenumre:
        with UnitOfWork(demo_engine) as uow:
            (a,) = uow.ansaettelser.find(AnsaettelsesIdent(tjenestenummer=t))
            enkelte[a.id] = a
            uden_enkelte |= uow.ansaettelser.uden_forloeb
    assert mange == enkelte
    for a in mange.values():  # field for field, types too (a date stays a date, None None)
        assert [(k, type(v), v) for k, v in vars(a).items()] == \
            [(k, type(v), v) for k, v in vars(enkelte[a.id]).items()]
    assert uden_mange == uden_enkelte
    assert len(uden_mange) == len(mange) - (1 if saerlige else 0)
    assert version is not None
    if saerlige:
        assert {mange[i].klasse for i in mange} >= {'a"b\\c|d'}
