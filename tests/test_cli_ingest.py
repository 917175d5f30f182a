"""``quotes ingest``: folders and JSONL, a progress bar and a summary, resumed by running it again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language
from sqlalchemy import select

from service.cli import main
from service.store.articles.models import Article
from service.store.db import Database

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh, migrated SQLite file the command writes to."""
    database = f"sqlite:///{tmp_path / 'ingest.sqlite3'}"
    monkeypatch.setenv("QUOTES_DATABASE_URL", database)
    monkeypatch.setenv("QUOTES_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("QUOTES_BROKER_URL", raising=False)
    assert CliRunner().invoke(main, ["db", "upgrade"]).exit_code == 0
    return database


def _articles(url: str) -> list[tuple[str, str]]:
    db = Database(url)
    try:
        with db.sessions() as session:
            return [(a.outlet.name, a.external_id) for a in session.scalars(select(Article).order_by(Article.id))]
    finally:
        db.dispose()


def test_folder_then_again_skips_what_is_stored(url: str, nlp: Language, tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    (folder / "2021").mkdir(parents=True)
    (folder / "2021" / "a.txt").write_text("“The bridge opens in May,” the mayor said.", encoding="utf-8")
    (folder / "b.html").write_text("<p>“We are not done,” said the coach.</p>", encoding="utf-8")
    first = CliRunner().invoke(main, ["ingest", str(folder)])
    assert first.exit_code == 0, first.output
    assert "2 articles (2 created, 0 updated, 0 unchanged, 0 failed), 2 quotes" in first.stdout
    assert "2/2" in first.stderr, "the progress bar is on stderr"
    assert _articles(url) == [("archive", "2021/a.txt"), ("archive", "b.html")]
    again = CliRunner().invoke(main, ["ingest", str(folder), "--processes", "2"])
    assert again.exit_code == 0, again.output
    assert "2 articles (0 created, 0 updated, 2 unchanged, 0 failed), 0 quotes" in again.stdout


def test_jsonl_reports_bad_lines_and_fails(url: str, nlp: Language, tmp_path: Path) -> None:
    lines = [
        {"outlet": "wire.example", "external_id": "w-1", "text": "“Prices will fall,” the minister said."},
        {"outlet": "wire.example"},
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(path)])
    assert result.exit_code == 1
    assert "3 articles (1 created, 0 updated, 0 unchanged, 2 failed)" in result.stdout
    assert "export.jsonl:2" in result.stderr and "export.jsonl:3: not JSON" in result.stderr
    assert _articles(url) == [("wire.example", "w-1")]
