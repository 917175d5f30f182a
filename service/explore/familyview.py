"""A family report arranged for its page: each wording's diff runs, fragments in context, badges."""

from __future__ import annotations

from typing import Any

from service.explore.diffview import changed, diff_runs

ROLE_LABELS = {
    "verbatim": "Full wording",
    "variant": "Variant wording",
    "fragment": "Fragment",
    "paraphrase": "Paraphrase",
}


def _covers(group: dict[str, Any], canonical: str) -> tuple[int, int] | None:
    span = group.get("covers")
    if not span or len(span) != 2:
        return None
    start, end = max(0, int(span[0])), min(len(canonical), int(span[1]))
    return (start, end) if start < end else None


def wording(group: dict[str, Any], canonical: str, names: dict[Any, str]) -> dict[str, Any]:
    """Return one wording with its diff runs against the canonical (a fragment: against what it covers)."""
    covers = _covers(group, canonical)
    if covers and group.get("covered_diff") is not None:
        runs = diff_runs(canonical, group["text"], group["covered_diff"], base=covers[0])
    else:
        runs = diff_runs(canonical, group["text"], group.get("diff") or [])
    context = (canonical[: covers[0]], canonical[covers[0] : covers[1]], canonical[covers[1] :]) if covers else None
    return {
        "text": group["text"],
        "role": group.get("kind") or "verbatim",
        "role_label": ROLE_LABELS.get(group.get("kind") or "", (group.get("kind") or "wording").capitalize()),
        "is_canonical": bool(group.get("is_canonical")),
        "similarity": group.get("similarity"),
        "meaning_change": list(group.get("meaning_change") or []),
        "runs": runs,
        "changed": changed(runs),
        "context": context,
        "occurrences": [o | {"speaker_name": names.get(o.get("speaker_id"))} for o in group["occurrences"]],
    }


def family_page(report: dict[str, Any]) -> dict[str, Any]:
    """Return what the family page shows: canonical and how chosen, wordings, paraphrases, outlets."""
    canonical = report["canonical"]["text"]
    names = report.get("speaker_names", {})
    variants = [wording(g, canonical, names) for g in report["variants"]]
    paraphrases = [wording(g, canonical, names) for g in report["paraphrases"]]
    outlets = sorted({o["outlet"] for w in variants + paraphrases for o in w["occurrences"]})
    return {
        "report": report,
        "canonical": canonical,
        # Only a family without any direct quote is led by reported speech.
        "canonical_kind": "indirect" if report["canonical"].get("how") == "only_indirect" else "direct",
        "how": report["canonical"].get("how_explained") or report["canonical"].get("how"),
        "variants": variants,
        "paraphrases": paraphrases,
        "outlets": outlets,
        "linked": report.get("linked_families") or [],
        "split_choices": [
            (o["quote_id"], f"{o['outlet']}: {w['text'][:80]}")
            for w in variants + paraphrases
            for o in w["occurrences"]
        ],
    }
