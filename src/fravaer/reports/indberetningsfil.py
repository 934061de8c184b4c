"""The quarterly report as a file: CSV, or XML of schemas/Kvartalsindberetning.xsd. Written as the
records stream from the stored run, so a large report never sits in memory; deterministic, so a
report made again without changes is the same file byte for byte."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import BinaryIO

from lxml import etree

from fravaer.domain.indberetning import Indberetningspost
from fravaer.namespaces import TNS
from fravaer.service.indberetning import Indberetning

KOLONNER = ("institution", "aar", "kvartal", "cpr", "loebenummer", "tjenestenummer", "haendelse_id",
            "fast_aarsagskode", "type", "dst_kategori", "fra_dato", "til_dato", "aaben", "timer_pr_dag",
            "minutter_pr_dag")


def skriv_csv(ud: BinaryIO, r: Indberetning, poster: Iterable[Indberetningspost]) -> None:
    """One line per record (Indberetningspost.felter), after a header; UTF-8, "\\n" line ends.
    The run's time of making is not in the lines (it is in the XML and the CLI's summary)."""
    tekst = io.TextIOWrapper(ud, encoding="utf-8", newline="", write_through=True)
    w = csv.writer(tekst, lineterminator="\n")
    w.writerow(KOLONNER)
    k = r.koersel
    start = (k.institution, str(k.kvartal.aar), str(k.kvartal.nummer))
    for p in poster:
        w.writerow(start + p.felter())
    tekst.detach()


def _e(xf, navn: str, tekst: str) -> None:
    el = etree.Element(f"{{{TNS}}}{navn}", nsmap={None: TNS})
    el.text = tekst
    xf.write(el)


def skriv_xml(ud: BinaryIO, r: Indberetning, poster: Iterable[Indberetningspost]) -> None:
    """The Kvartalsindberetning element, record by record (lxml's incremental writer)."""
    k = r.koersel
    with etree.xmlfile(ud, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(f"{{{TNS}}}Kvartalsindberetning", nsmap={None: TNS}):
            xf.write("\n")
            for navn, v in (("Institution", k.institution), ("Aar", k.kvartal.aar),
                            ("Kvartal", k.kvartal.nummer), ("Frist", r.frist.isoformat()),
                            ("Dannet", k.dannet.isoformat().replace("+00:00", "Z")),
                            ("Koersel", k.id), ("AntalPoster", k.antal)):
                _e(xf, navn, str(v))
                xf.write("\n")
            for p in poster:
                xf.write(post_element(p))
                xf.write("\n")
    ud.write(b"\n")


def post_element(p: Indberetningspost) -> etree._Element:
    """One record as an Indberetningspost element of its own (the file's)."""
    e = etree.Element(f"{{{TNS}}}Indberetningspost", nsmap={None: TNS})
    udfyld_post(e, p)
    return e


def udfyld_post(e: etree._Element, p: Indberetningspost) -> None:
    """The children of an IndberetningspostType element, in the XSD's order (the file's and
    HentKvartalsindberetningSvar's records alike)."""
    def under(foraelder, navn: str, tekst) -> None:
        if tekst is not None:
            etree.SubElement(foraelder, f"{{{TNS}}}{navn}").text = str(tekst)

    a = etree.SubElement(e, f"{{{TNS}}}Ansaettelse")
    under(a, "Tjenestenummer", p.tjenestenummer)
    under(a, "CPRNummer", p.cpr)
    under(a, "Loebenummer", p.loebenummer)
    for navn, v in (("HaendelseID", p.haendelse_id), ("FastAarsagskode", p.kode), ("Type", p.type),
                    ("DSTKategori", p.dst_kategori), ("FraDato", p.fra.isoformat()),
                    ("TilDato", p.til.isoformat()), ("Aaben", "true" if p.aaben else "false")):
        under(e, navn, v)
    if p.minutter_pr_dag is not None:
        timer, minutter = divmod(p.minutter_pr_dag, 60)
        under(e, "TimerPrDag", timer)
        under(e, "MinutterPrDag", minutter)
