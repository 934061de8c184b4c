"""What an event of an employment may refer to: the person's children and cases, and the leave
reasons of the employment's institution (its own list, or the default one)."""

from __future__ import annotations

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.katalog import AarsagsType, Katalog
from fravaer.domain.personale import Referencer, Tjenestefriaarsag
from fravaer.service.ports import UnitOfWork


def tjenestefriaarsager(uow: UnitOfWork, institution_kode: str, katalog: Katalog) -> list[Tjenestefriaarsag]:
    """The institution's leave reasons; the default list (data/tjenestefri_aarsager.csv) when
    it has none of its own."""
    egne = uow.aarsager.for_institution(institution_kode)
    if egne:
        return egne
    return [Tjenestefriaarsag(t.kode, t.tekst, t.type is AarsagsType.TJENESTEFRI_MED_LOEN)
            for t in katalog.tjenestefri]


def referencer_for(uow: UnitOfWork, a: Ansaettelse, katalog: Katalog) -> Referencer:
    return Referencer(
        boern=frozenset(uow.boern.for_personer([a.cpr])[a.cpr]),
        barselssager={s.id: s for s in uow.barselssager.for_person(a.cpr)},
        arbejdsskadesager={s.sagsnummer: s for s in uow.arbejdsskadesager.for_person(a.cpr)},
        tjenestefriaarsager={t.kode: t for t in tjenestefriaarsager(uow, a.institution_kode, katalog)},
    )
