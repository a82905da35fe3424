"""Compares this package's Gopher quality, Gopher repetition and FineWeb quality verdicts with
datatrove 0.10.1's on every document of a JSONL file (default /work/bench-data/debian-docs.jsonl),
printing per-filter agreement, the reasons on each side, the confusion of disagreeing reasons,
and each side's single-core throughput.

The Swift verdicts come from the env-gated test `QualityVerdictDump` in a release build, which
this script runs unless `--swift FILE` names an existing dump. `--words` also compares every
document's word list with datatrove's `split_into_words(text, "en")`.

datatrove's English words need spaCy, which the peer virtualenvs lack:

    python -m venv /tmp/qvenv && /tmp/qvenv/bin/pip install datatrove==0.10.1 spacy==3.8.18 regex numpy
    /tmp/qvenv/bin/python scripts/golden/quality_agreement.py [--words]
"""

import argparse
import collections
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

from datatrove.data import Document
from datatrove.pipeline.filters import FineWebQualityFilter, GopherQualityFilter, GopherRepetitionFilter
from datatrove.utils.word_tokenizers import load_word_tokenizer

ROOT = pathlib.Path(__file__).resolve().parents[2]
NAMES = ["gopher_quality", "gopher_repetition", "fineweb_quality"]


def swift_dump(source: pathlib.Path, out: pathlib.Path, words: bool) -> None:
    env = dict(os.environ, QUALITY_DUMP_IN=str(source), QUALITY_DUMP_OUT=str(out))
    if words:
        env["QUALITY_DUMP_WORDS"] = "1"
    build = ["swift", "build", "-c", "release", "--build-tests", "-Xswiftc", "-enable-testing"]
    subprocess.run(build, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    test = ["swift", "test", "-c", "release", "-Xswiftc", "-enable-testing", "--skip-build", "--filter", "QualityVerdictDump"]
    subprocess.run(test, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def datatrove_verdicts(texts: list[str]) -> tuple[list[list[str]], dict[str, float]]:
    # Filter by filter, so each is timed with its own word splitting (datatrove caches the
    # words of the last five texts, which would otherwise be shared between the filters).
    filters = [GopherQualityFilter(), GopherRepetitionFilter(), FineWebQualityFilter()]
    verdicts: list[list[str]] = [[] for _ in texts]
    seconds = {}
    for name, flt in zip(NAMES, filters):
        start = time.process_time()
        for i, text in enumerate(texts):
            result = flt.filter(Document(text=text, id=str(i)))
            verdicts[i].append("keep" if result is True else result[1])
        seconds[name] = time.process_time() - start
    return verdicts, seconds


def report(texts, theirs, ours, their_seconds, our_summary) -> None:
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(texts)} documents, {megabytes:.1f} MB\n")
    for column, name in enumerate(NAMES):
        pairs = [(t[column], o[column]) for t, o in zip(theirs, ours)]
        agree = sum(t == o for t, o in pairs)
        print(f"{name}: {agree}/{len(pairs)} agree ({100 * agree / len(pairs):.2f}%)")
        print("  datatrove reasons:", dict(collections.Counter(t for t, _ in pairs).most_common()))
        print("  swift reasons:    ", dict(collections.Counter(o for _, o in pairs).most_common()))
        confusion = collections.Counter((t, o) for t, o in pairs if t != o)
        for (t, o), n in confusion.most_common():
            print(f"  datatrove {t} / swift {o}: {n}")
        ours_s = our_summary["seconds"][name]
        print(
            f"  throughput, one core: swift {len(texts) / ours_s:,.0f} docs/s {megabytes / ours_s:,.1f} MB/s;"
            f" datatrove {len(texts) / their_seconds[name]:,.0f} docs/s {megabytes / their_seconds[name]:,.2f} MB/s\n"
        )


def compare_words(texts: list[str], dump: pathlib.Path) -> None:
    tokenizer = load_word_tokenizer("en")
    ours = [json.loads(line) for line in dump.open()]
    differing = [i for i, text in enumerate(texts) if tokenizer.word_tokenize(text) != ours[i]]
    print(f"words: {len(texts) - len(differing)}/{len(texts)} documents split identically; differing: {differing[:20]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", type=pathlib.Path, default=pathlib.Path("/work/bench-data/debian-docs.jsonl"))
    parser.add_argument("--swift", type=pathlib.Path, help="an existing verdict dump from QualityVerdictDump")
    parser.add_argument("--words", action="store_true", help="also compare every document's words")
    args = parser.parse_args()
    texts = [json.loads(line)["text"] for line in args.input.open()]
    with tempfile.TemporaryDirectory() as scratch:
        dump = args.swift or pathlib.Path(scratch) / "verdicts.jsonl"
        if args.swift is None:
            swift_dump(args.input, dump, words=False)
        lines = [json.loads(line) for line in dump.open()]
        ours, our_summary = lines[:-1], lines[-1]
        theirs, their_seconds = datatrove_verdicts(texts)
        report(texts, theirs, ours, their_seconds, our_summary)
        if args.words:
            words_dump = pathlib.Path(scratch) / "words.jsonl"
            swift_dump(args.input, words_dump, words=True)
            compare_words(texts, words_dump)
    return 0


if __name__ == "__main__":
    sys.exit(main())
