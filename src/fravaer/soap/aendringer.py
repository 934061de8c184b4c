"""HentAendringer on the wire (issue 19 item 1): the request mapped to the feed's use case, the
answer written as text in schemas/FravaerService.xsd's order (AendringType)."""

from __future__ import annotations

from collections.abc import Iterator

from fravaer.domain.aendringer import Aendring, Art
from fravaer.service.aendringer import Aendringsside, hent_aendringer
from fravaer.soap import svar as s


def side(engine, bruger, r) -> Aendringsside:
    return hent_aendringer(engine, bruger, fortsaettelse=r.Fortsaettelse, fra_tidspunkt=r.FraTidspunkt,
                           institution=r.Institution, enhed=r.Enhed, arter=[Art(a) for a in r.Art],
                           maks=r.MaksAntal)


def svar(side: Aendringsside):
    return s.element("HentAendringerSvar", "".join(_aendring(a, side) for a in side.aendringer)
                     + s.felt("Fortsaettelse", side.fortsaettelse) + s.felt("Flere", side.flere))


def _aendring(a: Aendring, side: Aendringsside) -> str:
    ansaettelse = side.ansaettelser.get(a.ansaettelse_id) if a.ansaettelse_id is not None else None
    return "".join([
        "<t:Aendring>", s.felt("Art", a.art.value), s.felt("Handling", a.handling),
        s.felt("Noegle", a.noegle),
        s.felt("Institution", a.institution), s.felt("Enhed", a.enhed),
        s.ansaettelse("Ansaettelse", ansaettelse) if ansaettelse is not None else "",
        s.felt("Bruger", a.bruger), s.felt("Tidspunkt", a.tidspunkt),
        s.felt("TransaktionsID", a.transaktions_id),
        _indhold("Foer", a.foer), _indhold("Efter", a.efter), "</t:Aendring>"])


def _indhold(navn: str, v: dict | None) -> str:
    if v is None:
        return ""
    felter = "".join(f"<t:Felt>{s.felt('Navn', k)}{s.felt('Vaerdi', x)}</t:Felt>" for k, x in _flade(v))
    return f"<t:{navn}>{felter}</t:{navn}>"


def _flade(v, forstavelse: str = "") -> Iterator[tuple[str, object]]:
    """The object's fields as (name, value): nested ones named with dots (konti.0.disponibel)."""
    if isinstance(v, dict):
        for k in sorted(v):
            yield from _flade(v[k], f"{forstavelse}{k}" if not forstavelse else f"{forstavelse}.{k}")
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from _flade(x, f"{forstavelse}.{i}")
    else:
        yield forstavelse, v
