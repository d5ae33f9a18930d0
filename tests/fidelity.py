#!/usr/bin/env python3
"""Fidelity of books to their sources, for tests/fidelity.sh.

Reads each source article on its own, without sheaf: the front matter
is cut off here, template tags are rewritten to what the site generator
shows, Markdown goes through pandoc (GFM, with math and footnotes) and
HTML through Python's parser, with the elements sheaf drops on purpose
and documents (script, style, form controls, embeds) left out. Reads
the book by unzipping it: the nav's articles, each with the spine
documents up to the next nav entry, paired with the `sheaf: FILE:
packed "Title"` lines of `sheaf build -v`. Counts per article the
recall of words (Latin runs; Han, Kana and Hangul one per character),
of images (kept in the book, reported missing or dropped by a message,
or lost) and of absolute link addresses, prints a table per book and
the worst articles with the words they lose, and writes one verdict
line per book: "ok NAME" or "fail NAME: why". Also shown, without a
verdict: the files each plan skipped, by reason, and "raw": Markdown
links, images and bold that reach the book as their source text.

  fidelity.py [--known FILE] [--worst N] --verdict FILE BOOK...
  BOOK is KIND:NAME:EPUB:LOG[:PLAN], KIND fixture or corpus, LOG the
  stderr of sheaf build -v, PLAN what sheaf list --format json wrote.
  Thresholds (percent) from the environment: FIDELITY_FIXTURE_MIN
  (100), FIDELITY_CORPUS_MIN (99.5), FIDELITY_IMAGE_MIN (100). The
  known FILE lists lines "PATH-SUFFIX WORDS [IMAGES]" (# comments):
  articles known to be below target, held to those floors instead.
  FIDELITY_CACHE: a folder where pandoc's output is kept between runs.
"""
import argparse
import collections
import concurrent.futures
import hashlib
import html
import json
import html.parser
import os
import posixpath
import re
import subprocess
import sys
import unicodedata
import urllib.parse
import zipfile

# autolink_bare_uris off: pandoc 2.17 then reads raw HTML after a link
# on the same line as text.
PANDOC_FROM = "gfm-autolink_bare_uris+tex_math_dollars+footnotes"

# Elements sheaf drops with their content (convert_sanitize_rules.c);
# iframe, video and the like leave a link or a warning, svg and math
# their text alternative.
DROP = set("""applet area audio base basefont button canvas datalist embed
form frame frameset head iframe input keygen link math meta meter noembed
noframes object optgroup option param progress script select source style
svg template textarea title track video""".split())
VOID = set("""area base basefont br col embed hr img input keygen link meta
param source track wbr image""".split())
BLOCK = set("""address article aside blockquote br dd details dialog div dl
dt fieldset figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li main
nav ol p pre section summary table tbody td tfoot th thead tr ul""".split())
# Markdown left as it is inside a raw HTML block, which CommonMark
# allows but kramdown, Hexo and Hugo render; kramdown attributes.
MDLINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?"
                    r"(?:\s+\"[^\"]*\")?\s*\)")
IAL = re.compile(r"\{:[^}]*\}")
BOLD = re.compile(r"\*\*[^*\s][^*]*\*\*")
MDMARK = re.compile(r"^[ \t]*(?:\d+[.)]|[*+-]|>+|#{1,6})[ \t]+", re.M)
# A Jekyll post: kramdown attributes or Liquid links. CommonMark
# readers (Hugo's, Hexo's) leave that Markdown as it is.
KRAMDOWN = re.compile(r"^\s*\{:|\{%-?\s*post_url|\|\s*relative_url", re.M)
LAZY = ("data-original", "data-src", "data-lazy-src", "data-actualsrc")

CJK = ("\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
       "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f")
# Letters and digits apart: "ht[0]" and "ht0" count alike.
WORD = re.compile("[" + CJK + "]|[^\\W\\d_" + CJK + "]+|\\d+")


class Text(html.parser.HTMLParser):
    """Words, images and links of an HTML fragment or document."""

    def __init__(self, skip_class=None, literal=False):
        super().__init__(convert_charrefs=True)
        self.literal = literal
        self.parts, self.images, self.links = [], [], []
        self.drop = []		# open elements whose content is dropped
        self.skip_class = skip_class
        self.noscript = 0
        self.spans = []		# of each open span: is it math
        self.anchors = []	# of each open a: href, parts, images

    def handle_starttag(self, tag, attrs):
        a = dict((k, v or "") for k, v in attrs)
        math = "math" in a.get("class", "").split()
        if tag in BLOCK or math:
            self.parts.append(" ")	# TeX runs into no word
        if tag == "span":
            self.spans.append(math)
        if self.drop:
            if tag not in VOID:
                self.drop.append(tag)
            if tag == "image" and "svg" in self.drop:
                self.images.append(a.get("href") or a.get("xlink:href", ""))
            return
        raw = self.get_starttag_text() or ""
        if tag in DROP and not attrs and not raw[1:].startswith(tag):
            # List<Object> in code, not an element: text, as sheaf keeps
            self.parts.append(raw)
            return
        if tag in DROP or (self.skip_class and
                           self.skip_class in a.get("class", "").split()):
            if tag not in VOID:
                self.drop.append(tag)
            return
        if tag == "noscript":
            self.noscript += 1
        elif tag == "img" and not self.noscript:
            src = next((a[k] for k in LAZY if a.get(k)), a.get("src", ""))
            self.images.append(src)
            if a.get("alt"):
                self.parts.append(" " + a["alt"] + " ")
        elif tag == "a":
            self.anchors.append((a.get("href"), len(self.parts),
                                 len(self.images)))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.drop and self.drop[-1] == tag:
            self.drop.pop()

    def handle_endtag(self, tag):
        if tag in BLOCK or (tag == "span" and self.spans and
                            self.spans.pop()):
            self.parts.append(" ")
        if self.drop:
            if tag in self.drop:
                while self.drop.pop() != tag:
                    pass
            return
        if tag == "noscript" and self.noscript:
            self.noscript -= 1
        elif tag == "a" and self.anchors:
            # A link with nothing in it shows nothing: not counted.
            href, text, imgs = self.anchors.pop()
            if href and (len(self.images) > imgs or
                         "".join(self.parts[text:]).strip()):
                self.links.append(href)

    def handle_data(self, data):
        if self.drop:
            return
        if self.literal:
            for m in MDLINK.finditer(data):
                (self.images if m.group(1) else self.links).append(
                    m.group(3))
            data = IAL.sub(" ", MDLINK.sub(r"\2", MDMARK.sub(" ", data)))
        self.parts.append(data)

    def text(self):
        return "".join(self.parts)


def parse_html(s, skip_class=None, literal=False):
    p = Text(skip_class, literal)
    p.feed(s)
    p.close()
    return p


def words(s):
    s = unicodedata.normalize("NFKC", s).casefold()
    return collections.Counter(WORD.findall(s))


def recall(src, got):
    n = sum(src.values())
    if n == 0:
        return 1.0, collections.Counter()
    lost = src - got
    return 1 - sum(lost.values()) / n, lost


def norm_url(u):
    u = html.unescape(u.strip())
    u = urllib.parse.unquote(u)
    return u.rstrip("/")


# ---------------------------------------------------------------- sources

DECL = re.compile(rb'<meta[^>]+charset=["\']?([A-Za-z0-9_-]+)|'
                  rb'<\?xml[^>]+encoding=["\']([A-Za-z0-9_-]+)', re.I)
LEGACY = ("gb18030", "big5", "shift_jis", "euc_jp", "euc_kr", "cp1252")
PLAIN = re.compile("[\t\n\r -~\u00a0-\u00ff\u2010-\u206f\u3000-\u303f"
                   "\uff00-\uffef" + CJK + "]")


def decode(b):
    """The text of a file: BOM, declaration, UTF-8, else the legacy
    encoding whose reading looks most like text."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\0\0", "utf-32"),
                     (b"\0\0\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
                     (b"\xfe\xff", "utf-16")):
        if b.startswith(bom):
            return b.decode(enc, "replace").lstrip("\ufeff")
    if len(b) > 3 and b[1:2] == b"\0" and b[3:4] == b"\0":
        return b.decode("utf-16-le", "replace")
    if len(b) > 3 and b[0:1] == b"\0" and b[2:3] == b"\0":
        return b.decode("utf-16-be", "replace")
    m = DECL.search(b[:4096])
    if m:
        try:
            return b.decode((m.group(1) or m.group(2)).decode(), "strict")
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best, score = None, -1.0
    for enc in LEGACY:
        try:
            s = b.decode(enc)
        except UnicodeDecodeError:
            continue
        f = len(PLAIN.findall(s)) / max(1, len(s))
        if f > score:
            best, score = s, f
    return best if best is not None else b.decode("utf-8", "replace")


def split_front(s):
    """The body after a YAML (---), TOML (+++) or JSON (;;;) front matter."""
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = re.sub(r"\A(?:[ \t]*\n)+", "", s)
    for fence in ("---", "+++", ";;;"):
        if s.startswith(fence + "\n") or s.startswith(fence + " \n"):
            m = re.search("^(?:" + re.escape(fence) + r"|\.\.\.)[ \t]*$",
                          s[len(fence) + 1:], re.M)
            if m:
                return s[len(fence) + 1 + m.end():]
    return s


def title_of(path):
    """The title: line of a file's front matter, unquoted, or ""."""
    with open(path, "rb") as f:
        s = decode(f.read())
    front = s[:len(s) - len(split_front(s))]
    m = re.search(r"(?mi)^title\s*[:=]\s*(.*?)\s*$", front)
    return m.group(1).strip("'\"") if m else ""


FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LIQUID = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}")
LIQOUT = re.compile(r"\{\{-?\s*(?:(['\"])(.*?)\1\s*\|[^}]*|"
                    r"(?:site|page)\.\w+(?:\s*\|[^}]*)?)\s*-?\}\}")
HUGO = re.compile(r"\{\{([<%])\s*(/?)\s*([\w-]+)(.*?)\s*[>%]\}\}")
PARAM = re.compile(r'(\w+)\s*=\s*"([^"]*)"|(\w+)\s*=\s*(\S+)|"([^"]*)"|(\S+)')
TEXTKEYS = ("title", "caption", "text", "alt", "label", "name",
            "description", "attr")
CODE_OPEN = ("highlight", "codeblock", "code")
CODETAG = re.compile(r"^\s*\{%-?\s*(highlight|codeblock|code)\b.*%\}\s*$")
CODEEND = re.compile(r"^\s*\{%-?\s*end(highlight|codeblock|code)\s*-?%\}\s*$")


def params(s):
    kv, pos = {}, []
    for m in PARAM.finditer(s):
        if m.group(1):
            kv[m.group(1).lower()] = m.group(2)
        elif m.group(3):
            kv[m.group(3).lower()] = m.group(4)
        else:
            pos.append(m.group(5) if m.group(5) is not None else m.group(6))
    return kv, pos


def liquid(m):
    name, args = m.group(1), m.group(2).strip()
    if name in CODE_OPEN:
        return "\n```\n"
    if name in ("end" + n for n in CODE_OPEN):
        return "\n```\n"
    if name == "post_url":
        return "/" + args.split()[0] + "/" if args else ""
    if name in ("asset_img", "img"):
        _, pos = params(args)
        src = next((p for p in pos if "." in p or "/" in p), "")
        alt = " ".join(p for p in pos if p != src and not p.isdigit())
        return "![%s](%s)" % (alt, src)
    if name == "asset_link":
        _, pos = params(args)
        return "[%s](%s)" % (" ".join(pos[1:]) or (pos[0] if pos else ""),
                             pos[0] if pos else "")
    if name == "link":
        _, pos = params(args)
        url = next((p for p in pos if "://" in p), "")
        text = " ".join(p for p in pos if p != url)
        return "[%s](%s)" % (text, url) if url else text
    return ""


def hugo(m):
    closing, name, args = m.group(2), m.group(3).lower(), m.group(4)
    if name in ("highlight", "code"):
        return "\n```\n"
    if closing:
        return ""
    kv, pos = params(args)
    if name in ("ref", "relref"):
        return (pos[0] if pos else "") or kv.get("path", "")
    if name == "figure":
        return "\n\n![%s](%s)\n\n%s\n\n" % (kv.get("alt", ""), kv.get(
            "src", ""), " ".join(kv.get(k, "") for k in ("title", "caption")))
    out = " ".join(v for k, v in kv.items() if k in TEXTKEYS)
    url = kv.get("url") or kv.get("href") or kv.get("link")
    if url:
        out = "[%s](%s)" % (out or url, url)
    if kv.get("image") or kv.get("img"):
        out += " ![](%s)" % (kv.get("image") or kv.get("img"))
    return " " + out + " " if out else ""


def inline_code_safe(line, f):
    parts = re.split(r"(`+[^`]*`+)", line)
    return "".join(p if i % 2 else f(p) for i, p in enumerate(parts))


def templates(body):
    """Liquid, Hexo and Hugo tags as the site shows them; kramdown
    attribute lines out. Fenced code is left alone."""
    out, fence, raw = [], None, False
    for line in body.split("\n"):
        m = FENCE.match(line)
        if fence and fence[0] == "\n":
            t = CODEEND.match(line)
            if t and t.group(1) == fence[1:]:
                fence, line = None, "```"
            out.append(line)
            continue
        if fence:
            if m and m.group(1)[0] == fence[0] and \
                    len(m.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if m and not raw:
            fence = m.group(1)
            out.append(line)
            continue
        t = CODETAG.match(line)
        if t and not raw:
            # {% codeblock %} ... {% endcodeblock %}: code, as it is
            fence = "\n" + t.group(1)
            out.append("```")
            continue
        if raw:
            if re.search(r"\{%-?\s*endraw\s*-?%\}", line):
                raw = False
                line = re.sub(r"\{%-?\s*endraw\s*-?%\}", "", line)
            out.append(line)
            continue
        if re.search(r"\{%-?\s*raw\s*-?%\}", line):
            raw = not re.search(r"\{%-?\s*endraw\s*-?%\}", line)
            out.append(re.sub(r"\{%-?\s*(end)?raw\s*-?%\}", "", line))
            continue
        if re.match(r"^\s*\{:\s*toc\s*\}\s*$", line) and out and \
                re.match(r"^\s*(?:[*+-]|1\.)\s+TOC\s*$", out[-1]):
            out.pop()	# kramdown's table of contents: the book has its own
            continue
        if re.match(r"^\s*\{:.*\}\s*$", line) or \
                re.match(r"^\s*\{::\w+.*\}\s*$", line):
            continue
        out.append(inline_code_safe(line, lambda p: HUGO.sub(
            hugo, LIQUID.sub(liquid, LIQOUT.sub(lambda m: m.group(2) or "",
                                                p)))))
    if fence:	# closed where the text ends, as it would be
        out.append("```" if fence[0] == "\n" else fence)
    return "\n".join(out)


def is_markdown(path):
    return path.lower().endswith((".md", ".markdown", ".mdown", ".mkd"))


def pandoc_one(text):
    r = subprocess.run(["pandoc", "-f", PANDOC_FROM, "-t", "html",
                        "--wrap=none", "--mathjax"], input=text.encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return r.stdout.decode("utf-8", "replace")


MARK = "SHEAFFIDELITYDOC%06d"
BATCH = 128 * 1024
CACHE = os.environ.get("FIDELITY_CACHE", "")
REFDEF = re.compile(r"^ {0,3}\[[^\]]+\]:", re.M)


def cached(text, html_out=None):
    """The HTML pandoc made of text before, or None; with html_out,
    keep it for the next run (in FIDELITY_CACHE, unless empty)."""
    if not CACHE:
        return html_out
    key = hashlib.sha1((PANDOC_FROM + " --mathjax\0" + text).encode())
    key = key.hexdigest()
    path = os.path.join(CACHE, key[:2], key)
    if html_out is None:
        try:
            with open(path, encoding="utf-8") as f:
                return f.read()
        except OSError:
            return None
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(html_out)
    os.replace(path + ".tmp", path)
    return html_out


def pandoc_batch(texts, batch):
    """HTML of texts[i] for i in batch from one pandoc run, split at
    marker paragraphs; a text whose marker or whose next one did not
    come out as a paragraph of its own (an open HTML block ran on)
    goes into a run of its own."""
    if len(batch) == 1:
        return {batch[0]: pandoc_one(texts[batch[0]])}
    doc = "".join("\n\n" + MARK % i + "\n\n" + texts[i] + "\n\n"
                  for i in batch)
    got = pandoc_one(doc)
    marks = {int(m.group(2)): (m.start(), m.end(), bool(m.group(1)))
             for m in re.finditer(r"(<p>)?SHEAFFIDELITYDOC(\d{6})(?:</p>)?",
                                  got)}
    out, redo = {}, []
    for k, i in enumerate(batch):
        m = marks.get(i)
        nxt = marks.get(batch[k + 1]) if k + 1 < len(batch) else \
            (len(got), len(got), True)
        if m and m[2] and nxt and nxt[2]:
            out[i] = got[m[1]:nxt[0]]
        else:
            redo.append(i)
    if redo and len(redo) < len(batch):
        out.update(pandoc_batch(texts, redo))
    elif redo:
        out.update((i, pandoc_one(texts[i])) for i in redo)
    return out


def pandoc_many(texts):
    """HTML of each Markdown text: pandoc runs of about BATCH bytes of
    the texts that define no reference or note (pandoc slows down on
    long documents), two at a time; the others one run each."""
    out = [cached(t) for t in texts]
    batches, cur, size = [], [], 0
    for i, t in enumerate(texts):
        if out[i] is not None:
            continue
        if REFDEF.search(t):
            batches.append([i])
            continue
        cur.append(i)
        size += len(t)
        if size >= BATCH:
            batches.append(cur)
            cur, size = [], 0
    if cur:
        batches.append(cur)
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        for got in ex.map(lambda b: pandoc_batch(texts, b), batches):
            for i, h in got.items():
                out[i] = h
                cached(texts[i], h)
    return out


def read_sources(paths):
    """path -> parsed source (Text) for each path."""
    bodies, md, kramdown = {}, [], set()
    for p in paths:
        with open(p, "rb") as f:
            body = split_front(decode(f.read()))
        if is_markdown(p):
            md.append(p)
            if KRAMDOWN.search(body):
                kramdown.add(p)
            bodies[p] = templates(body)
        else:
            bodies[p] = body
    for p, h in zip(md, pandoc_many([bodies[p] for p in md])):
        bodies[p] = h
    return {p: parse_html(bodies[p], literal=p in kramdown) for p in paths}


# ------------------------------------------------------------------ books

PACKED = re.compile(r'^sheaf: (.+?): packed "(.*?)"(?: in "(.*)")?, '
                    r'(\d+) images?(?:, (\d+) missing)?')
DIAG = re.compile(r"^sheaf: (.+?):(\d+)(?::\d+)?: (warning|note|error): (.*)")
DUP = re.compile(r"^sheaf: (.+?): warning: same article as (.+?) \(")
IMGDROP = re.compile(r"(image|img|picture|figure|svg).*(dropped|left out|"
                     r"removed|skipped)|(dropped|left out).*(image|img)", re.I)


class Nav(html.parser.HTMLParser):
    """The toc nav's entries in order: [href, title, is_leaf]."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.entries, self.lis, self.intoc, self.a = [], [], 0, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "nav":
            self.intoc = self.intoc + 1 if self.intoc or \
                a.get("epub:type") == "toc" else 0
        elif not self.intoc:
            return
        elif tag == "li":
            self.lis.append(None)
        elif tag == "ol" and self.lis and self.lis[-1] is not None:
            self.lis[-1][2] = False
        elif tag == "a" and self.lis and self.lis[-1] is None:
            self.a = [a.get("href", "").split("#")[0], "", True]
            self.lis[-1] = self.a
            self.entries.append(self.a)

    def handle_endtag(self, tag):
        if tag == "nav" and self.intoc:
            self.intoc -= 1
        elif self.intoc and tag == "li" and self.lis:
            self.lis.pop()
        elif tag == "a":
            self.a = None

    def handle_data(self, data):
        if self.a is not None:
            self.a[1] += data


def book_articles(epub):
    """[(title, text-parse)] of each article of the book, in nav order."""
    z = zipfile.ZipFile(epub)
    opf_path = re.search(rb'full-path="([^"]+)"',
                         z.read("META-INF/container.xml")).group(1).decode()
    opf = z.read(opf_path).decode()
    base = posixpath.dirname(opf_path)
    items = dict(re.findall(r'<item\b[^>]*?id="([^"]+)"[^>]*?href="([^"]+)"',
                            opf))
    items.update((i, h) for h, i in re.findall(
        r'<item\b[^>]*?href="([^"]+)"[^>]*?id="([^"]+)"', opf))
    spine = [posixpath.normpath(posixpath.join(base, items[i]))
             for i in re.findall(r'<itemref\b[^>]*?idref="([^"]+)"', opf)]
    navhref = re.search(r'<item\b[^>]*properties="[^"]*nav[^"]*"[^>]*>', opf)
    navhref = re.search(r'href="([^"]+)"', navhref.group(0)).group(1)
    navpath = posixpath.normpath(posixpath.join(base, navhref))
    nav = Nav()
    nav.feed(z.read(navpath).decode())
    where = {f: i for i, f in enumerate(spine)}
    entries = []
    for href, title, leaf in nav.entries:
        f = posixpath.normpath(posixpath.join(posixpath.dirname(navpath),
                                              urllib.parse.unquote(href)))
        if f in where:
            entries.append((where[f], title.strip(), leaf))
    starts = sorted(set(e[0] for e in entries))
    out = []
    for idx, title, leaf in entries:
        if not leaf:
            continue
        nxt = next((s for s in starts if s > idx), len(spine))
        doc = "".join(z.read(spine[i]).decode("utf-8", "replace")
                      for i in range(idx, nxt))
        out.append((title, parse_html(doc, skip_class="article-head")))
    return out


def read_log(log):
    packed, diags, dups = [], collections.defaultdict(list), {}
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = PACKED.match(line)
            if m:
                packed.append((m.group(1), m.group(2), int(m.group(4)),
                               int(m.group(5) or 0)))
                continue
            m = DUP.match(line)
            if m:
                dups[m.group(1)] = m.group(2)
            m = DIAG.match(line)
            if m:
                diags[m.group(1)].append((int(m.group(2)), m.group(3),
                                          m.group(4)))
    return packed, diags, dups


# ----------------------------------------------------------------- verdict

class Row:
    pass


def plan(kind, name, epub, log, plan_json=None):
    """What a book holds, the sources it was made of, and the files
    its plan (sheaf list --format json) skipped: [(path, reason)]."""
    skipped = []
    if plan_json:
        with open(plan_json, encoding="utf-8") as f:
            for b in json.load(f).get("books", []):
                skipped += [(x["path"], x["reason"])
                            for x in b.get("skipped", [])]
    packed, diags, dups = read_log(log)
    arts = book_articles(epub)
    if len(arts) != len(packed):
        bytitle = {t: a for t, a in arts}
        pairs = [(p, bytitle.get(p[1])) for p in packed]
    else:
        pairs = list(zip(packed, (a for _, a in arts)))
    bypath = {p[0]: a for p, a in pairs}
    paths = [p[0] for p in packed] + sorted(dups)
    return kind, name, packed, diags, dups, bypath, paths, skipped


def measure(book, src):
    """A Row per source article of the book."""
    kind, name, packed, diags, dups, bypath, paths, _ = book
    rows = []
    for path in paths:
        r = Row()
        r.kind, r.book, r.path = kind, name, path
        got = bypath.get(path) if path not in dups else bypath.get(dups[path])
        s = src[path]
        r.dup = dups.get(path)
        info = next((p for p in packed if p[0] == path), None)
        missing = info[3] if info else 0
        dropped = sum(1 for _, lvl, msg in diags.get(path, [])
                      if IMGDROP.search(msg) and "not found" not in msg)
        sw = words(s.text())
        bw = words(got.text()) if got else collections.Counter()
        if r.dup:
            # Merged into another: lost, unless it is the same article
            kept = next((p[1] for p in packed if p[0] == r.dup), "")
            if words(title_of(path)) != words(kept):
                bw = collections.Counter()
                r.dup += ", whose title differs"
        r.words = sum(sw.values())
        r.leaks = max(0, leaks(got.text()) - leaks(s.text())) if got else 0
        r.recall, r.lost = recall(sw, bw)
        r.img_src = len(s.images)
        r.img_kept = min(r.img_src, len(got.images) if got else 0)
        r.img_rep = min(r.img_src - r.img_kept, missing + dropped)
        r.img_lost = r.img_src - r.img_kept - r.img_rep
        if r.dup:
            r.img_kept, r.img_rep, r.img_lost = r.img_src, 0, 0
        sl = collections.Counter(norm_url(u) for u in s.links
                                 if re.match(r"https?://", u.strip()))
        bl = collections.Counter(norm_url(u) for u in (got.links if got
                                                        else []))
        r.links = sum(sl.values())
        r.link_recall, r.lost_links = recall(sl, bl)
        # A link to the site's own post goes to the packed article.
        inner = sum(n for u, n in (bl - sl).items()
                    if re.match(r"[^:/#?]+\.xhtml(#|$)", u))
        if r.links and inner:
            r.link_recall = min(1.0, r.link_recall + inner / r.links)
        r.warnings = [m for _, lvl, m in diags.get(path, [])
                      if lvl == "warning"]
        r.missing_doc = got is None
        rows.append(r)
    return rows


def leaks(text):
    """Markdown links, images and bold shown as their source text."""
    return len(MDLINK.findall(text)) + len(BOLD.findall(text))


def pct(x):
    return "%.1f" % (100 * x) if x < 0.9995 or x == 1 else "%.2f" % (100 * x)


def load_known(path):
    """[(suffix, words floor, images floor)] of FILE's lines."""
    known = []
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].split()
                if line:
                    known.append((line[0], float(line[1]),
                                  float(line[2]) if len(line) > 2 else 100))
    return known


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--known")
    ap.add_argument("--verdict", required=True)
    ap.add_argument("--worst", type=int, default=int(
        os.environ.get("FIDELITY_WORST", "5")))
    ap.add_argument("books", nargs="+")
    o = ap.parse_args()
    mins = {"fixture": float(os.environ.get("FIDELITY_FIXTURE_MIN", "100")),
            "corpus": float(os.environ.get("FIDELITY_CORPUS_MIN", "99.5"))}
    img_min = float(os.environ.get("FIDELITY_IMAGE_MIN", "100"))
    known = load_known(o.known)
    allrows, verdicts = [], []
    print("%-28s %8s %7s %7s %7s %7s %7s %5s  %s" % (
        "book", "articles", "skipped", "words", "mean%", "min%", "links%",
        "raw", "images kept/reported/lost"))
    books = [plan(*spec.split(":", 4)) for spec in o.books]
    src = read_sources(sorted(set(p for b in books for p in b[6])))
    for book in books:
        kind, name = book[0], book[1]
        rows = measure(book, src)
        allrows += rows
        n = len(rows) or 1
        w = sum(r.words for r in rows)
        lk = sum(r.links for r in rows)
        skipped = [x for x in book[7] if x[0] not in book[4]]
        print("%-28s %8d %7d %7d %7s %7s %7s %5d  %d/%d/%d" % (
            name, len(rows), len(skipped), w,
            pct(sum(r.recall for r in rows) / n),
            pct(min((r.recall for r in rows), default=1)),
            pct(1 - sum(r.links * (1 - r.link_recall) for r in rows) /
                lk if lk else 1), sum(r.leaks for r in rows),
            sum(r.img_kept for r in rows), sum(r.img_rep for r in rows),
            sum(r.img_lost for r in rows)))
        why = []
        for r in rows:
            floor, ifloor = next(((w, i) for k, w, i in known
                                  if r.path.endswith(k)),
                                 (mins[kind], img_min))
            if 100 * r.recall + 1e-9 < floor:
                why.append("%s: words %s%% < %g%%" % (r.path, pct(r.recall),
                                                     floor))
            if r.img_src and 100 * (r.img_kept + r.img_rep) / r.img_src + \
                    1e-9 < ifloor:
                why.append("%s: %d of %d images lost" % (
                    r.path, r.img_lost, r.img_src))
        verdicts.append("%s %s%s" % ("fail" if why else "ok", name,
                                     ": " + "; ".join(why) if why else ""))
    worst = sorted(allrows, key=lambda r: (r.recall, -r.img_lost, -r.leaks))
    print("\nworst articles (word recall, lost words, images lost):")
    worst = [r for r in worst if r.recall < 1 or r.img_lost or r.leaks]
    worst = worst[:o.worst]
    if not worst:
        print("  none: every word and image is in the books")
    for r in worst:
        top = " ".join("%s×%d" % (k, v) if v > 1 else k
                       for k, v in r.lost.most_common(8))
        print("  %6s%%  %s  (%d of %d words lost%s%s%s)%s" % (
            pct(r.recall), r.path, sum(r.lost.values()), r.words,
            ", %d images" % r.img_lost if r.img_lost else "",
            ", %d raw Markdown" % r.leaks if r.leaks else "",
            ", duplicate of " + r.dup if r.dup else "",
            ("\n           lost: " + top) if top else ""))
    print("\nskipped files, by reason:")
    for book in books:
        why = collections.Counter(re.sub(r"/\S+", "FILE", r)
                                  for p, r in book[7] if p not in book[4])
        for r, k in sorted(why.items(), key=lambda x: -x[1]):
            print("  %-28s %4d  %s" % (book[1], k, r))
    with open(o.verdict, "w", encoding="utf-8") as f:
        for v in verdicts:
            f.write(v + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
