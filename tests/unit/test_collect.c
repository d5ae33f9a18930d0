/*
 * Unit tests of the collect stage: the date parser, front matter
 * (one case per row of RELIABILITY.md that concerns it), the walk
 * (hidden names, non-articles, duplicates, FIFOs, symlink loops),
 * selection, sorting and grouping of tests/fixtures/collect/blog/,
 * and dumps of the plan written to build/golden/collect/, which
 * tests/golden.sh diffs with tests/golden/collect/. Run from the top
 * of the repository.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "book.h"
#include "buf.h"
#include "collect.h"
#include "config.h"
#include "config_file.h"
#include "diag.h"
#include "xalloc.h"
#include "collect_int.h"
#include "harness.h"

#define BLOG	"tests/fixtures/collect/blog"
#define FAIL	INT64_MIN

/* ---- dates ---- */

static const struct {
	const char	*s;
	long		 tz;
	int64_t		 want;	/* FAIL: must not parse */
} dates[] = {
	/* RFC 2822, as in the seed */
	{ "Mon, 28 Mar 2022 18:19:00 GMT", 0, 1648491540 },
	{ "28 Mar 2022 18:19:00 GMT", 0, 1648491540 },
	{ "Mon, 28 Mar 2022 18:19 GMT", 0, 1648491540 },
	{ "Mon,28 Mar 2022 18:19:00 UT", 0, 1648491540 },
	{ "Mon, 28 Mar 2022 18:19:00 UTC", 3600, 1648491540 },
	{ "Mon, 28 Mar 2022 18:19:00 Z", 0, 1648491540 },
	{ "Mon, 28 Mar 2022 18:19:00 +0800", 0, 1648491540 - 28800 },
	{ "Mon, 28 Mar 2022 18:19:00 -0500", 0, 1648491540 + 18000 },
	{ "Mon, 28 Mar 2022 18:19:00 EST", 0, 1648491540 + 18000 },
	{ "Mon, 28 Mar 2022 18:19:00 PDT", 0, 1648491540 + 25200 },
	{ "Mon, 28 Mar 2022 18:19:00 +0000 (UTC)", 0, 1648491540 },
	{ "Monday, 28 March 2022 18:19:00 GMT", 0, 1648491540 },
	{ "mon, 28 mar 2022 18:19:00 gmt", 0, 1648491540 },
	{ "Mon, 28 Mar 22 18:19:00 GMT", 0, 1648491540 },
	{ "Mon, 28 Mar 2022 18:19:00", 3600, 1648491540 - 3600 },
	{ "Tue, 1 Mar 2022 00:00:00 GMT", 0, 1646092800 },
	/* Hexo */
	{ "2022-03-28 18:19:00", 0, 1648491540 },
	{ "2022-03-28 18:19:00", 28800, 1648491540 - 28800 },
	{ "2022-03-28 18:19:00", -18000, 1648491540 + 18000 },
	{ "2022/3/8 8:05:09", 0, 1646726709 },
	{ "2022/03/08 08:05:09", 0, 1646726709 },
	{ "2022-3-8 8:05:09", 0, 1646726709 },
	{ "2022/3/28", 0, 1648425600 },
	{ "2022-03-28 18:19", 0, 1648491540 },
	/* ISO 8601 */
	{ "2022-03-28", 0, 1648425600 },
	{ "2022-03-28", 28800, 1648425600 - 28800 },
	{ "2022-03-28T18:19:00", 0, 1648491540 },
	{ "2022-03-28T18:19:00Z", 28800, 1648491540 },
	{ "2022-03-28T18:19:00.123Z", 0, 1648491540 },
	{ "2022-03-28T18:19:00,5+00:00", 0, 1648491540 },
	{ "2022-03-28T18:19:00+08:00", 0, 1648491540 - 28800 },
	{ "2022-03-28T18:19:00-01:30", 0, 1648491540 + 5400 },
	{ "2022-03-28T18:19:00+0800", 0, 1648491540 - 28800 },
	{ "2022-03-28T18:19:00+08", 0, 1648491540 - 28800 },
	{ "2022-03-28T18:19Z", 0, 1648491540 },
	{ "2022-03-01T01:30:00+08:00", 0, 1646092800 - 23400 },
	{ "1969-12-31T23:59:59Z", 0, -1 },
	/* leap days and leap seconds */
	{ "2020-02-29", 0, 1582934400 },
	{ "2000-02-29", 0, 951782400 },
	{ "2022-03-27T23:59:60Z", 0, 1648425600 },
	{ "1900-02-29", 0, FAIL },
	{ "2021-02-29", 0, FAIL },
	{ "Sat, 29 Feb 2021 00:00:00 GMT", 0, FAIL },
	/* out of range */
	{ "2022-13-45", 0, FAIL },
	{ "2022-13-01", 0, FAIL },
	{ "2022-00-10", 0, FAIL },
	{ "2022-04-31", 0, FAIL },
	{ "2022-04-00", 0, FAIL },
	{ "2022-03-28 24:00:00", 0, FAIL },
	{ "2022-03-28 12:60:00", 0, FAIL },
	{ "2022-03-28 12:00:61", 0, FAIL },
	{ "2022-03-28T18:19:00+24:00", 0, FAIL },
	{ "2022-03-28T18:19:00+08:60", 0, FAIL },
	/* not dates, or junk after one */
	{ "", 0, FAIL },
	{ "not-a-date", 0, FAIL },
	{ "sometime in spring", 0, FAIL },
	{ "2022-03-28 junk", 0, FAIL },
	{ "2022-03-28T18:19:00Zjunk", 0, FAIL },
	{ "2022-03-28T18:19:00 +08:00 x", 0, FAIL },
	{ "2022-03/28", 0, FAIL },
	{ "22-03-28", 0, FAIL },
	{ "20220-03-28", 0, FAIL },
	{ "2022-003-28", 0, FAIL },
	{ "2022-03-28T", 0, FAIL },
	{ "2022-03-28T18", 0, FAIL },
	{ "Mon, 28 Foo 2022 18:19:00 GMT", 0, FAIL },
	{ "Funday, 28 Mar 2022 18:19:00 GMT", 0, FAIL },
	{ "Mon, 28 Mar 2022 18:19:00 XYZ", 0, FAIL },
	{ "Mon, 28 Mar 2022 18:19:00 GMT extra", 0, FAIL },
	{ "Mon, 28 Mar 2022", 0, FAIL },
	{ "Mon, 28 Mar 2022 18:19:00 (open", 0, FAIL },
};

static void
test_dates(void)
{
	int64_t	 t;
	size_t	 i;
	int	 rc, y, m, d;

	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		t = 0;
		rc = collect_date_parse(dates[i].s, dates[i].tz, &t);
		if (dates[i].want == FAIL)
			OK(rc == -1, "date \"%s\" should fail, got %lld",
			    dates[i].s, (long long)t);
		else
			OK(rc == 0 && t == dates[i].want,
			    "date \"%s\" (tz %ld): rc %d, got %lld, want %lld",
			    dates[i].s, dates[i].tz, rc, (long long)t,
			    (long long)dates[i].want);
	}
	EQ_INT(collect_date_parse(NULL, 0, &t), -1, "NULL date");

	collect_date_civil(-1, &y, &m, &d);
	OK(y == 1969 && m == 12 && d == 31, "civil(-1): %d-%d-%d", y, m, d);
	collect_date_civil(951782400, &y, &m, &d);
	OK(y == 2000 && m == 2 && d == 29, "civil(2000-02-29): %d-%d-%d",
	    y, m, d);
	collect_date_civil(1648491540, &y, &m, &d);
	OK(y == 2022 && m == 3 && d == 28, "civil(seed): %d-%d-%d", y, m, d);
}

/* ---- language tags ---- */

static void
test_lang(void)
{
	static const struct {
		const char	*in, *want;
	} tags[] = {
		{ "zh_CN", "zh-CN" }, { "zh-cn", "zh-CN" }, { "EN", "en" },
		{ "en-us", "en-US" }, { "zh-hans", "zh-Hans" },
		{ "ZH_HANT_tw", "zh-Hant-TW" }, { " ja ", "ja" },
		{ "es-419", "es-419" }, { "de-CH-1901", "de-CH-1901" },
		{ "en-a-bbb-x-cc", "en-a-bbb-x-cc" },
		{ "", NULL }, { "e", NULL }, { "zh cn", NULL },
		{ "en--us", NULL }, { "中文", NULL }, { "abcdefghi", NULL },
		{ "12", NULL }, { "en-", NULL }, { "-en", NULL },
	};
	char	*s;
	size_t	 i;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		s = collect_lang_normalise(tags[i].in);
		EQ_STR(s, tags[i].want, tags[i].in);
		free(s);
	}
}

/* ---- front matter ---- */

static struct config	 cfg;
static struct diag	 dg;

static void
reset_diag(void)
{
	diag_fini(&dg);
	diag_init(&dg);
}

/* The first message containing text, or NULL. */
static const struct diag_msg *
msg(const char *text)
{
	size_t	 i;

	for (i = 0; i < dg.n; i++)
		if (strstr(dg.msgs[i].text, text) != NULL)
			return &dg.msgs[i];
	return NULL;
}

/* Check that a message with text is there, at line (and col if > 0). */
static void
expect_msg(enum diag_level level, const char *text, int line, int col,
    const char *what)
{
	const struct diag_msg	*m = msg(text);

	OK(m != NULL, "%s: no message \"%s\" (%zu messages, first: %s)",
	    what, text, dg.n, dg.n ? dg.msgs[0].text : "-");
	if (m == NULL)
		return;
	OK(m->level == level, "%s: level %d, want %d", what, m->level, level);
	EQ_INT(m->line, line, what);
	if (col > 0)
		EQ_INT(m->col, col, what);
}

static int
parse(const char *path, const char *text, struct article **a,
    const char **why)
{
	reset_diag();
	return collect_article_parse(path, text, strlen(text), &cfg, &dg,
	    a, why);
}

static void
test_split(void)
{
	struct article	*a;
	const char	*why;
	int		 rc;

	/* A BOM and whitespace-only lines before the opening line. */
	rc = parse("a.md", "\xef\xbb\xbf\n  \n\t\r\n---\ntitle: T\n---\n"
	    "body\n", &a, &why);
	EQ_INT(rc, 0, "bom: rc");
	if (a != NULL) {
		EQ_STR(a->title, "T", "bom: title");
		EQ_STR(a->body, "body\n", "bom: body");
		EQ_INT(a->body_line, 7, "bom: body line");
		EQ_INT(a->kind, BODY_MARKDOWN, "bom: kind");
		EQ_STR(a->path, "a.md", "bom: path");
	}
	EQ_INT(dg.n, 0, "bom: no messages");
	article_free(a);

	/* The seed's shape: an empty line, then the front matter. */
	rc = parse("seed.txt", "\n---\ntitle: 'x'\r\n---\r\n<p>y</p>", &a,
	    &why);
	EQ_INT(rc, 0, "crlf: rc");
	if (a != NULL) {
		EQ_STR(a->body, "<p>y</p>", "crlf: body");
		EQ_INT(a->body_line, 5, "crlf: body line");
		EQ_INT(a->kind, BODY_MARKDOWN, ".txt is Markdown");
	}
	article_free(a);

	/* "..." closes too; the body may be empty. */
	rc = parse("a.html", "---\ntitle: Dots\n...", &a, &why);
	EQ_INT(rc, 0, "dots: rc");
	if (a != NULL) {
		EQ_STR(a->title, "Dots", "dots: title");
		EQ_STR(a->body, "", "dots: empty body");
		EQ_INT(a->body_len, 0, "dots: body_len");
		EQ_INT(a->kind, BODY_HTML, "dots: kind");
	}
	article_free(a);

	/* Opened and never closed: row 1. */
	rc = parse("p/a.md", "\n---\ntitle: 没有结束\ndate: 2022-01-01\n\n"
	    "正文。\n", &a, &why);
	EQ_INT(rc, -1, "unclosed: rc");
	OK(a == NULL, "unclosed: no article");
	expect_msg(DIAG_ERROR, "front matter not closed", 2, 0, "unclosed");
	EQ_STR(dg.msgs[0].file, "p/a.md", "unclosed: file");

	/* "---" not on the first non-blank line: no front matter. */
	rc = parse("b.md", "text\n---\ntitle: x\n---\n", &a, &why);
	EQ_INT(rc, 0, "late dashes: rc");
	if (a != NULL) {
		EQ_STR(a->title, "b", "late dashes: title from file name");
		EQ_INT(a->body_line, 1, "late dashes: body line");
		EQ_STR(a->body, "text\n---\ntitle: x\n---\n",
		    "late dashes: whole body");
	}
	article_free(a);

	/* "----" is not an opening line. */
	rc = parse("c.md", "----\ntitle: x\n", &a, &why);
	EQ_INT(rc, 0, "four dashes: rc");
	article_free(a);

	/* An empty front matter. */
	rc = parse("dir/empty.md", "---\n---\nbody", &a, &why);
	EQ_INT(rc, 0, "empty fm: rc");
	if (a != NULL)
		EQ_STR(a->title, "empty", "empty fm: title from file name");
	EQ_INT(dg.n, 0, "empty fm: no messages");
	article_free(a);
}

static void
test_yaml_errors(void)
{
	struct article	*a;
	const char	*why;
	struct buf	 b = BUF_INIT;
	int		 rc, i;

	/* libyaml's mark, shifted to the file: row 2. */
	rc = parse("posts/a.md", "\n---\ntitle: ok\ndate: x: y\n---\n",
	    &a, &why);
	EQ_INT(rc, -1, "yaml: rc");
	expect_msg(DIAG_ERROR, "YAML: mapping values are not allowed", 4, 8,
	    "yaml mapping");

	rc = parse("a.md", "---\ntitle: ok\ndate: [2022\n---\nbody\n", &a,
	    &why);
	EQ_INT(rc, -1, "yaml flow: rc");
	expect_msg(DIAG_ERROR, "YAML: did not find expected ',' or ']'", 4, 1,
	    "yaml flow");
	CONTAINS(dg.n ? dg.msgs[0].text : "", "started at line 3",
	    "yaml flow: context line");

	/* A tab used for indentation. */
	rc = parse("a.md", "---\ntitle: ok\ntags:\n\t- a\n---\n", &a, &why);
	EQ_INT(rc, -1, "yaml tab: rc");
	OK(dg.n == 1 && dg.msgs[0].line == 4,
	    "yaml tab: one error at line 4 (%zu, line %d)", dg.n,
	    dg.n ? dg.msgs[0].line : 0);

	/* Not UTF-8 (row 10): the reader's offset becomes line:col. */
	rc = parse("gbk.md", "---\ntitle: ok\nauthor: \xd6\xd0\xce\xc4\n---\n",
	    &a, &why);
	EQ_INT(rc, -1, "gbk: rc");
	/* libyaml points at the first byte that cannot continue 0xd6. */
	expect_msg(DIAG_ERROR, "not valid UTF-8", 3, 10, "gbk");

	/* title is a list or a map: row 3. */
	rc = parse("a.md", "---\ntitle:\n  - 一\n  - 二\n---\n正文。\n", &a,
	    &why);
	EQ_INT(rc, -1, "title list: rc");
	OK(a == NULL, "title list: no article");
	expect_msg(DIAG_ERROR, "title must be text", 2, 0, "title list");
	rc = parse("a.md", "---\ndate: 2022-01-01\ntitle: {a: b}\n---\n", &a,
	    &why);
	EQ_INT(rc, -1, "title map: rc");
	expect_msg(DIAG_ERROR, "title must be text", 3, 0, "title map");

	/* Aliases: rows 6 and 7. */
	rc = parse("a.md", "---\na: &x [1, 2]\nb: *x\n---\n", &a, &why);
	EQ_INT(rc, -1, "alias: rc");
	expect_msg(DIAG_ERROR, "aliases are not allowed in front matter",
	    3, 4, "alias");
	rc = parse("a.md", "---\na: &a [*a]\n---\n", &a, &why);
	EQ_INT(rc, -1, "self alias: rc");
	expect_msg(DIAG_ERROR, "aliases are not allowed", 2, 0, "self alias");

	/* 100k-deep nesting: row 8. */
	BUF_PUTSL(&b, "---\ntitle: deep\nx: ");
	for (i = 0; i < 30000; i++)
		buf_putc(&b, '[');
	for (i = 0; i < 30000; i++)
		buf_putc(&b, ']');
	BUF_PUTSL(&b, "\n---\n");
	rc = parse("deep.md", b.data, &a, &why);
	EQ_INT(rc, -1, "deep: rc");
	expect_msg(DIAG_ERROR, "front matter nested too deeply", 3, 0, "deep");
	buf_reset(&b);
	/* 32 levels are fine: the mapping plus 31 lists. */
	BUF_PUTSL(&b, "---\nx: ");
	for (i = 0; i < 31; i++)
		buf_putc(&b, '[');
	for (i = 0; i < 31; i++)
		buf_putc(&b, ']');
	BUF_PUTSL(&b, "\n---\n");
	rc = parse("deep32.md", b.data, &a, &why);
	EQ_INT(rc, 0, "depth 32: rc");
	article_free(a);

	/* More than 64 KiB of front matter: row 12. */
	buf_reset(&b);
	BUF_PUTSL(&b, "\n---\ntitle: big\n");
	for (i = 0; i < 3000; i++)
		BUF_PUTSL(&b, "key: a value long enough to fill\n");
	BUF_PUTSL(&b, "---\nbody\n");
	rc = parse("big.md", b.data, &a, &why);
	EQ_INT(rc, -1, "big fm: rc");
	expect_msg(DIAG_ERROR, "front matter larger than 64 KiB", 2, 0,
	    "big fm");
	buf_fini(&b);

	/* A bare scalar, or a list, is not a mapping. */
	rc = parse("a.md", "---\njust words\n---\n", &a, &why);
	EQ_INT(rc, -1, "scalar fm: rc");
	expect_msg(DIAG_ERROR, "not a mapping", 2, 1, "scalar fm");
	rc = parse("a.md", "---\n- a\n- b\n---\n", &a, &why);
	EQ_INT(rc, -1, "list fm: rc");
	expect_msg(DIAG_ERROR, "not a mapping", 2, 1, "list fm");
	/* Only comments: no fields, no error. */
	rc = parse("a.md", "---\n# nothing here\n---\n", &a, &why);
	EQ_INT(rc, 0, "comment fm: rc");
	article_free(a);
}

static void
test_fields(void)
{
	struct article	*a;
	const char	*why;
	int		 rc;

	/* Scalars as written: row 11. */
	rc = parse("a.md", "---\ntitle: 2021\n---\n", &a, &why);
	if (rc == 0)
		EQ_STR(a->title, "2021", "title: 2021");
	article_free(a);
	rc = parse("a.md", "---\ntitle: no\n---\n", &a, &why);
	if (rc == 0)
		EQ_STR(a->title, "no", "title: no");
	article_free(a);
	rc = parse("a.md", "---\ntitle: '123'\n---\n", &a, &why);
	if (rc == 0)
		EQ_STR(a->title, "123", "title: '123'");
	article_free(a);

	/* A duplicate key warns with both lines; the first wins: row 9. */
	rc = parse("a.md", "---\ntitle: First\ndate: 2022-01-01\n"
	    "Title: Second\n---\n", &a, &why);
	EQ_INT(rc, 0, "dup: rc");
	if (a != NULL)
		EQ_STR(a->title, "First", "dup: first wins");
	expect_msg(DIAG_WARNING, "duplicate key \"Title\" (first at line 2)",
	    4, 1, "dup");
	article_free(a);

	/*
	 * Keys match in any case; unknown keys are ignored; a misspelt
	 * key warns, and the right one wins.
	 */
	rc = parse("a.md", "---\nTITLE: Caps\nCategories: Linux\n"
	    "categoires: typo\nlayout: next\n---\n", &a, &why);
	EQ_INT(rc, 0, "caps: rc");
	if (a != NULL) {
		EQ_STR(a->title, "Caps", "caps: title");
		EQ_INT(a->ncats, 1, "caps: categories");
	}
	expect_msg(DIAG_WARNING, "key \"categoires\" read as \"categories\"",
	    4, 1, "caps: misspelling");
	article_free(a);

	/* categories: a scalar, a list, a list of lists, empty. */
	rc = parse("a.md", "---\ncategories: one\n---\n", &a, &why);
	if (rc == 0 && a->ncats == 1) {
		EQ_INT(a->cats[0].n, 1, "cat scalar: one level");
		EQ_STR(a->cats[0].v[0], "one", "cat scalar");
	} else
		OK(0, "cat scalar: rc %d", rc);
	article_free(a);
	rc = parse("a.md", "---\ncategories:\n - 新媒体\n - ZAKER\n - channel\n"
	    "---\n", &a, &why);
	if (rc == 0 && a->ncats == 1 && a->cats[0].n == 3) {
		EQ_STR(a->cats[0].v[0], "新媒体", "cat list: top");
		EQ_STR(a->cats[0].v[2], "channel", "cat list: third");
	} else
		OK(0, "cat list: one path of three");
	article_free(a);
	rc = parse("a.md", "---\ncategories: [[Tech, Tools], Reading, [], "
	    "[Life]]\n---\n", &a, &why);
	if (rc == 0 && a->ncats == 3) {
		EQ_INT(a->cats[0].n, 2, "cat lists: first path");
		EQ_STR(a->cats[0].v[1], "Tools", "cat lists: first path, 2");
		EQ_STR(a->cats[1].v[0], "Reading", "cat lists: scalar item");
		EQ_STR(a->cats[2].v[0], "Life", "cat lists: third");
	} else
		OK(0, "cat lists: three paths (got %zu)", a ? a->ncats : 0);
	article_free(a);
	rc = parse("a.md", "---\ncategories:\ntags: \n---\n", &a, &why);
	if (rc == 0) {
		EQ_INT(a->ncats, 0, "cat empty");
		EQ_INT(a->tags.n, 0, "tags empty");
	}
	EQ_INT(dg.n, 0, "empty keys: no messages");
	article_free(a);

	/* tags, author (text or map), cover, lang, description. */
	rc = parse("a.md", "---\ntags: [a, b, a]\nauthor: {name: Bob, "
	    "url: x}\nthumbnail: t.jpg\nheadimg: ''\ncover:\n"
	    "index_img: i.jpg\nlang: zh_cn\nexcerpt: Short.\n---\n", &a, &why);
	EQ_INT(rc, 0, "fields: rc");
	if (a != NULL) {
		EQ_INT(a->tags.n, 2, "tags: deduplicated");
		EQ_STR(a->author, "Bob", "author map");
		EQ_STR(a->cover, "t.jpg", "cover: first non-empty");
		EQ_STR(a->lang, "zh-CN", "lang normalised");
		EQ_STR(a->description, "Short.", "excerpt");
	}
	article_free(a);
	rc = parse("a.md", "---\ntags: one\nauthor: ZAKER\nheadimg: "
	    "'https://x/?a=1'\nlanguage: EN\ndescription: D\n---\n", &a, &why);
	if (a != NULL) {
		EQ_INT(a->tags.n, 1, "tags scalar");
		EQ_STR(a->author, "ZAKER", "author text");
		EQ_STR(a->cover, "https://x/?a=1", "cover as written");
		EQ_STR(a->lang, "en", "language: EN");
		EQ_STR(a->description, "D", "description");
	}
	article_free(a);
	rc = parse("a.md", "---\nlang: not a tag\n---\n", &a, &why);
	EQ_INT(rc, 0, "bad lang: rc");
	expect_msg(DIAG_WARNING, "unrecognised language", 2, 0, "bad lang");
	article_free(a);

	/* Dates: a bad one warns at the key's line and leaves no date. */
	rc = parse("a.md", "---\ntitle: d\ndate: 2022-13-45\n"
	    "updated: 2022-04-01 10:00:00\n---\n", &a, &why);
	EQ_INT(rc, 0, "bad date: rc");
	if (a != NULL) {
		EQ_INT(a->has_date, 0, "bad date: undated");
		EQ_INT(a->has_updated, 1, "updated");
		EQ_INT(a->updated, 1648807200, "updated value");
	}
	expect_msg(DIAG_WARNING, "unrecognised date: 2022-13-45", 3, 0,
	    "bad date");
	article_free(a);
	rc = parse("a.md", "---\ndate: Mon, 28 Mar 2022 18:19:00 GMT\n---\n",
	    &a, &why);
	if (a != NULL) {
		EQ_INT(a->has_date, 1, "seed date");
		EQ_INT(a->date, 1648491540, "seed date value");
	}
	article_free(a);

	/* Drafts are skipped. */
	rc = parse("a.md", "---\ntitle: x\ndraft: true\n---\n", &a, &why);
	EQ_INT(rc, 1, "draft: rc");
	EQ_STR(why, "draft", "draft: why");
	OK(a == NULL, "draft: no article");
	rc = parse("a.md", "---\ntitle: [a]\npublished: False\n---\n", &a,
	    &why);
	EQ_INT(rc, 1, "published false: skipped before the title check");
	rc = parse("a.md", "---\ndraft: Off\npublished: yes\n---\n", &a,
	    &why);
	EQ_INT(rc, 0, "draft off: kept");
	article_free(a);
	rc = parse("a.md", "---\ndraft: maybe\n---\n", &a, &why);
	EQ_INT(rc, 0, "draft maybe: kept");
	article_free(a);

	/* An empty title warns and takes the heading: row 4. */
	rc = parse("dir/file.md", "---\ntitle: ''\n---\n\n# The *heading* "
	    "&amp; more ##\n", &a, &why);
	if (a != NULL)
		EQ_STR(a->title, "The *heading* & more", "empty title: heading");
	expect_msg(DIAG_WARNING, "empty title", 2, 0, "empty title");
	article_free(a);
	rc = parse("dir/file.md", "---\ntitle:\n---\nno heading\n", &a, &why);
	if (a != NULL)
		EQ_STR(a->title, "file", "null title: file name");
	expect_msg(DIAG_WARNING, "empty title; using \"file\"", 2, 0,
	    "null title");
	article_free(a);
	/* Found by fuzzing: a heading or a title of control bytes. */
	rc = collect_article_parse("dir/nul.md", "# \0\0\0\nx\n", 7, &cfg,
	    &dg, &a, &why);
	if (a != NULL)
		EQ_STR(a->title, "nul", "heading of NULs: file name");
	article_free(a);
	rc = parse("dir/ctl.md", "---\ntitle: \"\\x01 \\x02\"\n---\nx\n",
	    &a, &why);
	if (a != NULL)
		EQ_STR(a->title, "ctl", "title of controls: file name");
	article_free(a);
}

static void
test_no_front_matter(void)
{
	struct article	*a;
	const char	*why;
	int		 rc;

	rc = parse("x/note.md", "Intro.\n\n```\n# comment\n```\n  # Real "
	    "title\n", &a, &why);
	EQ_INT(rc, 0, "no fm: rc");
	if (a != NULL) {
		EQ_STR(a->title, "Real title", "no fm: heading, not code");
		EQ_INT(a->has_date, 0, "no fm: undated");
		EQ_INT(a->body_line, 1, "no fm: body line");
	}
	EQ_INT(dg.n, 0, "no fm: no warning");
	article_free(a);

	rc = parse("x/page.html", "<div><h1 class=\"t\">Tom &amp; "
	    "<em>Jerry</em>\n &lt;3</h1><h1>Second</h1></div>", &a, &why);
	if (a != NULL) {
		EQ_STR(a->title, "Tom & Jerry <3", "html h1");
		EQ_INT(a->kind, BODY_HTML, "html kind");
	}
	article_free(a);

	rc = parse("x/raw.md", "Text\n<h1>Raw heading</h1>\n", &a, &why);
	if (a != NULL)
		EQ_STR(a->title, "Raw heading", "raw h1 in Markdown");
	article_free(a);

	rc = parse("x/2022-01-01-plain.text.md", "#hashtag is not a "
	    "heading\n<h1x>no</h1x>\n", &a, &why);
	if (a != NULL)
		EQ_STR(a->title, "2022-01-01-plain.text", "file name title");
	article_free(a);

	/* Titles are made valid UTF-8 without control characters. */
	rc = parse("x/bad\xff.md", "no heading\n", &a, &why);
	if (a != NULL)
		EQ_STR(a->title, "bad\xef\xbf\xbd", "file name repaired");
	article_free(a);
	rc = parse("x/a.md", "---\ntitle: \"a\\x01b\\x00c\"\n---\n", &a, &why);
	if (a != NULL)
		EQ_STR(a->title, "ab", "control characters dropped");
	article_free(a);
	rc = parse("x/a.md", "# caf\xe9\n", &a, &why);
	if (a != NULL)
		EQ_STR(a->title, "caf\xef\xbf\xbd", "heading repaired");
	article_free(a);

	/* Language from the script of the text. */
	rc = parse("x/zh.md", "# 标题\n\n一本 EPUB 电子书其实是一个压缩包。\n",
	    &a, &why);
	if (a != NULL)
		EQ_STR(a->lang, "zh-Hans", "guessed zh-Hans");
	article_free(a);
	rc = parse("x/en.md", "# Title\n\nPlain English text.\n", &a, &why);
	if (a != NULL)
		OK(a->lang == NULL, "no guess for English: %s", a->lang);
	article_free(a);
	rc = parse("x/zh.html", "<div class=\"a-very-long-class-name "
	    "another-long-class-name\" data-src=\"https://example.org/"
	    "image.jpg\"><p>中文的正文。</p></div>", &a, &why);
	if (a != NULL)
		EQ_STR(a->lang, "zh-Hans", "markup ignored in the guess");
	article_free(a);
}

/* ---- walking, selection, sorting, grouping ---- */

static void
config_reset(void)
{
	memset(&cfg, 0, sizeof(cfg));
	cfg.max_article = CONFIG_MAX_ARTICLE;
}

static struct book *
run(const char **inputs, size_t n)
{
	reset_diag();
	cfg.inputs = inputs;
	cfg.ninputs = n;
	return collect_run(&cfg, &dg);
}

/* Write the dump of b as name.out, for tests/golden.sh. */
static void
golden(const struct book *b, const char *name)
{
	struct buf	 got = BUF_INIT;
	char		 file[256];

	snprintf(file, sizeof(file), "%s.out", name);
	collect_dump(b, &got);
	golden_write("collect", file, got.data);
	buf_fini(&got);
}

static int
titles_are(const struct book *b, const char *const *want, size_t n)
{
	size_t	 i;

	if (b == NULL || b->narticles != n)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(b->articles[i]->title, want[i]) != 0)
			return 0;
	return 1;
}

static void
test_blog(void)
{
	static const char *const reading[] = {
		"Hexo dates", "Slashes in dates", "Two category paths",
		"An ISO date with an offset", "A date nobody can read",
		"大厂出海，又打起来了", "An undated note",
	};
	static const char *const by_date_desc[] = {
		"大厂出海，又打起来了", "An ISO date with an offset",
		"Two category paths", "Slashes in dates", "Hexo dates",
		"A date nobody can read", "An undated note",
	};
	static const char *const by_title[] = {
		"A date nobody can read", "An ISO date with an offset",
		"An undated note", "Hexo dates", "Slashes in dates",
		"Two category paths", "大厂出海，又打起来了",
	};
	static const char *const by_path[] = {
		"A date nobody can read", "An ISO date with an offset",
		"大厂出海，又打起来了", "Two category paths",
		"An undated note", "Hexo dates", "Slashes in dates",
	};
	const char	*in[] = { BLOG };
	const char	*cats[2];
	struct book	*b;
	size_t		 i;

	config_reset();
	b = run(in, 1);
	OK(b != NULL, "blog: collected");
	if (b == NULL)
		return;
	golden(b, "category");
	EQ_STR(b->title, "blog", "blog: title from the folder");
	EQ_STR(b->language, "en", "blog: language");
	EQ_INT(b->nchapters, 4, "blog: chapters");
	EQ_STR(b->chapters[3].title, "Uncategorized", "blog: uncategorized");
	/* Reading order is chapter by chapter. */
	OK(titles_are(b, reading, 7), "blog: reading order");
	EQ_INT(b->creators.n, 3, "blog: creators");
	EQ_STR(b->creators.v[0], "Alice", "blog: first creator");
	EQ_STR(b->creators.v[1], "Bob", "blog: author map");
	EQ_INT(b->subjects.n, 4, "blog: subjects");
	EQ_STR(b->subjects.v[1], "Reading", "blog: second path's top");
	EQ_INT(b->has_date, 1, "blog: dated");
	EQ_INT(b->date, 1648491540, "blog: newest date");
	OK(b->cover == NULL, "blog: no cover");
	EQ_INT(b->nskipped, 3, "blog: skipped");
	EQ_STR(b->skipped[0].path, BLOG "/README.md", "blog: README skipped");
	CONTAINS(b->skipped[0].reason, "not an article", "blog: README reason");
	EQ_STR(b->skipped[1].reason, "draft", "blog: draft reason");
	for (i = 0; i < b->narticles; i++) {
		LACKS(b->articles[i]->path, "hidden", "blog: hidden file");
		LACKS(b->articles[i]->path, ".txt", "blog: non-article");
		OK(b->articles[i]->root != NULL &&
		    b->articles[i]->root[0] == '/' &&
		    strstr(b->articles[i]->root, "/" BLOG) != NULL,
		    "blog: root is the input's realpath: %s",
		    b->articles[i]->root);
		OK(strncmp(b->articles[i]->dir, b->articles[i]->root,
		    strlen(b->articles[i]->root)) == 0,
		    "blog: dir under root: %s", b->articles[i]->dir);
	}
	EQ_STR(b->articles[5]->author, "ZAKER", "blog: rfc author");
	EQ_STR(b->articles[5]->cover, "https://example.org/cover.jpg",
	    "blog: headimg cover");
	EQ_STR(b->articles[5]->lang, "zh-Hans", "blog: guessed lang");
	EQ_STR(b->articles[0]->lang, "en", "blog: lang: EN");
	EQ_INT(b->articles[5]->kind, BODY_HTML, "blog: html kind");
	EQ_INT(b->articles[5]->body_line, 12, "blog: html body line");
	EQ_INT(dg.nwarn, 1, "blog: one warning");
	expect_msg(DIAG_WARNING, "unrecognised date: sometime in spring", 3, 0,
	    "blog: bad date");
	OK(dg.n && dg.msgs[0].file && strcmp(dg.msgs[0].file,
	    BLOG "/news/bad-date.md") == 0, "blog: warning names the file");
	book_free(b);

	cfg.sel.group_by = GROUP_MONTH;
	if ((b = run(in, 1)) != NULL) {
		golden(b, "month");
		EQ_STR(b->chapters[0].title, "May 2021", "month: first");
		EQ_STR(b->chapters[b->nchapters - 1].title, "Undated",
		    "month: undated last");
	}
	book_free(b);

	/* Zoned dates move; naive dates stay in their month. */
	cfg.tz_offset = 8 * 3600;
	cfg.meta.language = "zh_cn";
	if ((b = run(in, 1)) != NULL) {
		golden(b, "month-tz8");
		EQ_STR(b->language, "zh-CN", "tz8: language option");
		EQ_STR(b->chapters[2].title, "2022年1月", "tz8: zh month");
		EQ_STR(b->chapters[3].title, "2022年3月", "tz8: iso date in "
		    "March at +08:00");
		EQ_STR(b->chapters[4].title, "未注明日期", "tz8: undated");
		EQ_INT(b->chapters[3].n, 2, "tz8: March");
	}
	book_free(b);
	cfg.tz_offset = 0;
	cfg.meta.language = NULL;

	cfg.sel.group_by = GROUP_NONE;
	if ((b = run(in, 1)) != NULL) {
		golden(b, "none");
		EQ_INT(b->nchapters, 1, "none: one chapter");
		OK(b->chapters[0].title == NULL, "none: no chapter title");
		EQ_INT(b->chapters[0].n, 7, "none: all articles");
	}
	book_free(b);

	/* Still grouped by none: the reading order is the sort order. */
	cfg.sel.order = ORDER_DATE_DESC;
	b = run(in, 1);
	OK(titles_are(b, by_date_desc, 7), "order -date");
	book_free(b);
	cfg.sel.order = ORDER_TITLE;
	b = run(in, 1);
	OK(titles_are(b, by_title, 7), "order title");
	book_free(b);
	cfg.sel.order = ORDER_PATH;
	b = run(in, 1);
	OK(titles_are(b, by_path, 7), "order path");
	book_free(b);

	/* Selection matches any level of any path. */
	config_reset();
	cats[0] = "Tools";
	cfg.sel.categories = cats;
	cfg.sel.ncategories = 1;
	if ((b = run(in, 1)) != NULL) {
		EQ_INT(b->narticles, 1, "select Tools");
		EQ_STR(b->title, "Tools", "select: book title");
		EQ_STR(b->articles[0]->title, "Two category paths",
		    "select: second level");
		EQ_INT(b->nskipped, 9, "select: skipped");
		OK(b->nskipped > 1 && strcmp(b->skipped[1].reason,
		    "not in the selected categories") == 0,
		    "select: reason");
	}
	book_free(b);
	cats[1] = "channel";
	cfg.sel.ncategories = 2;
	cfg.meta.title = "My book";
	cfg.meta.author = "Me";
	cfg.meta.cover = "cover.png";
	if ((b = run(in, 1)) != NULL) {
		golden(b, "select");
		EQ_INT(b->narticles, 2, "select two");
		EQ_STR(b->title, "My book", "title option");
		OK(b->creators.n == 1 && strcmp(b->creators.v[0], "Me") == 0,
		    "author option");
		EQ_STR(b->cover, "cover.png", "cover option");
	}
	book_free(b);
	cats[0] = "Nothing";
	cfg.sel.ncategories = 1;
	b = run(in, 1);
	OK(b == NULL, "select nothing: NULL");
	expect_msg(DIAG_ERROR, "no articles to pack", 0, 0, "select nothing");
	OK(dg.n && dg.msgs[dg.n - 1].file != NULL &&
	    strcmp(dg.msgs[dg.n - 1].file, BLOG) == 0,
	    "no articles: names the input");
	book_free(b);
	config_reset();
}

/* ---- the walk, in a scratch folder ---- */

static char	 scratch[64];

static void
put(const char *name, const char *text)
{
	char	 path[256];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", scratch, name);
	if ((f = fopen(path, "w")) == NULL) {
		OK(0, "cannot create %s", path);
		return;
	}
	fputs(text, f);
	fclose(f);
}

static void
test_walk(void)
{
	static const char *const junk[] = {
		"in/sub/b.MD", "in/sub/notes.txt", "in/sub/bad2.md",
		"in/bad1.md", "in/a.md", "notes.txt", "in/sub", "in",
	};
	char		 p[8][256];
	const char	*in[4], *cats[1];
	struct book	*b;
	size_t		 i;
	int		 fifo;

	snprintf(scratch, sizeof(scratch), "/tmp/sheaf-collect-XXXXXX");
	if (mkdtemp(scratch) == NULL) {
		OK(0, "mkdtemp");
		return;
	}
	snprintf(p[0], sizeof(p[0]), "%s/in", scratch);
	snprintf(p[1], sizeof(p[1]), "%s/in/sub", scratch);
	mkdir(p[0], 0777);
	mkdir(p[1], 0777);
	put("in/a.md", "---\ntitle: A\ndate: 2022-01-01\n---\nA\n");
	put("in/sub/b.MD", "---\ntitle: B\ndate: 2022-01-02\n---\nB\n");
	put("in/sub/notes.txt", "# Not in a folder\n");
	put("notes.txt", "---\ntitle: Given by name\n---\nText\n");

	/* A symlink back up the tree is a loop: an error naming it. */
	snprintf(p[2], sizeof(p[2]), "%s/in/sub/up", scratch);
	OK(symlink("..", p[2]) == 0, "symlink");
	/* A FIFO named like an article is never opened. */
	snprintf(p[3], sizeof(p[3]), "%s/in/fifo.md", scratch);
	fifo = mkfifo(p[3], 0666) == 0;
	in[0] = p[0];
	b = run(in, 1);
	OK(b == NULL, "loop: NULL");
	expect_msg(DIAG_ERROR, "symlink loop", 0, 0, "loop");
	book_free(b);
	unlink(p[2]);

	/* The same file twice, a file by name with any extension. */
	snprintf(p[4], sizeof(p[4]), "%s/notes.txt", scratch);
	snprintf(p[5], sizeof(p[5]), "%s/in/a.md", scratch);
	snprintf(p[6], sizeof(p[6]), "%s/in/", scratch);
	in[1] = p[4];
	in[2] = p[5];
	in[3] = p[6];
	b = run(in, 4);
	OK(b != NULL, "walk: collected");
	if (b != NULL) {
		EQ_INT(b->narticles, 3, "walk: articles");
		EQ_STR(b->articles[2]->title, "Given by name",
		    "walk: .txt by name");
		EQ_INT(b->articles[2]->kind, BODY_MARKDOWN, "walk: .txt kind");
		EQ_STR(b->articles[1]->title, "B", "walk: .MD in a subfolder");
		EQ_STR(b->title, "sheaf", "walk: several inputs");
		EQ_INT(b->nskipped, fifo ? 1 : 0, "walk: fifo skipped");
		if (fifo && b->nskipped > 0)
			EQ_STR(b->skipped[0].reason, "not a regular file",
			    "walk: fifo reason");
		OK(strcmp(b->articles[1]->root, b->articles[0]->root) == 0,
		    "walk: root of the input folder");
		OK(strcmp(b->articles[2]->root, b->articles[2]->dir) == 0,
		    "walk: root of a file by name is its folder");
	}
	expect_msg(DIAG_WARNING, "same file as", 0, 0, "walk: duplicate file");
	expect_msg(DIAG_WARNING, "same folder as", 0, 0, "walk: duplicate dir");
	book_free(b);

	/* One article: the book takes its title. */
	in[0] = p[5];
	if ((b = run(in, 1)) != NULL)
		EQ_STR(b->title, "A", "single article: title");
	book_free(b);

	/* Language: ties go to the first article; "zh" over Han text. */
	snprintf(p[7], sizeof(p[7]), "%s/lang", scratch);
	mkdir(p[7], 0777);
	put("lang/x1.md", "---\nlang: ZH\ndate: 2022-01-01\n---\n中文。\n");
	put("lang/x2.md", "---\nlang: en\ndate: 2022-01-02\n---\nText.\n");
	in[0] = p[7];
	if ((b = run(in, 1)) != NULL) {
		EQ_STR(b->language, "zh-Hans", "lang: tie, zh with Han text");
		EQ_STR(b->chapters[0].title, "未分类", "lang: zh uncategorized");
	}
	book_free(b);
	cfg.sel.order = ORDER_DATE_DESC;
	if ((b = run(in, 1)) != NULL)
		EQ_STR(b->language, "en", "lang: tie, first is English");
	book_free(b);
	cfg.sel.order = ORDER_DATE;
	cfg.meta.language = "JA";
	cfg.sel.group_by = GROUP_MONTH;
	if ((b = run(in, 1)) != NULL) {
		EQ_STR(b->language, "ja", "lang: option");
		EQ_STR(b->chapters[0].title, "2022年1月", "lang: ja month");
	}
	book_free(b);
	cfg.meta.language = NULL;
	cfg.sel.group_by = GROUP_CATEGORY;
	in[1] = p[4];
	cats[0] = "none such";
	cfg.sel.categories = cats;
	cfg.sel.ncategories = 1;
	b = run(in, 2);
	OK(b == NULL && dg.n > 0 && dg.msgs[dg.n - 1].file == NULL,
	    "no articles, two inputs: no file named");
	book_free(b);
	cfg.sel.ncategories = 0;
	for (i = 0; i < 3; i++) {
		snprintf(p[7], sizeof(p[7]), "%s/lang%s", scratch,
		    i == 0 ? "/x1.md" : i == 1 ? "/x2.md" : "");
		OK(remove(p[7]) == 0, "cannot remove %s", p[7]);
	}

	/* Broken articles: every one is reported, then NULL. */
	in[0] = p[0];
	put("in/bad1.md", "---\ntitle: [x]\n---\n");
	put("in/sub/bad2.md", "\n---\ntitle: x\n");
	b = run(in, 1);
	OK(b == NULL, "broken: NULL");
	EQ_INT(dg.nerr, 2, "broken: both reported");
	expect_msg(DIAG_ERROR, "title must be text", 2, 0, "broken: title");
	expect_msg(DIAG_ERROR, "front matter not closed", 2, 0,
	    "broken: unclosed");
	book_free(b);

	/* Too large for max_article. */
	cfg.max_article = 16;
	b = run(in, 1);
	OK(b == NULL, "too large: NULL");
	expect_msg(DIAG_ERROR, "larger than 16 bytes", 0, 0, "too large");
	book_free(b);
	cfg.max_article = CONFIG_MAX_ARTICLE;

	/* A missing input. */
	snprintf(p[7], sizeof(p[7]), "%s/missing", scratch);
	in[0] = p[7];
	b = run(in, 1);
	OK(b == NULL, "missing: NULL");
	expect_msg(DIAG_ERROR, "cannot read", 0, 0, "missing");
	OK(dg.n && dg.msgs[0].file && strcmp(dg.msgs[0].file, p[7]) == 0,
	    "missing: names the path");
	book_free(b);

	/* An empty folder has nothing to pack. */
	snprintf(p[7], sizeof(p[7]), "%s/empty", scratch);
	mkdir(p[7], 0777);
	b = run(in, 1);
	OK(b == NULL, "empty: NULL");
	expect_msg(DIAG_ERROR, "no articles to pack", 0, 0, "empty");
	book_free(b);

	rmdir(p[7]);
	unlink(p[3]);
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		snprintf(p[7], sizeof(p[7]), "%s/%s", scratch, junk[i]);
		OK(remove(p[7]) == 0, "cannot remove %s", p[7]);
	}
	rmdir(scratch);
}

/*
 * What the walk passes over without a stat, and what it still looks
 * at: links named like images lead out of the folder or nowhere.
 */
static void
test_walk_types(void)
{
	static const char *const junk[] = {
		"in/a.md", "in/sub/b.md", "in/img.png", "in/out.png",
		"in/out.md", "in/gone.png", "in/sub", "in", "x.md",
	};
	char		 path[256], target[256];
	const char	*in[1];
	struct book	*b;
	size_t		 i;

	snprintf(scratch, sizeof(scratch), "/tmp/sheaf-types-XXXXXX");
	if (mkdtemp(scratch) == NULL) {
		OK(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/in", scratch);
	mkdir(path, 0777);
	snprintf(path, sizeof(path), "%s/in/sub", scratch);
	mkdir(path, 0777);
	put("in/a.md", "---\ntitle: A\ndate: 2022-01-01\n---\nA\n");
	put("in/sub/b.md", "---\ntitle: B\ndate: 2022-01-02\n---\nB\n");
	put("in/img.png", "not read");
	put("x.md", "---\ntitle: X\n---\nOutside\n");
	snprintf(target, sizeof(target), "%s/x.md", scratch);
	snprintf(path, sizeof(path), "%s/in/out.png", scratch);
	OK(symlink(target, path) == 0, "symlink");
	snprintf(path, sizeof(path), "%s/in/out.md", scratch);
	OK(symlink(target, path) == 0, "symlink");
	snprintf(path, sizeof(path), "%s/in/gone.png", scratch);
	OK(symlink("nowhere.png", path) == 0, "symlink");
	config_reset();
	snprintf(path, sizeof(path), "%s/in", scratch);
	in[0] = path;
	b = run(in, 1);
	OK(b != NULL, "types: collected (a dangling image is no error)");
	if (b != NULL) {
		EQ_INT(b->narticles, 2, "types: articles");
		EQ_INT(b->nskipped, 2, "types: links out skipped");
	}
	for (i = 0; b != NULL && i < b->nskipped; i++)
		EQ_STR(b->skipped[i].reason, "a link out of the input folder",
		    "types: why");
	if (b != NULL && b->nskipped == 2)
		OK(strstr(b->skipped[1].path, "/in/out.png") != NULL,
		    "types: a link named like an image is still looked at");
	book_free(b);
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", scratch, junk[i]);
		OK(remove(path) == 0, "cannot remove %s", path);
	}
	rmdir(scratch);
}

/*
 * Duplicate bodies: texts of one length that agree at both ends but
 * not in the middle are different articles; true copies are dropped,
 * each named as a copy of the first by path.
 */
static void
test_dups(void)
{
	static const char *const names[] = { "d1.md", "d2.md", "d3.md",
	    "d4.md" };
	char		 edge[160], text[4][512], path[256];
	const char	*in[1];
	struct book	*b;
	size_t		 i, nsame = 0;

	snprintf(scratch, sizeof(scratch), "/tmp/sheaf-dups-XXXXXX");
	if (mkdtemp(scratch) == NULL) {
		OK(0, "mkdtemp");
		return;
	}
	memset(edge, 'x', sizeof(edge) - 1);
	edge[sizeof(edge) - 1] = '\0';
	for (i = 0; i < 4; i++) {
		snprintf(text[i], sizeof(text[i]), "---\ntitle: T%zu\n"
		    "date: 2022-01-0%zu\n---\n%s %s %s\n", i, i + 1, edge,
		    i % 2 ? "middle two" : "middle one", edge);
		put(names[i], text[i]);
	}
	config_reset();
	in[0] = scratch;
	b = run(in, 1);
	OK(b != NULL, "dups: collected");
	if (b != NULL) {
		EQ_INT(b->narticles, 2, "dups: two different texts kept");
		EQ_INT(b->nskipped, 2, "dups: two copies skipped");
	}
	for (i = 0; b != NULL && i < b->nskipped && i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", scratch, names[i + 2]);
		EQ_STR(b->skipped[i].path, path, "dups: the copy skipped");
		snprintf(path, sizeof(path), "a duplicate of %s/%s", scratch,
		    names[i]);
		EQ_STR(b->skipped[i].reason, path, "dups: the first kept");
	}
	for (i = 0; i < dg.n; i++)
		nsame += strstr(dg.msgs[i].text, "(same text)") != NULL;
	EQ_INT(nsame, 2, "dups: a warning per copy");
	book_free(b);
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", scratch, names[i]);
		OK(remove(path) == 0, "cannot remove %s", path);
	}
	rmdir(scratch);
}

/* The values of --max-image-bytes and --image-quality (and images:). */
static void
test_image_values(void)
{
	size_t	 n = 0;
	int	 q = 0;

	OK(config_bytes_parse("2M", &n) == 0 && n == 2097152, "2M");
	OK(config_bytes_parse("300K", &n) == 0 && n == 307200, "300K");
	OK(config_bytes_parse("5000", &n) == 0 && n == 5000, "bytes");
	OK(config_bytes_parse("0", &n) == -1, "0 refused");
	OK(config_bytes_parse("M", &n) == -1, "unit alone refused");
	OK(config_bytes_parse("12x", &n) == -1, "12x refused");
	OK(config_bytes_parse("2G", &n) == -1, "G refused");
	OK(config_bytes_parse("5000M", &n) == -1, "over 1 GiB refused");
	OK(config_quality_parse("1", &q) == 0 && q == 1, "quality 1");
	OK(config_quality_parse("100", &q) == 0 && q == 100, "quality 100");
	OK(config_quality_parse("0", &q) == -1, "quality 0 refused");
	OK(config_quality_parse("101", &q) == -1, "quality 101 refused");
	OK(config_quality_parse("85%", &q) == -1, "85%% refused");
}

int
main(void)
{
	diag_init(&dg);
	test_image_values();
	config_reset();
	test_dates();
	test_lang();
	test_split();
	test_yaml_errors();
	test_fields();
	test_no_front_matter();
	test_blog();
	test_walk();
	test_walk_types();
	test_dups();
	diag_fini(&dg);
	return DONE();
}
