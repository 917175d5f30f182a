"""Every bad input of the hardening probe is a 4xx problem on each backend, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from service.store.base import Base

pytestmark = pytest.mark.store

ARTICLE = {
    "outlet": "Harbour Gazette",
    "external_id": "hg-1",
    "published_at": "2024-05-02T08:00:00+02:00",
    "text": "“The bridge will reopen in June,” Mayor Lena Ortiz said on Thursday.",
}
BIG = 2**31 + 7

# (method, path, body or None, expected status): each bad input on its own line.
BAD_REQUESTS: list[tuple[str, str, Any, int]] = [
    ("GET", "/v1/quotes?cursor=zzzzzzzzzzzzz", None, 200),
    ("GET", "/v1/articles?cursor=zzzzzzzzzzzzz", None, 200),
    ("GET", "/v1/families?cursor=zzzzzzzzzzzzz", None, 200),
    ("GET", "/v1/speakers?cursor=zzzzzzzzzzzzz", None, 200),
    ("GET", f"/v1/quotes?speaker={BIG}", None, 200),
    ("GET", f"/v1/families?speaker={BIG}", None, 200),
    ("GET", f"/v1/quotes?speaker={2**63}", None, 422),
    ("GET", f"/v1/articles/{BIG}", None, 404),
    ("GET", f"/v1/speakers/{BIG}/quotes", None, 404),
    ("GET", f"/v1/families/{2**63}", None, 404),
    ("GET", "/v1/families?min_outlets=1e20", None, 422),
    ("GET", f"/v1/families?min_outlets={10**20}", None, 422),
    ("GET", "/v1/quotes?limit=1e3", None, 422),
    ("POST", f"/v1/families/{BIG}/merge", {"other_id": BIG + 1}, 404),
    # NUL and other C0 controls, in bodies and query strings
    ("POST", "/v1/articles", ARTICLE | {"text": "“Yes,\x00” she said."}, 422),
    ("POST", "/v1/articles", ARTICLE | {"text": "“Yes,\x0b” she said."}, 422),
    ("POST", "/v1/articles", ARTICLE | {"outlet": "Harbour\x00Gazette"}, 422),
    ("POST", "/v1/articles", ARTICLE | {"outlet": "Harbour\nGazette"}, 422),
    ("POST", "/v1/articles", ARTICLE | {"external_id": "hg\x00-1"}, 422),
    ("POST", "/v1/extract", {"text": "“No,\x00” he said."}, 422),
    ("GET", "/v1/quotes?q=bridge%00", None, 422),
    ("GET", "/v1/quotes?outlet=%00", None, 422),
    ("GET", "/v1/articles?external_id=a%00b", None, 422),
    ("GET", "/v1/speakers?q=%1f", None, 422),
    ("GET", "/v1/families?q=%00", None, 422),
    # timestamps that are valid ISO 8601 but leave the range once converted to UTC
    ("POST", "/v1/articles", ARTICLE | {"published_at": "0001-01-01T00:00:00+14:00"}, 422),
    ("POST", "/v1/articles", ARTICLE | {"published_at": "9999-12-31T23:59:59-14:00"}, 422),
    ("GET", "/v1/quotes?since=0001-01-01T00:00:00%2B14:00", None, 422),
    ("GET", "/v1/articles?until=9999-12-31T23:59:59-14:00", None, 422),
    # empty articles
    ("POST", "/v1/articles", ARTICLE | {"text": ""}, 422),
    ("POST", "/v1/articles", ARTICLE | {"text": " \n\t "}, 422),
    ("POST", "/v1/articles", {"outlet": "Harbour Gazette", "html": "<div>" * 500 + "</div>" * 500}, 422),
    # strict integers, self-merges, unknown query parameters
    ("POST", "/v1/families/1/merge", {"other_id": 2.5}, 422),
    ("POST", "/v1/families/1/merge", {"other_id": "2"}, 422),
    ("POST", "/v1/families/1/merge", {"other_id": True}, 422),
    ("POST", "/v1/speakers/1/merge", {"other_id": "2"}, 422),
    ("POST", "/v1/families/1/split", {"quote_id": 1.0}, 422),
    ("POST", "/v1/families/1/merge", {"other_id": 1}, 422),
    ("POST", "/v1/speakers/1/merge", {"other_id": 1}, 422),
    ("GET", "/v1/quotes?speakr=1", None, 422),
    ("GET", "/v1/families?minoutlets=2", None, 422),
    # a query argument given twice: no silent choice of one of the values
    ("GET", "/v1/speakers?q=&q=Psaki", None, 422),
    ("GET", "/v1/quotes?limit=5&limit=50", None, 422),
]


def _bump_sequences(app: Flask) -> None:
    # PostgreSQL: every new row gets an id above 2**31 - 1, as in a long-lived production store.
    db = app.extensions["quotes"].db
    if db.dialect != "postgresql":
        return
    with db.engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            if "id" in table.columns and table.columns["id"].primary_key:
                seq = conn.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name})
                if seq:
                    conn.execute(text("SELECT setval(:s, :v)"), {"s": seq, "v": BIG})


@pytest.fixture
def stored(app_with_model: Flask, client: FlaskClient, auth: dict[str, str]) -> dict[str, Any]:
    """One article stored (analysed by the model) with ids above 2**31 on PostgreSQL."""
    _bump_sequences(app_with_model)
    response = client.post("/v1/articles", json=ARTICLE, headers=auth)
    assert response.status_code == 201, response.get_json()
    article: dict[str, Any] = response.get_json()
    return article


def test_ids_above_32_bits_round_trip(stored: dict[str, Any], client: FlaskClient, auth: dict[str, str]) -> None:
    quote = stored["quotes"][0]
    speaker, family = quote["speaker"]["id"], quote["family"]["id"]
    for path in (
        f"/v1/articles/{stored['id']}",
        f"/v1/quotes/{quote['id']}",
        f"/v1/speakers/{speaker}",
        f"/v1/families/{family}",
        f"/v1/quotes?speaker={speaker}",
        f"/v1/families?speaker={speaker}",
    ):
        assert client.get(path, headers=auth).status_code == 200, path
    if client.application.extensions["quotes"].db.dialect == "postgresql":
        assert min(stored["id"], quote["id"], speaker, family) > 2**31


@pytest.mark.parametrize(("method", "path", "body", "status"), BAD_REQUESTS, ids=lambda v: str(v)[:60])
def test_bad_input_is_a_clean_4xx(
    stored: dict[str, Any], client: FlaskClient, auth: dict[str, str], method: str, path: str, body: Any, status: int
) -> None:
    before = client.get("/v1/articles", headers=auth).get_json()["items"]
    response = client.open(path, method=method, json=body, headers=auth)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    if status >= 400:
        assert response.content_type == "application/problem+json"
    assert client.get("/v1/articles", headers=auth).get_json()["items"] == before


def test_batch_gives_every_item_its_own_result(
    stored: dict[str, Any], client: FlaskClient, auth: dict[str, str]
) -> None:
    second = ARTICLE | {"external_id": "hg-2", "text": "“Tolls stay,” the council said."}
    items = [second, 7, ARTICLE | {"external_id": "hg-3", "text": "  "}, ["x"], {"outlet": "x", "html": "<p></p>"}]
    items.append(ARTICLE | {"external_id": "hg-4", "outlet": "a\x00b"})
    items.append(ARTICLE | {"external_id": "hg-5", "text": "“Soon,” she said."})
    response = client.post("/v1/articles:batch", json={"articles": items}, headers=auth)
    assert response.status_code == 200, response.get_json()
    results = response.get_json()["results"]
    assert [r["status"] for r in results] == [201, 422, 422, 422, 422, 422, 201]
    assert [r["index"] for r in results] == list(range(len(items)))
    assert results[2]["problem"]["type"].endswith("/empty-article")
    assert all(r["problem"]["status"] == r["status"] for r in results if r["problem"])
    listed = {a["external_id"] for a in client.get("/v1/articles", headers=auth).get_json()["items"]}
    assert listed == {"hg-1", "hg-2", "hg-5"}


def test_if_match_guards_corrections(stored: dict[str, Any], client: FlaskClient, auth: dict[str, str]) -> None:
    speaker = stored["quotes"][0]["speaker"]["id"]
    tag = client.get(f"/v1/speakers/{speaker}", headers=auth).headers["ETag"]
    stale = client.patch(f"/v1/speakers/{speaker}", json={"name": "L. Ortiz"}, headers=auth | {"If-Match": '"0"'})
    assert stale.status_code == 412
    assert stale.content_type == "application/problem+json"
    ok = client.patch(f"/v1/speakers/{speaker}", json={"name": "L. Ortiz"}, headers=auth | {"If-Match": tag})
    assert ok.status_code == 200
    again = client.patch(f"/v1/speakers/{speaker}", json={"name": "Lena Ortiz"}, headers=auth | {"If-Match": tag})
    assert again.status_code == 412
    family = stored["quotes"][0]["family"]["id"]
    assert client.get(f"/v1/families/{family}", headers=auth).headers["ETag"]
    split = client.post(
        f"/v1/families/{family}/split",
        json={"quote_id": stored["quotes"][0]["id"]},
        headers=auth | {"If-Match": '"stale"'},
    )
    assert split.status_code == 412


def test_json_is_utf8_without_escapes(stored: dict[str, Any], client: FlaskClient, auth: dict[str, str]) -> None:
    raw = client.get(f"/v1/articles/{stored['id']}", headers=auth).get_data()
    assert "“The bridge".encode() in raw
    assert b"\\u201c" not in raw


def test_a_database_that_stays_busy_is_503_with_retry_after(app: Flask) -> None:
    from service.api.problems import handle_unexpected
    from service.errors import StoreBusyError

    with app.test_request_context("/v1/articles", method="POST"):
        response = handle_unexpected(StoreBusyError("deadlock detected"))
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 1
    assert response.get_json(force=True)["type"].endswith("/database-busy")
