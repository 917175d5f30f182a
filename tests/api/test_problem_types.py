"""Problem ``type`` URIs lead to a page that says what the problem means."""

from __future__ import annotations

import pytest

from service import create_app
from service.api.problems import PROBLEM_TYPES

pytestmark = pytest.mark.store


def test_the_type_of_an_answered_problem_resolves_to_its_page(database_url: str) -> None:
    client = create_app(
        {"DATABASE_URL": database_url, "TESTING": True, "OPEN_READS": True, "LOAD_MODEL": False}
    ).test_client()
    problem = client.get("/v1/quotes?kind=nonsense").get_json()
    assert problem["type"] == "/problems/validation"
    page = client.get(problem["type"])
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "schema" in page.get_data(as_text=True)
    missing = client.get("/v1/quotes/99").get_json()
    assert (missing["status"], missing["type"]) == (404, "/problems/404")
    assert "Not Found" in client.get(missing["type"]).get_data(as_text=True)


def test_every_named_problem_type_has_a_page_and_unknown_ones_do_not(database_url: str) -> None:
    client = create_app({"DATABASE_URL": database_url, "TESTING": True, "LOAD_MODEL": False}).test_client()
    slugs = {kind.slug for kind in PROBLEM_TYPES.values() if kind.slug}
    for cls, kind in PROBLEM_TYPES.items():
        if kind.slug is None:
            continue
        page = client.get(f"/problems/{kind.slug}")
        assert page.status_code == 200, cls
        assert kind.slug == "validation" or f"Status {kind.status}." in page.get_data(as_text=True)
    assert slugs >= {"text-too-long", "database-busy", "self-merge", "precondition-failed"}
    unknown = client.get("/problems/no-such-problem")
    assert unknown.status_code == 404 and unknown.mimetype == "application/problem+json"
