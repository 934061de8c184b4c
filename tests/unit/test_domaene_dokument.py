"""docs/DOMAIN.md against the code: every message code of data/meddelelser.csv has a row in the
document's code table (§14) with its severity, a rule section that exists and a source; and every
"DOMAIN.md §x" the code cites is a section of the document."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from fravaer.paths import DATA_DIR

ROD = Path(__file__).resolve().parents[2]
DOKUMENT = ROD / "docs" / "DOMAIN.md"
TABELHOVED = ["Kode", "Alvor", "Meaning", "Rule", "Source"]
# a source names a seed, a public source, or says that the project chose (and why)
KILDE = re.compile(r"\bseed 00[0-4]\b|\bproject choice\b|\bFerieloven\b|\bcircular\b")
AFSNIT = re.compile(r"§(\d+(?:\.\d+)?)")


def _meddelelser() -> dict[str, str]:
    with open(DATA_DIR / "meddelelser.csv", encoding="utf-8", newline="") as f:
        return {r["kode"]: r["alvor"] for r in csv.DictReader(f)}


def _celler(linje: str) -> list[str]:
    return [c.strip() for c in linje.strip().strip("|").split("|")]


def afsnit(tekst: str) -> set[str]:
    """The section numbers of the document's headings: '## 4. Events' -> '4', '### 6.1 Ferie' -> '6.1'."""
    return {m.group(1) for m in re.finditer(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", tekst, re.MULTILINE)}


def kodetabel(tekst: str) -> list[dict[str, str]]:
    """The rows of the table under the heading '## 14. Message codes', as dicts by column."""
    m = re.search(r"^## 14\. Message codes$", tekst, re.MULTILINE)
    if m is None:
        raise AssertionError("DOMAIN.md has no '## 14. Message codes' section")
    linjer = tekst[m.end():].splitlines()
    start = next((i for i, linje in enumerate(linjer) if linje.startswith("|")), None)
    if start is None or _celler(linjer[start]) != TABELHOVED:
        raise AssertionError(f"the code table must start with the header {TABELHOVED}")
    raekker = []
    for linje in linjer[start + 2:]:  # after the header and its |---| line
        if not linje.startswith("|"):
            break
        celler = _celler(linje)
        if len(celler) != len(TABELHOVED):
            raise AssertionError(f"a row of the code table has {len(celler)} cells: {linje}")
        raekker.append(dict(zip(TABELHOVED, celler, strict=True)))
    return raekker


@pytest.fixture(scope="module")
def tekst() -> str:
    return DOKUMENT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tabel(tekst) -> dict[str, dict[str, str]]:
    raekker = kodetabel(tekst)
    dubletter = sorted(k for k, n in Counter(r["Kode"] for r in raekker).items() if n > 1)
    assert not dubletter, f"codes twice in DOMAIN.md's table: {dubletter}"
    return {r["Kode"]: r for r in raekker}


@pytest.mark.parametrize("kode,alvor", sorted(_meddelelser().items()))
def test_every_message_code_has_a_row_with_its_severity_rule_and_source(kode, alvor, tabel, tekst):
    assert kode in tabel, f"{kode} of meddelelser.csv is missing from DOMAIN.md §14"
    raekke = tabel[kode]
    assert raekke["Alvor"] == alvor
    assert raekke["Meaning"], f"{kode} has no meaning"
    regler = AFSNIT.findall(raekke["Rule"])
    assert regler, f"{kode} points to no section (§x) of DOMAIN.md"
    assert set(regler) <= afsnit(tekst), f"{kode} points to a section DOMAIN.md does not have"
    assert KILDE.search(raekke["Source"]), f"{kode} has no source: {raekke['Source']!r}"


def test_the_table_holds_no_code_the_messages_file_does_not(tabel):
    assert sorted(set(tabel) - set(_meddelelser())) == []


def _citater() -> list[tuple[str, str]]:
    """Every 'DOMAIN.md §x' in src/ and tests/: the sections named right after it (a citation
    ends at ')', ':', ';', 'seed' or the line's end, so a seed's own § is not taken for ours)."""
    fundne = []
    for mappe in ("src", "tests"):
        for sti in sorted((ROD / mappe).rglob("*.py")):
            for nr, linje in enumerate(sti.read_text(encoding="utf-8").splitlines(), 1):
                for m in re.finditer(r"DOMAIN\.md([^):;\n]*)", linje):
                    citat = re.split(r"\bseed\b", m.group(1))[0]
                    fundne += [(f"{sti.relative_to(ROD)}:{nr}", s) for s in AFSNIT.findall(citat)]
    return fundne


def test_every_citation_of_domain_md_in_the_code_names_one_of_its_sections(tekst):
    citater = _citater()
    assert citater, "the code cites DOMAIN.md nowhere: the search is broken"
    ukendte = [f"{sted} §{s}" for sted, s in citater if s not in afsnit(tekst)]
    assert ukendte == []


@pytest.mark.parametrize("tabeltekst,fejl", [
    ("## 14. Message codes\n\n| Kode | Alvor |\n|---|---|\n| F001 | Fejl |\n", "header"),
    ("## 13. Other\n", "no '## 14"),
    ("## 14. Message codes\n\n| Kode | Alvor | Meaning | Rule | Source |\n|---|---|---|---|---|\n"
     "| F001 | Fejl | x | §4 |\n", "cells"),
])
def test_a_broken_table_is_reported_not_read_as_empty(tabeltekst, fejl):
    with pytest.raises(AssertionError, match=fejl):
        kodetabel(tabeltekst)


def test_the_table_parser_reads_rows_until_the_table_ends():
    tekst = ("## 14. Message codes\n\ntext\n\n"
             "| Kode | Alvor | Meaning | Rule | Source |\n|---|---|---|---|---|\n"
             "| F001 | Fejl | unknown code | §4 rule 12 | seed 002 §4 |\n"
             "| A001 | Advis | future sickness | §4 rule 13 | project choice: typo |\n\n"
             "| F999 | Fejl | not in the table | §4 | seed 002 |\n")
    assert [(r["Kode"], r["Alvor"], r["Rule"]) for r in kodetabel(tekst)] == [
        ("F001", "Fejl", "§4 rule 12"), ("A001", "Advis", "§4 rule 13")]
