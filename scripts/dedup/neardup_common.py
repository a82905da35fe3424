"""Key normalization and word n-gram shingles as `corpus` computes them for MinHash dedup.

A re-implementation of Sources/CorpusNormalize/KeyNormalizer.swift:
NFD, combining marks (Mn) removed, full lowercase mapping, decimal digits (Nd) to "0",
punctuation (P*) removed, whitespace runs to one space, trimmed.

Approximations (they matter only for non-ASCII text): Python's `unicodedata` may be a
different Unicode version than the Swift runtime's, and `str.lower()` stands for Swift's
`changesWhenLowercased`/`lowercaseMapping`. On ASCII text the two agree exactly.
"""
import unicodedata

# Unicode White_Space outside ASCII (what Swift's `isWhitespace` property is).
_UNICODE_SPACES = {0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000} | set(range(0x2000, 0x200B))
_ASCII_SPACES = set(range(0x09, 0x0E)) | {0x20} | set(range(0x1C, 0x20))

# ASCII fast path: punctuation (P*) deleted, controls that are not whitespace deleted,
# digits to 0, uppercase to lowercase; $ + < = > ^ ` | ~ are symbols and stay.
_ASCII_TABLE = {}
for _o in range(0x80):
    _c = chr(_o)
    if _o in _ASCII_SPACES:
        _ASCII_TABLE[_o] = " "
    elif unicodedata.category(_c).startswith("P") or _o < 0x20:
        _ASCII_TABLE[_o] = None
    elif _c.isdigit():
        _ASCII_TABLE[_o] = "0"
    elif "A" <= _c <= "Z":
        _ASCII_TABLE[_o] = _c.lower()


def key(text: str) -> str:
    """The comparison key of `text`, as KeyNormalizer.key computes it."""
    if text.isascii():
        return " ".join(text.translate(_ASCII_TABLE).split())
    out = []
    pending = False
    for c in unicodedata.normalize("NFD", text):
        o = ord(c)
        if o < 0x80:
            mapped = _ASCII_TABLE.get(o, c)
            if mapped is None:
                continue
            if mapped == " ":
                pending = True
                continue
            emitted = [mapped]
        else:
            category = unicodedata.category(c)
            if category == "Mn" or category.startswith("P"):
                continue
            if category == "Nd":
                emitted = ["0"]
            elif o in _UNICODE_SPACES:
                pending = True
                continue
            else:
                lower = c.lower()
                emitted = [l for l in lower if unicodedata.category(l) != "Mn"] if lower != c else [c]
        for e in emitted:
            if pending and out:
                out.append(" ")
            pending = False
            out.append(e)
    return "".join(out)


def shingles(text: str, n: int = 5) -> set:
    """Word n-grams of the key (a text of fewer than n words is one shingle; empty: none)."""
    words = key(text).split(" ") if text else []
    words = [w for w in words if w]
    if not words:
        return set()
    if len(words) < n:
        return {" ".join(words)}
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def jaccard(a: set, b: set) -> float:
    """Jaccard similarity of two shingle sets (1.0 for two empty sets)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def caught(j: float, bands: int, rows: int) -> float:
    """The LSH S-curve: probability that a pair of similarity j shares a band."""
    return 1.0 - (1.0 - j ** rows) ** bands
