#!/usr/bin/env python3
"""Run `corpus read`, `clean` and `dedup` on the quickstart corpus and check the planted cases.

usage:
    check_quickstart_corpus.py [--corpus BIN] [--samples DIR] [--work DIR] [--workers N]

Reads Pipelines/samples/quickstart/*.gz, cleans with the c4, gopher and fineweb presets, dedups
the C4 output (and the raw read output) with url,exact,minhash,lines and with C4's url,lines
followed by exact,minhash, and prints what happened to every planted record of manifest.tsv.
Exit status 1 if a planted duplicate that should be found is not. Standard library only.
"""
import argparse
import collections
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {p.returncode}\n{p.stderr}")
    return p.stderr


def jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=os.path.join(HERE, "../../.build/release/corpus"))
    ap.add_argument("--samples", default=os.path.join(HERE, "../../Pipelines/samples/quickstart"))
    ap.add_argument("--work", default="/tmp/quickstart-check")
    ap.add_argument("--workers", default="1")
    a = ap.parse_args()
    C, W = a.corpus, a.work
    os.makedirs(W, exist_ok=True)
    inputs = sorted(glob.glob(os.path.join(a.samples, "*.gz")))
    man = {}
    for line in open(os.path.join(a.samples, "manifest.tsv"), encoding="utf-8").read().splitlines()[1:]:
        f = line.split("\t")
        if f[2] in ("response", "conversion"):
            man.setdefault(f[3], []).append(f)

    print("== read")
    err = run([C, "read", *inputs, "-o", f"{W}/docs.jsonl", "--workers", a.workers])
    print("\n".join(l for l in err.splitlines() if not l.startswith("progress")))
    docs = jsonl(f"{W}/docs.jsonl")
    by_kind = collections.Counter(man[d["url"]][0][4] for d in docs)
    print("documents by kind:", dict(sorted(by_kind.items())))

    for preset in ("c4", "gopher", "fineweb"):
        run([C, "clean", f"{W}/docs.jsonl", "--preset", preset, "-o", f"{W}/{preset}.jsonl",
             "--excluded", f"{W}/{preset}-excluded.jsonl", "--stats", f"{W}/{preset}-stats.json",
             "--workers", a.workers])
        st = json.load(open(f"{W}/{preset}-stats.json"))
        kept = jsonl(f"{W}/{preset}.jsonl")
        langs = collections.Counter(man[d["url"]][0][5] for d in kept)
        print(f"\n== clean --preset {preset}: {st['documents_in']} -> {st['documents_out']} documents, "
              f"{st['bytes_in']} -> {st['bytes_out']} bytes of text")
        for flt in st["filters"]:
            if flt["dropped"]:
                print(f"  {flt['name']}: dropped {flt['dropped']} {flt['reasons']}")
        print("  kept by (manifest) language:", dict(langs.most_common()))
        ex = jsonl(f"{W}/{preset}-excluded.jsonl")
        planted = [(man[e["url"]][0][4], e["url"], f"{e['filter']}/{e['reason']}") for e in ex
                   if man[e["url"]][0][4] != "page"]
        for k, u, r in sorted(planted):
            print(f"  dropped planted {k:16} {u}  {r}")

    ok = True
    for src in ("c4", "docs"):
        for methods in ("url,exact,minhash,lines", "url,lines,exact,minhash"):
            tag = f"{src}-{methods.replace(',', '-')}"
            run([C, "dedup", f"{W}/{src}.jsonl", "--method", methods, "-o", f"{W}/{tag}.jsonl",
                 "--removed", f"{W}/{tag}-removed.jsonl", "--stats", f"{W}/{tag}-stats.json",
                 "--workers", a.workers])
            st = json.load(open(f"{W}/{tag}-stats.json"))
            inp = {d["id"]: d["url"] for d in jsonl(f"{W}/{src}.jsonl")}
            rem = jsonl(f"{W}/{tag}-removed.jsonl")
            print(f"\n== dedup {src}.jsonl --method {methods}: {len(inp)} -> {len(inp) - len(rem)} documents")
            print("  removed:", dict(collections.Counter(f"{r['method']}/{r['reason']}" for r in rem)))
            removed_urls = {}
            for r in rem:
                removed_urls.setdefault(r["url"], []).append(r)
                kind = man[r["url"]][0][4]
                print(f"  {r['method']:8} {kind:16} {r['url']}" +
                      (f"  = {inp.get(r['duplicate_of'])}" if r["duplicate_of"] else ""))
            if methods.startswith("url,exact,minhash"):
                # every planted pair whose two copies both reach dedup must lose one copy
                for url, rows in man.items():
                    for f in rows:
                        kind, note = f[4], f[6]
                        if kind not in ("exact-duplicate", "near-duplicate", "same-url"):
                            continue
                        orig = note.split(" of ")[-1].split(" as ")[-1] if kind != "same-url" else url
                        present = [u for u in inp.values() if u in (url, orig)]
                        if len(present) >= 2 and not (url in removed_urls or orig in removed_urls):
                            print(f"  MISSED {kind} {url} ~ {orig}")
                            ok = False
    print("\nall planted duplicates that reach dedup were found" if ok else "\nSOME PLANTED DUPLICATES MISSED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
