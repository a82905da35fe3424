"""Compares this package's Gopher quality, Gopher repetition and FineWeb quality verdicts with
datatrove 0.10.1's on every document of a JSONL file (default /work/bench-data/debian-docs.jsonl),
printing per-filter agreement, the reasons on each side, the confusion of disagreeing reasons,
and each side's single-core throughput.

The Swift verdicts come from `corpus clean` (release build) run with each filter alone; our
times include reading and writing JSONL. (Word lists were compared once, document by
document, while the splitter was written: identical on all 3,653 documents.)

datatrove's English words need spaCy, which the peer virtualenvs lack:

    python -m venv /tmp/qvenv && /tmp/qvenv/bin/pip install datatrove==0.10.1 spacy==3.8.18 regex numpy
    /tmp/qvenv/bin/python scripts/golden/quality_agreement.py
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


def swift_dump(source: pathlib.Path, scratch: pathlib.Path) -> tuple[list[list[str]], dict]:
    """Runs `corpus clean` once per filter (each alone, one worker) and reads its exclusions."""
    subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    texts = [json.loads(line)["text"] for line in source.open()]
    numbered = scratch / "numbered.jsonl"
    with numbered.open("w") as out:
        for i, text in enumerate(texts):
            out.write(json.dumps({"id": str(i), "text": text}) + "\n")
    verdicts = [["keep"] * len(NAMES) for _ in texts]
    seconds = {}
    for column, name in enumerate(NAMES):
        preset = scratch / f"{name}.yaml"
        preset.write_text(f"version: 1\nfilters:\n  - {name}: {{}}\n")
        excluded = scratch / f"{name}.excluded.jsonl"
        start = time.perf_counter()
        subprocess.run([str(ROOT / ".build/release/corpus"), "clean", str(numbered), "--preset", str(preset),
                        "-o", str(scratch / "kept.jsonl"), "--excluded", str(excluded), "--workers", "1", "--quiet"],
                       check=True, stderr=subprocess.DEVNULL)
        seconds[name] = time.perf_counter() - start
        for line in excluded.open():
            record = json.loads(line)
            verdicts[int(record["id"])][column] = record["reason"]
    return verdicts, {"seconds": seconds}


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", type=pathlib.Path, default=pathlib.Path("/work/bench-data/debian-docs.jsonl"))
    args = parser.parse_args()
    texts = [json.loads(line)["text"] for line in args.input.open()]
    with tempfile.TemporaryDirectory() as scratch:
        ours, our_summary = swift_dump(args.input, pathlib.Path(scratch))
        theirs, their_seconds = datatrove_verdicts(texts)
        report(texts, theirs, ours, their_seconds, our_summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
