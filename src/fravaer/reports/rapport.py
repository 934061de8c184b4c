"""The absence report (`fravaer rapport`): one self-contained HTML file — inline CSS and hand-written
inline SVG, no script and nothing fetched — with four charts: the absence percentage per month per
type, per unit, spells by length, and the trend over the last eight quarters. Each chart carries
its data twice: on its marks (data-serie, data-x, data-vaerdi) and in a table under it, so a reader
without the chart, and a test, see the same numbers. Suppressed groups are shown as suppressed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from html import escape

from fravaer.domain.maaleenheder import vis_tal
from fravaer.domain.statistik import Noegletal

BREDDE, HOEJDE = 720, 300
VENSTRE, BUND, TOP, HOEJRE = 60, 50, 20, 20
FARVER = ("#1f5f8b", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#2c3e50",
          "#b7950b", "#6c3483", "#117864", "#922b21")


@dataclass(frozen=True)
class Rapportdata:
    """What the report shows; each list is key figures as HentFravaersstatistik answers them."""

    institution: str
    fra: date
    til: date
    pr_maaned_og_type: Sequence[Noegletal]  # grouped by Type and Maaned
    pr_enhed: Sequence[Noegletal]  # grouped by Enhed
    samlet: Noegletal  # the whole period, ungrouped
    kvartaler: Sequence[Noegletal]  # grouped by Kvartal, the last eight quarters
    typenavne: dict[str, str]


def _tal(v: Fraction | None) -> str:
    return "" if v is None else vis_tal(v)


def _dansk(v: Fraction | None) -> str:
    return "undertrykt" if v is None else vis_tal(v).replace(".", ",")


def _skala(maks: Fraction | int) -> Fraction:
    """The top of the value axis: the largest value, rounded up to a round number (at least 1)."""
    maks = max(Fraction(maks), Fraction(1))
    trin = 1
    while trin * 10 < maks:
        trin *= 10
    return Fraction(-(-maks // trin) * trin)


def _akse(top: Fraction, enhed: str) -> str:
    dele = []
    for i in range(5):
        v = top * i / 4
        y = HOEJDE - BUND - (HOEJDE - BUND - TOP) * i / 4
        dele.append(f'<line x1="{VENSTRE}" x2="{BREDDE - HOEJRE}" y1="{y:.1f}" y2="{y:.1f}" class="gitter"/>'
                    f'<text x="{VENSTRE - 6}" y="{y + 4:.1f}" class="akse" text-anchor="end">'
                    f'{escape(_dansk(v))}{escape(enhed)}</text>')
    return "".join(dele)


def _y(v: Fraction, top: Fraction) -> float:
    return HOEJDE - BUND - float((HOEJDE - BUND - TOP) * v / top)


def soejler(id_: str, titel: str, punkter: Sequence[tuple[str, Fraction | None]], enhed: str = "") -> str:
    """A bar chart: one bar per (label, value); a suppressed value (None) gets no bar, a label."""
    top = _skala(max((v for _, v in punkter if v is not None), default=1))
    bredde = (BREDDE - VENSTRE - HOEJRE) / max(len(punkter), 1)
    dele = [_akse(top, enhed)]
    for i, (x, v) in enumerate(punkter):
        midte = VENSTRE + bredde * (i + 0.5)
        dele.append(f'<text x="{midte:.1f}" y="{HOEJDE - BUND + 16}" class="akse" text-anchor="middle">'
                    f'{escape(x)}</text>')
        if v is None:
            dele.append(f'<text x="{midte:.1f}" y="{HOEJDE - BUND - 6}" class="undertrykt" '
                        f'text-anchor="middle" data-serie="{escape(id_)}" data-x="{escape(x)}" '
                        f'data-undertrykt="true">undertrykt</text>')
            continue
        y = _y(v, top)
        dele.append(f'<rect x="{midte - bredde * 0.35:.1f}" y="{y:.1f}" width="{bredde * 0.7:.1f}" '
                    f'height="{HOEJDE - BUND - y:.1f}" fill="{FARVER[0]}" data-serie="{escape(id_)}" '
                    f'data-x="{escape(x)}" data-vaerdi="{_tal(v)}">'
                    f'<title>{escape(x)}: {_dansk(v)}{escape(enhed)}'
                    f'</title></rect>')
    tabel = _tabel(["", titel], [[x, _dansk(v)] for x, v in punkter])
    return _figur(id_, titel, "".join(dele), tabel)


def linjer(id_: str, titel: str, x_navne: Sequence[str], serier: Mapping[str, Sequence[Fraction | None]],
           navne: dict[str, str], enhed: str = "") -> str:
    """A line chart: one line per series over the x labels; a suppressed point breaks the line."""
    alle = [v for s in serier.values() for v in s if v is not None]
    top = _skala(max(alle, default=1))
    trin = (BREDDE - VENSTRE - HOEJRE) / max(len(x_navne), 1)
    dele = [_akse(top, enhed)]
    dele += [f'<text x="{VENSTRE + trin * (i + 0.5):.1f}" y="{HOEJDE - BUND + 16}" class="akse" '
             f'text-anchor="middle">{escape(x)}</text>' for i, x in enumerate(x_navne)]
    forklaring = []
    for n, (serie, vaerdier) in enumerate(serier.items()):
        farve = FARVER[n % len(FARVER)]
        stykker: list[list[tuple[float, float, str, Fraction]]] = []
        stykke: list[tuple[float, float, str, Fraction]] = []
        for i, v in enumerate(vaerdier):
            if v is None:
                stykker.append(stykke)
                stykke = []
                continue
            stykke.append((VENSTRE + trin * (i + 0.5), _y(v, top), x_navne[i], v))
        stykker.append(stykke)
        for s in stykker:
            if len(s) > 1:
                dele.append(f'<polyline fill="none" stroke="{farve}" stroke-width="2" points="'
                            + " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in s) + '"/>')
            dele += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{farve}" data-serie="{escape(serie)}" '
                     f'data-x="{escape(xn)}" data-vaerdi="{_tal(v)}">'
                     f'<title>{escape(navne.get(serie, serie))}, '
                     f'{escape(xn)}: {_dansk(v)}{escape(enhed)}</title></circle>' for x, y, xn, v in s]
        forklaring.append(f'<li><span class="farve" style="background:{farve}"></span>'
                          f'{escape(serie)} {escape(navne.get(serie, ""))}</li>')
    tabel = _tabel(["", *x_navne], [[f"{s} {navne.get(s, '')}".strip(), *(_dansk(v) for v in vs)]
                                    for s, vs in serier.items()])
    return _figur(id_, titel, "".join(dele), f'<ul class="forklaring">{"".join(forklaring)}</ul>' + tabel)


def _figur(id_: str, titel: str, svg: str, under: str) -> str:
    return (f'<figure class="diagram" id="{escape(id_)}"><figcaption>{escape(titel)}</figcaption>'
            f'<svg viewBox="0 0 {BREDDE} {HOEJDE}" width="{BREDDE}" height="{HOEJDE}" role="img" '
            f'aria-label="{escape(titel)}">{svg}</svg>{under}</figure>')


def _tabel(hoved: Sequence[str], raekker: Sequence[Sequence[str]]) -> str:
    return ("<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in hoved) + "</tr></thead><tbody>"
            + "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in raekker)
            + "</tbody></table>")


def _etiket(n: Noegletal) -> str:
    return n.maaned or n.kvartal or (n.enhed if n.enhed is not None else "") or "i alt"


_CSS = """body{font-family:sans-serif;margin:2em;color:#222}figure{margin:2em 0}
figcaption{font-weight:bold;margin-bottom:.5em}.gitter{stroke:#ddd}.akse{font-size:11px;fill:#444}
.undertrykt{font-size:11px;fill:#999;font-style:italic}table{border-collapse:collapse;font-size:12px;margin-top:.5em}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}
ul.forklaring{list-style:none;padding:0;font-size:12px}ul.forklaring li{display:inline-block;margin-right:1em}
.farve{display:inline-block;width:10px;height:10px;margin-right:4px}"""


def rapport_html(d: Rapportdata) -> str:
    """The report as one HTML document."""
    maaneder = sorted({n.maaned for n in d.pr_maaned_og_type if n.maaned})
    typer = sorted({n.type for n in d.pr_maaned_og_type if n.type and (n.undertrykt or n.fravaersdage)})
    pr = {(n.type, n.maaned): n for n in d.pr_maaned_og_type}
    serier = {t: [pr[(t, m)].fravaersprocent if (t, m) in pr else None for m in maaneder] for t in typer}
    s = d.samlet
    laengder = [(navn, None if s.undertrykt else Fraction(antal))
                for navn, antal in (s.efter_laengde or ())] if not s.undertrykt else [("alle", None)]
    overskrift = f"Fravær i {d.institution} {d.fra:%d-%m-%Y} – {d.til:%d-%m-%Y}"
    resume = ("<p>Gruppen er for lille til at vise tal (undertrykt).</p>" if s.undertrykt else
              f"<p>{s.medarbejdere} medarbejdere, {_dansk(s.aarsvaerk)} årsværk, fraværsprocent "
              f"{_dansk(s.fravaersprocent)} %, {_dansk(s.dage_pr_aarsvaerk)} fraværsdage pr. årsværk, "
              f"{s.forloeb} forløb; langtidssygefravær {_dansk(s.langtidsandel)} % af egen sygdom.</p>")
    dele = [
        linjer("pr-maaned-og-type", "Fraværsprocent pr. måned og type", maaneder, serier, d.typenavne, " %"),
        soejler("pr-enhed", "Fraværsprocent pr. enhed", [(_etiket(n), n.fravaersprocent) for n in d.pr_enhed],
                " %"),
        soejler("forloeb-efter-laengde", "Fraværsforløb efter længde (kalenderdage)", laengder),
        soejler("tendens", "Fraværsprocent, de seneste otte kvartaler",
                [(_etiket(n), n.fravaersprocent) for n in d.kvartaler], " %"),
    ]
    return ("<!DOCTYPE html>\n<html lang=\"da\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(overskrift)}</title><style>{_CSS}</style></head><body>"
            f"<h1>{escape(overskrift)}</h1>{resume}{''.join(dele)}"
            "<p>Definitioner: docs/STATISTIK.md. Grupper med for få medarbejdere vises som undertrykt.</p>"
            "</body></html>\n")
