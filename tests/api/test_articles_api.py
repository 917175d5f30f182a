"""Article ingest over HTTP: create, idempotent re-post, update, batch, list, retract."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

ARTICLE = {
    "outlet": "Example News",
    "external_id": "cms-1",
    "title": "Council approves budget",
    "url": "https://news.example/council-budget",
    "published_at": "2024-03-05T10:00:00Z",
    "text": (
        "The council approved the budget on Tuesday.\n\n"
        "“We have balanced the books without cutting a single library,” Mayor Ana Ruiz said.\n\n"
        "Councillor Tom Hale told reporters that the vote was rushed."
    ),
}

# Every test here stores analysed articles, so the app carries the model.
pytestmark = [pytest.mark.store, pytest.mark.model, pytest.mark.usefixtures("app_with_model")]


def post(client: FlaskClient, auth: dict[str, str], body: dict[str, Any], **headers: str) -> Any:
    return client.post("/v1/articles", json=body, headers=auth | headers)


def test_create_returns_201_with_quotes_and_speakers(client: FlaskClient, auth: dict[str, str]) -> None:
    response = post(client, auth, ARTICLE)
    assert response.status_code == 201, response.get_json()
    article = response.get_json()
    assert response.headers["Location"].endswith(f"/v1/articles/{article['id']}")
    direct = [q for q in article["quotes"] if q["kind"] == "direct"]
    assert len(direct) == 1
    quote = direct[0]
    assert article["text"][quote["start"] : quote["end"]] == quote["text"]
    assert quote["speaker"]["name"] == "Ana Ruiz"
    assert quote["family"]["id"] > 0
    assert any(q["kind"] == "indirect" and "vote was rushed" in q["text"] for q in article["quotes"])


def test_same_content_again_changes_nothing(client: FlaskClient, auth: dict[str, str]) -> None:
    first = post(client, auth, ARTICLE).get_json()
    again = post(client, auth, ARTICLE)
    assert again.status_code == 200
    assert again.get_json()["quotes"] == first["quotes"]
    assert again.get_json()["updated_at"] == first["updated_at"]


def test_changed_content_updates_in_place(client: FlaskClient, auth: dict[str, str]) -> None:
    first = post(client, auth, ARTICLE).get_json()
    changed = ARTICLE | {"text": ARTICLE["text"] + "\n\n“It is a good day,” Ruiz added."}
    response = post(client, auth, changed)
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == first["id"]
    assert len(body["quotes"]) == len(first["quotes"]) + 1
    listing = client.get("/v1/articles?outlet=example%20news", headers=auth).get_json()
    assert [a["id"] for a in listing["items"]] == [first["id"]]


def test_retraction_removes_article_and_quotes(client: FlaskClient, auth: dict[str, str]) -> None:
    article = post(client, auth, ARTICLE).get_json()
    quote_id = article["quotes"][0]["id"]
    assert client.delete(f"/v1/articles/{article['id']}", headers=auth).status_code == 204
    assert client.get(f"/v1/articles/{article['id']}", headers=auth).status_code == 404
    assert client.get(f"/v1/quotes/{quote_id}", headers=auth).status_code == 404
    assert client.delete(f"/v1/articles/{article['id']}", headers=auth).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"outlet": "x"}, "json.text"),
        ({"text": "hi", "html": "<p>hi</p>", "outlet": "x"}, "json.text"),
        ({"text": "hi"}, "json.outlet"),
        ({"text": "hi", "outlet": "x", "language": "de"}, "json.language"),
        ({"text": "hi", "outlet": "x", "url": "not a url"}, "json.url"),
        ({"text": "hi", "outlet": "x", "published_at": "yesterday"}, "json.published_at"),
    ],
)
def test_bad_input_is_422_and_stores_nothing(
    client: FlaskClient, auth: dict[str, str], body: dict[str, Any], field: str
) -> None:
    response = post(client, auth, body)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert field in [e["field"] for e in response.get_json()["errors"]]
    assert client.get("/v1/articles", headers=auth).get_json()["items"] == []


def test_html_is_turned_into_text(client: FlaskClient, auth: dict[str, str]) -> None:
    html = "<article><p>“Nothing is decided,” the minister said.</p><script>var x=1;</script></article>"
    body = post(client, auth, {"outlet": "x", "external_id": "h1", "html": html}).get_json()
    assert "script" not in body["text"]
    quote = body["quotes"][0]
    assert body["text"][quote["start"] : quote["end"]] == quote["text"]


def test_idempotency_key_replays_first_response(client: FlaskClient, auth: dict[str, str]) -> None:
    first = post(client, auth, ARTICLE, **{"Idempotency-Key": "k-1"})
    second = post(client, auth, ARTICLE, **{"Idempotency-Key": "k-1"})
    assert first.status_code == second.status_code == 201
    assert second.headers["Idempotent-Replayed"] == "true"
    assert second.get_json() == first.get_json()
    other = post(client, auth, ARTICLE | {"title": "x"}, **{"Idempotency-Key": "k-1"})
    assert other.status_code == 409


def test_batch_items_succeed_or_fail_alone(client: FlaskClient, auth: dict[str, str]) -> None:
    items = [ARTICLE, {"outlet": "x"}, ARTICLE | {"external_id": "cms-2"}]
    response = client.post("/v1/articles:batch", json={"articles": items}, headers=auth)
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["status"] for r in results] == [201, 422, 201]
    assert results[1]["problem"]["errors"][0]["field"] == "text"


def test_batch_over_limit_is_413(client: FlaskClient, auth: dict[str, str]) -> None:
    items = [ARTICLE] * 51
    response = client.post("/v1/articles:batch", json={"articles": items}, headers=auth)
    assert response.status_code == 413


def test_list_paginates_with_stable_cursor(client: FlaskClient, auth: dict[str, str]) -> None:
    for i in range(3):
        post(client, auth, ARTICLE | {"external_id": f"p-{i}", "text": f"“Line {i} of it,” she said."})
    page1 = client.get("/v1/articles?limit=2", headers=auth).get_json()
    assert len(page1["items"]) == 2 and page1["next_cursor"]
    assert [a["quote_count"] for a in page1["items"]] == [1, 1]
    post(client, auth, ARTICLE | {"external_id": "late", "text": "“A late one,” he said."})
    page2 = client.get(f"/v1/articles?limit=2&cursor={page1['next_cursor']}", headers=auth).get_json()
    assert [a["external_id"] for a in page2["items"]] == ["p-0"]
    assert page2["next_cursor"] is None


def test_etag_answers_304(client: FlaskClient, auth: dict[str, str]) -> None:
    article = post(client, auth, ARTICLE).get_json()
    first = client.get(f"/v1/articles/{article['id']}", headers=auth)
    etag = first.headers["ETag"]
    again = client.get(f"/v1/articles/{article['id']}", headers=auth | {"If-None-Match": etag})
    assert again.status_code == 304


def test_quote_search_finds_words(client: FlaskClient, auth: dict[str, str]) -> None:
    post(client, auth, ARTICLE)
    hits = client.get("/v1/quotes?q=library%20books", headers=auth).get_json()["items"]
    assert len(hits) == 1 and "library" in hits[0]["text"]
    assert hits[0]["article"]["outlet"] == "Example News"
    assert client.get("/v1/quotes?q=submarine", headers=auth).get_json()["items"] == []
    assert client.get("/v1/quotes?kind=direct&outlet=example%20news", headers=auth).get_json()["items"]
