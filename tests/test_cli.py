"""The ``quotes`` command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

from service.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the CLI at a fresh SQLite file."""
    monkeypatch.setenv("QUOTES_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("QUOTES_VAR_DIR", str(tmp_path))
    return tmp_path


@pytest.mark.model
def test_extract_reads_standard_input(nlp: Language) -> None:
    result = CliRunner().invoke(main, ["extract", "-"], input="“It works,” she said.\n")
    assert result.exit_code == 0, result.output
    quotes = json.loads(result.output)["quotes"]
    assert [q["text"] for q in quotes] == ["“It works,”"]
    assert quotes[0]["speaker"]["mention"]["text"] == "she"


@pytest.mark.model
def test_extract_several_files(nlp: Language, tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(f"“Story {name} is out,” the editor said.", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert result.exit_code == 0, result.output
    assert [r["file"][-5:] for r in json.loads(result.output)] == ["a.txt", "b.txt"]


def test_db_upgrade_then_keys(env: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    created = runner.invoke(main, ["keys", "create", "--scope", "read", "--name", "cms"])
    assert created.exit_code == 0 and "qk_" in created.output
    dev = runner.invoke(main, ["keys", "dev"])
    again = runner.invoke(main, ["keys", "dev"])
    assert dev.output == again.output, "the development key is reused, not recreated"
    assert runner.invoke(main, ["keys", "create", "--scope", "root"]).exit_code != 0


def test_openapi_check_matches_committed_file() -> None:
    result = CliRunner().invoke(main, ["openapi", "check", str(ROOT / "openapi.yaml")])
    assert result.exit_code == 0, result.output


def test_openapi_check_fails_on_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "openapi.yaml"
    stale.write_text("openapi: 3.0.3\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["openapi", "check", str(stale)]).exit_code != 0
