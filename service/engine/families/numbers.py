"""Fold spelled-out numbers into digits ("thirty thousand" -> "30000") so outlets' styles align."""

from __future__ import annotations

_UNITS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])
    if i > 1
}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000}
NUMBER_WORDS: frozenset[str] = frozenset({*_UNITS, *_TENS, *_SCALES, "hundred"})


def _is_num(word: str) -> bool:
    return word in NUMBER_WORDS or word[:1].isdigit()


def _value(run: list[str]) -> str:
    total, current = 0.0, 0.0
    for w in run:
        if w[:1].isdigit():
            try:
                current += float(w)
            except ValueError:
                return w  # "5.2m": a unit suffix; leave it alone
        elif w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * _SCALES[w]
            current = 0.0
    value = total + current
    return str(int(value)) if value == int(value) else str(value)


def fold_numbers(words: list[str], owners: list[int]) -> tuple[list[str], list[int]]:
    """Replace runs of number words (and "N point M", "per cent") with one digit string each."""
    if not any(w == "per" or _is_num(w) for w in words):
        return words, owners  # most quotes: nothing to fold
    out: list[str] = []
    own: list[int] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w == "per" and i + 1 < len(words) and words[i + 1] == "cent":
            out.append("percent")
            own.append(owners[i])
            i += 2
            continue
        if not _is_num(w):
            out.append(w)
            own.append(owners[i])
            i += 1
            continue
        j = i
        while j < len(words) and _is_num(words[j]) and (j == i or not words[j][:1].isdigit()):
            j += 1
        run = words[i:j]
        value = _value(run)
        # "one point five" -> "1.5"
        if j + 1 < len(words) and words[j] == "point" and words[j + 1] in _UNITS:
            k = j + 1
            digits = []
            while k < len(words) and words[k] in _UNITS and _UNITS[words[k]] < 10:
                digits.append(str(_UNITS[words[k]]))
                k += 1
            value = f"{value}.{''.join(digits)}"
            j = k
        elif run == ["one"]:
            # "no one", "one of them": a lone "one" is rarely a quantity worth comparing.
            value = "one"
        out.append(value)
        own.append(owners[i])
        i = j
    return out, own
