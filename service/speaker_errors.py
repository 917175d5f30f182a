"""The misses of a speaker-identity run, by class: what a person or anonymous label got instead of the truth."""

from __future__ import annotations

from collections import defaultdict

from service.engine import names
from service.speaker_evaluation import Label, OrderRun, StoredQuote, pairs, person_right, tallies


def miss_class(label: Label, q: StoredQuote, majority: dict[int, str]) -> str:
    """The class of a miss ("person as unknown (pronoun)", "anonymous as person"), '' when it is right."""
    if label.kind == "anonymous":
        return "" if q.kind == "anonymous" else f"anonymous as {q.kind or 'no speaker'} ({q.how or '-'})"
    if label.kind != "person" or person_right(label, q, majority):
        return ""
    if q.speaker_id is None:
        return "person as no speaker"
    if q.kind != "person":
        return f"person as {q.kind} ({q.how or '-'})"
    if not names.same_person(q.name, label.person):
        return f"person as another person ({q.how or '-'})"
    return "person in a speaker mostly someone else's"


def errors(labels: list[Label], texts: dict[str, str], run: OrderRun) -> dict[str, list[str]]:
    """Every miss of ``run`` as a "doc start: truth | stored name (kind, how) by mention" line, by class."""
    matched = pairs(labels, texts, run)
    by_speaker, _ = tallies(matched)
    majority = {sid: c.most_common(1)[0][0] for sid, c in by_speaker.items()}
    out: dict[str, list[str]] = defaultdict(list)
    for label, q in matched:
        cls = miss_class(label, q, majority)
        if cls:
            out[cls].append(
                f"{label.doc} {label.start}: {label.person} | {q.name or '-'} ({q.kind or '-'}, {q.how or '-'})"
                f" by {q.mention!r}"
            )
    return dict(sorted(out.items(), key=lambda kv: -len(kv[1])))


def format_errors(found: dict[str, list[str]], limit: int) -> str:
    """The miss classes with their counts, each followed by up to ``limit`` of its lines."""
    lines = []
    for cls, misses in found.items():
        lines.append(f"  {len(misses):4d}  {cls}")
        lines.extend(f"          {m}" for m in misses[:limit])
    return "\n".join(lines)
