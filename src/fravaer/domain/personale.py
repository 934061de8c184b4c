"""Employee data (DOMAIN.md §3, §11): the person behind an employment, the organisation it is
placed in, the history of the employment relationship, maternity and work-injury cases, and the
rules for events that refer to a case, a child or a leave reason."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from fravaer.domain.ansaettelse import foedselsdato_fra_cpr
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import Aarsagskode, barselstyper
from fravaer.domain.meddelelser import Meddelelse, meddelelse


class Omraade(StrEnum):
    """The areas of a Medarbejder a client can ask for."""

    PERSONDATA = "Persondata"
    ADRESSE = "Adresse"
    ORGANISATION = "Organisation"
    ARBEJDSTID = "Arbejdstid"
    ANSAETTELSESFORHOLD = "Ansaettelsesforhold"
    KOMMUNIKATION = "Kommunikation"
    MOEDETIDSPLANER = "Moedetidsplaner"
    FRAVAER = "Fravaer"


PERSONFELTER = ("fornavn", "efternavn", "adresse", "postnummer", "bynavn", "land", "email", "telefon")


@dataclass(frozen=True)
class Person:
    cpr: str
    fornavn: str | None = None
    efternavn: str | None = None
    adresse: str | None = None
    postnummer: str | None = None
    bynavn: str | None = None
    land: str | None = None
    email: str | None = None
    telefon: str | None = None

    @property
    def foedselsdato(self) -> date:
        return foedselsdato_fra_cpr(self.cpr)


_UDEN_DATA = dict.fromkeys(("cpr", *PERSONFELTER))  # Person's fields in their order, all None


def person_uden_data(cpr: str) -> Person:
    """Person(cpr): nothing known but the CPR number. Made without the frozen dataclass's
    __init__, which sets each field through object.__setattr__ (a page of HentMedarbejdere
    makes one for each of its 500 employments that has no person row)."""
    p = object.__new__(Person)
    object.__setattr__(p, "__dict__", {**_UDEN_DATA, "cpr": cpr})
    return p


@dataclass(frozen=True)
class Enhed:
    """An organisational unit of an institution; units form a tree through `overordnet`."""

    institution_kode: str
    kode: str
    navn: str
    overordnet: str | None = None  # the parent unit's kode


def enheder_under(overordnede: dict[int, int | None], rod: int) -> set[int]:
    """The unit `rod` and every unit below it, from each unit's parent (by id); a loop in the
    tree cannot make this run forever."""
    under = {rod}
    aendret = True
    while aendret:
        nye = {i for i, op in overordnede.items() if op in under} - under
        under |= nye
        aendret = bool(nye)
    return under


@dataclass(frozen=True)
class Forhold:
    """The employment relationship as it was from `gyldig_fra` (a row of its history)."""

    gyldig_fra: date
    pkat: str | None
    klasse: str | None
    stiko: str | None
    loenform: str
    ugentlige_minutter: int
    enhed: str | None
    institution_kode: str
    akko: str | None = None


@dataclass(frozen=True)
class Barselssag:
    id: str
    cpr: str
    version: int
    noegle: str  # the client's (KMD's MaternityCaseKey): unique per person
    type: str
    gyldig_fra: date
    gyldig_til: date | None = None
    forventet_foedsel: date | None = None
    faktisk_foedsel: date | None = None
    anmeldt: date | None = None
    indberettet: date | None = None
    oprettet: datetime | None = None
    aendret: datetime | None = None


@dataclass(frozen=True)
class Arbejdsskadesag:
    cpr: str
    sagsnummer: str
    ulykkesdato: date
    beskrivelse: str | None = None


@dataclass(frozen=True)
class Tjenestefriaarsag:
    kode: str
    tekst: str
    med_loen: bool


@dataclass(frozen=True)
class Referencer:
    """What an event may point at, of the person's own."""

    boern: frozenset[int] = frozenset()
    barselssager: dict[str, Barselssag] = field(default_factory=dict)
    arbejdsskadesager: dict[str, Arbejdsskadesag] = field(default_factory=dict)
    tjenestefriaarsager: dict[str, Tjenestefriaarsag] = field(default_factory=dict)


# ---------------------------------------------------------------- rules

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_TELEFON = re.compile(r"^\+?[0-9 ]{8,20}$")


def valider_kommunikation(email: str | None, telefon: str | None) -> list[Meddelelse]:
    fejl = []
    if email is not None and email != "" and not _EMAIL.match(email):
        fejl.append(meddelelse("F070", "Email"))
    if telefon is not None and telefon != "" and not _TELEFON.match(telefon):
        fejl.append(meddelelse("F071", "Telefon"))
    return fejl


def valider_barselssag(s: Barselssag) -> list[Meddelelse]:
    fejl = []
    if s.gyldig_til is not None and s.gyldig_til < s.gyldig_fra:
        fejl.append(meddelelse("F072", "GyldigTil", fra=s.gyldig_fra, til=s.gyldig_til))
    if s.type not in barselstyper():
        fejl.append(meddelelse("F073", "Type", type=s.type, tilladte=", ".join(barselstyper())))
    return fejl


def har_referencer(data: HaendelseData, kode: Aarsagskode) -> bool:
    """Does the event name anything of the person's, or does its code need it to?"""
    # plain tests, no tuple and generator: asked for every event judged (issue 15)
    return (kode.arbejdsskadesag_kraevet or kode.tjenestefri is not None or data.barnenummer is not None
            or data.barselssag_id is not None or data.arbejdsskadesag is not None
            or data.tjenestefriaarsag is not None)


def valider_referencer(data: HaendelseData, kode: Aarsagskode, ref: Referencer) -> list[Meddelelse]:
    """An event's references must be the person's own and fit the code: the child one of the
    person's children; 220/225 need a work-injury case from before the event; 130, 154 and
    400–440 may name a maternity case; a leave code needs a leave reason of the institution's
    list with the code's pay ([default] values, in data/referencer.csv)."""
    fejl = []
    if data.barnenummer is not None and data.barnenummer not in ref.boern:
        fejl.append(meddelelse("F047", "Barnenummer", barnenummer=data.barnenummer))
    if data.barselssag_id is not None:
        if not kode.barselssag_tilladt:
            fejl.append(meddelelse("F074", "BarselssagID", kode=kode.kode))
        elif data.barselssag_id not in ref.barselssager:
            fejl.append(meddelelse("F075", "BarselssagID", barselssag_id=data.barselssag_id))
    if data.arbejdsskadesag is not None:
        sag = ref.arbejdsskadesager.get(data.arbejdsskadesag)
        if not kode.arbejdsskadesag_tilladt:
            fejl.append(meddelelse("F076", "Arbejdsskadesag", kode=kode.kode))
        elif sag is None:
            fejl.append(meddelelse("F077", "Arbejdsskadesag", sagsnummer=data.arbejdsskadesag))
        elif sag.ulykkesdato > data.fra:
            fejl.append(meddelelse("F078", "Arbejdsskadesag", sagsnummer=sag.sagsnummer,
                                   dato=sag.ulykkesdato))
    elif kode.arbejdsskadesag_kraevet:
        fejl.append(meddelelse("F079", "Arbejdsskadesag", kode=kode.kode))
    if data.tjenestefriaarsag is not None:
        aarsag = ref.tjenestefriaarsager.get(data.tjenestefriaarsag)
        if kode.tjenestefri is None:
            fejl.append(meddelelse("F080", "Tjenestefriaarsag", kode=kode.kode))
        elif aarsag is None or aarsag.med_loen != (kode.tjenestefri == "med_loen"):
            fejl.append(meddelelse("F081", "Tjenestefriaarsag", aarsag=data.tjenestefriaarsag,
                                   kode=kode.kode))
    elif kode.tjenestefri is not None:
        fejl.append(meddelelse("F082", "Tjenestefriaarsag", kode=kode.kode))
    return fejl

