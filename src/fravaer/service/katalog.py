"""The catalogue an institution works under: the default one with its own rules on top."""

from __future__ import annotations

from datetime import date

from fravaer.domain.katalog import Katalog
from fravaer.service.ports import UnitOfWork


def institutionens_katalog(uow: UnitOfWork, standard: Katalog, institution: str, idag: date) -> Katalog:
    """The default catalogue with the institution's særregler, own registration types and the
    fixed codes it made subject to approval on top (DOMAIN.md §5.3, §17)."""
    typer = uow.egne_typer.for_institution(institution)
    return (uow.saerregler.for_institution(institution).katalog(standard, idag)
            .med_egne([t.som_aarsagskode() for t in typer.egne], typer.godkendelse))
