"""Editors' corrections through the API, and that they survive re-ingesting an article."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.data.pledge import PLEDGE

# Every test here stores analysed articles, so the app carries the model.
pytestmark = [pytest.mark.store, pytest.mark.model, pytest.mark.usefixtures("app_with_model")]

FIRST = PLEDGE
SECOND = (
    "Oduya, who chairs the environment committee, repeated the pledge.\n\n"
    "“The river will be cleaned within five years and the city will pay for every last mile,” Mrs Oduya said."
)
OTHER = "“Our schools need new roofs before the winter comes and the council has the money for it,” Tom Hale said."


def post(client: FlaskClient, auth: dict[str, str], outlet: str, text: str, ext: str = "a") -> dict[str, Any]:
    response = client.post("/v1/articles", json={"outlet": outlet, "external_id": ext, "text": text}, headers=auth)
    assert response.status_code in (200, 201), response.get_json()
    return dict(response.get_json())


def test_rename_merge_and_split_speakers_survive_reingest(client: FlaskClient, auth: dict[str, str]) -> None:
    a = post(client, auth, "one", FIRST)
    b = post(client, auth, "two", OTHER)
    oduya = a["quotes"][0]["speaker"]["id"]
    hale = b["quotes"][0]["speaker"]["id"]
    renamed = client.patch(f"/v1/speakers/{oduya}", json={"name": "Sen. Maria Oduya"}, headers=auth)
    assert renamed.status_code == 200 and renamed.get_json()["name"] == "Sen. Maria Oduya"

    merged = client.post(f"/v1/speakers/{oduya}/merge", json={"other_id": hale}, headers=auth)
    assert merged.status_code == 200
    assert "Tom Hale" in merged.get_json()["aliases"]
    assert client.get(f"/v1/speakers/{hale}", headers=auth).get_json()["id"] == oduya

    # Re-ingesting Hale's article with new content keeps the editors' merge.
    b2 = post(client, auth, "two", OTHER + "\n\n“And the gyms too,” Hale added.")
    assert {q["speaker"]["id"] for q in b2["quotes"]} == {oduya}

    split = client.post(f"/v1/speakers/{oduya}/split", json={"alias": "Tom Hale"}, headers=auth)
    assert split.status_code == 201
    hale_again = split.get_json()["id"]
    b3 = post(client, auth, "two", OTHER)
    assert {q["speaker"]["id"] for q in b3["quotes"]} == {hale_again}


def test_split_and_merge_families_survive_reingest(client: FlaskClient, auth: dict[str, str]) -> None:
    a = post(client, auth, "one", FIRST)
    b = post(client, auth, "two", SECOND)
    quote = next(q for q in b["quotes"] if q["kind"] == "direct")
    family = quote["family"]["id"]
    assert a["quotes"][0]["family"]["id"] == family

    split = client.post(f"/v1/families/{family}/split", json={"quote_id": quote["id"]}, headers=auth)
    assert split.status_code == 201
    own = split.get_json()["id"]
    assert own != family
    assert client.post(f"/v1/families/{family}/split", json={"quote_id": 10**9}, headers=auth).status_code == 404

    # The same article posted again with an edit: the split holds.
    b2 = post(client, auth, "two", SECOND + "\n\nThe vote is next week.")
    again = next(q for q in b2["quotes"] if q["kind"] == "direct")
    assert again["family"]["id"] != family

    merged = client.post(f"/v1/families/{family}/merge", json={"other_id": again["family"]["id"]}, headers=auth)
    assert merged.status_code == 200
    assert merged.get_json()["quote_count"] == 2
    b3 = post(client, auth, "two", SECOND)
    assert next(q for q in b3["quotes"] if q["kind"] == "direct")["family"]["id"] == family


def test_retraction_empties_and_removes_a_family(client: FlaskClient, auth: dict[str, str]) -> None:
    a = post(client, auth, "one", OTHER)
    family = a["quotes"][0]["family"]["id"]
    assert client.get(f"/v1/families/{family}", headers=auth).status_code == 200
    assert client.delete(f"/v1/articles/{a['id']}", headers=auth).status_code == 204
    assert client.get(f"/v1/families/{family}", headers=auth).status_code == 404


def test_corrections_need_write_scope_and_existing_ids(client: FlaskClient, auth: dict[str, str]) -> None:
    assert client.post("/v1/speakers/1/merge", json={"other_id": 2}).status_code == 401
    assert client.post("/v1/speakers/999/merge", json={"other_id": 998}, headers=auth).status_code == 404
    assert client.patch("/v1/speakers/999", json={"name": ""}, headers=auth).status_code == 422
