#!/usr/bin/env python3
"""Scores a near-duplicate dedup run on the benchmark of make_neardup_bench.py.

Recall: a planted copy counts as caught when the run removed it. Per Jaccard bin the measured
recall is printed next to the S-curve's expectation (the mean of 1 - (1 - J^r)^b over the
pairs of the bin). Precision: a removal is right at threshold t when the removed document's
true Jaccard with the document it was removed in favour of (`duplicate_of`, the first of its
cluster) is at least t; unplanted removals (real near-duplicates among the base pages) are
scored the same way.

    corpus dedup OUT/bench.jsonl --method minhash -o kept.jsonl --removed removed.jsonl --stats stats.json
    python3 scripts/dedup/eval_neardup.py OUT --removed removed.jsonl
"""
import argparse
import json
import os

from neardup_common import caught, jaccard, shingles


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bench", help="folder with bench.jsonl and pairs.jsonl")
    parser.add_argument("--removed", required=True, help="removal records of the run (id, duplicate_of)")
    parser.add_argument("--bands", type=int, default=14)
    parser.add_argument("--rows", type=int, default=8)
    parser.add_argument("--bin", type=float, default=0.05)
    args = parser.parse_args()

    texts = {}
    for line in open(os.path.join(args.bench, "bench.jsonl"), encoding="utf-8"):
        record = json.loads(line)
        texts[record["id"]] = record["text"]
    pairs = [json.loads(line) for line in open(os.path.join(args.bench, "pairs.jsonl"), encoding="utf-8")]
    removed = {}
    for line in open(args.removed, encoding="utf-8"):
        record = json.loads(line)
        removed[record["id"]] = record.get("duplicate_of")

    print(f"bands x rows = {args.bands}x{args.rows}; {len(pairs)} planted pairs; {len(removed)} documents removed\n")
    print("| true J | pairs | caught | recall | S-curve |")
    print("|---|---:|---:|---:|---:|")
    bins = {}
    for pair in pairs:
        j = pair["jaccard"]
        k = min(int(j / args.bin + 1e-9), int(round(1 / args.bin)))
        bins.setdefault(k, []).append((j, pair["id_b"] in removed))
    for k in sorted(bins):
        rows = bins[k]
        hits = sum(1 for _, c in rows if c)
        expected = sum(caught(j, args.bands, args.rows) for j, _ in rows) / len(rows)
        low = k * args.bin
        label = "1.00" if low >= 1 - 1e-9 else f"{low:.2f}-{low + args.bin:.2f}"
        print(f"| {label} | {len(rows)} | {hits} | {hits / len(rows):.3f} | {expected:.3f} |")

    high = [p for p in pairs if p["jaccard"] >= 0.8]
    hits = sum(1 for p in high if p["id_b"] in removed)
    print(f"\nrecall at J >= 0.8: {hits}/{len(high)} = {hits / max(1, len(high)):.3f}")
    expected = sum(caught(p["jaccard"], args.bands, args.rows) for p in high) / max(1, len(high))
    print(f"S-curve expectation at J >= 0.8: {expected:.3f}")

    cache = {}

    def shingle_set(doc_id):
        if doc_id not in cache:
            cache[doc_id] = shingles(texts.get(doc_id, ""))
        return cache[doc_id]

    similarities = []
    for doc_id, reference in removed.items():
        similarities.append(jaccard(shingle_set(doc_id), shingle_set(reference)) if reference else 0.0)
    planted = {p["id_b"] for p in pairs}
    unplanted = sum(1 for doc_id in removed if doc_id not in planted)
    print(f"removals that are planted copies: {len(removed) - unplanted}; other removals (real near-duplicates among bases): {unplanted}")
    for threshold in (0.5, 0.7, 0.8):
        right = sum(1 for s in similarities if s >= threshold)
        print(f"precision at J >= {threshold}: {right}/{len(similarities)} = {right / max(1, len(similarities)):.3f}")


if __name__ == "__main__":
    main()
