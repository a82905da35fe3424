#!/usr/bin/env python3
"""Checks a tokenizer trained by `corpus tokenizer train` against Python's sentencepiece.

Usage: check_with_python.py MODEL IDS.jsonl

IDS.jsonl holds {"text": ..., "ids": [...]} per line, as `corpus tokenizer encode MODEL --jsonl`
writes it. The script loads MODEL with the reference library, encodes every text again and
compares the ids (Debian's SentencePiece 0.1.97 and pip's 0.2.x break exact ties between
equally scored segmentations differently, e.g. "...." as "...|." or ".|...": a difference that
is only the same pieces in another order, decoding to the same text, is counted as a tie, not
a mismatch), then checks the special-token layout of docs/tokenizer.md: pad 0, eos 1,
unk 2, <s> 3 when present, [CLS]/[SEP]/[MASK] or [NLU]/[NLG]/[S2S] right after, and
<extra_id_i> at vocab_size - 1 - i, all control pieces. Exits 1 on any mismatch, 2 on bad usage.
"""
import json
import sys


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        import sentencepiece as spm
    except ImportError:
        print("sentencepiece is not installed: run scripts/setup-python.sh", file=sys.stderr)
        return 2
    sp = spm.SentencePieceProcessor(model_file=argv[1])
    problems = []
    ties = 0

    with open(argv[2], encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    for number, record in enumerate(records, 1):
        expected = sp.encode(record["text"])
        if expected == record["ids"]:
            continue
        if sorted(expected) == sorted(record["ids"]) and sp.decode(expected) == sp.decode(record["ids"]):
            ties += 1
        else:
            problems.append(f"line {number}: {record['text']!r}: corpus gave {record['ids']}, sentencepiece gives {expected}")

    size = sp.get_piece_size()
    has_bos = sp.piece_to_id("<s>") != sp.unk_id()
    wanted = {"<pad>": 0, "</s>": 1, "<unk>": 2}
    if has_bos:
        wanted["<s>"] = 3
    first = 4 if has_bos else 3
    for group in (["[CLS]", "[SEP]", "[MASK]"], ["[NLU]", "[NLG]", "[S2S]"]):
        if sp.piece_to_id(group[0]) != sp.unk_id():
            wanted.update({piece: first + offset for offset, piece in enumerate(group)})
    if sp.piece_to_id("<extra_id_0>") != sp.unk_id():
        wanted.update({f"<extra_id_{i}>": size - 1 - i for i in range(100)})
    for piece, id_ in wanted.items():
        if sp.piece_to_id(piece) != id_:
            problems.append(f"{piece}: id {sp.piece_to_id(piece)}, documented {id_}")
        elif piece != "<unk>" and not sp.is_control(id_):
            problems.append(f"{piece} (id {id_}) is not a control piece")
    meta = (sp.pad_id(), sp.eos_id(), sp.unk_id(), sp.bos_id())
    if meta != (0, 1, 2, 3 if has_bos else -1):
        problems.append(f"pad/eos/unk/bos ids are {meta}")

    for problem in problems[:20]:
        print(problem, file=sys.stderr)
    if problems:
        print(f"MISMATCH: {len(problems)} problems", file=sys.stderr)
        return 1
    tied = f" ({ties} equally scored ties ordered differently)" if ties else ""
    print(f"ok: {len(records)} texts give the same ids{tied}; {len(wanted)} special ids as documented; vocabulary {size}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
