/*
 * Unit tests of book.yml (config_file.c): every key, the bounds of
 * what each accepts, wrong types, refused values and invalid dates as
 * errors at FILE:LINE:COL with their whole text, unknown keys as
 * warnings with their line, the order of the messages of a file with
 * many problems, paths made relative to the file's folder, books:
 * inheriting the top level, and the keyword parsers that the options
 * share. Each case writes its file into a scratch folder.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "config_file.h"
#include "diag.h"
#include "xalloc.h"
#include "harness.h"

static char	 scratch[] = "/tmp/sheaf-test-config.XXXXXX";
static char	 path[4096];
static struct diag d;

/* Write text to scratch/name (name may hold one folder) and load it. */
static struct config_file *
load(const char *name, const char *text, const struct config *base)
{
	struct config	 empty;
	FILE		*f;
	char		 dir[4096], *slash;

	snprintf(path, sizeof(path), "%s/%s", scratch, name);
	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		mkdir(dir, 0777);
	}
	if ((f = fopen(path, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) == EOF) {
		perror(path);
		exit(1);
	}
	memset(&empty, 0, sizeof(empty));
	diag_fini(&d);
	diag_init(&d);
	return config_file_load(path, base ? base : &empty, &d);
}

/* The one message at line:col, with its level and a part of its text. */
static int
said(int line, int col, enum diag_level level, const char *part)
{
	size_t	 i;

	for (i = 0; i < d.n; i++)
		if (d.msgs[i].line == line && d.msgs[i].col == col &&
		    d.msgs[i].level == level &&
		    strstr(d.msgs[i].text, part) != NULL &&
		    d.msgs[i].file != NULL && strcmp(d.msgs[i].file, path) == 0)
			return 1;
	for (i = 0; i < d.n; i++)
		printf("# %d:%d: %s\n", d.msgs[i].line, d.msgs[i].col,
		    d.msgs[i].text);
	return 0;
}

/* Every message in order, as "LINE:COL: level: text" lines. */
static const char *
transcript(void)
{
	static char	 out[8192];
	size_t		 i, len = 0;
	int		 k;

	out[0] = '\0';
	for (i = 0; i < d.n && len < sizeof(out); i++) {
		k = snprintf(out + len, sizeof(out) - len, "%d:%d: %s: %s\n",
		    d.msgs[i].line, d.msgs[i].col,
		    d.msgs[i].level == DIAG_ERROR ? "error" :
		    d.msgs[i].level == DIAG_WARNING ? "warning" : "note",
		    d.msgs[i].text);
		if (k < 0)
			break;
		len += (size_t)k;
	}
	return out;
}

static void
test_every_key(void)
{
	struct config_file	*f;
	struct config		*c;

	f = load("keys.yml",
	    "title: 标题\n"
	    "subtitle: 副标题\n"
	    "author:\n"
	    "  - name: 张三\n"
	    "    role: edt\n"
	    "    file-as: Zhang San\n"
	    "  - 李四\n"
	    "lang: zh-CN\n"
	    "identifier: urn:isbn:9780000000000\n"
	    "date: 2022-04\n"
	    "publisher: 出版社\n"
	    "rights: CC BY 4.0\n"
	    "description: 说明\n"
	    "subject: [新媒体, 互联网]\n"
	    "cover-image: /abs/cover.png\n"
	    "css: /abs/extra.css\n"
	    "theme: serif\n"
	    "vertical: yes\n"
	    "timezone: +08:00\n"
	    "group-by: category:2\n"
	    "order: -date\n"
	    "chapter-order: count\n"
	    "output: /abs/out.epub\n"
	    "input: [/abs/a, /abs/b]\n"
	    "select:\n"
	    "  category: [新媒体, 生活]\n"
	    "  exclude-category: 广告\n"
	    "  tag: 出海\n"
	    "  author: [张三, 李四]\n"
	    "  since: 2022-03\n"
	    "  until: 2022-04-30\n"
	    "  match: \"*出海*\"\n"
	    "  latest: 50\n"
	    "  limit: 20\n"
	    "  drafts: true\n", NULL);
	OK(f != NULL, "every key: loaded");
	if (f == NULL)
		return;
	EQ_INT(d.n, 0, "every key: no message");
	EQ_INT(config_file_nbooks(f), 1, "every key: one book");
	c = &config_file_book(f, 0)->cfg;
	EQ_STR(c->meta.title, "标题", "title");
	EQ_STR(c->meta.subtitle, "副标题", "subtitle");
	EQ_INT(c->meta.more_authors.n, 2, "two authors");
	EQ_STR(c->meta.more_authors.v[0], "张三", "author name");
	EQ_STR(c->meta.author_roles.v[0], "edt", "author role");
	EQ_STR(c->meta.author_file_as.v[0], "Zhang San", "author file-as");
	EQ_STR(c->meta.more_authors.v[1], "李四", "author as a plain name");
	OK(c->meta.author_roles.v[1] == NULL, "no role for a plain name");
	EQ_STR(c->meta.language, "zh-CN", "lang");
	EQ_STR(c->meta.identifier, "urn:isbn:9780000000000", "identifier");
	EQ_STR(c->meta.date, "2022-04", "date");
	EQ_STR(c->meta.publisher, "出版社", "publisher");
	EQ_STR(c->meta.rights, "CC BY 4.0", "rights");
	EQ_STR(c->meta.description, "说明", "description");
	EQ_INT(c->meta.subjects.n, 2, "subjects");
	EQ_STR(c->meta.subjects.v[1], "互联网", "second subject");
	EQ_STR(c->meta.cover, "/abs/cover.png", "absolute cover-image kept");
	EQ_STR(c->look.css, "/abs/extra.css", "absolute css kept");
	EQ_STR(c->look.theme, "serif", "theme");
	EQ_INT(c->look.vertical, 1, "vertical: yes");
	EQ_INT(c->tz_offset, 8 * 3600, "timezone");
	EQ_INT(c->sel.group_by, GROUP_CATEGORY, "group-by category:2");
	EQ_INT(c->sel.group_depth, 2, "group depth");
	EQ_INT(c->sel.order, ORDER_DATE_DESC, "order");
	EQ_INT(c->sel.chapter_order, CHORDER_COUNT, "chapter-order");
	EQ_STR(config_file_book(f, 0)->output, "/abs/out.epub", "output");
	EQ_INT(c->ninputs, 2, "two inputs");
	EQ_STR(c->inputs[1], "/abs/b", "second input");
	EQ_INT(c->sel.ncategories, 2, "categories");
	EQ_STR(c->sel.categories[1], "生活", "second category");
	EQ_INT(c->sel.exclude.n, 1, "exclude-category");
	EQ_STR(c->sel.tags.v[0], "出海", "tag as text");
	EQ_INT(c->sel.authors.n, 2, "select author list");
	EQ_STR(c->sel.since, "2022-03", "since");
	EQ_STR(c->sel.until, "2022-04-30", "until");
	EQ_STR(c->sel.match, "*出海*", "match");
	EQ_INT(c->sel.latest, 50, "latest");
	EQ_INT(c->sel.limit, 20, "limit");
	EQ_INT(c->sel.drafts, 1, "drafts");
	EQ_STR(config_file_book(f, 0)->name, "标题", "book named by title");
	config_file_free(f);

	/* The selection keys at the top level, language spelt out. */
	f = load("top.yml", "language: en\ncategory: 生活\nlimit: 3\n"
	    "drafts: off\nsplit-by: month\ncreator: A. Writer\n", NULL);
	OK(f != NULL, "selection at the top: loaded");
	if (f == NULL)
		return;
	c = &config_file_book(f, 0)->cfg;
	EQ_STR(c->meta.language, "en", "language");
	EQ_STR(c->sel.categories[0], "生活", "category at the top");
	EQ_INT(c->sel.limit, 3, "limit at the top");
	EQ_INT(c->sel.drafts, 0, "drafts: off");
	EQ_INT(c->sel.split_by, SPLIT_MONTH, "split-by");
	EQ_STR(c->meta.author, "A. Writer", "creator, a plain name");
	config_file_free(f);
}

/* The keys of images:, accessibility:, fonts and site-url. */
static void
test_more_keys(void)
{
	struct config_file	*f;
	struct config		*c;
	struct config		 base;
	char			 want[4096];
	static const char	*fonts[] = { "/base/font.ttf" };

	f = load("more.yml",
	    "site-url: https://example.org/blog\n"
	    "fonts: [fonts/a.ttf, /abs/b.otf]\n"
	    "accessibility:\n"
	    "  summary: 无障碍说明\n"
	    "  conformance: EPUB Accessibility 1.1 - WCAG 2.1 Level AA\n"
	    "  certified-by: 某机构\n"
	    "images:\n"
	    "  unwrap-proxies: no\n"
	    "  max-pixels: 1000000\n"
	    "  max-bytes: 512K\n"
	    "  quality: 70\n"
	    "  grayscale: on\n", NULL);
	OK(f != NULL, "more keys: loaded");
	if (f == NULL)
		return;
	EQ_INT(d.n, 0, "more keys: no message");
	c = &config_file_book(f, 0)->cfg;
	EQ_STR(c->site_url, "https://example.org/blog", "site-url");
	EQ_INT(c->look.fonts.n, 2, "two fonts");
	snprintf(want, sizeof(want), "%s/fonts/a.ttf", scratch);
	EQ_STR(c->look.fonts.v[0], want, "font relative to the file");
	EQ_STR(c->look.fonts.v[1], "/abs/b.otf", "absolute font kept");
	EQ_STR(c->meta.a11y_summary, "无障碍说明", "accessibility summary");
	EQ_STR(c->meta.a11y_conformance,
	    "EPUB Accessibility 1.1 - WCAG 2.1 Level AA", "conformance");
	EQ_STR(c->meta.a11y_certified_by, "某机构", "certified-by");
	EQ_INT(c->images.keep_proxies, 1, "unwrap-proxies: no");
	EQ_INT(c->images.max_image_pixels, 1000000, "max-pixels");
	EQ_INT(c->images.max_image_bytes, 512 * 1024, "max-bytes 512K");
	EQ_INT(c->images.image_quality, 70, "quality");
	EQ_INT(c->images.grayscale, 1, "grayscale: on");
	config_file_free(f);

	/* Bounds that are still accepted, and the other spellings. */
	f = load("bounds.yml",
	    "site-url: http://example.org\n"
	    "accessibility:\n"
	    "  conformance: EPUB Accessibility 1.1 - WCAG 2.0 Level A\n"
	    "images:\n"
	    "  unwrap-proxies: True\n"
	    "  max-pixels: 1000000000\n"
	    "  max-bytes: 1024m\n"
	    "  quality: 100\n"
	    "  grayscale: False\n"
	    "select:\n"
	    "  latest: 0\n"
	    "  limit: 1000000000\n"
	    "  drafts: True\n"
	    "vertical: off\n"
	    "timezone: UTC\n", NULL);
	OK(f != NULL, "bounds: loaded");
	if (f == NULL)
		return;
	EQ_INT(d.n, 0, "bounds: no message");
	c = &config_file_book(f, 0)->cfg;
	EQ_STR(c->site_url, "http://example.org", "site-url over http");
	EQ_STR(c->meta.a11y_conformance,
	    "EPUB Accessibility 1.1 - WCAG 2.0 Level A", "WCAG 2.0 Level A");
	OK(c->meta.a11y_certified_by == NULL, "no certifier");
	EQ_INT(c->images.keep_proxies, 0, "unwrap-proxies: True");
	EQ_INT(c->images.max_image_pixels, 1000000000, "max-pixels a billion");
	EQ_INT(c->images.max_image_bytes, 1024 * 1024 * 1024, "max-bytes 1024m");
	EQ_INT(c->images.image_quality, 100, "quality 100");
	EQ_INT(c->images.grayscale, 0, "grayscale: False");
	EQ_INT(c->sel.latest, 0, "latest 0");
	EQ_INT(c->sel.limit, 1000000000, "limit a billion");
	EQ_INT(c->sel.drafts, 1, "drafts: True");
	EQ_INT(c->look.vertical, 0, "vertical: off");
	EQ_INT(c->tz_offset, 0, "timezone UTC");
	EQ_INT(c->tz_given, 1, "timezone given");
	config_file_free(f);

	/* Plain bytes, quality 1, AAA; the base's fonts replaced. */
	memset(&base, 0, sizeof(base));
	base.look.fonts.v = fonts;
	base.look.fonts.n = 1;
	f = load("sub/fonts.yml",
	    "images:\n  max-bytes: 300\n  quality: 1\n"
	    "accessibility:\n"
	    "  conformance: EPUB Accessibility 1.1 - WCAG 2.2 Level AAA\n"
	    "books:\n  - title: a\n  - fonts: f.woff\n", &base);
	OK(f != NULL, "fonts: loaded");
	if (f == NULL)
		return;
	EQ_INT(config_file_nbooks(f), 2, "fonts: two books");
	c = &config_file_book(f, 0)->cfg;
	EQ_INT(c->images.max_image_bytes, 300, "max-bytes in bytes");
	EQ_INT(c->images.image_quality, 1, "quality 1");
	EQ_STR(c->meta.a11y_conformance,
	    "EPUB Accessibility 1.1 - WCAG 2.2 Level AAA", "Level AAA");
	EQ_INT(c->look.fonts.n, 1, "the base's font inherited");
	EQ_STR(c->look.fonts.v[0], "/base/font.ttf", "the base's font");
	c = &config_file_book(f, 1)->cfg;
	EQ_INT(c->look.fonts.n, 1, "own font replaces");
	snprintf(want, sizeof(want), "%s/sub/f.woff", scratch);
	EQ_STR(c->look.fonts.v[0], want, "own font relative to the file");
	OK(config_file_book(f, 0)->cfg.look.fonts.v != c->look.fonts.v,
	    "fonts not shared");
	config_file_free(f);
}

static const struct {
	const char	*text;
	int		 line, col;
	const char	*part;
} wrong[] = {
	{ "title: [a, b]\n", 1, 8, "title must be text" },
	{ "input: x\nselect:\n  limit: many\n", 3, 10,
	    "limit must be a whole number" },
	{ "select:\n  latest: -1\n", 2, 11, "latest must be a whole number" },
	{ "drafts: maybe\n", 1, 9, "drafts must be true or false" },
	{ "vertical: 2\n", 1, 11, "vertical must be true or false" },
	{ "group-by: colour\n", 1, 11, "colour is not one of" },
	{ "order: newest\n", 1, 8, "newest is not one of" },
	{ "chapter-order: size\n", 1, 16, "size is not one of" },
	{ "split-by: week\n", 1, 11, "week is not one of" },
	{ "timezone: +25:00\n", 1, 11, "+25:00 is not a zone" },
	{ "theme: neon\n", 1, 8, "neon is not one of" },
	{ "author: { name: x }\n", 1, 9, "must be a name or a list" },
	{ "author:\n  - role: edt\n", 2, 5, "an author needs a name" },
	{ "subject: { a: b }\n", 1, 10, "text or a list of texts" },
	{ "select: [a]\n", 1, 9, "select must be a mapping" },
	{ "books: yes\n", 1, 8, "books must be a list" },
	{ "books: []\n", 1, 8, "books is empty" },
	{ "books:\n  - title: a\n  - [b]\n", 3, 5, "a book must be a mapping" },
	/* Invalid dates. */
	{ "date: 2022-13-45\n", 1, 7, "not a date" },
	{ "select:\n  since: 2022-99\n", 2, 10, "not a date" },
	{ "until: soon\n", 1, 8, "not a date" },
	{ "books:\n  - date: 2022-02-30\n", 2, 11, "not a date" },
	/* YAML that does not parse. */
	{ "title: a\n  b: c\n", 2, 4, "YAML: " },
	/* Each refusal in full. */
	{ "lang: [en]\n", 1, 7, "lang must be text" },
	{ "timezone: [a]\n", 1, 11, "timezone must be text" },
	{ "site-url: ftp://example.org\n", 1, 11,
	    "site-url: ftp://example.org is not an http:// or https:// "
	    "address" },
	{ "site-url: [a]\n", 1, 11, "site-url must be text" },
	{ "fonts: { a: b }\n", 1, 8, "fonts must be text or a list of texts" },
	{ "fonts: [a, [b]]\n", 1, 12, "fonts must be text" },
	{ "input: [a, [b]]\n", 1, 12, "input must be text" },
	{ "cover-image: [a]\n", 1, 14, "cover-image must be text" },
	{ "output: {}\n", 1, 9, "output must be text" },
	{ "select:\n  tag: [a, { b: c }]\n", 2, 12, "tag must be text" },
	{ "category: { a: b }\n", 1, 11,
	    "category must be text or a list of texts" },
	{ "select:\n  limit: 1000000001\n", 2, 10,
	    "limit must be a whole number" },
	{ "creator: { a: b }\n", 1, 10,
	    "creator must be a name or a list of authors" },
	{ "author: [a, [b]]\n", 1, 13,
	    "author: each author is a name or a mapping with name:" },
	{ "group-by: category:9\n", 1, 11,
	    "group-by: category:9 is not one of category, category:N, year, "
	    "month, week, day, tag, author, dir, none" },
	{ "order: Date\n", 1, 8,
	    "order: Date is not one of date, -date, title, path, updated, "
	    "-updated" },
	{ "chapter-order: size\n", 1, 16,
	    "chapter-order: size is not one of articles, title, date, -date, "
	    "count" },
	{ "split-by: week\n", 1, 11,
	    "split-by: week is not one of category, year, month, none" },
	{ "theme: neon\n", 1, 8,
	    "theme: neon is not one of default, serif, sans, plain" },
	{ "timezone: +08:60\n", 1, 11,
	    "timezone: +08:60 is not a zone (want +HH:MM, -HH:MM or UTC)" },
	{ "date: 2022-13-45\n", 1, 7, "2022-13-45: not a date" },
	{ "images: [a]\n", 1, 9, "images must be a mapping of keys to values" },
	{ "accessibility: yes\n", 1, 16,
	    "accessibility must be a mapping of keys to values" },
	{ "books:\n  - 3\n", 2, 5, "a book must be a mapping of keys to values" },
	{ "images:\n  max-pixels: 0\n", 2, 15,
	    "max-pixels must be a positive whole number" },
	{ "images:\n  max-pixels: 1000000001\n", 2, 15,
	    "max-pixels must be a positive whole number" },
	{ "images:\n  max-bytes: 0\n", 2, 14,
	    "max-bytes must be a size in bytes, or with K or M" },
	{ "images:\n  max-bytes: 2G\n", 2, 14,
	    "max-bytes must be a size in bytes, or with K or M" },
	{ "images:\n  max-bytes: 1025M\n", 2, 14,
	    "max-bytes must be a size in bytes, or with K or M" },
	{ "images:\n  max-bytes: K\n", 2, 14,
	    "max-bytes must be a size in bytes, or with K or M" },
	{ "images:\n  quality: 0\n", 2, 12,
	    "quality must be a whole number from 1 to 100" },
	{ "images:\n  quality: 101\n", 2, 12,
	    "quality must be a whole number from 1 to 100" },
	{ "images:\n  unwrap-proxies: maybe\n", 2, 19,
	    "unwrap-proxies must be true or false" },
	{ "images:\n  grayscale: 1\n", 2, 14,
	    "grayscale must be true or false" },
	{ "images:\n  grayscale: [yes]\n", 2, 14,
	    "grayscale must be text" },
	{ "accessibility:\n  conformance: WCAG 2.1\n", 2, 16,
	    "accessibility conformance: WCAG 2.1 is not \"EPUB Accessibility "
	    "1.1 - WCAG 2.0, 2.1 or 2.2 Level A, AA or AAA\"" },
	{ "accessibility:\n  conformance: EPUB Accessibility 1.1 - WCAG 2.3 "
	    "Level A\n", 2, 16, "is not \"EPUB Accessibility" },
	{ "accessibility:\n  conformance: EPUB Accessibility 1.1 - WCAG 2.1 "
	    "Level AAAA\n", 2, 16, "is not \"EPUB Accessibility" },
	{ "accessibility:\n  conformance: EPUB Accessibility 1.1 - WCAG 2."
	    "\n", 2, 16, "is not \"EPUB Accessibility" },
	{ "accessibility:\n  summary: [a]\n", 2, 12, "summary must be text" },
	{ "accessibility:\n  certified-by: x\n", 2, 3,
	    "accessibility: certified-by needs conformance" },
	{ "? [a]\n: b\n", 1, 3, "keys must be text" },
};

static void
test_wrong(void)
{
	struct config_file	*f;
	char			 name[32];
	size_t			 i;

	for (i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
		snprintf(name, sizeof(name), "wrong%zu.yml", i);
		f = load(name, wrong[i].text, NULL);
		OK(f == NULL, "wrong %zu (%s): not loaded", i, wrong[i].part);
		OK(said(wrong[i].line, wrong[i].col, DIAG_ERROR, wrong[i].part),
		    "wrong %zu: error \"%s\" at %d:%d", i, wrong[i].part,
		    wrong[i].line, wrong[i].col);
		config_file_free(f);
	}
	f = config_file_load("/nonexistent/book.yml",
	    &(struct config){ 0 }, &d);
	OK(f == NULL && d.nerr > 0 && strstr(d.msgs[d.n - 1].text,
	    "cannot read") != NULL, "a missing file: cannot read");
}

/* Several problems in one file: every message, in the order found. */
static void
test_order(void)
{
	struct config_file	*f;

	f = load("order.yml",
	    "title: [a]\n"
	    "catgory: x\n"
	    "select:\n"
	    "  limit: many\n"
	    "  tga: 1\n"
	    "  since: never\n"
	    "images:\n"
	    "  quality: 0\n"
	    "  gamma: 2\n"
	    "accessibility:\n"
	    "  certified-by: x\n"
	    "  rank: 1\n"
	    "author:\n"
	    "  - name: a\n"
	    "    rôle: b\n"
	    "  - role: c\n"
	    "drafts: maybe\n"
	    "books:\n"
	    "  - order: newest\n", NULL);
	OK(f == NULL, "order: not loaded");
	EQ_STR(transcript(),
	    "1:8: error: title must be text\n"
	    "2:1: warning: unknown key catgory; ignored\n"
	    "4:10: error: limit must be a whole number\n"
	    "5:3: warning: unknown key tga in select; ignored\n"
	    "6:10: error: never: not a date\n"
	    "8:12: error: quality must be a whole number from 1 to 100\n"
	    "9:3: warning: unknown key gamma in images; ignored\n"
	    "12:3: warning: unknown key rank in accessibility; ignored\n"
	    "15:5: warning: unknown key rôle in author; ignored\n"
	    "16:5: error: author: an author needs a name\n"
	    "17:9: error: drafts must be true or false\n",
	    "order: the top level's messages, books: not read");
	config_file_free(f);

	f = load("order-books.yml",
	    "title: t\n"
	    "books:\n"
	    "  - order: newest\n"
	    "    colour: red\n"
	    "  - [b]\n"
	    "  - split-by: week\n"
	    "    select:\n"
	    "      latest: x\n"
	    "    books: []\n", NULL);
	OK(f == NULL, "order of books: not loaded");
	EQ_STR(transcript(),
	    "3:12: error: order: newest is not one of date, -date, title, "
	    "path, updated, -updated\n"
	    "4:5: warning: unknown key colour; ignored\n"
	    "5:5: error: a book must be a mapping of keys to values\n"
	    "6:15: error: split-by: week is not one of category, year, "
	    "month, none\n"
	    "8:15: error: latest must be a whole number\n"
	    "9:5: warning: unknown key books; ignored\n",
	    "order of books: each book in turn");
	config_file_free(f);
}

static void
test_unknown(void)
{
	struct config_file	*f;

	f = load("unknown.yml", "input: x\ntitle: 拼错了\ncatgory: 新媒体\n"
	    "select:\n  tga: x\nauthor:\n  - name: a\n    rôle: edt\n", NULL);
	OK(f != NULL, "unknown keys: still loaded");
	OK(said(3, 1, DIAG_WARNING, "unknown key catgory"),
	    "unknown key warned at 3:1");
	OK(said(5, 3, DIAG_WARNING, "unknown key tga in select"),
	    "unknown key in select warned at 5:3");
	OK(said(8, 5, DIAG_WARNING, "unknown key rôle in author"),
	    "unknown key in an author warned at 8:5");
	EQ_INT(d.nerr, 0, "unknown keys: no error");
	if (f != NULL)
		EQ_INT(config_file_book(f, 0)->cfg.sel.ncategories, 0,
		    "a misspelt category selects nothing by it");
	config_file_free(f);
	/* A books-only key inside a book is not known there. */
	f = load("nested-books.yml", "books:\n  - books: []\n", NULL);
	OK(said(2, 5, DIAG_WARNING, "unknown key books"),
	    "books: inside a book is unknown");
	config_file_free(f);
}

static void
test_paths(void)
{
	struct config_file	*f;
	struct config		*c;
	char			 want[4096], cwd[4096];

	f = load("sub/book.yml", "input: [posts, /abs/x]\n"
	    "cover-image: images/c.png\ncss: extra.css\n"
	    "output: out/{category}.epub\nsplit-by: category\n", NULL);
	OK(f != NULL, "paths: loaded");
	if (f == NULL)
		return;
	c = &config_file_book(f, 0)->cfg;
	snprintf(want, sizeof(want), "%s/sub/posts", scratch);
	EQ_STR(c->inputs[0], want, "input relative to the file");
	EQ_STR(c->inputs[1], "/abs/x", "absolute input kept");
	snprintf(want, sizeof(want), "%s/sub/images/c.png", scratch);
	EQ_STR(c->meta.cover, want, "cover-image relative to the file");
	snprintf(want, sizeof(want), "%s/sub/extra.css", scratch);
	EQ_STR(c->look.css, want, "css relative to the file");
	snprintf(want, sizeof(want), "%s/sub/out/{category}.epub", scratch);
	EQ_STR(config_file_book(f, 0)->output, want,
	    "output relative to the file");
	config_file_free(f);

	/* No input: the file's folder. */
	f = load("sub/plain.yml", "title: t\n", NULL);
	snprintf(want, sizeof(want), "%s/sub", scratch);
	OK(f != NULL && config_file_book(f, 0)->cfg.ninputs == 1,
	    "no input: one");
	if (f != NULL)
		EQ_STR(config_file_book(f, 0)->cfg.inputs[0], want,
		    "no input: the file's folder");
	config_file_free(f);

	/* A file named without a folder: paths stay as written. */
	if (getcwd(cwd, sizeof(cwd)) == NULL || chdir(scratch) == -1) {
		OK(0, "chdir %s", scratch);
		return;
	}
	f = config_file_load("sub/book.yml", &(struct config){ 0 }, &d);
	if (f != NULL)
		EQ_STR(config_file_book(f, 0)->cfg.inputs[0], "sub/posts",
		    "relative file: input under its folder");
	config_file_free(f);
	if (chdir("sub") == 0) {
		f = config_file_load("plain.yml", &(struct config){ 0 }, &d);
		if (f != NULL)
			EQ_STR(config_file_book(f, 0)->cfg.inputs[0], ".",
			    "file in the working folder: input .");
		config_file_free(f);
	}
	if (chdir(cwd) == -1)
		OK(0, "chdir back");
}

static void
test_books(void)
{
	struct config_file	*f;
	struct config		 base;
	struct config		*a, *b, *c;

	memset(&base, 0, sizeof(base));
	base.net.offline = 1;
	base.max_article = 1234;
	f = load("books.yml",
	    "input: /abs/posts\n"
	    "lang: zh-CN\n"
	    "order: title\n"
	    "author: 王五\n"
	    "tag: [a, b]\n"
	    "books:\n"
	    "  - title: 生活\n"
	    "    category: 生活\n"
	    "    output: /abs/life.epub\n"
	    "  - group-by: month\n"
	    "    select:\n"
	    "      tag: c\n"
	    "      until: 2022-03\n"
	    "    output: /abs/media.epub\n"
	    "  - input: other\n"
	    "    lang: en\n", &base);
	OK(f != NULL, "books: loaded");
	if (f == NULL)
		return;
	EQ_INT(config_file_nbooks(f), 3, "three books");
	a = &config_file_book(f, 0)->cfg;
	b = &config_file_book(f, 1)->cfg;
	c = &config_file_book(f, 2)->cfg;
	EQ_STR(a->meta.title, "生活", "own title");
	EQ_STR(a->meta.language, "zh-CN", "inherited lang");
	EQ_INT(a->sel.order, ORDER_TITLE, "inherited order");
	EQ_STR(a->meta.author, "王五", "inherited author");
	EQ_INT(a->sel.tags.n, 2, "inherited tags");
	EQ_STR(a->sel.categories[0], "生活", "own category");
	EQ_INT(a->net.offline, 1, "the options' base carried");
	EQ_INT(a->max_article, 1234, "the base's limit carried");
	EQ_STR(a->inputs[0], "/abs/posts", "inherited input");
	EQ_INT(b->sel.tags.n, 1, "a list replaced, not merged");
	EQ_STR(b->sel.tags.v[0], "c", "own tag");
	EQ_STR(b->sel.until, "2022-03", "own until");
	EQ_INT(b->sel.group_by, GROUP_MONTH, "own group-by");
	EQ_INT(b->sel.ncategories, 0, "a sibling's category not inherited");
	OK(b->meta.title == NULL, "a sibling's title not inherited");
	EQ_STR(config_file_book(f, 1)->name, "/abs/media.epub",
	    "untitled book named by output");
	EQ_STR(c->meta.language, "en", "own lang");
	EQ_INT(c->ninputs, 1, "own input replaces");
	OK(strstr(c->inputs[0], "/other") != NULL, "own input relative");
	OK(config_file_book(f, 2)->output == NULL, "no output");
	EQ_STR(config_file_book(f, 2)->name, "book 3", "book N");
	/* Each book owns its lists. */
	OK(a->sel.tags.v != b->sel.tags.v && a->sel.tags.v != c->sel.tags.v,
	    "lists not shared");
	config_file_free(f);
}

static void
test_keywords(void)
{
	struct config	 c;
	enum split_by	 s;
	enum order	 o;
	long		 off;
	size_t		 n;

	memset(&c, 0, sizeof(c));
	EQ_INT(config_group_parse("category:3", &c), 0, "category:3");
	EQ_INT(c.sel.group_depth, 3, "depth 3");
	EQ_INT(config_group_parse("category:0", &c), -1, "category:0");
	EQ_INT(config_group_parse("category:9", &c), -1, "category:9");
	EQ_INT(config_group_parse("category:2x", &c), -1, "category:2x");
	EQ_INT(config_group_parse("week", &c), 0, "week");
	EQ_INT(c.sel.group_by, GROUP_WEEK, "week value");
	EQ_INT(c.sel.group_depth, 1, "depth back to 1");
	EQ_INT(config_order_parse("-updated", &o), 0, "-updated");
	EQ_INT(o, ORDER_UPDATED_DESC, "-updated value");
	EQ_INT(config_order_parse("Date", &o), -1, "case matters");
	EQ_INT(config_split_parse("year", &s), 0, "split year");
	EQ_INT(s, SPLIT_YEAR, "split year value");
	EQ_INT(config_zone_parse("+08:00", &off), 0, "+08:00");
	EQ_INT(off, 28800, "+08:00 value");
	EQ_INT(config_zone_parse("-0530", &off), 0, "-0530");
	EQ_INT(off, -19800, "-0530 value");
	EQ_INT(config_zone_parse("Z", &off), 0, "Z");
	EQ_INT(off, 0, "Z value");
	EQ_INT(config_zone_parse("+15:00", &off), -1, "+15:00");
	EQ_INT(config_zone_parse("8", &off), -1, "8");
	EQ_INT(config_count_parse("1000000000", &n), 0, "a billion");
	EQ_INT(config_count_parse("1000000001", &n), -1, "over a billion");
	EQ_INT(config_count_parse("", &n), -1, "empty count");
	EQ_INT(config_count_parse("12a", &n), -1, "12a");
	EQ_INT(config_count_parse("0", &n), 0, "0");
}

int
main(void)
{
	char	 cmd[128];

	if (mkdtemp(scratch) == NULL) {
		perror(scratch);
		return 1;
	}
	diag_init(&d);
	test_every_key();
	test_more_keys();
	test_wrong();
	test_order();
	test_unknown();
	test_paths();
	test_books();
	test_keywords();
	diag_fini(&d);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", scratch);
	if (system(cmd) != 0)
		OK(0, "remove %s", scratch);
	return DONE();
}
