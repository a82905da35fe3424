#!/usr/bin/env python3
"""Encode the same documents with the same SentencePiece model through the peers.

usage: tokenizer_encode_peers.py MODEL DOCS.jsonl THREADS IMPL [IDS_OUT.jsonl]
  IMPL: python-sentencepiece | hf-tokenizers
Each document's "text" is encoded whole, as `corpus shard` does (eos is appended to each).
Prints one JSON line: impl, threads, MB of text, encode seconds (in-process, around the encode
call only), MB/s, token count. With IDS_OUT, writes {"ids": [...]} per document, to check that
every implementation gives the same ids.
"""
import json
import os
import sys
import time

model, docs_path, threads, impl = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
ids_out = sys.argv[5] if len(sys.argv) > 5 else None
with open(docs_path, encoding="utf-8") as f:
    texts = [json.loads(line)["text"] for line in f if line.strip()]
mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

if impl == "python-sentencepiece":
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=model)
    eos = sp.eos_id()
    start = time.perf_counter()
    encoded = sp.encode(texts, out_type=int, num_threads=threads)
    seconds = time.perf_counter() - start
    encoded = [ids + [eos] for ids in encoded]
elif impl == "hf-tokenizers":
    os.environ["RAYON_NUM_THREADS"] = str(threads)
    import sentencepiece.sentencepiece_model_pb2 as model_pb2
    sys.modules["sentencepiece_model_pb2"] = model_pb2  # what from_spm imports
    from tokenizers.implementations import SentencePieceUnigramTokenizer

    tokenizer = SentencePieceUnigramTokenizer.from_spm(model)
    proto = model_pb2.ModelProto()
    proto.ParseFromString(open(model, "rb").read())
    eos = proto.trainer_spec.eos_id
    start = time.perf_counter()
    batch = tokenizer._tokenizer.encode_batch_fast(texts, add_special_tokens=False)  # the wrapped Tokenizer
    seconds = time.perf_counter() - start
    encoded = [e.ids + [eos] for e in batch]
else:
    sys.exit(f"unknown IMPL {impl}")

tokens = sum(len(ids) for ids in encoded)
print(json.dumps({"impl": impl, "threads": threads, "text_mb": round(mb, 2), "encode_s": round(seconds, 3),
                  "mb_per_s": round(mb / seconds, 2), "tokens": tokens}))
if ids_out:
    with open(ids_out, "w") as out:
        for ids in encoded:
            out.write(json.dumps({"ids": ids}) + "\n")
