#!/usr/bin/env python3
"""Writes the tiny labeled tasks the experiment pipelines' tests fine-tune on.

Lines (60 to 400 characters, each once) of the quickstart crawl's WET pages
(Pipelines/samples/quickstart/crawl-2024-03.warc.wet.gz), labeled English or not from the
sample's manifest.tsv, the same number of each, interleaved. Two tasks shaped like GLUE's files,
so a pipeline written for GLUE reads them unchanged:

  SST-2/train.tsv, SST-2/dev.tsv   header `sentence<TAB>label`, labels en / other
  CoLA/train.tsv,  CoLA/dev.tsv    no header; source, label (1 English, 0 not), mark, sentence

Usage: python3 scripts/quickstart/make_labeled_fixture.py [OUT]  (default
Tests/Fixtures/glue-like). The output is deterministic.
"""
import gzip
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "Pipelines", "samples", "quickstart")


def pages():
    languages = {}
    with open(os.path.join(SAMPLE, "manifest.tsv"), encoding="utf-8") as manifest:
        for line in manifest:
            cells = line.rstrip("\n").split("\t")
            if len(cells) >= 6 and cells[3] and cells[5]:
                languages[cells[3]] = cells[5]
    data = gzip.open(os.path.join(SAMPLE, "crawl-2024-03.warc.wet.gz")).read()
    for record in data.split(b"WARC/1.")[1:]:
        if b"\r\n\r\n" not in record:
            continue
        head, body = record.split(b"\r\n\r\n", 1)
        uri = None
        for header in head.split(b"\r\n"):
            if header.startswith(b"WARC-Target-URI:"):
                uri = header.split(b":", 1)[1].strip().decode()
        if uri in languages:
            yield body.decode("utf-8", "replace"), languages[uri]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "Tests", "Fixtures", "glue-like")
    english, other, seen = [], [], set()
    for text, language in pages():
        for line in text.split("\n"):
            line = line.strip().replace("\t", " ")
            if 60 <= len(line) <= 400 and line not in seen:
                seen.add(line)
                (english if language == "en" else other).append(line)
    step = max(1, len(english) // len(other))
    english = english[::step]
    pairs = [[(e, True), (o, False)] for e, o in zip(english, other)]
    examples = [example for pair in pairs for example in pair]
    sst2, cola = examples[:220], examples[220:440]
    os.makedirs(os.path.join(out, "SST-2"), exist_ok=True)
    os.makedirs(os.path.join(out, "CoLA"), exist_ok=True)
    for name, rows in (("train", sst2[:160]), ("dev", sst2[160:])):
        with open(os.path.join(out, "SST-2", name + ".tsv"), "w", encoding="utf-8") as f:
            f.write("sentence\tlabel\n")
            for text, is_english in rows:
                f.write(f"{text}\t{'en' if is_english else 'other'}\n")
    for name, rows in (("train", cola[:160]), ("dev", cola[160:])):
        with open(os.path.join(out, "CoLA", name + ".tsv"), "w", encoding="utf-8") as f:
            for text, is_english in rows:
                f.write(f"quickstart\t{1 if is_english else 0}\t{'' if is_english else '*'}\t{text}\n")


if __name__ == "__main__":
    main()
