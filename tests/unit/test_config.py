"""The settings table (fravaer/config.py): typed, validated, one line per bad value naming the
setting, exit code 2 from the command; the same names for environment and CLI; every setting in
docs/CONFIGURATION.md with its default; secrets only from the environment."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from fravaer.cli import main
from fravaer.config import TABEL, Indstillinger, UgyldigIndstilling, _spec

ROD = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("navn", "vaerdi", "grund"), [
    ("FRAVAER_DATABASE_URL", "ikke en url", "database-URL"),
    ("FRAVAER_DATABASE_URL", "mysql://x/y", "sqlite eller postgresql"),
    ("FRAVAER_MAX_REQUEST_BYTES", "1MB", "helt tal"),
    ("FRAVAER_MAX_REQUEST_BYTES", "10", "mellem 1024"),
    ("FRAVAER_PUBLIC_URL", "fravaer.example.dk", "http(s)-adresse"),
    ("FRAVAER_WSSE_VINDUE_SEKUNDER", "-5", "mellem 1"),
    ("FRAVAER_LOG_LEVEL", "loud", "DEBUG, INFO"),
    ("FRAVAER_LOG_FORMAT", "xml", "plain, json"),
    ("FRAVAER_MIGRATE_ON_START", "maybe", "true eller false"),
    ("FRAVAER_SECRET_KEY", "a2Vy", "32 bytes"),
])
def test_a_bad_value_names_the_setting_and_what_is_wrong(navn, vaerdi, grund):
    with pytest.raises(UgyldigIndstilling) as e:
        Indstillinger.fra_miljoe({navn: vaerdi})
    tekst = str(e.value)
    assert tekst.startswith(f"{navn}: ") and grund in tekst and "\n" not in tekst


@pytest.mark.parametrize(("miljoe", "felt", "forventet"), [
    ({}, "database_url", "sqlite:///fravaer.sqlite"),
    ({"FRAVAER_MAX_REQUEST_BYTES": "2_048"}, "max_request_bytes", 2048),
    ({"FRAVAER_TILLADTE_VAERTER": " a.example, ,b.example "}, "tilladte_vaerter", ("a.example", "b.example")),
    ({"FRAVAER_WSSE_VINDUE": "60"}, "wsse_vindue_sekunder", 60),  # the older name is still read
    ({"FRAVAER_WSSE_VINDUE_SEKUNDER": "90", "FRAVAER_WSSE_VINDUE": "60"}, "wsse_vindue_sekunder", 90),
    ({"FRAVAER_LOG_LEVEL": "debug"}, "log_level", "DEBUG"),
    ({"FRAVAER_MIGRATE_ON_START": "nej"}, "migrate_on_start", False),
    ({"FRAVAER_PUBLIC_URL": ""}, "public_url", None),  # empty = unset
])
def test_values_are_read_by_their_type(miljoe, felt, forventet):
    assert getattr(Indstillinger.fra_miljoe(miljoe), felt) == forventet


def test_an_option_wins_over_the_environment_and_is_checked_the_same_way():
    i = Indstillinger.fra_miljoe({"FRAVAER_LOG_LEVEL": "INFO"}, log_level="warning")
    assert i.log_level == "WARNING"
    with pytest.raises(UgyldigIndstilling, match=r"^--log-level: "):
        Indstillinger.fra_miljoe({}, log_level="loud")
    with pytest.raises(UgyldigIndstilling, match=r"^--secret-key: gives kun i miljøet"):
        Indstillinger.fra_miljoe({}, secret_key="x")


def test_a_plain_field_is_read_by_its_annotation():
    @dataclasses.dataclass(frozen=True)
    class Ny:
        antal: int = 5
        navn: str | None = None
        til: bool = False
        frist: float = 4.5

    specs = {f.name: _spec(f) for f in dataclasses.fields(Ny)}
    assert specs["frist"].tolk("2.5") == 2.5
    for ugyldig in ("nan", "-1", "fem"):
        with pytest.raises(ValueError):
            specs["frist"].tolk(ugyldig)
    assert specs["antal"].miljoe == "FRAVAER_ANTAL" and specs["antal"].option == "--antal"
    assert specs["antal"].tolk("7") == 7 and specs["navn"].tolk("x") == "x" and specs["til"].tolk("ja")
    with pytest.raises(ValueError):
        specs["antal"].tolk("syv")


@pytest.mark.parametrize(("argumenter", "miljoe", "start"), [
    (["db", "upgrade"], {"FRAVAER_LOG_LEVEL": "loud"}, "fravaer: FRAVAER_LOG_LEVEL: "),
    (["--log-level", "loud", "db", "upgrade"], {}, "fravaer: --log-level: "),
    (["db", "upgrade"], {"FRAVAER_DATABASE_URL": "nonsens"}, "fravaer: FRAVAER_DATABASE_URL: "),
    (["db", "upgrade", "--database-url", "mysql://x/y"], {}, "fravaer: --database-url: "),
    (["user", "list", "--database", "postgresql://a:hemmelig@127.0.0.1/x"], {}, "fravaer: --database-url: "),
])
def test_the_command_prints_one_line_and_exits_2(argumenter, miljoe, start):
    r = CliRunner().invoke(main, argumenter, env=miljoe)
    assert r.exit_code == 2, r.output
    assert r.output.startswith(start) and r.output.count("\n") == 1, r.output
    assert "Traceback" not in r.output and "hemmelig" not in r.output


def test_every_setting_has_an_option_or_is_secret_and_a_row_in_the_documentation():
    dok = (ROD / "docs" / "CONFIGURATION.md").read_text(encoding="utf-8")
    hjaelp = CliRunner().invoke(main, ["--help"]).output
    for spec in TABEL:
        if spec.intern:
            continue
        assert f"`{spec.miljoe}`" in dok, spec.miljoe
        standard = "" if spec.standard in (None, ()) else str(spec.standard)
        assert standard.lower() in dok.split(f"`{spec.miljoe}`", 1)[1].split("\n", 1)[0].lower(), spec.navn
        if spec.hemmelig:
            assert spec.option not in hjaelp
        else:
            assert spec.option in hjaelp and f"`{spec.option}`" in dok


def test_no_password_as_an_argument():
    for kommando in (["user", "add", "x"], ["user", "set-password", "x"]):
        r = CliRunner().invoke(main, [*kommando, "--password", "hemmelig-1"])
        assert r.exit_code == 2 and "No such option" in r.output
