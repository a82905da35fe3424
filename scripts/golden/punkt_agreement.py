#!/usr/bin/env python3
"""Measures how often the Swift Punkt splitter agrees with NLTK (count and spans per text).

Not a unit test: it needs the oracle environment (nltk 3.10.4 with punkt_tab) and swiftc. It
compiles a throwaway command-line tool from Sources/CorpusFilters/Punkt (plus the two files they
use) in a temporary directory -- no package target -- and feeds both sides the same texts:

  --lines       every line (str.splitlines) of every document of --docs
  --documents   every whole document of --docs
  --fuzz N      N random strings from a trap alphabet (periods, quotes, brackets, odd spaces,
                abbreviations, initials, numbers, non-ASCII letters and digits), seeded by --seed
  --char-fuzz N N random strings of single characters from a small alphabet of letters, digits,
                punctuation and spaces, to stress the word and boundary regular expressions

    /work/.oracle/venv/bin/python scripts/golden/punkt_agreement.py --lines --documents --fuzz 200000
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

import nltk

DUMPER = r"""
import Foundation

@main struct PunktDump {
    static func main() throws {
        let arguments = CommandLine.arguments
        let splitter = PunktSentenceSplitter(parameters: try PunktParameters(directory: arguments[1]))
        guard let data = FileManager.default.contents(atPath: arguments[2]) else { return }
        var out = ""
        for record in data.split(separator: UInt8(ascii: "\n")) {
            let object = try JSONSerialization.jsonObject(with: Data(record)) as? [String: Any]
            let text = object?["text"] as? String ?? ""
            let count = splitter.sentenceCount(in: Substring(text))
            var offset = 0
            var index = text.startIndex
            var spans: [String] = []
            for range in splitter.sentenceRanges(in: Substring(text)) {
                offset += text.unicodeScalars.distance(from: index, to: range.lowerBound)
                let start = offset
                offset += text.unicodeScalars.distance(from: range.lowerBound, to: range.upperBound)
                index = range.upperBound
                spans.append("[\(start), \(offset)]")
            }
            out += "{\"count\": \(count), \"spans\": [\(spans.joined(separator: ", "))]}\n"
        }
        _ = FileManager.default.createFile(atPath: arguments[3], contents: Data(out.utf8))
    }
}
"""

TRAPS_WORDS = [
    "Mr", "Dr", "mr", "e.g", "i.e", "U.S", "u.s", "etc", "Inc", "inc", "vs", "No", "no", "Jan", "the",
    "The", "However", "however", "he", "He", "Smith", "smith", "A", "a", "J", "j", "b", "B", "I", "i",
    "5", "3.14", "1,000", "-5", ".5", ",5", "5-", "12.", "##number##", "International", "international",
    "Walter", "walter", "Stewart", "\u03a3\u0391\u03a3", "\u03a3", "\u00e9", "\u00c9", "\u0130",
    "\u212a", "\u01c5", "\u24d0", "\u2160", "\u0663", "\u00b2", "x\u0303", "\u65e5\u672c", "\u0295",
    "\u10fc", "\U0001F600", "\U0001D400", "\u00df", "\ufb01", "p.m", "a.m", "u.s.a", "ph.d", "1-t",
    "non-profit", "co", "Corp", "St", "st", "Gen", "x", "Z", "most", "Most", "since", "ok", "mich",
    "d.c", "\u0558", "\U00018E00", "\u0345", "\u02b0", "\u00aa", "ABC", "abc", "\u1e9e",
]
TRAPS_PUNCT = [".", ".", ".", "?", "!", "?!", "!!", "..", "...", ". . .", ". . . .", ".\t.\t.", ",", ";",
               ":", "-", "--", "---", "*", "@", "&", "#", "`", "%", "/", "_"]
TRAPS_QUOTES = ['"', "'", ")", "(", "]", "[", "}", "{", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb"]
TRAPS_SPACES = [" ", " ", "  ", "\n", "\n\n", "\t", "\r", "\r\n", "\u00a0", "\u2028", "\u3000", "\x1c",
                "\x1f", "\x0b", "\x0c", "\x85", "\u200b"]


def fuzz_texts(count, seed):
    rnd = random.Random(seed)

    def piece():
        r = rnd.random()
        if r < 0.45:
            return rnd.choice(TRAPS_WORDS)
        if r < 0.7:
            return rnd.choice(TRAPS_PUNCT)
        if r < 0.82:
            return rnd.choice(TRAPS_QUOTES)
        return rnd.choice(TRAPS_SPACES)

    texts = []
    for _ in range(count):
        space = rnd.choice([0.0, 0.1, 0.3, 0.5, 0.7])
        parts = []
        for _ in range(rnd.randint(1, rnd.choice([8, 25, 60]))):
            parts.append(piece())
            if rnd.random() < space:
                parts.append(" ")
        texts.append("".join(parts))
    return texts


CHAR_ALPHABET = "aAbJIiSsTt5.....???!!!   \n\t\"\"'')(][}{,;:-*@&#`_\u00a0\u2028\x1c\x85\u201d\u00bb\u03a3\u00e9\u0130"


def char_fuzz_texts(count, seed):
    rnd = random.Random(seed)
    return ["".join(rnd.choice(CHAR_ALPHABET) for _ in range(rnd.randint(0, rnd.choice([6, 20, 50]))))
            for _ in range(count)]


def build_dumper(repo, workdir):
    sources = os.path.join(repo, "Sources/CorpusFilters")
    main = os.path.join(workdir, "main.swift")
    with open(main, "w") as f:
        f.write(DUMPER)
    punkt = sorted(os.path.join(sources, "Punkt", n) for n in os.listdir(os.path.join(sources, "Punkt")))
    binary = os.path.join(workdir, "punkt-dump")
    subprocess.run(["swiftc", "-O", "-wmo", "-module-name", "CorpusFilters", "-parse-as-library", "-o", binary, main,
                    *punkt, os.path.join(sources, "PythonText.swift"), os.path.join(sources, "FilterOptions.swift")],
                   check=True)
    return binary


def compare(name, texts, tokenizer, dumper, model, workdir):
    path_in = os.path.join(workdir, name + ".in.jsonl")
    path_out = os.path.join(workdir, name + ".out.jsonl")
    with open(path_in, "w", encoding="utf-8") as f:
        for text in texts:
            f.write(json.dumps({"text": text}) + "\n")
    subprocess.run([dumper, model, path_in, path_out], check=True)
    with open(path_out, encoding="utf-8") as f:
        swift = [json.loads(line) for line in f]
    assert len(swift) == len(texts), (len(swift), len(texts))
    count_mismatch = span_mismatch = 0
    for text, got in zip(texts, swift):
        spans = [list(span) for span in tokenizer.span_tokenize(text)]
        if got["count"] != len(spans):
            count_mismatch += 1
        if got["spans"] != spans:
            span_mismatch += 1
            if span_mismatch <= 5:
                print(f"  mismatch: {text[:200]!r}\n    nltk  {spans}\n    swift {got['spans']}")
    agree = 100.0 * (len(texts) - count_mismatch) / max(1, len(texts))
    print(f"{name}: {len(texts)} texts, count mismatches {count_mismatch}, span mismatches {span_mismatch}"
          f" ({agree:.4f}% count agreement)")
    return count_mismatch + span_mismatch


def main():
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nltk-data", default="/work/.oracle/nltk_data")
    parser.add_argument("--docs", default="/work/bench-data/debian-docs.jsonl")
    parser.add_argument("--lines", action="store_true")
    parser.add_argument("--documents", action="store_true")
    parser.add_argument("--fuzz", type=int, default=0)
    parser.add_argument("--char-fuzz", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    nltk.data.path.insert(0, args.nltk_data)
    tokenizer = nltk.data.load("nltk:tokenizers/punkt/english.pickle")
    model = os.path.join(repo, "Filters/punkt-english")
    docs = []
    if args.lines or args.documents:
        with open(args.docs, encoding="utf-8") as f:
            docs = [json.loads(record)["text"] for record in f]
    failures = 0
    with tempfile.TemporaryDirectory(prefix="punkt-agreement-") as workdir:
        dumper = build_dumper(repo, workdir)
        if args.lines:
            lines = [line for doc in docs for line in doc.splitlines()]
            failures += compare("lines", lines, tokenizer, dumper, model, workdir)
        if args.documents:
            failures += compare("documents", docs, tokenizer, dumper, model, workdir)
        if args.fuzz:
            failures += compare(f"fuzz(seed={args.seed})", fuzz_texts(args.fuzz, args.seed), tokenizer, dumper, model, workdir)
        if args.char_fuzz:
            texts = char_fuzz_texts(args.char_fuzz, args.seed)
            failures += compare(f"char-fuzz(seed={args.seed})", texts, tokenizer, dumper, model, workdir)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
