"""Hypothesis-made bodies and query strings against the live server on each backend: no 5xx, bounded time."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.live.conftest import LiveServer

# The budget a single request must answer within (the analysis budget, with room to spare).
BUDGET_SECONDS = 30.0
EXAMPLES = 60

# Text that reaches every validation path: controls, NUL, surrogates, quotes, long ids, HTML.
nasty_text = st.text(
    alphabet=st.characters(codec=None, exclude_categories=())
    | st.sampled_from(["\x00", "\x1f", "“", "”", "\ud800", "<"]),
    max_size=200,
)
numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([2**31 - 1, 2**31, 2**63 - 1, 2**63, 0, -1, 1e20]),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, nasty_text)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
timestamps = st.one_of(
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.sampled_from(["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2024-02-30T00:00:00Z"]),
    nasty_text,
)
ARTICLE_FIELDS = {
    "text": st.one_of(nasty_text, st.just("“We will rebuild,” the minister said.")),
    "html": nasty_text.map(lambda t: f"<div><p>{t}</p></div>"),
    "outlet": st.one_of(nasty_text, st.just("Fuzz Times")),
    "external_id": st.one_of(nasty_text, json_values),
    "title": nasty_text,
    "url": st.one_of(nasty_text, st.just("https://fuzz.example/a")),
    "published_at": timestamps,
    "language": st.one_of(nasty_text, st.just("en")),
}
articles = st.fixed_dictionaries({}, optional=ARTICLE_FIELDS) | st.dictionaries(
    st.text(max_size=10), json_values, max_size=4
)
bodies = st.one_of(articles, json_values)
QUERY_PARAMS = ["limit", "cursor", "speaker", "kind", "outlet", "q", "since", "until", "min_outlets", "external_id"]
query_values = st.one_of(nasty_text, numbers.map(str), timestamps, st.sampled_from(["zzzzzzzzzzzzz", "1e20", "-0"]))
queries = st.dictionaries(st.sampled_from(QUERY_PARAMS) | st.text(max_size=6), query_values, max_size=4)

POSTS = ["/v1/articles", "/v1/extract", "/v1/families/1/merge", "/v1/speakers/1/merge", "/v1/families/1/split"]
GETS = ["/v1/articles", "/v1/quotes", "/v1/speakers", "/v1/families", "/v1/speakers/1/quotes"]


class Probe:
    """Counts what the fuzzer sent and saw."""

    def __init__(self) -> None:
        self.sent = 0
        self.server_errors: list[str] = []
        self.worst = 0.0

    def call(self, server: LiveServer, method: str, path: str, **kwargs: Any) -> None:
        start = time.monotonic()
        response = requests.request(
            method, server.url + path, headers=server.auth, timeout=BUDGET_SECONDS * 2, **kwargs
        )
        took = time.monotonic() - start
        self.sent += 1
        self.worst = max(self.worst, took)
        if response.status_code >= 500:
            self.server_errors.append(f"{method} {path} {kwargs} -> {response.status_code} {response.text[:200]}")
        assert response.status_code < 500, self.server_errors[-1]
        assert took < BUDGET_SECONDS, f"{method} {path} took {took:.1f}s"


@pytest.fixture(scope="module")
def probe(live_backend_server: LiveServer) -> Any:
    """One tally per backend, printed at the end."""
    tally = Probe()
    yield tally
    print(f"\nfuzz: {tally.sent} probes, {len(tally.server_errors)} 5xx, worst {tally.worst:.2f}s")


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(path=st.sampled_from(POSTS), body=bodies)
def test_fuzzed_bodies_never_5xx(live_backend_server: LiveServer, probe: Probe, path: str, body: Any) -> None:
    probe.call(live_backend_server, "POST", path, json=body)


@settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(items=st.lists(st.one_of(articles, json_values), min_size=1, max_size=4))
def test_fuzzed_batches_never_5xx(live_backend_server: LiveServer, probe: Probe, items: list[Any]) -> None:
    probe.call(live_backend_server, "POST", "/v1/articles:batch", json={"articles": items})


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(path=st.sampled_from(GETS), params=queries)
def test_fuzzed_query_strings_never_5xx(
    live_backend_server: LiveServer, probe: Probe, path: str, params: dict[str, str]
) -> None:
    encoded = urlencode(params, encoding="utf-8", errors="surrogatepass")
    probe.call(live_backend_server, "GET", f"{path}?{encoded}")
