"""The five seed articles (one event, five outlets) through the HTTP API, end to end."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

# The seeds are analysed, so the app carries the model.
pytestmark = [pytest.mark.store, pytest.mark.model, pytest.mark.usefixtures("app_with_model")]


DIRECT_QUOTES = {
    "000": [
        "I think things are going well",
        "We support the strengthening",
        "And we are also committed",
        "No one will declare",
        "The goal is the permanent defeat",
        "We recognize that you have to keep",
    ],
    "001": [
        "Our role in Iraq will be",
        "Nobody is going to declare mission accomplished",
        "we think we’ll be in a good place",
    ],
    "003": [
        "new phase",
        "dedicated to our security cooperation",
        "continue to train, assist",
        "But we won’t be in a combat mission",
        "America is assisting Iraq",
        "We will battle, fight",
        "Today, our relationship in the economy",
        "strategic alliance",
        "Iraq has demanded, and we agree",
    ],
    "004": [
        "The delegations decided",
        "to continue to train, to assist",
        "But we’re not going to be",
        "I want to tell you",
        "We support strengthening Iraqi’s democracy",
    ],
}


@pytest.fixture
def ingested(client: FlaskClient, auth: dict[str, str], seed_texts: dict[str, str]) -> dict[str, Any]:
    """Post every seed article; return the stored articles by seed name."""
    stored = {}
    for name, text in seed_texts.items():
        body = {"outlet": f"outlet-{name[:3]}", "external_id": name, "text": text}
        response = client.post("/v1/articles", json=body, headers=auth)
        assert response.status_code == 201, response.get_json()
        stored[name[:3]] = response.get_json()
    return stored


def _all(client: FlaskClient, auth: dict[str, str], path: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = ""
    while True:
        sep = "&" if "?" in path else "?"
        page = client.get(f"{path}{sep}limit=100{'&cursor=' + cursor if cursor else ''}", headers=auth).get_json()
        items += page["items"]
        if not page["next_cursor"]:
            return items
        cursor = page["next_cursor"]


def _speaker_named(speakers: list[dict[str, Any]], pattern: str) -> list[dict[str, Any]]:
    return [s for s in speakers if s["kind"] == "person" and re.search(pattern, s["name"], re.I)]


def _quote(article: dict[str, Any], fragment: str) -> dict[str, Any]:
    hits = [q for q in article["quotes"] if fragment in q["text"]]
    assert hits, f"no quote containing {fragment!r}"
    return hits[0]


def test_every_seed_direct_quote_is_stored(ingested: dict[str, Any]) -> None:
    for seed, fragments in DIRECT_QUOTES.items():
        for fragment in fragments:
            quote = _quote(ingested[seed], fragment)
            assert ingested[seed]["text"][quote["start"] : quote["end"]] == quote["text"]


def test_extract_endpoint_finds_every_seed_direct_quote(
    client: FlaskClient, auth: dict[str, str], seed_texts: dict[str, str]
) -> None:
    for name, text in seed_texts.items():
        response = client.post("/v1/extract", json={"text": text}, headers=auth)
        assert response.status_code == 200
        found = response.get_json()
        for fragment in DIRECT_QUOTES.get(name[:3], []):
            quote = _quote(found, fragment)
            assert text[quote["start"] : quote["end"]] == quote["text"]


def test_one_speaker_per_person_across_articles(
    client: FlaskClient, auth: dict[str, str], ingested: dict[str, Any]
) -> None:
    speakers = _all(client, auth, "/v1/speakers")
    for pattern in [r"\bBiden\b", r"\bPsaki\b", r"\bAustin\b", r"Kad?h[ie]mi"]:
        assert len(_speaker_named(speakers, pattern)) == 1, (pattern, [s["name"] for s in speakers])


def test_quotes_resolve_to_the_right_speaker(ingested: dict[str, Any]) -> None:
    def speaker_of(seed: str, fragment: str) -> str:
        return str(_quote(ingested[seed], fragment)["speaker"]["name"] or "")

    assert "Biden" in speaker_of("000", "I think things are going well")  # "the President said later"
    assert "Biden" in speaker_of("003", "But we won’t be in a combat mission")  # "he continued"
    assert "Biden" in speaker_of("004", "But we’re not going to be")  # "he said"
    assert "Psaki" in speaker_of("002", "shift in mission")
    assert "Austin" in speaker_of("002", "capable of doing several things")
    assert "Austin" in speaker_of("002", "very tough")  # "Austin further added that"
    assert re.search("Kad?h[ie]mi", speaker_of("003", "We will battle, fight"))  # "he declared"
    official = _quote(ingested["000"], "No one will declare")["speaker"]
    assert official["kind"] == "anonymous" and "official" in official["name"]


def test_seed_families(client: FlaskClient, auth: dict[str, str], ingested: dict[str, Any]) -> None:
    # Later articles can merge families, so membership is read back after all five are in.
    current = {seed: client.get(f"/v1/articles/{a['id']}", headers=auth).get_json() for seed, a in ingested.items()}

    def family_of(seed: str, fragment: str) -> int:
        return int(_quote(current[seed], fragment)["family"]["id"])

    role = family_of("000", "Our role in Iraq will be")
    assert family_of("001", "Our role in Iraq will be") == role
    assert family_of("003", "continue to train, assist") == role
    assert family_of("004", "to continue to train, to assist") == role
    report = client.get(f"/v1/families/{role}", headers=auth).get_json()
    kinds = {v["kind"] for v in report["variants"]}
    assert {"verbatim", "fragment"} <= kinds
    assert all(v["diff"] for v in report["variants"])

    assert family_of("000", "We support the strengthening") == family_of("004", "We support strengthening")
    assert family_of("000", "committed to our security") != role
    # Seed 001 runs the official's two remarks together: it joins the "goal" family and links the
    # "no one will declare mission accomplished" family; the two are not merged.
    goal = family_of("000", "The goal is the permanent defeat")
    mission = family_of("000", "No one will declare")
    assert family_of("001", "Nobody is going to declare") == goal != mission
    report = client.get(f"/v1/families/{goal}", headers=auth).get_json()
    assert report["linked_families"] == [mission]
    assert client.get(f"/v1/families/{mission}", headers=auth).get_json()["linked_families"] == [goal]
    # Anonymous descriptions may be one source: no attribution conflict.
    assert {s["kind"] for s in report["speakers"]} == {"anonymous"}
    assert report["attribution_conflict"] is False
    # Seed 002's indirect rendering is by an anonymous source: a paraphrase cannot be verified
    # against an unidentified speaker, so it joins neither family.
    assert family_of("002", "no one is going to declare mission accomplished") not in {goal, mission}

    # Unrelated remarks stay apart.
    assert family_of("000", "We support the strengthening") != role
    assert family_of("004", "I want to tell you") != role


def test_reposting_a_seed_changes_nothing(
    client: FlaskClient, auth: dict[str, str], ingested: dict[str, Any], seed_texts: dict[str, str]
) -> None:
    name = sorted(seed_texts)[0]
    article_id = ingested[name[:3]]["id"]
    before = client.get(f"/v1/articles/{article_id}", headers=auth).get_json()
    body = {"outlet": f"outlet-{name[:3]}", "external_id": name, "text": seed_texts[name]}
    again = client.post("/v1/articles", json=body, headers=auth)
    assert again.status_code == 200
    assert again.get_json() == before
