"""What the search page shows for a query string: the filters, their errors, results or the landing lists."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from service.explore import data
from service.explore.filters import KINDS, read_filters, searched
from service.explore.marks import mark_terms


def search_page(args: MultiDict[str, str]) -> dict[str, Any]:
    """Return the search template's context: results when something was asked, else the landing lists."""
    filters, errors = read_filters(args)
    asked = searched(filters) and not errors
    terms = data.search_terms(filters["q"]) if filters["q"] else []
    return {
        "filters": filters,
        "errors": errors,
        "asked": asked,
        "results": data.search(filters) if asked else [],
        "mark": lambda text: mark_terms(text, terms),
        "kinds": KINDS,
        "outlets": data.outlets(),
        "lists": None if asked else data.landing(),
        "limit": data.SEARCH_LIMIT,
    }
