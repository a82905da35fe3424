#!/usr/bin/env python3
"""datatrove running a rule set on a JSONL file, in one process (one core), for side-by-side timing.

usage: peer_clean.py c4|gopher|c4-gopher INPUT.jsonl

Rule sets (datatrove 0.10.1, default parameters):
  c4         C4QualityFilter
  gopher     GopherRepetitionFilter -> GopherQualityFilter
  c4-gopher  C4QualityFilter -> GopherRepetitionFilter -> GopherQualityFilter (the peers' bench_datatrove.py)
Documents are read with json and passed through the filters' `filter` method the way the
pipeline does, without executor overhead, so the time is the rules' own. Prints one JSON line.
"""
import json
import sys
import time

from datatrove.data import Document
from datatrove.pipeline.filters import C4QualityFilter, GopherQualityFilter, GopherRepetitionFilter


def main(ruleset, path):
    filters = {
        "c4": [C4QualityFilter()],
        "gopher": [GopherRepetitionFilter(), GopherQualityFilter()],
        "c4-gopher": [C4QualityFilter(), GopherRepetitionFilter(), GopherQualityFilter()],
    }[ruleset]
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            docs.append(Document(text=record["text"], id=str(record.get("id")), metadata={}))
    text_bytes = sum(len(d.text.encode()) for d in docs)
    # warm up lazy model loading (spaCy, punkt) outside the timed region
    for flt in filters:
        flt.filter(Document(text="Warm up. " * 60, id="warm", metadata={}))
    start = time.perf_counter()
    kept = 0
    for doc in docs:
        ok = True
        for flt in filters:
            result = flt.filter(doc)
            if result is not True and not (isinstance(result, tuple) and result[0]):
                ok = False
                break
        kept += ok
    seconds = time.perf_counter() - start
    print(json.dumps({"tool": "datatrove", "ruleset": ruleset, "docs": len(docs), "kept": kept, "seconds": round(seconds, 3),
                      "docs_per_s": round(len(docs) / seconds, 1), "mb_per_s": round(text_bytes / seconds / 1e6, 3)}))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
