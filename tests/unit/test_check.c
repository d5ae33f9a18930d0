/*
 * Unit tests of sheaf check: a small clean EPUB is built from the
 * strings below with libzip and must pass with no message (and
 * epubcheck, when installed); then each case changes or adds one
 * entry to break one rule, and must get exactly the messages listed,
 * rule by rule, and no other.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "harness.h"

#include "buf.h"
#include "check.h"
#include "diag.h"
#include "xalloc.h"
#include "check_int.h"
#include "dot_png.h"

#define EPUBCHECK	"/usr/share/java/epubcheck.jar"

static const char container[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
"<rootfiles><rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/></rootfiles>\n"
"</container>\n";

static const char opf[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"id\" xml:lang=\"en\">\n"
"<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
"<dc:identifier id=\"id\">urn:uuid:0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9</dc:identifier>\n"
"<dc:title>T</dc:title>\n"
"<dc:language>en</dc:language>\n"
"<meta property=\"dcterms:modified\">2022-03-28T18:19:00Z</meta>\n"
"<meta property=\"schema:accessMode\">textual</meta>\n"
"<meta property=\"schema:accessMode\">visual</meta>\n"
"<meta property=\"schema:accessModeSufficient\">textual</meta>\n"
"<meta property=\"schema:accessibilityFeature\">alternativeText</meta>\n"
"<meta property=\"schema:accessibilityHazard\">none</meta>\n"
"</metadata>\n"
"<manifest>\n"
"<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n"
"<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n"
"<item id=\"a\" href=\"text/a.xhtml\" media-type=\"application/xhtml+xml\"/>\n"
"<item id=\"img\" href=\"images/i.png\" media-type=\"image/png\"/>\n"
"</manifest>\n"
"<spine toc=\"ncx\"><itemref idref=\"a\"/></spine>\n"
"</package>\n";

static const char nav[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<!DOCTYPE html>\n"
"<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"en\" xml:lang=\"en\">\n"
"<head><title>T</title></head>\n"
"<body><nav epub:type=\"toc\" id=\"toc\"><h1>Contents</h1>\n"
"<ol><li><a href=\"text/a.xhtml\">A</a></li></ol></nav></body>\n"
"</html>\n";

static const char ncx[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\">\n"
"<head><meta name=\"dtb:uid\" content=\"urn:uuid:0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9\"/></head>\n"
"<docTitle><text>T</text></docTitle>\n"
"<navMap><navPoint id=\"p1\"><navLabel><text>A</text></navLabel>\n"
"<content src=\"text/a.xhtml\"/></navPoint></navMap>\n"
"</ncx>\n";

static const char page[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<!DOCTYPE html>\n"
"<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">\n"
"<head><title>A</title></head>\n"
"<body><!-- a comment -->\n"
"<h1 id=\"top\">A</h1>\n"
"<p><img src=\"../images/i.png\" alt=\"a dot\"/> <a href=\"#top\">up</a></p>\n"
"</body>\n"
"</html>\n";

struct entry {
	const char	*name;
	const void	*data;		/* NULL: leave the entry out */
	size_t		 len;		/* 0: strlen(data) */
	int		 deflate;
};

static char	 tmpdir[] = "/tmp/sheaf-check-XXXXXX";

/* Same text with the first "from" replaced by "to"; static storage. */
static const char *
subst(const char *s, const char *from, const char *to)
{
	static char	 out[8][8192];
	static int	 k;
	const char	*p = strstr(s, from);
	char		*o = out[k++ % 8];

	if (p == NULL) {
		printf("subst: \"%s\" not found\n", from);
		abort();
	}
	snprintf(o, sizeof(out[0]), "%.*s%s%s", (int)(p - s), s, to,
	    p + strlen(from));
	return o;
}

/*
 * Write the clean book with the entries of change applied (same name:
 * replaced or, with data NULL, removed; new name: added at the end)
 * and mimetype order as given by mimetype_last.
 */
static const char *
make_book(const char *name, const struct entry *change, size_t nchange,
    int mimetype_last)
{
	static char		 path[256];
	struct entry		 base[] = {
		{ "mimetype", "application/epub+zip", 0, 0 },
		{ "META-INF/container.xml", container, 0, 1 },
		{ "EPUB/package.opf", opf, 0, 1 },
		{ "EPUB/nav.xhtml", nav, 0, 1 },
		{ "EPUB/toc.ncx", ncx, 0, 1 },
		{ "EPUB/text/a.xhtml", page, 0, 1 },
		{ "EPUB/images/i.png", dot_png, sizeof(dot_png), 0 },
	};
	const size_t		 nbase = sizeof(base) / sizeof(base[0]);
	struct entry		 all[32];
	size_t			 n = 0, i, j;
	zip_t			*za;
	zip_source_t		*src;
	zip_int64_t		 idx;
	int			 err;

	for (i = 0; i < nbase; i++) {
		all[n] = base[i];
		for (j = 0; j < nchange; j++)
			if (strcmp(change[j].name, base[i].name) == 0)
				all[n] = change[j];
		if (all[n].data != NULL)
			n++;
	}
	for (j = 0; j < nchange; j++) {
		for (i = 0; i < nbase; i++)
			if (strcmp(change[j].name, base[i].name) == 0)
				break;
		if (i == nbase)
			all[n++] = change[j];
	}
	if (mimetype_last) {
		struct entry	 m = all[0];

		memmove(all, all + 1, (n - 1) * sizeof(*all));
		all[n - 1] = m;
	}
	snprintf(path, sizeof(path), "%s/%s.epub", tmpdir, name);
	unlink(path);
	if ((za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err)) == NULL)
		abort();
	for (i = 0; i < n; i++) {
		src = zip_source_buffer(za, all[i].data, all[i].len ?
		    all[i].len : strlen(all[i].data), 0);
		idx = zip_file_add(za, all[i].name, src, ZIP_FL_ENC_RAW);
		if (idx < 0)
			abort();
		zip_set_file_compression(za, (zip_uint64_t)idx,
		    all[i].deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
		zip_file_set_mtime(za, (zip_uint64_t)idx, 1648491540, 0);
	}
	if (zip_close(za) == -1)
		abort();
	return path;
}

/* Messages whose text ends in "[rule]" at this level. */
static size_t
count(const struct diag *d, enum diag_level level, const char *rule)
{
	char	 tag[64];
	size_t	 i, k = 0, n, t;

	snprintf(tag, sizeof(tag), "[%s]", rule);
	n = strlen(tag);
	for (i = 0; i < d->n; i++) {
		t = strlen(d->msgs[i].text);
		if (d->msgs[i].level == level && t >= n &&
		    strcmp(d->msgs[i].text + t - n, tag) == 0)
			k++;
	}
	return k;
}

static void
dump(const struct diag *d)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < d->n; i++) {
		buf_reset(&b);
		check_format(&d->msgs[i], &b);
		printf("#   %s\n", b.data);
	}
	buf_fini(&b);
}

/*
 * Check the book: exactly n messages, all of the given level and rule.
 */
static void
expect(const char *what, const char *path, enum diag_level level,
    const char *rule, size_t n)
{
	struct diag	 d;
	size_t		 got;

	diag_init(&d);
	EQ_INT(check_epub(path, &d), 0, what);
	got = count(&d, level, rule);
	OK(got == n && d.n == n, "%s: want %zu [%s], got %zu of %zu messages",
	    what, n, rule, got, d.n);
	if (got != n || d.n != n)
		dump(&d);
	diag_fini(&d);
}

#define ONE(name, data)	(struct entry[]){ { name, data, 0, 1 } }, 1

static void
test_clean(void)
{
	const char	*path = make_book("clean", NULL, 0, 0);
	struct diag	 d;
	char		 cmd[512];

	diag_init(&d);
	EQ_INT(check_epub(path, &d), 0, "clean: checked");
	EQ_INT(d.n, 0, "clean: no message");
	dump(&d);
	diag_fini(&d);
	if (access(EPUBCHECK, R_OK) == 0) {
		snprintf(cmd, sizeof(cmd), "java -jar %s -q --failonwarnings "
		    "%s >/dev/null 2>&1", EPUBCHECK, path);
		EQ_INT(system(cmd), 0, "clean fixture passes epubcheck");
	}
}

static void
test_container(void)
{
	struct entry	 deflated[] = {
		{ "mimetype", "application/epub+zip", 0, 1 } };
	struct entry	 wrong[] = {
		{ "mimetype", "application/zip", 0, 0 } };
	struct diag	 d;
	char		 path[256];
	FILE		*f;

	expect("mimetype last", make_book("mimetype-last", NULL, 0, 1),
	    DIAG_ERROR, "PKG-006", 1);
	expect("mimetype deflated", make_book("mimetype-deflated",
	    deflated, 1, 0), DIAG_ERROR, "PKG-007", 1);
	expect("mimetype bytes", make_book("mimetype-bytes", wrong, 1, 0),
	    DIAG_ERROR, "PKG-007", 1);
	expect("space in a name", make_book("space",
	    ONE("EPUB/images/a b.png", "x"), 0), DIAG_ERROR, "PKG-010", 1);
	expect("non-ASCII name", make_book("non-ascii",
	    ONE("EPUB/images/\xc3\xa9.png", "x"), 0), DIAG_ERROR, "PKG-012", 1);
	expect("query character in a name", make_book("query",
	    ONE("EPUB/images/a?b=1.png", "x"), 0), DIAG_ERROR, "PKG-009", 1);
	expect("no container.xml", make_book("no-container",
	    ONE("META-INF/container.xml", NULL), 0), DIAG_ERROR, "RSC-002", 1);

	snprintf(path, sizeof(path), "%s/not-a-zip.epub", tmpdir);
	if ((f = fopen(path, "w")) != NULL) {
		fputs("hello", f);
		fclose(f);
	}
	diag_init(&d);
	EQ_INT(check_epub(path, &d), -1, "not a zip: -1");
	EQ_INT(count(&d, DIAG_ERROR, "PKG-004"), 1, "not a zip: PKG-004");
	diag_fini(&d);
}

static void
test_sizes(void)
{
	unsigned char	*big;
	size_t		 n = 51u << 20;
	struct entry	 e[] = { { "EPUB/images/big.bin", NULL, 0, 0 } };
	unsigned char	 head[64];

	big = xcalloc(n, 1);
	memcpy(big, dot_png, sizeof(dot_png));
	e[0].data = big;
	e[0].len = n;
	expect("book over 50 MB", make_book("big", e, 1, 0), DIAG_WARNING,
	    "book-size", 1);

	/* A 6 MB PNG: over 5 MB, and 3000x2000 = 6 million pixels. */
	big[19] = 0, big[18] = 0x0b, big[19] = 0xb8;	/* width 3000 */
	big[22] = 0x07, big[23] = 0xd0;			/* height 2000 */
	e[0].name = "EPUB/images/i.png";
	e[0].len = 6u << 20;
	{
		struct diag	 d;
		const char	*path = make_book("big-image", e, 1, 0);

		diag_init(&d);
		check_epub(path, &d);
		EQ_INT(count(&d, DIAG_WARNING, "image-bytes"), 1,
		    "image over 5 MB");
		EQ_INT(count(&d, DIAG_WARNING, "image-pixels"), 1,
		    "image over 5.6 MP");
		EQ_INT(d.n, 2, "big image: no other message");
		diag_fini(&d);
	}
	free(big);

	memcpy(head, dot_png, sizeof(head));
	head[18] = 0x09, head[19] = 0x00;	/* 2304 */
	head[22] = 0x09, head[23] = 0x00;	/* 2304: 5.3 MP, fine */
	e[0].data = head;
	e[0].len = sizeof(head);
	expect("image under the limits", make_book("image-ok", e, 1, 0),
	    DIAG_WARNING, "image-pixels", 0);
}

static void
test_image_headers(void)
{
	static const unsigned char gif[] = "GIF89a\x20\x03\x58\x02";
	static const unsigned char jpg[] = {
		0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00,
		0xff, 0xc0, 0x00, 0x11, 0x08, 0x02, 0x58, 0x03, 0x20,
		0x03, 0x01, 0x22, 0x00
	};
	static const unsigned char webp[] =
	    "RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0\x1f\x03\0\x57\x02\0";
	unsigned long	 w = 0, h = 0;

	EQ_INT(check_image_size(gif, sizeof(gif) - 1, &w, &h), 0, "gif");
	OK(w == 800 && h == 600, "gif 800x600: %lux%lu", w, h);
	EQ_INT(check_image_size(jpg, sizeof(jpg), &w, &h), 0, "jpeg");
	OK(w == 800 && h == 600, "jpeg 800x600: %lux%lu", w, h);
	EQ_INT(check_image_size(webp, sizeof(webp) - 1, &w, &h), 0, "webp");
	OK(w == 800 && h == 600, "webp 800x600: %lux%lu", w, h);
	EQ_INT(check_image_size((const unsigned char *)"hello", 5, &w, &h),
	    -1, "text is no image");
}

static void
test_metadata(void)
{
	expect("no dc:language", make_book("no-lang", ONE("EPUB/package.opf",
	    subst(opf, "<dc:language>en</dc:language>", "")), 0),
	    DIAG_ERROR, "RSC-005", 1);
	expect("malformed dc:language", make_book("bad-lang",
	    ONE("EPUB/package.opf", subst(opf, ">en<", ">en_US<")), 0),
	    DIAG_ERROR, "OPF-092", 1);
	expect("no identifier", make_book("no-id", ONE("EPUB/package.opf",
	    subst(opf, "id=\"id\">", "id=\"other\">")), 0), DIAG_ERROR,
	    "OPF-030", 1);
	expect("bad urn:uuid", make_book("bad-uuid", (struct entry[]){
		{ "EPUB/package.opf", subst(opf, "a4b3c2d1e0f9<",
		    "a4b3c2d1e0fz<"), 0, 1 },
		{ "EPUB/toc.ncx", subst(ncx, "a4b3c2d1e0f9", "a4b3c2d1e0fz"),
		    0, 1 } }, 2, 0), DIAG_ERROR, "OPF-085", 1);
	expect("no dcterms:modified", make_book("no-modified",
	    ONE("EPUB/package.opf", subst(opf,
	    "<meta property=\"dcterms:modified\">2022-03-28T18:19:00Z</meta>",
	    "")), 0), DIAG_ERROR, "RSC-005", 1);
	expect("malformed dcterms:modified", make_book("bad-modified",
	    ONE("EPUB/package.opf", subst(opf, "T18:19:00Z", "")), 0),
	    DIAG_ERROR, "RSC-005", 1);
	expect("no accessibility metadata", make_book("no-a11y",
	    ONE("EPUB/package.opf", subst(subst(opf,
	    "<meta property=\"schema:accessMode\">textual</meta>", ""),
	    "<meta property=\"schema:accessMode\">visual</meta>", "")), 0),
	    DIAG_WARNING, "a11y-metadata", 1);
	expect("accessibility vocabulary", make_book("a11y-vocab",
	    ONE("EPUB/package.opf", subst(subst(opf, ">alternativeText<",
	    ">altText<"), ">textual</meta>\n<meta property=\"schema:"
	    "accessibilityFeature", ">textual,smell</meta>\n<meta "
	    "property=\"schema:accessibilityFeature")), 0),
	    DIAG_WARNING, "a11y-vocab", 2);
	expect("NCX uid differs", make_book("ncx-uid", ONE("EPUB/toc.ncx",
	    subst(ncx, "a4b3c2d1e0f9", "000000000000")), 0), DIAG_ERROR,
	    "NCX-001", 1);
}

static void
test_manifest(void)
{
	static const unsigned char webp[] =
	    "RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0\x1f\x03\0\x57\x02\0";
	struct entry	 e[] = {
		{ "EPUB/package.opf", subst(opf, "<item id=\"img\"",
		    "<item id=\"w\" href=\"images/w.webp\" "
		    "media-type=\"image/webp\"/>\n<item id=\"img\""), 0, 1 },
		{ "EPUB/images/w.webp", webp, sizeof(webp) - 1, 0 },
	};

	expect("WebP without fallback", make_book("webp", e, 2, 0),
	    DIAG_ERROR, "MED-003", 1);
	expect("remote manifest item", make_book("remote-item",
	    ONE("EPUB/package.opf", subst(opf, "<item id=\"img\"",
	    "<item id=\"r\" href=\"https://example.com/f.png\" "
	    "media-type=\"image/png\"/><item id=\"img\"")), 0),
	    DIAG_ERROR, "RSC-006", 1);
	expect("manifest item missing", make_book("missing-item",
	    ONE("EPUB/package.opf", subst(opf, "<item id=\"img\"",
	    "<item id=\"g\" href=\"images/gone.png\" "
	    "media-type=\"image/png\"/><item id=\"img\"")), 0),
	    DIAG_ERROR, "RSC-001", 1);
	expect("non-linear and unreachable", make_book("non-linear",
	    ONE("EPUB/package.opf", subst(opf, "<itemref idref=\"a\"/>",
	    "<itemref idref=\"a\"/><itemref idref=\"nav\" linear=\"no\"/>")),
	    0), DIAG_ERROR, "OPF-096", 1);
}

static void
test_documents(void)
{
	expect("-- in a comment", make_book("comment",
	    ONE("EPUB/text/a.xhtml", subst(page, "a comment",
	    "a -- comment")), 0), DIAG_ERROR, "RSC-016", 1);
	expect("not well-formed", make_book("not-wf",
	    ONE("EPUB/text/a.xhtml", subst(page, "</p>", "")), 0),
	    DIAG_ERROR, "RSC-016", 1);
	expect("duplicate id", make_book("dup-id", ONE("EPUB/text/a.xhtml",
	    subst(page, "<p>", "<p id=\"top\">")), 0), DIAG_ERROR,
	    "RSC-005", 1);
	expect("remote image", make_book("remote-img",
	    ONE("EPUB/text/a.xhtml", subst(page, "../images/i.png",
	    "http://example.com/i.png")), 0), DIAG_ERROR, "RSC-006", 1);
	expect("file: URL", make_book("file-url", ONE("EPUB/text/a.xhtml",
	    subst(page, "#top", "file:///etc/passwd")), 0), DIAG_ERROR,
	    "RSC-030", 1);
	expect("data: URL in a link", make_book("data-url",
	    ONE("EPUB/text/a.xhtml", subst(page, "#top",
	    "data:text/plain,x")), 0), DIAG_ERROR, "RSC-029", 1);
	expect("query in a relative URL", make_book("query-url",
	    ONE("EPUB/text/a.xhtml", subst(page, "../images/i.png",
	    "../images/i.png?v=2")), 0), DIAG_ERROR, "RSC-033", 1);
	expect("link out of the container", make_book("outside",
	    ONE("EPUB/text/a.xhtml", subst(page, "#top", "../../../x.xhtml")),
	    0), DIAG_ERROR, "RSC-026", 1);
	expect("missing link target", make_book("missing-target",
	    ONE("EPUB/text/a.xhtml", subst(page, "#top", "b.xhtml")), 0),
	    DIAG_ERROR, "RSC-007", 1);
	expect("missing fragment", make_book("missing-frag",
	    ONE("EPUB/text/a.xhtml", subst(page, "#top", "#nowhere")), 0),
	    DIAG_ERROR, "RSC-012", 1);
}

static void
test_nav(void)
{
	expect("nav and NCX disagree", make_book("nav-ncx",
	    ONE("EPUB/toc.ncx", subst(ncx, "text/a.xhtml",
	    "text/a.xhtml#top")), 0), DIAG_WARNING, "nav-ncx", 1);
	expect("nav and NCX point at a missing file", make_book("ncx-missing",
	    (struct entry[]){
		{ "EPUB/nav.xhtml", subst(nav, "text/a.xhtml",
		    "text/gone.xhtml"), 0, 1 },
		{ "EPUB/toc.ncx", subst(ncx, "text/a.xhtml",
		    "text/gone.xhtml"), 0, 1 } }, 2, 0),
	    DIAG_ERROR, "RSC-007", 2);
	expect("nav points at a missing id", make_book("nav-frag",
	    (struct entry[]){
		{ "EPUB/nav.xhtml", subst(nav, "text/a.xhtml",
		    "text/a.xhtml#gone"), 0, 1 },
		{ "EPUB/toc.ncx", subst(ncx, "text/a.xhtml",
		    "text/a.xhtml#gone"), 0, 1 } }, 2, 0),
	    DIAG_ERROR, "RSC-012", 2);
}

static void
test_urls(void)
{
	char	*name, *frag;

	EQ_INT(check_resolve("EPUB/text/a.xhtml", "../images/x%20y.png#f",
	    &name, &frag), 0, "resolve");
	EQ_STR(name, "EPUB/images/x y.png", "resolved name");
	EQ_STR(frag, "f", "fragment");
	free(name);
	free(frag);
	EQ_INT(check_resolve("EPUB/a.xhtml", "../../x", &name, &frag), -1,
	    "outside");
	OK(check_lang_ok("zh-Hans-CN"), "zh-Hans-CN");
	OK(check_lang_ok("en"), "en");
	OK(!check_lang_ok("en_US"), "en_US");
	OK(!check_lang_ok(""), "empty tag");
	OK(!check_lang_ok("toolongprimary"), "long subtag");
	EQ_INT(check_url_kind("HTTPS://x"), URL_REMOTE, "https");
	EQ_INT(check_url_kind("//x/y"), URL_REMOTE, "scheme-relative");
	EQ_INT(check_url_kind("a:b/c"), URL_OTHER, "other scheme");
	EQ_INT(check_url_kind("a/b:c"), URL_RELATIVE, "colon in a path");
}

int
main(void)
{
	char	 cmd[64];

	if (mkdtemp(tmpdir) == NULL)
		return 1;
	test_clean();
	test_container();
	test_sizes();
	test_image_headers();
	test_metadata();
	test_manifest();
	test_documents();
	test_nav();
	test_urls();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	(void)!system(cmd);
	return DONE();
}
