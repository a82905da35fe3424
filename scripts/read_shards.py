#!/usr/bin/env python3
"""Read a corpus token-shard dataset (format: Shards/README.md) and print or dump its token ids.

Needs numpy and lz4 (pip install numpy lz4). Every checksum is verified: the manifest's file sizes
and XXH64s, each shard's header, block index and document offsets, and every block before it is
decompressed. XXH64 comes from the `xxhash` package when installed, else from the pure-Python
implementation below (slow: a few MB/s; --skip-file-checksums halves the work).

  read_shards.py DIR                         totals, then the first documents' ids
  read_shards.py DIR --dump-ids OUT.txt      every document of --split, one line of ids each
  read_shards.py DIR --npy OUT.npy           every token of --split as one array
"""
import argparse
import json
import os
import struct
import sys

import lz4.frame
import numpy as np

MASK = (1 << 64) - 1
P1, P2, P3, P4, P5 = (0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                      0x85EBCA77C2B2AE63, 0x27D4EB2F165667C5)


def _rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & MASK


def _round(acc, lane):
    return (_rotl((acc + lane * P2) & MASK, 31) * P1) & MASK


def _merge(acc, val):
    return ((acc ^ _round(0, val)) * P1 + P4) & MASK


def xxh64_pure(data, seed=0):
    """XXH64 as specified by xxHash (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md)."""
    data = bytes(data)
    n = len(data)
    i = 0
    if n >= 32:
        v = [(seed + P1 + P2) & MASK, (seed + P2) & MASK, seed & MASK, (seed - P1) & MASK]
        lanes = struct.unpack_from("<%dQ" % ((n // 32) * 4), data)
        for k in range(0, len(lanes), 4):
            v = [_round(v[j], lanes[k + j]) for j in range(4)]
        i = (n // 32) * 32
        acc = (_rotl(v[0], 1) + _rotl(v[1], 7) + _rotl(v[2], 12) + _rotl(v[3], 18)) & MASK
        for j in range(4):
            acc = _merge(acc, v[j])
    else:
        acc = (seed + P5) & MASK
    acc = (acc + n) & MASK
    while i + 8 <= n:
        acc = (_rotl(acc ^ _round(0, struct.unpack_from("<Q", data, i)[0]), 27) * P1 + P4) & MASK
        i += 8
    if i + 4 <= n:
        acc = (_rotl(acc ^ (struct.unpack_from("<I", data, i)[0] * P1 & MASK), 23) * P2 + P3) & MASK
        i += 4
    while i < n:
        acc = (_rotl(acc ^ (data[i] * P5 & MASK), 11) * P1) & MASK
        i += 1
    acc ^= acc >> 33
    acc = (acc * P2) & MASK
    acc ^= acc >> 29
    acc = (acc * P3) & MASK
    return acc ^ (acc >> 32)


try:
    import xxhash

    def xxh64(data, seed=0):
        return xxhash.xxh64_intdigest(bytes(data), seed)
except ImportError:
    xxh64 = xxh64_pure


class ShardError(Exception):
    """A damaged, truncated or unsupported shard, or an incomplete dataset."""


def corrupt(path, part, offset, detail):
    return ShardError(f"{path}: corrupt {part} at byte offset {offset}: {detail}")


HEADER = struct.Struct("<8sIBBBBII32s9Q2Q")  # 144 bytes; zeros up to 248, then the header XXH64


class Shard:
    """One shard file, its sections checked on open, its blocks checked as they are read."""

    def __init__(self, path):
        self.path = path
        with open(path, "rb") as f:
            self.data = f.read()
        if len(self.data) < 256:
            raise corrupt(path, "header", len(self.data), "the file is shorter than the 256-byte header; it is truncated")
        fields = HEADER.unpack_from(self.data, 0)
        magic, version, self.width, transform, split, _, self.block_tokens, self.vocab, self.tokenizer = fields[:9]
        (self.documents, self.tokens, self.blocks, blocks_off, blocks_len, index_off, index_len,
         offsets_off, offsets_len, index_sum, offsets_sum) = fields[9:]
        if magic != b"CTOKSHRD":
            raise ShardError(f"{path}: not a token shard")
        if version != 1:
            raise ShardError(f"{path}: shard format version {version}; this reader reads 1")
        stored = struct.unpack_from("<Q", self.data, 248)[0]
        if xxh64(self.data[:248]) != stored:
            raise corrupt(path, "header", 0, "header checksum mismatch")
        if self.width not in (2, 4) or transform != 0 or split > 1:
            raise ShardError(f"{path}: unsupported width {self.width} / transform {transform} / split {split}")
        self.split = "train" if split == 0 else "validation"
        if not (blocks_off == 256 and index_off == blocks_off + blocks_len and offsets_off == index_off + index_len
                and index_len == 32 * self.blocks and offsets_len == 8 * (self.documents + 1)):
            raise ShardError(f"{path}: inconsistent header")
        if offsets_off + offsets_len != len(self.data):
            raise corrupt(path, "file", min(len(self.data), offsets_off + offsets_len),
                          f"the header describes {offsets_off + offsets_len} bytes but the file has {len(self.data)}; it is truncated")
        for part, off, length, want in (("block index", index_off, index_len, index_sum),
                                        ("document offsets", offsets_off, offsets_len, offsets_sum)):
            if xxh64(self.data[off:off + length]) != want:
                raise corrupt(path, part, off, "checksum mismatch")
        index = np.frombuffer(self.data, dtype=np.dtype([("offset", "<u8"), ("length", "<u4"), ("tokens", "<u4"),
                                                         ("first_document", "<u8"), ("xxh64", "<u8")]),
                              count=self.blocks, offset=index_off)
        self.index = index
        self.offsets = np.frombuffer(self.data, dtype="<u8", count=self.documents + 1, offset=offsets_off).astype(np.int64)
        self.dtype = np.dtype("<u2" if self.width == 2 else "<u4")

    def block(self, b):
        """The token ids of block `b`, after checking its XXH64."""
        entry = self.index[b]
        start, length = int(entry["offset"]), int(entry["length"])
        frame = self.data[start:start + length]
        if xxh64(frame) != int(entry["xxh64"]):
            raise corrupt(self.path, f"block {b}", start, "checksum mismatch")
        raw = lz4.frame.decompress(frame)
        if len(raw) != int(entry["tokens"]) * self.width:
            raise corrupt(self.path, f"block {b}", start, "the frame holds the wrong number of bytes")
        return np.frombuffer(raw, dtype=self.dtype)

    def all_tokens(self):
        """Every token of the shard, as uint32."""
        if self.blocks == 0:
            return np.zeros(0, dtype=np.uint32)
        return np.concatenate([self.block(b) for b in range(self.blocks)]).astype(np.uint32)


def open_dataset(directory, check_files=True):
    """The manifest, after checking the folder is a complete dataset."""
    path = os.path.join(directory, "manifest.json")
    if not os.path.exists(path):
        raise ShardError(f"{directory}: incomplete dataset: no manifest.json")
    with open(path) as f:
        manifest = json.load(f)
    if manifest.get("format") != "corpus-token-shards" or manifest.get("version") != 1:
        raise ShardError(f"{path}: not a version 1 corpus-token-shards manifest")
    for shard in manifest["shards"]:
        file = os.path.join(directory, shard["file"])
        if not os.path.exists(file):
            raise ShardError(f"{directory}: incomplete dataset: the manifest lists {shard['file']} but it is missing")
        if os.path.getsize(file) != shard["bytes"]:
            raise ShardError(f"{directory}: incomplete dataset: {shard['file']} has the wrong size")
        if check_files:
            with open(file, "rb") as f:
                if "%016x" % xxh64(f.read()) != shard["xxh64"]:
                    raise corrupt(file, "file", 0, "file checksum differs from the manifest")
    return manifest


def documents(directory, manifest, split):
    """Yields every document of `split` as a uint32 array, in order."""
    for entry in manifest["shards"]:
        if entry["split"] != split:
            continue
        shard = Shard(os.path.join(directory, entry["file"]))
        if (shard.tokens, shard.documents, shard.split) != (entry["tokens"], entry["documents"], split):
            raise ShardError(f"{shard.path}: does not match the manifest")
        tokens = shard.all_tokens()
        for d in range(shard.documents):
            yield tokens[shard.offsets[d]:shard.offsets[d + 1]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--split", default="train", choices=["train", "validation"])
    parser.add_argument("--dump-ids", metavar="OUT", help="write every document's ids, one line each")
    parser.add_argument("--npy", metavar="OUT", help="write every token of the split as one uint32 .npy array")
    parser.add_argument("--print", type=int, default=3, metavar="N", help="print the first N documents' ids")
    parser.add_argument("--skip-file-checksums", action="store_true", help="skip the whole-file XXH64s (blocks are still checked)")
    parser.add_argument("--pure-xxh64", action="store_true", help="use the pure-Python XXH64 even when xxhash is installed")
    args = parser.parse_args()
    if args.pure_xxh64:
        global xxh64
        xxh64 = xxh64_pure
    try:
        manifest = open_dataset(args.directory, check_files=not args.skip_file_checksums)
        totals = manifest["totals"][args.split]
        print(f"{args.split}: {totals['shards']} shards, {totals['documents']} documents, {totals['tokens']} tokens", file=sys.stderr)
        out = open(args.dump_ids, "w") if args.dump_ids else None
        arrays = []
        for n, doc in enumerate(documents(args.directory, manifest, args.split)):
            if out:
                out.write(" ".join(map(str, doc.tolist())) + "\n")
            if args.npy:
                arrays.append(doc)
            if n < args.print:
                print(f"document {n} ({len(doc)} tokens): {' '.join(map(str, doc[:32].tolist()))}")
        if out:
            out.close()
        if args.npy:
            np.save(args.npy, np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.uint32))
    except ShardError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(65)


if __name__ == "__main__":
    main()
