"""The explorer's pages through Flask's test client: structure, access, CSRF and corrections."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from spacy.language import Language

from service import create_app
from service.store.access.keys import create_key
from tests.data.pledge import PLEDGE

# The pages show analysed articles, so the app carries the model.
pytestmark = [pytest.mark.store, pytest.mark.model, pytest.mark.usefixtures("app_with_model")]

PLANET = PLEDGE + "\n\nShe said that the work would start in the spring."
GAZETTE = (
    "Senator Oduya, who chairs the environment committee, spoke at the same rally.\n\n"
    "“The river will be cleaned within five years and the city will pay for every mile,” Mrs Oduya said."
)
HERALD = "“We will not close the hospital this year,” a senior health official said, asking not to be named."


def post(client: FlaskClient, auth: dict[str, str], outlet: str, text: str, when: str) -> dict[str, Any]:
    body = {"outlet": outlet, "external_id": outlet, "text": text, "published_at": when}
    response = client.post("/v1/articles", json=body, headers=auth)
    assert response.status_code == 201, response.get_json()
    return dict(response.get_json())


def token(app: Flask, *scopes: str) -> str:
    with app.extensions["quotes"].db.transaction() as session:
        return create_key(session, "pages", list(scopes))[1]


def csrf(client: FlaskClient, base_url: str = "http://localhost") -> str:
    client.get("/explore/sign-in", base_url=base_url)
    with client.session_transaction(base_url=base_url) as session:
        return str(session["csrf"])


def sign_in(client: FlaskClient, key: str) -> None:
    response = client.post("/explore/sign-in", data={"key": key, "csrf_token": csrf(client), "next": "/explore"})
    assert response.status_code == 303 and response.headers["Location"] == "/explore"


@pytest.fixture
def stories(client: FlaskClient, auth: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Three outlets' articles: one remark worded two ways, and an anonymous source."""
    return {
        "planet": post(client, auth, "Daily Planet", PLANET, "2021-07-26T18:00:00Z"),
        "gazette": post(client, auth, "Gazette", GAZETTE, "2021-07-27T09:30:00Z"),
        "herald": post(client, auth, "Herald", HERALD, "2021-07-27T11:00:00Z"),
    }


def html(client: FlaskClient, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def first_direct(story: dict[str, Any]) -> dict[str, Any]:
    return next(q for q in story["quotes"] if q["kind"] == "direct")


def test_root_leads_to_the_explorer_and_reads_need_a_key(client: FlaskClient) -> None:
    assert client.get("/").headers["Location"] == "/explore"
    response = client.get("/explore/families/1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/explore/sign-in?next=/explore/families/1"
    page = html(client, "/explore/sign-in")
    assert re.search(r'<label for="key">API key</label>\s*<input id="key" name="key" type="password"', page)
    assert 'name="csrf_token"' in page


def test_sign_in_sets_an_httponly_lax_cookie_without_the_key(app: Flask, client: FlaskClient) -> None:
    key = token(app, "read")
    assert client.post("/explore/sign-in", data={"key": key}).status_code == 400  # no CSRF token
    refused = client.post("/explore/sign-in", data={"key": "qk_wrong", "csrf_token": csrf(client)})
    assert refused.status_code == 401 and "not valid" in refused.get_data(as_text=True)
    response = client.post("/explore/sign-in", data={"key": key, "csrf_token": csrf(client), "next": "//evil.example"})
    assert response.status_code == 303 and response.headers["Location"] == "/explore"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert key not in cookie and key[3:] not in cookie
    page = html(client, "/explore")
    assert key not in page and "Sign out" in page
    over_https = app.test_client()
    response = over_https.post(
        "/explore/sign-in",
        data={"key": key, "csrf_token": csrf(over_https, "https://localhost")},
        base_url="https://localhost",
    )
    assert "Secure" in response.headers["Set-Cookie"]


def test_a_revoked_key_is_signed_out(app: Flask, client: FlaskClient) -> None:
    from datetime import UTC, datetime

    from service.store.access.keys import find_key

    key = token(app, "read")
    sign_in(client, key)
    assert client.get("/explore").status_code == 200
    with app.extensions["quotes"].db.transaction() as session:
        row = find_key(session, key)
        assert row is not None
        row.revoked_at = datetime.now(UTC)
    assert client.get("/explore").status_code == 302


def test_open_reads_need_no_sign_in_and_show_no_forms(
    database_url: str, nlp: Language, stories: dict[str, Any]
) -> None:
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "WEBHOOK_WORKER": False, "OPEN_READS": True})
    try:
        reader = app.test_client()
        speaker = first_direct(stories["planet"])["speaker"]["id"]
        page = html(reader, f"/explore/speakers/{speaker}")
        assert "Maria Oduya" in page and "/rename" not in page and "Sign in" in page
        assert reader.post(f"/explore/speakers/{speaker}/rename", data={"name": "X"}).status_code == 400
    finally:
        app.extensions["quotes"].db.dispose()


def test_search_marks_words_and_filters(app: Flask, client: FlaskClient, stories: dict[str, Any]) -> None:
    sign_in(client, token(app, "read"))
    page = html(client, "/explore?q=river+cleaned")
    assert page.count('<li class="result">') == 2
    assert "<mark>river</mark>" in page and "<mark>cleaned</mark>" in page
    assert "Daily Planet" in page and "Gazette" in page and "2021-07-26 18:00 UTC" in page
    page = html(client, "/explore?q=river&outlet=Gazette&kind=direct")
    assert page.count('<li class="result">') == 1 and "· Daily Planet ·" not in page
    page = html(client, "/explore?speaker=oduya&since=2021-07-27&until=2021-07-27")
    assert page.count('<li class="result">') >= 1
    assert "· Gazette ·" in page and "· Daily Planet ·" not in page
    page = html(client, "/explore?since=yesterday")
    assert 'role="alert"' in page and "must be a date" in page


def test_landing_lists_reprints_and_misquotes(app: Flask, client: FlaskClient, auth: dict[str, str]) -> None:
    sign_in(client, token(app, "read"))
    page = html(client, "/explore")
    for heading in ("Most reprinted, last 7 days", "Possible misquotes", "Attribution conflicts"):
        assert f">{heading}</h2>" in page
    assert "No remark was printed by two or more outlets in the last 7 days." in page
    now = datetime.now(UTC)
    said = "“The tram line will open within {} years and every stop will have a lift,” Mayor Ana Ruiz said on Monday."
    post(client, auth, "Courier", said.format("two"), (now - timedelta(days=1)).isoformat())
    post(client, auth, "Ledger", said.format("three"), (now - timedelta(days=2)).isoformat())
    post(client, auth, "Old News", "“We will sell the old depot,” Mayor Ana Ruiz said.", "2020-01-01T00:00:00Z")
    page = html(client, "/explore")
    reprinted = page[page.index("reprinted-h") : page.index("misquotes-h")]
    misquotes = page[page.index("misquotes-h") : page.index("conflicts-h")]
    assert "tram line" in reprinted and "2 outlets" in reprinted and "old depot" not in reprinted
    assert "tram line" in misquotes


def test_family_page_diffs_each_wording(app: Flask, client: FlaskClient, stories: dict[str, Any]) -> None:
    sign_in(client, token(app, "read"))
    quote = first_direct(stories["gazette"])
    family_id = quote["family"]["id"]
    page = html(client, f"/explore/families/{family_id}")
    assert "Canonical wording" in page and "How it was chosen:" in page
    assert re.search(r"<del>up</del>", page) and re.search(r"<del>last</del>", page)
    assert ">Daily Planet</strong>" in page and ">Gazette</strong>" in page
    assert f"/explore/articles/{quote['article_id']}#q{quote['id']}" in page
    assert "/merge" not in page  # a read key sees no correction forms
    assert "Paraphrases" not in page or "Reported speech" in page


def test_article_page_highlights_quotes_at_their_offsets(
    app: Flask, client: FlaskClient, stories: dict[str, Any]
) -> None:
    sign_in(client, token(app, "read"))
    story = stories["planet"]
    page = html(client, f"/explore/articles/{story['id']}")
    direct = first_direct(story)
    text = PLANET[direct["start"] : direct["end"]]
    assert re.search(
        rf'<mark class="q q-direct" id="q{direct["id"]}">.*?<a href="/explore/families/{direct["family"]["id"]}"'
        rf' class="quote-link">{re.escape(text)}</a></mark><sup class="who"><a href="/explore/speakers/'
        rf'{direct["speaker"]["id"]}">Maria Oduya</a></sup>',
        page,
    )
    assert '<span class="cue">said</span>' in page and '<span class="mention">Senator Maria Oduya</span>' in page
    assert 'class="q q-indirect"' in page


def test_speaker_pages_name_timeline_and_anonymous(app: Flask, client: FlaskClient, stories: dict[str, Any]) -> None:
    sign_in(client, token(app, "read"))
    oduya = first_direct(stories["planet"])["speaker"]["id"]
    page = html(client, f"/explore/speakers/{oduya}")
    assert "<h1>Maria Oduya</h1>" in page and "Senator" in page
    assert page.index('datetime="2021-07-26"') < page.index('datetime="2021-07-27"')
    assert "Daily Planet" in page and "Gazette" in page and "Their remarks across outlets" in page
    anonymous = first_direct(stories["herald"])["speaker"]
    page = html(client, f"/explore/speakers/{anonymous['id']}")
    assert "Anonymous source" in page and "not an identified person" in page


def test_corrections_need_csrf_and_write(app: Flask, client: FlaskClient, stories: dict[str, Any]) -> None:
    oduya = first_direct(stories["planet"])["speaker"]["id"]
    sign_in(client, token(app, "read"))
    refused = client.post(f"/explore/speakers/{oduya}/rename", data={"name": "M. Oduya", "csrf_token": csrf(client)})
    assert refused.status_code == 403 and "write scope" in refused.get_data(as_text=True)
    sign_in(client, token(app, "read", "write"))
    forged = client.post(f"/explore/speakers/{oduya}/rename", data={"name": "M. Oduya", "csrf_token": "guess"})
    assert forged.status_code == 400
    done = client.post(f"/explore/speakers/{oduya}/rename", data={"name": "M. Oduya", "csrf_token": csrf(client)})
    assert done.status_code == 303 and done.headers["Location"] == f"/explore/speakers/{oduya}"
    assert "<h1>M. Oduya</h1>" in html(client, done.headers["Location"])
    auth = {"Authorization": f"Bearer {token(app, 'read')}"}
    assert client.get(f"/v1/speakers/{oduya}", headers=auth).get_json()["name"] == "M. Oduya"


def test_family_split_and_merge_through_forms(app: Flask, client: FlaskClient, stories: dict[str, Any]) -> None:
    sign_in(client, token(app, "read", "write"))
    quote = first_direct(stories["gazette"])
    family_id = quote["family"]["id"]
    page = html(client, f"/explore/families/{family_id}")
    assert f'action="/explore/families/{family_id}/merge"' in page and 'name="other_id"' in page
    # The split form offers each quote of the family, this one among them.
    assert f'action="/explore/families/{family_id}/split"' in page
    assert 'name="quote_id"' in page and f'<option value="{quote["id"]}">' in page
    split = client.post(
        f"/explore/families/{family_id}/split", data={"quote_id": quote["id"], "csrf_token": csrf(client)}
    )
    assert split.status_code == 303
    new_id = int(split.headers["Location"].rsplit("/", 1)[1])
    assert new_id != family_id
    merged = client.post(f"/explore/families/{family_id}/merge", data={"other_id": new_id, "csrf_token": csrf(client)})
    assert merged.headers["Location"] == f"/explore/families/{family_id}"
    assert ">Gazette</strong>" in html(client, merged.headers["Location"])
    missing = client.post(f"/explore/families/{family_id}/merge", data={"other_id": 999999, "csrf_token": csrf(client)})
    assert missing.status_code == 303
    assert "Not changed" in html(client, missing.headers["Location"])


def test_unknown_pages_are_html_404s(app: Flask, client: FlaskClient) -> None:
    sign_in(client, token(app, "read"))
    assert "There is no family 424242." in html(client, "/explore/families/424242", 404)
    assert "There is no speaker 7." in html(client, "/explore/speakers/7", 404)


def test_docs_and_assets_are_served_by_the_app(client: FlaskClient) -> None:
    docs = client.get("/docs").get_data(as_text=True)
    assert '<script src="/explore/static/vendor/redoc/redoc.standalone.js">' in docs
    assert "https://" not in docs and "http://" not in docs
    bundle = client.get("/explore/static/vendor/redoc/redoc.standalone.js")
    assert bundle.status_code == 200 and bundle.content_length and bundle.content_length > 500_000
    bundle.close()
    assert "MIT License" in client.get("/explore/static/vendor/redoc/LICENSE").get_data(as_text=True)
    page = client.get("/explore/sign-in")
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert not re.search(r'(src|href)="(https?:)?//', page.get_data(as_text=True))


def test_search_ranks_the_closest_match_first(app: Flask, client: FlaskClient, auth: dict[str, str]) -> None:
    loose = (
        "“The hospital board met on Monday and talked about parking, the budget, the new wing, the staff "
        "rota and the cafeteria for most of the evening,” the chairman, Tom Hale, said."
    )
    close = "“The hospital stays open, the hospital stays here,” Mayor Ana Ruiz said."
    post(client, auth, "Courier", close, "2021-07-25T08:00:00Z")
    post(client, auth, "Ledger", loose, "2021-07-28T08:00:00Z")  # newer, so id order alone would put it first
    sign_in(client, token(app, "read"))
    page = html(client, "/explore?q=hospital")
    assert page.count('<li class="result">') == 2
    assert page.index("stays open") < page.index("parking")
