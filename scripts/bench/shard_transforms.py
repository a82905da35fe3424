#!/usr/bin/env python3
"""Measures lz4 frame compression of real token ids under three block transforms.

Reads `spm_encode --output_format=id` output (one line of ids per input line), appends an end
of sequence id to every line, cuts the stream into blocks of --block-tokens tokens stored at the
width the shard format would choose (uint16 when the vocabulary has at most 65,536 ids), and for
each transform reports the compression ratio (raw bytes / lz4 bytes) and the lz4 decompression
speed and the compression speed (MB/s of uncompressed bytes, one thread, python-lz4's C decoder, the best of --rounds).

Transforms: none (ids as stored); shuffle (all byte 0s of the block, then all byte 1s, ...);
delta (each id minus the previous one, wrapping at the width; the first minus 0).
Needs numpy and lz4. Reproduce BENCHMARKS.md with scripts/bench/shard_transforms.sh.
"""
import argparse
import time

import lz4.frame
import numpy as np


def load(path, eos, dtype):
    ids = []
    with open(path) as f:
        for line in f:
            ids.extend(int(x) for x in line.split())
            ids.append(eos)
    return np.array(ids, dtype=dtype)


def transform(block, name):
    if name == "none":
        return block.tobytes()
    if name == "shuffle":
        return block.view(np.uint8).reshape(-1, block.itemsize).T.copy().tobytes()
    if name == "delta":
        return np.diff(block, prepend=block.dtype.type(0)).astype(block.dtype).tobytes()
    raise ValueError(name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="+", help="files of spm_encode ids (one per vocabulary)")
    parser.add_argument("--eos", type=int, default=2)
    parser.add_argument("--block-tokens", type=int, nargs="+", default=[65536, 16384])
    parser.add_argument("--levels", type=int, nargs="+", default=[0, 3, 9])
    parser.add_argument("--width", type=int, nargs="+", default=[2])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print("| ids | tokens | width | block tokens | level | transform | ratio | compress MB/s | decompress MB/s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for path in args.ids:
        for width in args.width:
            tokens = load(path, args.eos, np.uint16 if width == 2 else np.uint32)
            for block_tokens in args.block_tokens:
                blocks = [tokens[i:i + block_tokens] for i in range(0, len(tokens), block_tokens)]
                for level in args.levels:
                    for name in ["none", "shuffle", "delta"]:
                        raw = [transform(b, name) for b in blocks]
                        start = time.perf_counter()
                        frames = [lz4.frame.compress(r, compression_level=level, store_size=True,
                                                     content_checksum=False) for r in raw]
                        compress = sum(map(len, raw)) / (time.perf_counter() - start) / 1e6
                        ratio = sum(map(len, raw)) / sum(map(len, frames))
                        best = float("inf")
                        for _ in range(args.rounds):
                            start = time.perf_counter()
                            for frame in frames:
                                lz4.frame.decompress(frame)
                            best = min(best, time.perf_counter() - start)
                        speed = sum(map(len, raw)) / best / 1e6
                        print(f"| {path.rsplit('/', 1)[-1]} | {len(tokens):,} | {width} | {block_tokens:,} | {level} "
                              f"| {name} | {ratio:.3f} | {compress:,.0f} | {speed:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
