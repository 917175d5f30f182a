"""Ingest writes family events to the outbox in the article's transaction."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.store.outbox.models import OutboxEvent

# Every test here stores analysed articles, so the app carries the model.
pytestmark = [pytest.mark.store, pytest.mark.model, pytest.mark.usefixtures("app_with_model")]

REMARK = "We will rebuild the bridge before the winter storms arrive, whatever it costs the city"


def _events(app: Flask) -> list[tuple[str, dict[str, Any]]]:
    with app.extensions["quotes"].db.sessions() as session:
        return [(e.type, e.payload) for e in session.scalars(select(OutboxEvent).order_by(OutboxEvent.id))]


def _post(client: FlaskClient, auth: dict[str, str], outlet: str, text: str) -> dict[str, Any]:
    body = {"outlet": outlet, "external_id": "a1", "text": text}
    response = client.post("/v1/articles", json=body, headers=auth)
    assert response.status_code == 201, response.get_json()
    return dict(response.get_json())


def test_new_remark_then_new_wording_then_same_wording(app: Flask, client: FlaskClient, auth: dict[str, str]) -> None:
    _post(client, auth, "one", f"“{REMARK},” Mayor Ana Ruiz said on Monday.")
    types = [t for t, _ in _events(app)]
    assert types == ["family.created", "article.processed"]

    reworded = REMARK.replace("whatever it costs the city", "whatever the cost to the city")
    second = _post(client, auth, "two", f"“{reworded},” Mayor Ana Ruiz told reporters.")
    added = [p for t, p in _events(app) if t == "family.variant_added"]
    assert len(added) == 1
    assert added[0]["outlet"] == "two" and added[0]["family_id"] == second["quotes"][0]["family"]["id"]

    _post(client, auth, "three", f"“{REMARK},” Ruiz said.")
    assert len([t for t, _ in _events(app) if t == "family.variant_added"]) == 1


def test_failed_ingest_writes_no_events(app: Flask, client: FlaskClient, auth: dict[str, str]) -> None:
    response = client.post("/v1/articles", json={"outlet": "x", "text": 5}, headers=auth)
    assert response.status_code == 422
    assert _events(app) == []


def test_same_words_from_two_speakers_flag_a_conflict(app: Flask, client: FlaskClient, auth: dict[str, str]) -> None:
    first = _post(client, auth, "one", f"“{REMARK},” Mayor Ana Ruiz said on Monday.")
    second = _post(client, auth, "two", f"“{REMARK},” Governor Tom Hale said on Monday.")
    assert first["quotes"][0]["family"]["id"] == second["quotes"][0]["family"]["id"]
    conflicts = [p for t, p in _events(app) if t == "family.attribution_conflict"]
    assert len(conflicts) == 1
    report = client.get(f"/v1/families/{conflicts[0]['family_id']}", headers=auth).get_json()
    assert report["attribution_conflict"] is True
    assert {s["name"] for s in report["speakers"]} == {"Ana Ruiz", "Tom Hale"}


def test_two_anonymous_descriptions_may_be_one_source(app: Flask, client: FlaskClient, auth: dict[str, str]) -> None:
    first = _post(client, auth, "one", f"“{REMARK},” a senior city official said on Monday.")
    second = _post(client, auth, "two", f"“{REMARK},” a council aide who asked not to be named said.")
    kinds = {q["speaker"]["kind"] for q in first["quotes"] + second["quotes"]}
    assert kinds == {"anonymous"}
    assert first["quotes"][0]["family"]["id"] == second["quotes"][0]["family"]["id"]
    assert [t for t, _ in _events(app) if t == "family.attribution_conflict"] == []


SUPPORT = "We support the new agreement on river water with our neighbours and we will sign it this spring"


def test_misquote_probe_keeps_the_majority_canonical(app: Flask, client: FlaskClient, auth: dict[str, str]) -> None:
    # Four outlets print one wording; a fifth, published first, negates it.
    negated = SUPPORT.replace("We support", "We do not support")
    stories = [("five", negated, "2021-03-01T09:00:00Z")] + [
        (outlet, SUPPORT, f"2021-03-0{day}T09:00:00Z") for day, outlet in enumerate(["one", "two", "three", "four"], 2)
    ]
    family = None
    for outlet, words, published in stories:
        body = {
            "outlet": outlet,
            "external_id": "a1",
            "text": f"“{words},” Minister Clara Voss said.",
            "published_at": published,
        }
        response = client.post("/v1/articles", json=body, headers=auth)
        assert response.status_code == 201, response.get_json()
        family = family or response.get_json()["quotes"][0]["family"]["id"]
        assert response.get_json()["quotes"][0]["family"]["id"] == family
    report = client.get(f"/v1/families/{family}", headers=auth).get_json()
    assert "We support" in report["canonical"]["text"]
    assert report["canonical"]["how"] == "attested" and report["canonical"]["outlets"] == 4
    flagged = [v for v in report["variants"] if v["meaning_change"]]
    assert len(flagged) == 1 and negated in flagged[0]["text"] and flagged[0]["occurrences"][0]["outlet"] == "five"
    events = _events(app)
    suspected = [p for t, p in events if t == "family.misquote_suspected"]
    assert suspected and suspected[-1]["meaning_change"] == ["not"]
    assert suspected[-1]["speaker"]["name"] == "Clara Voss" and suspected[-1]["canonical"]["text"]
    # Three more outlets printing a known wording: outlet_added, not variant_added.
    assert len([t for t, _ in events if t == "family.outlet_added"]) == 3


def test_absorbed_family_is_announced(app: Flask, client: FlaskClient, auth: dict[str, str]) -> None:
    first = "We will rebuild every school the spring floods destroyed in the valley"
    second = "every child will be back in a proper classroom by the first week of September"
    _post(client, auth, "one", f"“{first},” Mayor Ana Ruiz said.")
    _post(client, auth, "two", f"“{second},” Mayor Ana Ruiz said.")
    whole = _post(client, auth, "three", f"“{first}, and {second},” Mayor Ana Ruiz said.")
    merged = [p for t, p in _events(app) if t == "family.merged"]
    assert len(merged) == 1 and merged[0]["into_family_id"] == whole["quotes"][0]["family"]["id"]
    assert client.get(f"/v1/families/{merged[0]['family_id']}", headers=auth).status_code == 404
