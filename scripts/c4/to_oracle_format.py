#!/usr/bin/env python3
"""Turn a `corpus clean --preset c4` run into the C4 oracle's record format, for compare.py.

usage: to_oracle_format.py INPUT.jsonl KEPT.jsonl EXCLUDED.jsonl OUT.jsonl

One record per input document, in input order: {"id", "kept", "reason", "text"}, with our
filter/reason names mapped to the reference's Beam counter names.
"""
import json
import sys

REASONS = {
    "c4_length/too_long": "too-long-filter/filtered",
    "c4_clean/lorem_ipsum": "clean-page/filtered:loremipsum",
    "c4_clean/curly_bracket": "clean-page/filtered:squigglybracket",
    "c4_clean/too_few_sentences": "clean-page/filtered:too_few_sentences",
    "language/low_confidence": "english-filter/filtered:low_confidence",
    "language/ignored_language": "english-filter/filtered:ignored_language",
    "bad_words/bad_words": "badwords-filter/filtered",
    "lines/lines_empty": "dedupe-lines/filtered:empty",
    "lines/lines_too_few_sentences": "dedupe-lines/filtered:too_few_sentences",
}


def main(source, kept_path, excluded_path, out_path):
    kept, excluded = {}, {}
    with open(kept_path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            kept[str(record["id"])] = record["text"]
    with open(excluded_path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            key = f'{record["filter"]}/{record["reason"]}'
            excluded[str(record["id"])] = REASONS.get(key, key)
    with open(source, encoding="utf-8") as f, open(out_path, "w", encoding="utf-8") as out:
        for number, line in enumerate(f):
            if not line.strip():
                continue
            doc_id = str(json.loads(line).get("id", number))
            if doc_id in kept:
                record = {"id": doc_id, "kept": True, "reason": None, "text": kept[doc_id]}
            else:
                record = {"id": doc_id, "kept": False, "reason": excluded.get(doc_id, "MISSING"), "text": None}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
