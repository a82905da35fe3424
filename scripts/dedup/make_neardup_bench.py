#!/usr/bin/env python3
"""Builds a near-duplicate benchmark from real documents, with planted copies of known similarity.

Takes `--bases` documents of at least 200 words (whitespace split) from a JSONL corpus and, for
each, plants one edited copy. The edit kind cycles through:

  substitute   words replaced by words from the corpus vocabulary
  insert       corpus words inserted at random places
  delete       whole sentences deleted
  shuffle      paragraphs (lines) swapped
  boilerplate  a header and footer of navigation/cookie text added
  mixed        substitutions plus case, punctuation and spacing changes (invisible to the key)
  reformat     only case, punctuation and spacing changed (J = 1)

For every kind but shuffle and reformat the amount of editing is chosen by bisection so that
the word-5-gram Jaccard similarity with the base hits a target drawn uniformly from
[--min-jaccard, 1]. The TRUE Jaccard of each pair is then computed on the same key-normalized
shingles as the Swift code (see neardup_common.py for the approximation on non-ASCII text).

Writes OUT/bench.jsonl (all bases first, in input order, then the copies: the base is always
the first of its pair in corpus order, so keep-first keeps it) and OUT/pairs.jsonl
(id_a = base, id_b = copy, jaccard, kind).

    python3 scripts/dedup/make_neardup_bench.py /work/bench-data/debian-docs.jsonl -o /tmp/neardup
"""
import argparse
import json
import os
import random
import re

from neardup_common import jaccard, shingles

KINDS = ["substitute", "insert", "delete", "shuffle", "boilerplate", "mixed", "reformat"]
WORD = re.compile(r"\S+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
BOILERPLATE = ("Home About Contact Privacy Policy Terms of Use Sitemap Log in Register Search "
               "This site uses cookies to improve your experience Accept all cookies Manage settings "
               "Share on Facebook Share on Twitter Subscribe to our newsletter Copyright all rights reserved "
               "Back to top Previous page Next page Related articles Popular posts Follow us").split()


def substitute(text, amount, rng, vocabulary):
    spans = [m.span() for m in WORD.finditer(text)]
    chosen = sorted(rng.sample(range(len(spans)), int(round(amount * len(spans)))))
    out, last = [], 0
    for i in chosen:
        start, end = spans[i]
        out += [text[last:start], rng.choice(vocabulary)]
        last = end
    return "".join(out) + text[last:]


def insert(text, amount, rng, vocabulary):
    spans = [m.span() for m in WORD.finditer(text)]
    chosen = sorted(rng.sample(range(len(spans)), int(round(amount * len(spans)))))
    out, last = [], 0
    for i in chosen:
        end = spans[i][1]
        out += [text[last:end], " ", rng.choice(vocabulary)]
        last = end
    return "".join(out) + text[last:]


def delete(text, amount, rng, _vocabulary):
    parts = SENTENCE_END.split(text)
    keep = set(rng.sample(range(len(parts)), len(parts) - int(round(amount * len(parts)))))
    return "\n".join(p for i, p in enumerate(parts) if i in keep)


def shuffle(text, _amount, rng, _vocabulary):
    lines = text.split("\n")
    swaps = max(1, len(lines) // 10)
    for _ in range(swaps):
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def boilerplate(text, amount, rng, _vocabulary):
    words = len(WORD.findall(text))
    count = int(round(amount * words))
    extra = [rng.choice(BOILERPLATE) for _ in range(count)]
    header = " ".join(extra[: count // 2])
    footer = " ".join(extra[count // 2:])
    return header + "\n" + text + "\n" + footer


def restyle(text, rng):
    """Changes the key does not see: case, punctuation, spacing."""
    out = []
    for word in text.split(" "):
        r = rng.random()
        if r < 0.2:
            word = word.upper()
        elif r < 0.3:
            word = word + ","
        elif r < 0.35:
            word = "(" + word + ")"
        out.append(word)
    return "  ".join(out)


def mixed(text, amount, rng, vocabulary):
    return restyle(substitute(text, amount, rng, vocabulary), rng)


EDITS = {"substitute": substitute, "insert": insert, "delete": delete, "boilerplate": boilerplate, "mixed": mixed}


def plant(text, kind, target, seed, vocabulary):
    """An edited copy of `text` whose Jaccard with it is near `target`, and that Jaccard."""
    base = shingles(text)
    if kind == "reformat":
        copy = restyle(text, random.Random(seed))
        return copy, jaccard(base, shingles(copy))
    if kind == "shuffle":
        copy = shuffle(text, 0, random.Random(seed), vocabulary)
        return copy, jaccard(base, shingles(copy))
    edit = EDITS[kind]
    low, high = 0.0, (3.0 if kind == "boilerplate" else 1.0)
    best = None
    for _ in range(14):
        amount = (low + high) / 2
        copy = edit(text, amount, random.Random(seed), vocabulary)
        j = jaccard(base, shingles(copy))
        if best is None or abs(j - target) < abs(best[1] - target):
            best = (copy, j)
        if j > target:
            low = amount
        else:
            high = amount
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", help="JSONL with id and text fields")
    parser.add_argument("-o", "--out", required=True, help="output folder")
    parser.add_argument("--bases", type=int, default=1000, help="base documents (default 1000)")
    parser.add_argument("--min-words", type=int, default=200)
    parser.add_argument("--max-words", type=int, default=20000, help="skip huge pages to keep bisection fast")
    parser.add_argument("--min-jaccard", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    documents = []
    for line in open(args.input, encoding="utf-8"):
        record = json.loads(line)
        words = len(record["text"].split())
        if args.min_words <= words <= args.max_words:
            documents.append(record)
    rng = random.Random(args.seed)
    picked = sorted(rng.sample(range(len(documents)), min(args.bases, len(documents))))
    bases = [documents[i] for i in picked]
    vocabulary = sorted({w for d in documents[:500] for w in d["text"].split() if w.isalpha() and len(w) > 2})

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "bench.jsonl"), "w", encoding="utf-8") as bench, \
         open(os.path.join(args.out, "pairs.jsonl"), "w", encoding="utf-8") as pairs:
        for k, base in enumerate(bases):
            bench.write(json.dumps({"id": f"base{k:05d}", "text": base["text"], "url": base.get("url")}) + "\n")
        for k, base in enumerate(bases):
            kind = KINDS[k % len(KINDS)]
            target = rng.uniform(args.min_jaccard, 1.0)
            copy, j = plant(base["text"], kind, target, args.seed * 1_000_003 + k, vocabulary)
            bench.write(json.dumps({"id": f"copy{k:05d}", "text": copy}) + "\n")
            pairs.write(json.dumps({"id_a": f"base{k:05d}", "id_b": f"copy{k:05d}", "jaccard": round(j, 6), "kind": kind}) + "\n")
    print(f"{len(bases)} bases, {len(bases)} planted copies -> {args.out}/bench.jsonl, pairs.jsonl")


if __name__ == "__main__":
    main()
