"""Writes Tests/CorpusFiltersTests/Fixtures/quality_golden.jsonl: documents with datatrove 0.10.1's
verdicts from GopherQualityFilter, GopherRepetitionFilter and FineWebQualityFilter (default
settings), and for the short ones the English words datatrove splits them into.

The documents: 150 pages of /work/bench-data/debian-docs.jsonl (every 24th, cut to at most
2,000 code points at a line end), hand-made cases around each threshold, and random strings of
tricky characters for the word splitter.

datatrove's English words come from spaCy, which the peer virtualenvs lack; use a Python with
both installed:

    python -m venv /tmp/qvenv && /tmp/qvenv/bin/pip install datatrove==0.10.1 spacy==3.8.18 regex numpy
    /tmp/qvenv/bin/python scripts/golden/quality_golden.py
"""

import json
import pathlib
import random
import sys

from datatrove.data import Document
from datatrove.pipeline.filters import FineWebQualityFilter, GopherQualityFilter, GopherRepetitionFilter
from datatrove.utils.text import split_into_words

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "CorpusFiltersTests" / "Fixtures" / "quality_golden.jsonl"
SOURCE = pathlib.Path("/work/bench-data/debian-docs.jsonl")
FILTERS = {
    "gopher_quality": GopherQualityFilter(),
    "gopher_repetition": GopherRepetitionFilter(),
    "fineweb_quality": FineWebQualityFilter(),
}
PROSE = (
    "The quick brown fox jumps over the lazy dog and runs to the river with the other animals. "
    "It is said that they have been there of old, and that the water is cold. "
)


def truncate(text: str, limit: int = 2000) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


def words_text(n: int, word: str = "word") -> str:
    return " ".join([word] * n)


def prose_words(n: int) -> str:
    pool = PROSE.split()
    return " ".join(pool[i % len(pool)] + str(i // len(pool)) for i in range(n))


def synthetic() -> list[tuple[str, str]]:
    base = " ".join(f"alpha{i} the of" for i in range(20))  # 60 distinct-ish words
    cases = [
        ("empty", ""),
        ("whitespace only", " \n\t "),
        ("49 words with stop words", " ".join(["the", "of"] + [f"item{i}" for i in range(47)])),
        ("50 words with stop words", " ".join(["the", "of"] + [f"item{i}" for i in range(48)])),
        ("short words", " ".join(["the", "of"] + ["ab"] * 60)),
        ("long words", " ".join(["the", "of"] + ["abcdefghijkl"] * 60)),
        ("hashes", base + " #tag" * 7),
        ("many hashes", base + " #tag" * 8),
        ("ellipses", base + " ..." * 6),
        ("unicode ellipses", base + " …" * 8),
        ("bullet lines", "\n".join(f"- point {i} of the list and the rest" for i in range(20))),
        ("bullet lines with one plain line", "\n".join(["plain line of the text"] + [f"• point {i} of the list" for i in range(9)])),
        ("ellipsis lines", "\n".join(f"line {i} of the story and so on..." for i in range(10)) + "\n" + prose_words(60)),
        ("numbers", " ".join(["the", "of"] + [str(i) for i in range(100)])),
        ("no stop words", " ".join(f"token{i}" for i in range(80))),
        ("capitalised stop words", " ".join(["The", "Of"] + [f"token{i}" for i in range(80)])),
        ("contractions", ("I don't know what they can't do, and that's it. " * 10)),
        ("prose", PROSE * 5),
        ("repeated paragraphs", "\n\n".join(["first paragraph here.", "second one.", "first paragraph here.", "third.", "first paragraph here."])),
        ("repeated lines", "\n".join(["same line"] * 4 + [f"other line {i}" for i in range(6)])),
        ("leading and trailing newlines", "\n" + "\n".join(f"line number {i} is here" for i in range(8)) + "\n"),
        ("top 2-gram", " ".join(["red fox"] * 30 + [f"w{i}" for i in range(100)])),
        ("duplicated 5-grams", " ".join(["a b c d e"] * 10) + " " + prose_words(80)),
        ("joined n-grams collide", " ".join(["ab c d e f", "a bc d e f"] * 3) + " " + prose_words(90)),
        ("crlf lines", "\r\n".join(f"Sentence number {i} ends here." for i in range(30))),
        ("short lines", "\n".join(f"Item {i}." for i in range(40))),
        ("no punctuation", "\n".join(f"a line of words without an end number {i}" for i in range(30))),
        ("list ratio", "\n".join(f"Entry {i} ends." for i in range(10)) + "\n" * 10),
        ("urls", "See https://example.com/a-b?c=d and www.debian.org or user@example.org for the info. " * 8),
        ("fullwidth and cjk", "これは日本語の文です。\n" * 5 + PROSE * 2),
    ]
    return cases


def fuzz(count: int) -> list[tuple[str, str]]:
    rng = random.Random(17)
    pool = list("aAzZ09.5,:;!?()[]{}<>=/\\'\"-+*^~#@_%$&|`") + [
        "…", "—", "–", "’", "”", "“", "°", "²", "€", "é", "я", "中", "😀", "©", "\u00a0", " ", "\n",
        "don't", "e.g.", ":)", "http://", "www.", ".com", "km", "'s", "U.S.", "10", "a.m.",
    ]
    return [(f"fuzz {i}", "".join(rng.choice(pool) for _ in range(rng.randint(1, 30)))) for i in range(count)]


def verdict(name: str, text: str) -> str:
    result = FILTERS[name].filter(Document(text=text, id="golden"))
    return "keep" if result is True else result[1]


def main() -> int:
    lines = [json.loads(line) for line in SOURCE.open()]
    cases = [(f"debian-docs {i}", truncate(lines[i]["text"])) for i in range(0, len(lines), 24)][:150]
    cases += synthetic() + fuzz(60)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w") as out:
        for case_id, text in cases:
            record = {"id": case_id, "text": text}
            for name in FILTERS:
                record[name] = verdict(name, text)
            if len(text) <= 600:
                record["words"] = split_into_words(text, "en")
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(cases)} cases, {OUT.stat().st_size} bytes to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
