#!/usr/bin/env python3
"""Peer side of the WARC read+extract benchmark: what a user would run instead of `corpus read`.

usage:
    peer_read_warc.py warcio-resiliparse -o OUT.jsonl FILES...
    peer_read_warc.py fastwarc-resiliparse -o OUT.jsonl FILES...
    peer_read_warc.py datatrove [--files N] FILES_DIR OUT_DIR

warcio-resiliparse:   warcio ArchiveIterator -> HTML `response` records -> resiliparse
                      detect_encoding + bytes_to_str -> extract_plain_text(main_content=False)
                      (all text, the closest to what `corpus read` does) -> JSONL {id,text,url}.
fastwarc-resiliparse: the same with resiliparse's own WARC reader FastWARC (the fastest peer).
datatrove:            WarcReader -> Trafilatura() (datatrove's extractor in its Common Crawl
                      example; defaults: favour_precision, 1 s timeout per document) ->
                      JsonlWriter (uncompressed), LocalPipelineExecutor tasks=1 workers=1.
                      --files N reads only the first N *.warc.gz of FILES_DIR (sorted).
Each mode prints one JSON line on stdout: tool, docs (documents written), input_bytes (size of the
compressed input files), seconds (in-process, after imports), mb_per_s (MB = 1e6), docs_per_s.
Needs the venv from run_read_bench.sh (warcio, fastwarc, resiliparse, datatrove[io,processing]).
"""
import argparse
import glob
import json
import os
import shutil
import sys
import time


def is_html(content_type):
    ct = (content_type or "").lower()
    return "text/html" in ct or "application/xhtml+xml" in ct


def run_resiliparse(files, out, reader):
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    if reader == "warcio":
        from warcio.archiveiterator import ArchiveIterator

        def records(f):
            for rec in ArchiveIterator(f):  # de-chunks and gunzips Content-Encoding by default
                if rec.rec_type == "response" and rec.http_headers and is_html(
                        rec.http_headers.get_header("Content-Type")):
                    yield (rec.rec_headers.get_header("WARC-Record-ID"),
                           rec.rec_headers.get_header("WARC-Target-URI"), rec.content_stream().read())
    else:
        from fastwarc.warc import ArchiveIterator, WarcRecordType

        def records(f):
            for rec in ArchiveIterator(f, record_types=WarcRecordType.response, parse_http=True):
                if is_html(rec.http_content_type):
                    body = rec.reader.read()
                    # FastWARC does not undo HTTP encodings by itself; do as warcio does
                    if rec.http_headers.get("Transfer-Encoding", "").lower() == "chunked":
                        from warcio.bufferedreaders import ChunkedDataReader
                        import io
                        body = ChunkedDataReader(io.BytesIO(body)).read()
                    if rec.http_headers.get("Content-Encoding", "").lower() == "gzip":
                        import zlib
                        body = zlib.decompress(body, 47)
                    yield rec.record_id, rec.headers.get("WARC-Target-URI"), body

    docs = 0
    with open(out, "w", encoding="utf-8") as fo:
        for path in files:
            with open(path, "rb") as f:
                for rid, url, body in records(f):
                    html = bytes_to_str(body, detect_encoding(body))
                    text = extract_plain_text(html, main_content=False)
                    if text:
                        fo.write(json.dumps({"id": rid, "text": text, "url": url}, ensure_ascii=False) + "\n")
                        docs += 1
    return docs


def run_datatrove(inp, out, nfiles):
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.extractors import Trafilatura
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter

    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    files = sorted(glob.glob(os.path.join(inp, "*.warc.gz")))[:nfiles or None]
    paths_file = os.path.join(out, "paths.txt")
    with open(paths_file, "w") as f:
        f.write("".join(os.path.basename(p) + "\n" for p in files))
    pipeline = [WarcReader(inp, paths_file=paths_file), Trafilatura(),
                JsonlWriter(os.path.join(out, "output"), compression=None)]
    LocalPipelineExecutor(pipeline=pipeline, tasks=1, workers=1, logging_dir=os.path.join(out, "logs")).run()
    docs = 0
    for p in glob.glob(os.path.join(out, "output", "*")):
        with open(p, "rb") as f:
            docs += sum(1 for _ in f)
    return docs, files


def main():
    ap = argparse.ArgumentParser(description="WARC read+extract peers; see the module docstring")
    ap.add_argument("mode", choices=["warcio-resiliparse", "fastwarc-resiliparse", "datatrove"])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("-o", "--out", help="output JSONL (resiliparse modes)")
    ap.add_argument("--files", type=int, default=0, help="datatrove: only the first N files")
    a = ap.parse_args()

    t0 = time.perf_counter()
    if a.mode == "datatrove":
        if len(a.paths) != 2:
            ap.error("datatrove needs FILES_DIR OUT_DIR")
        docs, files = run_datatrove(a.paths[0], a.paths[1], a.files)
    else:
        if not a.out:
            ap.error("-o OUT.jsonl is required")
        files = a.paths
        docs = run_resiliparse(files, a.out, a.mode.split("-")[0])
    secs = time.perf_counter() - t0
    nbytes = sum(os.path.getsize(p) for p in files)
    print(json.dumps({"tool": a.mode, "files": len(files), "docs": docs, "input_bytes": nbytes,
                      "seconds": round(secs, 3), "mb_per_s": round(nbytes / 1e6 / secs, 3),
                      "docs_per_s": round(docs / secs, 1)}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
