"""The login state's one statement (LoginSpaerringRepository.tilstand, login_repository._TILSTAND):
each answer from the rows of the user's and the address's keys alone, on SQLite and PostgreSQL.
It reads the keys' rows in one scan with an aggregate per value (issue 13); these cases hold the
values to what one subquery per value gave."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert

from fravaer.adapters.db.login_repository import tilstand_forespoergsel
from fravaer.adapters.db.reference_cache import VERSION
from fravaer.adapters.db.tables import LoginSpaerringRow

NU = datetime(2026, 12, 2, 12, 0)
GLEMT = NU - timedelta(hours=1)
_L = LoginSpaerringRow.__table__


def _raekke(noegle, fejl, sidste_fejl, spaerret_til=None):
    return dict(noegle=noegle, fejl=fejl, sidste_fejl=sidste_fejl, spaerret_til=spaerret_til)


TILFAELDE = [
    # (rows, keys asked (the user's first), expected (spaerret_til, fejl))
    ([], ["b:u"], (None, None)),
    ([], ["b:u", "a:x"], (None, None)),
    ([_raekke("b:u", 3, NU)], ["b:u", "a:x"], (None, 3)),
    # failures older than `glemt` are not counted; a count on the address is not the user's
    ([_raekke("b:u", 3, GLEMT - timedelta(seconds=1))], ["b:u"], (None, None)),
    ([_raekke("b:u", 3, GLEMT)], ["b:u"], (None, 3)),
    ([_raekke("a:x", 4, NU)], ["b:u", "a:x"], (None, None)),
    # a lock in force on either key; the later of two; one run out is none
    ([_raekke("b:u", 5, NU, NU + timedelta(seconds=30))], ["b:u", "a:x"], (NU + timedelta(seconds=30), 5)),
    ([_raekke("a:x", 5, NU, NU + timedelta(seconds=9))], ["b:u", "a:x"], (NU + timedelta(seconds=9), None)),
    ([_raekke("b:u", 2, NU, NU + timedelta(seconds=5)), _raekke("a:x", 6, NU, NU + timedelta(seconds=60))],
     ["b:u", "a:x"], (NU + timedelta(seconds=60), 2)),
    ([_raekke("b:u", 2, NU, NU), _raekke("a:x", 6, NU, NU - timedelta(seconds=1))],
     ["b:u", "a:x"], (None, 2)),
    # another key's lock does not count
    ([_raekke("a:y", 6, NU, NU + timedelta(seconds=60))], ["b:u", "a:x"], (None, None)),
    ([_raekke("a:y", 6, NU, NU + timedelta(seconds=60))], ["b:u"], (None, None)),
]


@pytest.mark.parametrize("dialekt", [None, "sqlite"])  # each statement on each database
@pytest.mark.parametrize("raekker,noegler,forventet", TILFAELDE)
def test_tilstand(engine, raekker, noegler, forventet, dialekt):
    with engine.begin() as c:
        if raekker:
            c.execute(insert(_L), raekker)
        version = c.execute(VERSION, {"id": 1}).scalar_one()
        stmt, parametre = tilstand_forespoergsel(noegler[0], noegler, NU, GLEMT, dialekt)
        r = c.execute(stmt, parametre).one()
        c.execute(_L.delete())
    assert (r.spaerret_til, r.fejl) == forventet
    assert r.referenceversion == version


def test_the_parameters_name_the_users_key_and_at_most_one_other():
    assert tilstand_forespoergsel("b:u", ["b:u", "a:x"], NU, GLEMT)[1]["adresse"] == "a:x"
    assert tilstand_forespoergsel("b:u", ["b:u"], NU, GLEMT)[1]["adresse"] is None
    assert tilstand_forespoergsel("b:u", ["a:x", "b:u"], NU, GLEMT)[1]["adresse"] == "a:x"
    with pytest.raises(ValueError):
        tilstand_forespoergsel("b:u", ["b:u", "a:x", "a:y"], NU, GLEMT)
