"""MasseindberetHaendelser on the wire (issue 15): its spyne message types, the mapping of the
validated Indberetning elements to the use case's registrations, and the answer writer.

The registrations reach the operation as the validated elements themselves (spyne's AnyXml):
spyne's object mapping costs tens of µs per element, and a request may hold ten thousand
registrations of a dozen elements each (as HentKvoter's employments: mapping.ident_fra_element)."""

from __future__ import annotations

from datetime import date

from spyne import AnyXml, Boolean, Integer, Unicode

from fravaer.domain.catalogue import Katalog
from fravaer.domain.employment import AnsaettelsesIdent
from fravaer.domain.events import HaendelseData
from fravaer.domain.gruppe import Gruppe
from fravaer.domain.units import til_minutter
from fravaer.service.masse import Handling, Indberetning, Resultat
from fravaer.soap import svar as s
from fravaer.soap.mapping import uuid_
from fravaer.soap.types import AnsaettelseType, HaendelseType, MeddelelseType, _mange, _Model


class ResultatType(_Model):
    _type_info = [("Nummer", Integer), ("Status", Unicode), ("Ansaettelse", AnsaettelseType),
                  ("HaendelseID", Unicode), ("Haendelse", HaendelseType),
                  ("Meddelelse", _mange(MeddelelseType))]


class MasseindberetHaendelser(_Model):
    __type_name__ = "MasseindberetHaendelser"
    _type_info = [("Indberetning", _mange(AnyXml)), ("AltEllerIntet", Boolean), ("Proeve", Boolean)]


class MasseindberetHaendelserSvar(_Model):
    __type_name__ = "MasseindberetHaendelserSvar"
    _type_info = [("Resultat", _mange(ResultatType))]


# ---------------------------------------------------------------- request


def _navn(e) -> str:
    return e.tag.rsplit("}", 1)[-1]


def _dato(tekst: str) -> date:
    """An xs:date already validated as DatoType: its first ten characters (a zone is dropped,
    as spyne's Date does for the single operations)."""
    return date.fromisoformat(tekst.strip()[:10])


def _heltal(tekst: str | None) -> int | None:
    return None if tekst is None else int(tekst.strip())


def _ident(e) -> AnsaettelsesIdent:
    felter = {_navn(b): (b.text or "").strip() for b in e}
    lbnr = felter.get("Loebenummer")
    return AnsaettelsesIdent(felter.get("Tjenestenummer") or None, felter.get("CPRNummer") or None,
                             int(lbnr) if lbnr else None)


def _gruppe(e) -> Gruppe:
    felter = {_navn(b): (b.text or "").strip() for b in e}
    return Gruppe(felter["Institution"], felter.get("Enhed"), felter.get("PKAT"), felter.get("KL"))


def indberetning(foerste) -> Indberetning:
    """One Indberetning element validated against the XSD, as AnyXml hands it over (its first
    child, or None when it is empty)."""
    if foerste is None:
        return Indberetning(None)
    felter: dict[str, object] = {}
    for b in foerste.getparent():
        if not isinstance(b.tag, str):  # a comment
            continue
        navn = _navn(b)
        if navn == "Ansaettelse":
            felter[navn] = _ident(b)
        elif navn == "Gruppe":
            felter[navn] = _gruppe(b)
        else:
            felter[navn] = b.text or ""
    data = None
    if "FastAarsagskode" in felter and "FraDato" in felter:
        tekst = felter.get
        data = HaendelseData(
            kode=tekst("FastAarsagskode").strip(), fra=_dato(tekst("FraDato")),
            til=_dato(tekst("TilDato")) if "TilDato" in felter else None,
            minutter=til_minutter(_heltal(tekst("Timer")), _heltal(tekst("Minutter"))),
            barnenummer=_heltal(tekst("Barnenummer")), ferieaar=_heltal(tekst("Ferieaar")),
            bemaerkning=tekst("Bemaerkning"), barselssag_id=uuid_(_strip(tekst("BarselssagID"))),
            arbejdsskadesag=tekst("Arbejdsskadesag"), tjenestefriaarsag=tekst("Tjenestefriaarsag"))
    return Indberetning(
        data, felter.get("Ansaettelse"), felter.get("Gruppe"), uuid_(_strip(felter.get("TransaktionsID"))),
        Handling(felter["Handling"].strip()) if "Handling" in felter else Handling.OPRET,
        uuid_(_strip(felter.get("HaendelseID"))), _heltal(felter.get("Version")))


def _strip(v: str | None) -> str | None:
    return None if v is None else v.strip()


def anmodning(r) -> tuple[list[Indberetning], bool, bool]:
    return [indberetning(e) for e in r.Indberetning or []], bool(r.AltEllerIntet), bool(r.Proeve)


# ---------------------------------------------------------------- answer


def resultat(r: Resultat, katalog: Katalog) -> str:
    dele = [f"<t:Resultat>{s.felt('Nummer', r.nummer)}{s.felt('Status', r.status.value)}"]
    if r.ansaettelse is not None:
        dele.append(s.ansaettelse("Ansaettelse", r.ansaettelse))
    hid = r.haendelse_id or (r.svar.haendelse.id if r.svar is not None else None)
    dele.append(s.felt("HaendelseID", hid))
    if r.svar is not None:
        dele.append(s.haendelse("Haendelse", r.svar.haendelse, r.svar.ansaettelse, katalog,
                                r.svar.omkostning))
    dele.append(s.meddelelser(r.meddelelser))
    dele.append("</t:Resultat>")
    return "".join(dele)


def svar(resultater: list[Resultat], katalog: Katalog):
    return s.element("MasseindberetHaendelserSvar", "".join(resultat(r, katalog) for r in resultater))
