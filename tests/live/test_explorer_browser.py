"""The explorer in a real browser (Debian's Chromium driven by Playwright) against the live gunicorn server.

Without Chromium or Playwright these tests skip with the reason, unless QUOTES_REQUIRE_BROWSER=1
(CI sets it), when they fail instead. QUOTES_SCREENSHOTS=1 saves the four pages under docs/.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.live.conftest import ROOT, LiveServer, create_token, serve

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = ROOT / "docs" / "screenshots"


def _unavailable(reason: str) -> None:
    if os.environ.get("QUOTES_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests cannot run: {reason} (QUOTES_REQUIRE_BROWSER=1)")
    pytest.skip(f"browser tests skipped: {reason}; install Chromium (apt-get install chromium) and playwright")


def _executable() -> str | None:
    wanted = os.environ.get("QUOTES_CHROMIUM")
    if wanted:
        return wanted if Path(wanted).exists() else None
    return next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser")) if p), None)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium, or a skip (a failure under QUOTES_REQUIRE_BROWSER=1) when it is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    executable = _executable()
    if executable is None:
        _unavailable("no chromium executable on PATH (or QUOTES_CHROMIUM)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def explorer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A live server of its own holding the five seed articles, one outlet each."""
    with serve(tmp_path_factory.mktemp("explorer")) as live:
        for path in sorted((ROOT / "seeds").glob("*.txt")):
            body = {"outlet": f"outlet-{path.stem[:3]}", "external_id": path.stem, "text": path.read_text("utf-8")}
            r = requests.post(live.url + "/v1/articles", json=body, headers=live.auth, timeout=120)
            assert r.status_code == 201, r.text
        yield live


@pytest.fixture
def page(browser: Any, explorer: LiveServer) -> Iterator[Any]:
    """A fresh browser context at 1400 px that may reach only the live server."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=explorer.url)
    # Offline by construction: any request leaving the server fails the page's load.
    context.route(re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*"), lambda route: route.abort())
    tab = context.new_page()
    yield tab
    context.close()


def sign_in(page: Any, token: str) -> None:
    """Sign in through the form."""
    page.goto("/explore")
    assert "/explore/sign-in" in page.url
    page.get_by_label("API key").fill(token)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def _shot(page: Any, name: str, *, full_page: bool = True) -> None:
    if os.environ.get("QUOTES_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def _speaker_id(explorer: LiveServer, name: str) -> int:
    found = requests.get(explorer.url + "/v1/speakers", params={"q": name}, headers=explorer.auth, timeout=10)
    return int(found.json()["items"][0]["id"])


def test_search_finds_mission_accomplished(page: Any, explorer: LiveServer) -> None:
    sign_in(page, create_token(explorer, "read"))
    page.get_by_label("Words").fill("mission accomplished")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    results = page.locator("li.result")
    assert results.count() >= 1
    assert [m.lower() for m in results.first.locator("mark").all_inner_texts()] == ["mission", "accomplished"]
    _shot(page, "search")


def _first_result(page: Any, query: str, link: str) -> None:
    """Search for ``query`` and follow the first result's ``link`` ("family" or "article")."""
    page.goto(f"/explore?q={query}")
    with page.expect_navigation():
        page.locator("li.result").first.get_by_role("link", name=link).click()


def test_family_page_marks_differing_words(page: Any, explorer: LiveServer) -> None:
    sign_in(page, create_token(explorer, "read"))
    _first_result(page, "our+role+in+iraq", "family")
    assert re.search(r"/explore/families/\d+$", page.url)
    assert page.locator("article.wording ins, article.wording del").count() >= 1
    outlets = set(page.locator("article.wording .occurrences strong").all_inner_texts())
    assert len(outlets) >= 4, outlets
    _shot(page, "family")
    page.set_viewport_size({"width": 390, "height": 844})
    # On a phone the page is one column: nothing runs off the right edge.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _shot(page, "family-phone", full_page=False)


def test_quote_on_article_page_leads_to_its_family(page: Any, explorer: LiveServer) -> None:
    sign_in(page, create_token(explorer, "read"))
    _first_result(page, "mission+accomplished", "article")
    assert re.search(r"/explore/articles/\d+", page.url)
    _shot(page, "article")
    quote = page.locator("a.quote-link").first
    text = quote.inner_text()
    with page.expect_navigation():
        quote.click()
    assert re.search(r"/explore/families/\d+$", page.url)
    words = page.locator("article.wording .diff").all_inner_texts()
    assert any(text.split()[1] in w for w in words), (text, words)


def test_sign_in_and_rename_a_speaker(page: Any, explorer: LiveServer) -> None:
    speaker_id = _speaker_id(explorer, "biden")
    sign_in(page, create_token(explorer, "read", "write"))
    page.goto(f"/explore/speakers/{speaker_id}")
    _shot(page, "speaker")
    original = page.locator("h1").inner_text()
    page.get_by_label("Rename").fill("Joseph R. Biden Jr.")
    with page.expect_navigation():
        page.get_by_role("button", name="Rename").click()
    assert page.locator("h1").inner_text() == "Joseph R. Biden Jr."
    assert page.get_by_role("status").inner_text() == "Renamed."
    stored = requests.get(f"{explorer.url}/v1/speakers/{speaker_id}", headers=explorer.auth, timeout=10).json()
    assert stored["name"] == "Joseph R. Biden Jr."
    page.get_by_label("Rename").fill(original)
    with page.expect_navigation():
        page.get_by_role("button", name="Rename").click()
    assert page.locator("h1").inner_text() == original


def test_a_read_only_key_cannot_correct(page: Any, explorer: LiveServer) -> None:
    speaker_id = _speaker_id(explorer, "biden")
    sign_in(page, create_token(explorer, "read"))
    page.goto(f"/explore/speakers/{speaker_id}")
    assert page.get_by_label("Rename").count() == 0
    # Post the form anyway, with this session's valid CSRF token: the server refuses it.
    with page.expect_navigation():
        page.evaluate(
            """([action]) => {
                const form = document.createElement('form');
                form.method = 'post'; form.action = action;
                for (const [k, v] of [['name', 'Someone Else'], ['csrf_token',
                    document.querySelector('input[name=csrf_token]').value]]) {
                  const input = document.createElement('input'); input.name = k; input.value = v; form.append(input);
                }
                document.body.append(form); form.submit();
            }""",
            [f"/explore/speakers/{speaker_id}/rename"],
        )
    assert "write scope" in page.locator("main").inner_text()
    stored = requests.get(f"{explorer.url}/v1/speakers/{speaker_id}", headers=explorer.auth, timeout=10).json()
    assert stored["name"] != "Someone Else"


def test_a_wrong_key_is_refused_at_sign_in(page: Any) -> None:
    sign_in(page, "qk_not-a-real-key")
    assert "/explore/sign-in" in page.url
    assert page.get_by_role("alert").inner_text().startswith("That key is not valid")


def test_docs_render_offline(page: Any) -> None:
    page.goto("/")
    assert page.url.endswith("/explore/sign-in?next=/explore")
    page.goto("/docs")
    page.get_by_role("heading", name=re.compile("Quote Attribution API")).first.wait_for(timeout=30_000)


def test_every_page_fits_a_phone(page: Any, explorer: LiveServer) -> None:
    sign_in(page, create_token(explorer, "read", "write"))
    page.set_viewport_size({"width": 390, "height": 844})
    speaker_id = _speaker_id(explorer, "biden")
    page.goto("/explore?q=our+role+in+iraq")
    family = page.locator("li.result").first.get_by_role("link", name="family").get_attribute("href")
    article = page.locator("li.result").first.get_by_role("link", name="article").get_attribute("href")
    for path in ("/explore", "/explore?q=iraq", family, article, f"/explore/speakers/{speaker_id}", "/explore/sign-in"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
