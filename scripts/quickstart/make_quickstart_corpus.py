#!/usr/bin/env python3
"""Compose the small crawl that the quickstart pipeline ships (Pipelines/samples/quickstart/).

usage:
    make_quickstart_corpus.py [-o OUT_DIR] [--seed S] [--check-only]

Writes, from Debian documentation packages installed on this machine
(apt-get install -y debian-handbook debian-reference-en python3.11-doc developers-reference
 git-doc postgresql-doc-15):

  crawl-2023-09.warc.gz       a Common-Crawl-like WARC: warcinfo, then request/response/metadata
  crawl-2024-03.warc.gz       records per page, each record its own gzip member
  crawl-2024-03.warc.wet.gz   WET: warcinfo, then one `conversion` record (plain text) per page
  manifest.tsv                every record written: file, index, type, url, kind, language, note

Real HTML pages keep their navigation, headers and footers. Pages under docs.example.org also get
the site's own chrome (cookie notice, mirror footer: whole sentences shared by every page, for
C4's line dedup). Planted on purpose and listed in manifest.tsv and the README:
exact duplicates (same page under another URL, same URL fetched twice), near duplicates (real
edits: date line changed, words changed, a paragraph removed or added), junk (link lists, lorem
ipsum, a very short page, code and table pages, a JavaScript/brace page, a binary record labelled
HTML, an image, non-2xx responses) and one damaged record (Content-Length too large).

Deterministic: the same packages and --seed give the same bytes (fixed dates, uuid5 ids, page
choice by hash, gzip mtime 0). Python 3 standard library only.
"""
import argparse
import base64
import datetime
import gzip
import hashlib
import html as htmlmod
import html.parser
import os
import random
import re
import sys
import uuid

DOC = "/usr/share/doc"
HANDBOOK = f"{DOC}/debian-handbook/html"
REFERENCE = "/usr/share/debian-reference"
PYTHON = f"{DOC}/python3.11/html"
DEVREF = f"{DOC}/developers-reference/docs"
GIT = f"{DOC}/git/html"
POSTGRES = f"{DOC}/postgresql-doc-15/html"
PACKAGES = ["debian-handbook", "debian-reference-en", "python3.11-doc", "developers-reference",
            "git-doc", "postgresql-doc-15"]

# handbook translations and how many pages of each (English has its own, larger share)
LANGS = [("de-DE", 9), ("fr-FR", 9), ("es-ES", 8), ("it-IT", 6), ("pt-BR", 6), ("ru-RU", 6),
         ("ja-JP", 6), ("zh-CN", 5), ("zh-TW", 3), ("nl-NL", 4), ("pl-PL", 4),
         ("ar-MA", 3), ("vi-VN", 3), ("tr-TR", 3), ("cs-CZ", 2), ("sv-SE", 2)]

SITE_CHROME_TOP = (
    '<div class="cookie-notice" id="cookies"><p>This site uses cookies to remember your '
    'preferences and to count visits. By continuing to browse the site, you agree to our use of '
    'cookies.</p><p><a href="/privacy.html">Privacy policy</a> | <a href="#" id="ok">OK</a></p></div>'
    '<div class="sitenav"><ul><li><a href="/">Home</a></li><li><a href="/python/3.11/">Python</a></li>'
    '<li><a href="/reference/">Debian Reference</a></li><li><a href="/devref/">Developers</a></li>'
    '<li><a href="/search.html">Search</a></li></ul></div>')
SITE_CHROME_BOTTOM = (
    '<div class="sitefooter"><p>Docs Example is a volunteer-run mirror of free software '
    'documentation, and all content remains under the licence chosen by its original authors.</p>'
    '<p>If you find a broken link or an outdated page, please report it to the mirror team and we '
    'will fix it as soon as we can.</p><p>Hosted in a small rack in the basement since 2009.</p>'
    '<p><a href="/about.html">About</a> | <a href="/contact.html">Contact</a> | '
    '<a href="/privacy.html">Privacy</a></p></div>')

LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt "
         "ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation "
         "ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in "
         "reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur "
         "sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id "
         "est laborum.")


# ---------------------------------------------------------------------------------------------
# records

def sha1_b32(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def rid(*parts):
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '|'.join(parts))}>"


def wdate(d):
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def record(rtype, headers, block, length=None):
    head = [b"WARC/1.0", b"WARC-Type: " + rtype.encode()]
    head += [f"{k}: {v}".encode() for k, v in headers]
    head += [b"Content-Length: %d" % (len(block) if length is None else length)]
    return b"\r\n".join(head) + b"\r\n\r\n" + block + b"\r\n\r\n"


class Writer:
    """One WARC or WET file: gzip member per record, and a manifest of what went in."""

    def __init__(self, path, kind, date, manifest):
        self.path, self.kind, self.date, self.manifest = path, kind, date, manifest
        self.name = os.path.basename(path)
        self.members, self.n, self.index = [], 0, 0
        self.info_id = rid("warcinfo", self.name)
        info = (f"isPartOf: CC-QUICKSTART-{date:%Y-%m}\r\npublisher: corpus project (made-up crawl)\r\n"
                f"description: Debian documentation pages served from made-up hosts, with planted "
                f"duplicates and junk; see Pipelines/samples/quickstart/README.md\r\n"
                f"operator: none\r\nsoftware: corpus/scripts/quickstart/make_quickstart_corpus.py\r\n"
                f"format: {'WARC File Format 1.0' if kind == 'warc' else 'WARC Extracted Text (WET) 1.0'}\r\n"
                f"conformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n").encode()
        self.add(record("warcinfo", [("WARC-Date", wdate(date)), ("WARC-Filename", self.name),
                                     ("WARC-Record-ID", self.info_id),
                                     ("Content-Type", "application/warc-fields")], info),
                 "warcinfo", "", "", "", "")

    def add(self, raw, rtype, url, kind, lang, note):
        self.members.append(gzip.compress(raw, compresslevel=9, mtime=0))
        self.manifest.append((self.name, self.index, rtype, url, kind, lang, note))
        self.index += 1

    def when(self):
        self.n += 1
        return self.date + datetime.timedelta(seconds=97 * self.n + (self.n * self.n) % 53)

    def page(self, url, body, kind, lang, note="", status="200 OK", ctype="text/html; charset=utf-8",
             when=None, extra_headers=(), bad_length=None):
        """request + response + metadata records for one fetch (WARC files only)."""
        when = when or self.when()
        host = url.split("/")[2]
        path = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
        req = (f"GET {path} HTTP/1.1\r\nUser-Agent: CCBot/2.0 (https://commoncrawl.org/faq/)\r\n"
               f"Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
               f"Accept-Language: en-US,en;q=0.5\r\nAccept-Encoding: br,gzip\r\nHost: {host}\r\n"
               f"Connection: Keep-Alive\r\n\r\n").encode()
        hdr = [("Date", when.strftime("%a, %d %b %Y %H:%M:%S GMT")), ("Server", "nginx/1.22.1"),
               ("Content-Type", ctype), ("Content-Length", str(len(body)))] + list(extra_headers)
        if status.startswith("200"):
            hdr += [("Last-Modified", "Thu, 22 Sep 2022 10:00:00 GMT"),
                    ("ETag", '"%s"' % hashlib.md5(body).hexdigest()[:16])]
        http = ("HTTP/1.1 " + status + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in hdr) +
                "\r\n").encode() + body
        req_id, resp_id = rid("request", self.name, url, wdate(when)), rid("response", self.name, url, wdate(when))
        ip = "192.0.2.%d" % (1 + int(hashlib.md5(host.encode()).hexdigest(), 16) % 250)
        common = [("WARC-Target-URI", url), ("WARC-Date", wdate(when)), ("WARC-Warcinfo-ID", self.info_id),
                  ("WARC-IP-Address", ip)]
        self.add(record("request", [("WARC-Record-ID", req_id), ("WARC-Concurrent-To", resp_id)] + common +
                        [("Content-Type", "application/http; msgtype=request"),
                         ("WARC-Block-Digest", sha1_b32(req))], req), "request", url, kind, lang, note)
        ptype = ctype.split(";")[0]
        self.add(record("response", [("WARC-Record-ID", resp_id)] + common +
                        [("Content-Type", "application/http; msgtype=response"),
                         ("WARC-Block-Digest", sha1_b32(http)), ("WARC-Payload-Digest", sha1_b32(body)),
                         ("WARC-Identified-Payload-Type", ptype)], http,
                        length=None if bad_length is None else len(http) + bad_length),
                 "response", url, kind, lang, note)
        meta = f"fetchTimeMs: {37 + len(body) % 400}\r\ncharset-detected: UTF-8\r\n".encode()
        self.add(record("metadata", [("WARC-Record-ID", rid("metadata", self.name, url, wdate(when))),
                                     ("WARC-Concurrent-To", resp_id)] + common[:3] +
                        [("Content-Type", "application/warc-fields")], meta), "metadata", url, kind, lang, note)

    def conversion(self, url, text, kind, lang, note="", when=None):
        when = when or self.when()
        block = text.encode("utf-8")
        cc_lang = {"en": "eng", "de": "deu", "fr": "fra", "es": "spa", "it": "ita", "pt": "por",
                   "ru": "rus", "ja": "jpn", "zh": "zho", "nl": "nld", "pl": "pol", "ko": "kor",
                   "ar": "ara", "vi": "vie", "tr": "tur"}.get(lang.split("-")[0], "")
        hdr = [("WARC-Target-URI", url), ("WARC-Date", wdate(when)),
               ("WARC-Record-ID", rid("conversion", self.name, url, wdate(when))),
               ("WARC-Refers-To", rid("response", "crawl-2024-03.warc.gz", url, wdate(when))),
               ("WARC-Block-Digest", sha1_b32(block))]
        if cc_lang:
            hdr.append(("WARC-Identified-Content-Language", cc_lang))
        hdr.append(("Content-Type", "text/plain"))
        self.add(record("conversion", hdr, block), "conversion", url, kind, lang, note)

    def close(self):
        with open(self.path, "wb") as f:
            for m in self.members:
                f.write(m)
        return sum(len(m) for m in self.members)


# ---------------------------------------------------------------------------------------------
# HTML → text as Common Crawl's WET has it (title line, then one line per block, no markup)

BLOCK = {"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
         "table", "tr", "td", "th", "pre", "blockquote", "section", "article", "header", "footer",
         "nav", "form", "hr", "title", "caption", "figure", "figcaption", "address", "main", "aside"}
SKIP = {"script", "style", "noscript", "template", "head"}


class TextExtractor(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip, self.title, self.in_title, self.pre = [], 0, "", False, 0

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        elif tag in SKIP:
            self.skip += 1
        if tag == "pre":
            self.pre += 1
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in SKIP and self.skip:
            self.skip -= 1
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif not self.skip:
            self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))


def html_to_text(raw):
    p = TextExtractor()
    p.feed(raw.decode("utf-8", "replace"))
    p.close()
    lines = [re.sub(r"[ \t\u00a0]+", " ", l).strip() for l in "".join(p.parts).split("\n")]
    lines = [l for l in lines if l]
    title = re.sub(r"\s+", " ", p.title).strip()
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# pages

def read(path):
    with open(path, "rb") as f:
        return f.read()


def ranked(paths, seed, salt):
    return sorted(paths, key=lambda p: hashlib.sha1(f"{seed}:{salt}:{p}".encode()).digest())


def files(root, pattern=r".*\.html$", exclude=r"^$"):
    out = []
    for d, subdirs, names in os.walk(root):
        subdirs.sort()
        for n in sorted(names):
            rel = os.path.relpath(os.path.join(d, n), root)
            if re.match(pattern, rel) and not re.search(exclude, rel):
                out.append(rel)
    return out


def paras(raw):
    return re.findall(r'<div class="para">(.*?)</div>', raw.decode("utf-8", "replace"), re.S)


def translated_share(lang, name):
    """Share of a handbook page's paragraphs that differ from the English original."""
    ours, en = paras(read(f"{HANDBOOK}/{lang}/{name}")), set(paras(read(f"{HANDBOOK}/en-US/{name}")))
    return 1.0 if not ours else sum(p not in en for p in ours) / len(ours)


def pick(paths, n, seed, salt, size=(6000, 150000), root="", ok=lambda p: True):
    out = []
    for p in ranked(paths, seed, salt):
        if len(out) == n:
            break
        if size[0] <= os.path.getsize(os.path.join(root, p)) <= size[1] and ok(p):
            out.append(p)
    return out


def prose(raw):
    """Lines of the page's text that look like C4 sentences (5+ words, end mark, no brace)."""
    t = html_to_text(raw)
    return sum(len(l.split()) >= 5 and l[-1] in '.!?"' for l in t.split("\n")), "{" in t


def proseful(root, n=8, brace_ok=True):
    def ok(p):
        k, brace = prose(read(os.path.join(root, p)))
        return k >= n and (brace_ok or not brace)
    return ok


def chrome(raw):
    """Wrap a page in docs.example.org's site chrome (cookie notice, site nav, footer)."""
    s = raw.decode("utf-8")
    s = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + SITE_CHROME_TOP, s, count=1)
    s = re.sub(r"(</body>)", lambda m: SITE_CHROME_BOTTOM + m.group(1), s, count=1)
    return s.encode("utf-8")


# near-duplicate edits: each is a real editorial change applied to the HTML
def edit_date(raw):
    s, n = re.subn(r"Last updated on [A-Z][a-z]+ \d\d, \d{4}\.", "Last updated on March 14, 2024.",
                   raw.decode("utf-8"))
    assert n == 1, "no date line"
    return s.encode("utf-8")


WORD_EDITS = [(r"\bvery\b", "quite"), (r"\buse\b", "employ"), (r"\bsimple\b", "straightforward"),
              (r"\bHowever,", "Nevertheless,"), (r"\bfor example\b", "for instance"),
              (r"\balso\b", "additionally"), (r"\bimportant\b", "essential"), (r"\bcan\b", "may"),
              (r"\bshows\b", "displays"), (r"\bneeds\b", "requires"), (r"\blarge\b", "big")]


def edit_words(raw, k=4):
    """Change k words (first body occurrence of each of k words of WORD_EDITS), as a copy editor would."""
    s, done = raw.decode("utf-8"), 0
    body = s.index("<body")
    for a, b in WORD_EDITS:
        if done == k:
            break
        m = re.compile(a).search(s, body)
        if m:
            s = s[:m.start()] + b + s[m.end():]
            done += 1
    assert done == k, "too few word edits"
    return s.encode("utf-8")


PARA_RE = re.compile(r'<div class="para">.*?</div>|<p>.*?</p>', re.S)


def drop_paragraph(raw, which=0.5):
    s = raw.decode("utf-8")
    ps = [m for m in PARA_RE.finditer(s) if len(m.group(0)) > 300]
    m = ps[int(len(ps) * which)]
    return (s[:m.start()] + s[m.end():]).encode("utf-8")


ADDED = ('<div class="para"><strong>Update (2024):</strong> Since Debian 12 "bookworm", the '
         'installer also offers this option in its graphical mode, and the text-mode steps described '
         'here still work exactly as before. Readers upgrading an older system should check the '
         'release notes first, because some package names have changed between releases.</div>')


def add_paragraph(raw, which=0.3):
    s = raw.decode("utf-8")
    ps = [m for m in PARA_RE.finditer(s) if len(m.group(0)) > 200]
    m = ps[int(len(ps) * which)]
    return (s[:m.end()] + ADDED + s[m.end():]).encode("utf-8")


# ---------------------------------------------------------------------------------------------
# junk pages (made up here)

def page(title, body, lang="en"):
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
            f'<link rel="stylesheet" href="/style.css"></head>\n<body>{body}</body></html>\n').encode("utf-8")


def junk_lorem():
    paras_ = "".join(f"<p>{LOREM}</p>" for _ in range(6))
    return page("Welcome to our new website", '<header><h1>Welcome to our new website</h1>'
                '<nav><a href="/">Home</a> <a href="/about">About us</a> <a href="/blog">Blog</a></nav></header>'
                f'<main><h2>Our services</h2>{paras_}<h2>Testimonials</h2><p>{LOREM[:230]}</p></main>'
                '<footer><p>Copyright 2024 Example Theme. Powered by a static site generator.</p></footer>')


def junk_short():
    return page("Moved", "<h1>Moved</h1><p>This page has moved. Click here.</p>")


def junk_javascript():
    cfg = ('window.__APP_STATE__ = {"user": null, "cart": {"items": [], "total": 0}, '
           '"locale": "en-US", "features": {"newCheckout": true, "darkMode": false}};')
    body = ('<div id="app"><noscript>You need to enable JavaScript to run this app.</noscript></div>'
            f'<script>{cfg}</script>'
            '<div class="fallback"><p>Loading the store, please wait while the application starts. '
            'If nothing happens after a few seconds, please make sure that JavaScript is enabled in '
            'your browser settings.</p>'
            '<p>Our checkout uses modern browser features. Supported browsers are the last two '
            'versions of every major browser, and older browsers are not supported at all.</p>'
            f'<pre>function init() {{ var state = window.__APP_STATE__; render(state.cart); }}</pre>'
            '<p>Debug information for support: {"build": "2024.03.1", "region": "eu-west"}.</p></div>')
    return page("Example Store", body)


def junk_binary(seed):
    rnd = random.Random(f"{seed}:binary")
    return bytes(rnd.randrange(256) for _ in range(6000))


def junk_linklist(seed):
    rnd = random.Random(f"{seed}:links")
    words = ["Debian", "packages", "security", "mirrors", "news", "install", "download", "support",
             "wiki", "forum", "bugs", "ports", "releases", "archive", "contact", "donate", "events",
             "blog", "planet", "manuals", "FAQ", "partners", "CD images", "developers", "l10n"]
    cols = []
    for c in range(6):
        items = "".join(f'<li><a href="/{"-".join(rnd.sample(words, 2)).lower().replace(" ", "")}/">'
                        f'{" ".join(rnd.sample(words, rnd.randint(1, 3)))}</a></li>' for _ in range(22))
        cols.append(f'<div class="col"><h3>{rnd.choice(words)}</h3><ul>{items}</ul></div>')
    return page("Site map - mirror.example.com",
                '<nav class="top"><a href="/">Home</a> &gt; <a href="/sitemap/">Site map</a></nav>'
                f'<h1>Site map</h1>{"".join(cols)}<footer><a href="/">Home</a> | <a href="/sitemap/">Site map</a></footer>')


def junk_code():
    src = read("/usr/lib/python3.11/textwrap.py").decode("utf-8")
    return page("textwrap.py - source listing",
                '<div class="nav"><a href="/src/">Source browser</a> / Lib / textwrap.py</div>'
                f'<pre class="code">{htmlmod.escape(src)}</pre>')


def not_found():
    return page("404 Not Found", "<center><h1>404 Not Found</h1></center><hr><center>nginx/1.22.1</center>")


def moved(url):
    return page("301 Moved Permanently", f'<h1>Moved Permanently</h1><p>The document has moved <a href="{url}">here</a>.</p>')


# ---------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                        "../../Pipelines/samples/quickstart"))
    ap.add_argument("--seed", default="quickstart-1")
    a = ap.parse_args()
    seed = a.seed
    for d in (HANDBOOK, REFERENCE, PYTHON, DEVREF, GIT, POSTGRES):
        if not os.path.isdir(d):
            sys.exit(f"missing {d}: apt-get install -y " + " ".join(PACKAGES))
    os.makedirs(a.out, exist_ok=True)
    manifest = []
    d23 = datetime.datetime(2023, 9, 21, 4, 0, 0)
    d24 = datetime.datetime(2024, 3, 2, 6, 0, 0)
    w23 = Writer(os.path.join(a.out, "crawl-2023-09.warc.gz"), "warc", d23, manifest)
    w24 = Writer(os.path.join(a.out, "crawl-2024-03.warc.gz"), "warc", d24, manifest)
    wet = Writer(os.path.join(a.out, "crawl-2024-03.warc.wet.gz"), "wet", d24 + datetime.timedelta(days=9), manifest)

    HB, DOCS, PG, GITH, MIRROR = ("https://handbook.example.net", "https://docs.example.org",
                                  "https://pgdocs.example.org/15", "https://git.example.com/docs",
                                  "https://mirror.example.com/debian-handbook")

    # --- choose pages -------------------------------------------------------------------------
    hb_pages = files(f"{HANDBOOK}/en-US", r"[^/]+\.html$")
    hb_content = [p for p in hb_pages if p != "index.html"]
    en_hb = pick(hb_content, 56, seed, "hb-en", root=f"{HANDBOOK}/en-US", size=(9000, 100000))
    foreign = []
    for lang, n in LANGS:
        for p in pick(hb_content, n, seed, "hb-" + lang, root=f"{HANDBOOK}/{lang}", size=(5000, 70000),
                      ok=lambda p, lang=lang: translated_share(lang, p) >= 0.8):
            foreign.append((lang, p))
    ref = files(REFERENCE, r"(ch\d\d|pr01|apa)\.en\.html$")
    py_all = files(PYTHON, r"(tutorial|howto|faq|library|using|reference|whatsnew)/[^/]+\.html$",
                   r"(index|genindex|changelog)")
    py = pick(py_all, 70, seed, "python", root=PYTHON, size=(8000, 90000), ok=proseful(PYTHON))
    devref = files(DEVREF, r"[^/]+\.html$", r"(developers-reference|index|search|genindex)\.html")
    gits = pick(files(GIT, r"[^/]+\.html$", r"(RelNotes|howto-index|index)"), 26, seed, "git",
                root=GIT, size=(8000, 60000), ok=proseful(GIT))
    pgs = pick(files(POSTGRES, r"[^/]+\.html$", r"(release-|bookindex|biblio)"), 60, seed, "pg",
               root=POSTGRES, size=(8000, 60000), ok=proseful(POSTGRES))

    # --- planted near duplicates (English, different URLs, both copies in the crawl) ----------
    def apply(raw, e):
        for step in e.split("+"):
            raw = {"date": edit_date, "words": edit_words, "drop_paragraph": drop_paragraph,
                   "add_paragraph": add_paragraph}[step](raw)
        return raw

    def fits(raw, e):
        k, brace = prose(raw)
        if k < 15 or brace:  # planted pairs must survive C4 cleaning, so that dedup sees them
            return False
        try:
            apply(raw, e)
            return True
        except (AssertionError, IndexError, ValueError):
            return False

    near = {}  # (source, page) -> edit; the first pages (in hash order) where the edit applies
    for src, pages_, load, edits in [
            ("py", py, lambda p: read(f"{PYTHON}/{p}"), ["date", "date+words", "words", "drop_paragraph"]),
            ("hb", en_hb, lambda p: read(f"{HANDBOOK}/en-US/{p}"),
             ["drop_paragraph", "add_paragraph", "words", "add_paragraph+words"])]:
        cands = iter(pages_)
        for e in edits:
            for p in cands:
                if fits(load(p), e):
                    near[(src, p)] = e
                    break

    # --- 2023 crawl: English handbook half, python half, the reference --------------------------
    put = {}  # which writer each normal page goes to, chosen by hash
    def where(key):
        h = hashlib.sha1(f"{seed}:where:{key}".encode()).digest()[0]
        return h

    warc_pages = []  # (writer, url, raw, lang, kind, note)
    for p in en_hb:
        raw = read(f"{HANDBOOK}/en-US/{p}")
        url = f"{HB}/en-US/{p}"
        h = where(url)
        if h < 100:
            warc_pages.append((w23, url, raw, "en", "page", "handbook"))
        elif h < 180:
            warc_pages.append((w24, url, raw, "en", "page", "handbook"))
        else:
            wet.conversion(url, html_to_text(raw), "page", "en", "handbook")
    for lang, p in foreign:
        raw = read(f"{HANDBOOK}/{lang}/{p}")
        url = f"{HB}/{lang}/{p}"
        h = where(url)
        l2 = lang.split("-")[0] if lang not in ("pt-BR", "zh-CN", "zh-TW") else lang
        if h < 80:
            warc_pages.append((w23, url, raw, l2, "page", "handbook"))
        elif h < 150:
            warc_pages.append((w24, url, raw, l2, "page", "handbook"))
        else:
            wet.conversion(url, html_to_text(raw), "page", l2, "handbook")
    for p in ref:
        url = f"{DOCS}/reference/{p.replace('.en.html', '.html')}"
        warc_pages.append((w23 if where(url) < 128 else w24, url, chrome(read(f"{REFERENCE}/{p}")), "en",
                           "page", "debian-reference"))
    for p in py:
        url = f"{DOCS}/python/3.11/{p}"
        raw = chrome(read(f"{PYTHON}/{p}"))
        if where(url) < 200:
            warc_pages.append((w23 if where(url) < 90 else w24, url, raw, "en", "page", "python-doc"))
        else:
            wet.conversion(url, html_to_text(raw), "page", "en", "python-doc")
    for p in devref:
        url = f"{DOCS}/devref/{p}"
        warc_pages.append((w24, url, chrome(read(f"{DEVREF}/{p}")), "en", "page", "developers-reference"))
    for p in gits:
        wet.conversion(f"{GITH}/{p}", html_to_text(read(f"{GIT}/{p}")), "page", "en", "git-doc")
    for p in pgs:
        url = f"{PG}/{p}"
        if where(url) < 170:
            wet.conversion(url, html_to_text(read(f"{POSTGRES}/{p}")), "page", "en", "postgresql-doc")
        else:
            warc_pages.append((w24, url, read(f"{POSTGRES}/{p}"), "en", "page", "postgresql-doc"))

    # --- write normal pages, then planted cases interleaved at fixed places ---------------------
    url_of = {}
    for wr, url, raw, lang, kind, note in warc_pages:
        url_of[url] = (wr, raw)
    planted = []  # (writer, position among pages, callable)

    # exact duplicates: the same bytes under another URL (a mirror), in the other crawl
    def clean_ok(u):
        k, brace = prose(url_of[u][1])
        return k >= 15 and not brace
    exact_src = [u for u in url_of if u.startswith(f"{HB}/en-US/") and ("hb", u.rsplit("/", 1)[1]) not in near
                 and clean_ok(u)][:3]
    exact_src += [u for u in url_of if u.startswith(f"{DOCS}/python/") and ("py", u.split("/3.11/")[1]) not in near
                  and clean_ok(u)][:1]
    exact_src += [u for u in url_of if u.startswith(f"{HB}/fr-FR/")][:1]
    for u in exact_src:
        wr, raw = url_of[u]
        other = w24 if wr is w23 else w23
        mu = u.replace(HB, MIRROR).replace(DOCS, "https://mirror.example.com/docs")
        planted.append((other, f"exact-mirror {mu} = {u}",
                        lambda other=other, mu=mu, raw=raw, u=u: other.page(mu, raw, "exact-duplicate", "en" if "/en-US/" in u or "/python/" in u else "fr", f"same bytes as {u}")))
    # same URL fetched twice: in both crawls (2023 and 2024), and twice within 2024
    refetch = [u for u in url_of if u.startswith(f"{HB}/en-US/") and u not in exact_src
               and ("hb", u.rsplit("/", 1)[1]) not in near and clean_ok(u)][:3]
    for u in refetch[:2]:
        wr, raw = url_of[u]
        other = w24 if wr is w23 else w23
        planted.append((other, f"refetch {u}", lambda other=other, u=u, raw=raw: other.page(
            u, raw, "same-url", "en", "same URL and bytes, fetched in the other crawl")))
    u = refetch[2]
    wr, raw = url_of[u]
    planted.append((wr, f"refetch-same-crawl {u}", lambda wr=wr, u=u, raw=raw: wr.page(
        u, raw, "same-url", "en", "same URL and bytes, fetched again in the same crawl")))
    # near duplicates: the edited copy under another URL, in the other crawl
    for (src, p), e in sorted(near.items()):
        if src == "py":
            u = f"{DOCS}/python/3.11/{p}"
            nu = f"{DOCS}/python/3/{p}"
        else:
            u = f"{HB}/en-US/{p}"
            nu = f"{HB}/en-US/stable/{p}"
        if u in url_of:
            wr, raw = url_of[u]
            other = w24 if wr is w23 else w23
            planted.append((other, f"near {nu} ~ {u} ({e})", lambda other=other, nu=nu, raw=raw, e=e, u=u: other.page(
                nu, apply(raw, e), "near-duplicate", "en", f"{e} edit of {u}")))
        else:  # the original went to the WET file: the edited copy goes there too
            raw = chrome(read(f"{PYTHON}/{p}")) if src == "py" else read(f"{HANDBOOK}/en-US/{p}")
            planted.append((wet, f"near {nu} ~ {u} ({e})", lambda nu=nu, raw=raw, e=e, u=u: wet.conversion(
                nu, html_to_text(apply(raw, e)), "near-duplicate", "en", f"{e} edit of {u}")))

    # junk
    index_raw = read(f"{HANDBOOK}/en-US/index.html")
    planted += [
        (w23, "junk toc", lambda: w23.page(f"{HB}/en-US/index.html", index_raw, "junk-navigation", "en",
                                           "handbook table of contents: almost only links")),
        (w24, "junk sitemap", lambda: w24.page("https://mirror.example.com/sitemap/", junk_linklist(seed),
                                               "junk-navigation", "en", "made-up site map, link lists only")),
        (w24, "junk lorem", lambda: w24.page("https://www.example.info/", junk_lorem(), "junk-lorem", "la",
                                             "theme demo page, lorem ipsum")),
        (w23, "junk short", lambda: w23.page("https://www.example.info/old-page.html", junk_short(),
                                             "junk-short", "en", "very short page")),
        (w24, "junk js", lambda: w24.page("https://shop.example.com/", junk_javascript(), "junk-javascript",
                                          "en", "single-page app shell: script state, braces in text")),
        (w23, "junk code", lambda: w23.page("https://src.example.org/cpython/Lib/textwrap.py.html", junk_code(),
                                            "junk-code", "en", "Python source listing (textwrap.py, PSF licence)")),
        (w24, "junk table", lambda: w24.page(f"{PG}/sql-keywords-appendix.html",
                                             read(f"{POSTGRES}/sql-keywords-appendix.html"),
                                             "junk-table", "en", "PostgreSQL SQL key words table")),
        (w24, "junk binary", lambda: w24.page("https://files.example.net/download/report.html", junk_binary(seed),
                                              "junk-binary", "", "random bytes labelled text/html")),
        (w23, "junk image", lambda: w23.page("https://handbook.example.net/en-US/images/logo.png",
                                             read(f"{HANDBOOK}/en-US/images/" + sorted(
                                                 x for x in os.listdir(f"{HANDBOOK}/en-US/images") if x.endswith(".png"))[0]),
                                             "junk-image", "", "PNG image", ctype="image/png")),
        (w23, "http 404", lambda: w23.page("https://docs.example.org/python/3.11/library/missing.html", not_found(),
                                           "non-2xx", "en", "404 Not Found", status="404 Not Found")),
        (w24, "http 301", lambda: w24.page("http://handbook.example.net/", moved(f"{HB}/en-US/index.html"),
                                           "non-2xx", "en", "301 redirect", status="301 Moved Permanently",
                                           extra_headers=[("Location", f"{HB}/en-US/index.html")])),
        (w24, "damaged", lambda: w24.page(f"{DOCS}/python/3.11/tutorial/damaged-example.html",
                                          chrome(read(f"{PYTHON}/tutorial/appetite.html")), "damaged", "en",
                                          "WARC Content-Length 4000 bytes too large", bad_length=4000)),
    ]
    wet.conversion("https://www.example.info/lorem.html", html_to_text(junk_lorem()), "junk-lorem", "la",
                   "lorem ipsum (WET copy of a theme page)")
    wet.conversion("https://mirror.example.com/wet-short.html", "Home\nLogin\nCart (0)", "junk-short", "en",
                   "three navigation words")

    # interleave: planted records go at hash-chosen positions among the normal pages of their file
    per = {w23: [], w24: []}
    for wr, url, raw, lang, kind, note in warc_pages:
        per[wr].append(("page", url, lambda wr=wr, url=url, raw=raw, lang=lang, kind=kind, note=note:
                        wr.page(url, raw, kind, lang, note)))
    for wr, label, fn in planted:
        if wr is wet:
            fn()
            continue
        lst = per[wr]
        pos = 1 + int(hashlib.sha1(f"{seed}:pos:{label}".encode()).hexdigest(), 16) % max(1, len(lst))
        lst.insert(pos, ("planted", label, fn))
    for wr in (w23, w24):
        for _, _, fn in per[wr]:
            fn()

    sizes = {w.name: w.close() for w in (w23, w24, wet)}
    with open(os.path.join(a.out, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("file\trecord\ttype\turl\tkind\tlanguage\tnote\n")
        for row in manifest:
            f.write("\t".join(str(x) for x in row) + "\n")
    for n, s in sizes.items():
        print(f"{n}: {s} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
