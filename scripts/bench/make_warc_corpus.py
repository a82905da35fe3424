#!/usr/bin/env python3
"""Build a deterministic WARC/1.1 benchmark corpus (.warc.gz) from real HTML on disk.

Purpose: input for the read+extract throughput benchmark (`corpus read` vs. peers) where no
crawl data is at hand.  Debian documentation packages ship plenty of real HTML, e.g.
    apt-get install -y python3.11-doc debian-reference-en debian-handbook \
        developers-reference git-doc postgresql-doc-15

usage:
    make_warc_corpus.py [-o OUT_DIR] [--files N] [--file-mb MB] [--encoded-frac F]
                        [--legacy-frac F] [--level L] HTML_DIR [HTML_DIR ...]

Each output file OUT_DIR/corpus-NNNNN.warc.gz holds one `warcinfo` record, then for each page a
`request` and a `response` record (HTTP/1.1 200, Content-Type with the page's own charset),
every record its own gzip member, as Common Crawl stores them.  Pages are collected from the
given directories in sorted order, then ordered by a hash of their URL so each file mixes all
sources; a file is closed once its HTML payload reaches --file-mb (uncompressed).
Options that make the input harder, both off by default and chosen per page by hash:
  --encoded-frac F  serve that fraction with `Content-Encoding: gzip` (half of them) or
                    `Transfer-Encoding: chunked` (the other half), stored as sent on the wire;
  --legacy-frac F   re-encode that fraction into a legacy charset matching the page's language
                    (windows-1252/-1251/-1250/-1253/-1256, iso-8859-9, gb18030, shift_jis, euc-kr, ...)
                    with its <meta> charset rewritten accordingly.
Output is byte-for-byte identical on every run (fixed dates, uuid5 ids, gzip mtime 0).
Standard library only.
"""
import argparse
import base64
import datetime
import gzip
import hashlib
import os
import re
import sys
import urllib.parse
import uuid

HOST = "docs.example.org"
BASE_DATE = datetime.datetime(2024, 3, 1, 0, 0, 0, tzinfo=datetime.timezone.utc)
META_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
XMLDECL_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# language tag (from the path, e.g. debian-handbook/html/ru-RU/) -> legacy charset to use
LEGACY = {"ru": "windows-1251", "uk": "windows-1251", "bg": "windows-1251", "cs": "windows-1250",
          "pl": "windows-1250", "hr": "windows-1250", "sk": "windows-1250", "el": "windows-1253",
          "ar": "windows-1256", "fa": "windows-1256", "tr": "iso-8859-9", "zh": "gb18030",
          "ja": "shift_jis", "ko": "euc-kr", "he": "windows-1255"}
LANG_RE = re.compile(r"(?:^|[/._])([a-z]{2})(?:[-_][A-Z]{2})?(?=[/._])")


def sha1_b32(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def pick(key, salt, frac):
    """Deterministic choice with probability frac, from a hash of key."""
    h = int.from_bytes(hashlib.sha1((salt + key).encode()).digest()[:8], "big")
    return h < frac * 2**64


def collect(dirs):
    """(url, path) for every *.html/*.htm under dirs, in sorted order, de-duplicated by real path."""
    seen, pages = set(), []
    for d in dirs:
        d = d.rstrip("/")
        label = d.split("/")[-1] if d.split("/")[-1] not in ("html", "doc") else d.split("/")[-2]
        for root, subdirs, files in os.walk(d, followlinks=True):
            subdirs.sort()
            for name in sorted(files):
                if not name.lower().endswith((".html", ".htm")):
                    continue
                path = os.path.join(root, name)
                real = os.path.realpath(path)
                if real in seen or not os.path.isfile(real):
                    continue
                seen.add(real)
                rel = os.path.relpath(path, d)
                pages.append((f"https://{HOST}/{label}/" + urllib.parse.quote(rel), path))
    return pages


def charset_of(html):
    m = META_RE.search(html[:4096]) or XMLDECL_RE.search(html[:512])
    return m.group(1).decode("ascii").lower() if m else "utf-8"


def to_legacy(url, html):
    """Re-encode a UTF-8 page into its language's legacy charset; None if not possible."""
    m = LANG_RE.search(urllib.parse.unquote(url.split(HOST, 1)[1]))
    cs = LEGACY.get(m.group(1)) if m else None
    cs = cs or "windows-1252"
    try:
        text = html.decode("utf-8")
        text = re.sub(r"""(<meta[^>]+charset\s*=\s*["']?)utf-8""", lambda mm: mm.group(1) + cs,
                      text, count=1, flags=re.I)
        text = re.sub(r"""^(\s*<\?xml[^>]+encoding\s*=\s*["'])utf-8""", lambda mm: mm.group(1) + cs,
                      text, count=1, flags=re.I)
        return text.encode(cs), cs
    except (UnicodeError, LookupError):
        return None


def record(rtype, headers, block):
    head = [b"WARC/1.1", b"WARC-Type: " + rtype.encode()]
    head += [f"{k}: {v}".encode() for k, v in headers]
    head += [b"Content-Length: %d" % len(block)]
    return b"\r\n".join(head) + b"\r\n\r\n" + block + b"\r\n\r\n"


def chunked(body, size=8192):
    out = [b"%x\r\n%s\r\n" % (len(body[i:i + size]), body[i:i + size]) for i in range(0, len(body), size)]
    return b"".join(out) + b"0\r\n\r\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("-o", "--out", default="/work/bench-data/warc")
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--file-mb", type=float, default=25.0, help="uncompressed HTML per file (MB = 1e6 bytes)")
    ap.add_argument("--encoded-frac", type=float, default=0.0)
    ap.add_argument("--legacy-frac", type=float, default=0.0)
    ap.add_argument("--level", type=int, default=6, help="gzip level of each member")
    a = ap.parse_args()

    pages = collect(a.dirs)
    pages.sort(key=lambda p: hashlib.sha1(p[0].encode()).digest())  # mix sources across files
    os.makedirs(a.out, exist_ok=True)
    target = int(a.file_mb * 1e6)
    stats = dict(files=0, pages=0, records=0, html_bytes=0, warc_bytes=0, gz_bytes=0, gzip_ce=0, chunked=0, legacy=0)
    it, n = iter(pages), 0
    for fno in range(a.files):
        name = f"corpus-{fno:05d}.warc.gz"
        date = BASE_DATE + datetime.timedelta(days=fno)
        info_id = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'warcinfo:' + name)}>"
        info = (f"software: corpus/scripts/bench/make_warc_corpus.py\r\nformat: WARC File Format 1.1\r\n"
                f"conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
                f"description: Debian documentation HTML served as {HOST}\r\n"
                f"isPartOf: corpus-bench\r\noperator: none\r\n").encode()
        members = [record("warcinfo", [("WARC-Date", date.strftime("%Y-%m-%dT%H:%M:%SZ")),
                                       ("WARC-Filename", name), ("WARC-Record-ID", info_id),
                                       ("Content-Type", "application/warc-fields")], info)]
        size = 0
        for url, path in it:
            with open(path, "rb") as f:
                html = f.read()
            cs = charset_of(html)
            if a.legacy_frac and pick(url, "legacy", a.legacy_frac) and cs == "utf-8":
                conv = to_legacy(url, html)
                if conv:
                    html, cs = conv
                    stats["legacy"] += 1
            n += 1
            when = (date + datetime.timedelta(seconds=7 * n)).strftime("%Y-%m-%dT%H:%M:%SZ")
            http_date = (date + datetime.timedelta(seconds=7 * n)).strftime("%a, %d %b %Y %H:%M:%S GMT")
            req_id = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'request:' + url)}>"
            resp_id = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'response:' + url)}>"
            target_path = url.split(HOST, 1)[1]
            req = (f"GET {target_path} HTTP/1.1\r\nHost: {HOST}\r\n"
                   f"User-Agent: Mozilla/5.0 (compatible; corpus-bench/1.0)\r\n"
                   f"Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
                   f"Accept-Language: en-US,en;q=0.5\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n").encode()
            body, extra, payload = html, [], html
            if a.encoded_frac and pick(url, "encoding", a.encoded_frac):
                if pick(url, "gzip-or-chunked", 0.5):
                    body = payload = gzip.compress(html, compresslevel=6, mtime=0)
                    extra = [("Content-Encoding", "gzip"), ("Content-Length", len(body))]
                    stats["gzip_ce"] += 1
                else:
                    body = chunked(html)
                    extra = [("Transfer-Encoding", "chunked")]
                    stats["chunked"] += 1
            else:
                extra = [("Content-Length", len(body))]
            hdr = [("Date", http_date), ("Server", "nginx/1.22.1"),
                   ("Content-Type", f"text/html; charset={cs}")] + extra + [
                   ("Last-Modified", "Mon, 15 Jan 2024 10:00:00 GMT"),
                   ("ETag", '"%s"' % hashlib.md5(html).hexdigest()[:16]), ("Connection", "close")]
            http = ("HTTP/1.1 200 OK\r\n" + "".join(f"{k}: {v}\r\n" for k, v in hdr) + "\r\n").encode() + body
            common = [("WARC-Date", when), ("WARC-Target-URI", url), ("WARC-Warcinfo-ID", info_id),
                      ("WARC-IP-Address", "192.0.2.%d" % (1 + fno))]
            members.append(record("request", common + [("WARC-Record-ID", req_id), ("WARC-Concurrent-To", resp_id),
                                                       ("Content-Type", "application/http; msgtype=request"),
                                                       ("WARC-Block-Digest", sha1_b32(req))], req))
            members.append(record("response", common + [("WARC-Record-ID", resp_id),
                                                        ("Content-Type", "application/http; msgtype=response"),
                                                        ("WARC-Block-Digest", sha1_b32(http)),
                                                        ("WARC-Payload-Digest", sha1_b32(payload)),
                                                        ("WARC-Identified-Payload-Type", "text/html")], http))
            size += len(html)
            stats["pages"] += 1
            stats["html_bytes"] += len(html)
            if size >= target:
                break
        if len(members) == 1:
            break  # no pages left
        with open(os.path.join(a.out, name), "wb") as f:
            for m in members:
                gz = gzip.compress(m, compresslevel=a.level, mtime=0)
                f.write(gz)
                stats["gz_bytes"] += len(gz)
                stats["warc_bytes"] += len(m)
        stats["files"] += 1
        stats["records"] += len(members)
        print(f"{name}: {(len(members) - 1) // 2} pages, {size / 1e6:.1f} MB html", file=sys.stderr)
    print(stats)


if __name__ == "__main__":
    main()
