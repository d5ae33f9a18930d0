/*
 * Unit tests of TOML front matter (collect_toml.c): each kind of
 * value, the errors with their line and column, skipped tables, and
 * the fields an article gets from "+++" front matter (case-insensitive
 * keys, misspelt keys, drafts, Jekyll's space-separated tags, dates in
 * the future), and the blog sites of tests/fixtures/sites (posts
 * folders, site roots, config settings). Ends with a small
 * random-input run that must neither crash nor leak (SANITIZE=1).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "buf.h"
#include "config.h"
#include "diag.h"
#include "xalloc.h"
#include "collect_int.h"
#include "harness.h"

static struct diag	 dg;
static struct tree	 t;

static void
reset(void)
{
	size_t	 i;

	for (i = 0; i < t.n; i++)
		free(t.v[i].s);
	free(t.v);
	memset(&t, 0, sizeof(t));
	diag_fini(&dg);
	diag_init(&dg);
}

static int
parse(const char *s)
{
	reset();
	return collect_toml_parse("f.md", s, strlen(s), 2, &dg, &t);
}

/* The value node of key k at the top level, or -1. */
static int
val(const char *k)
{
	int	 i;

	for (i = t.v[0].first; i >= 0 && t.v[i].next >= 0;
	    i = t.v[t.v[i].next].next)
		if (strcmp(t.v[i].s, k) == 0)
			return t.v[i].next;
	return -1;
}

static const char *
str(const char *k)
{
	int	 i = val(k);

	return i >= 0 && t.v[i].type == N_SCALAR ? t.v[i].s : NULL;
}

/* The first error or warning, formatted. */
static const char *
msg(void)
{
	static struct buf	 b = BUF_INIT;

	buf_reset(&b);
	if (dg.n > 0)
		diag_format(&dg.msgs[0], &b);
	return b.data;
}

static void
test_values(void)
{
	int	 i, j;

	EQ_INT(parse("title = \"A \\\"q\\\" \\u00e9\\n\" # c\n"
	    "lit = 'C:\\path'\nn = -1_000\nf = 3.5e2\nb = true\n"
	    "d = 2020-10-10T14:06:03+09:00\nd2 = 1979-05-27 07:32:00Z\n"
	    "ld = 2020-01-02\nt = 07:32:00\nhex = 0xff\n"), 0, "values");
	EQ_STR(str("title"), "A \"q\" \xc3\xa9\n", "basic string");
	EQ_STR(str("lit"), "C:\\path", "literal string");
	EQ_STR(str("n"), "-1_000", "integer as written");
	EQ_STR(str("f"), "3.5e2", "float");
	EQ_STR(str("b"), "true", "boolean");
	EQ_INT(t.v[val("b")].plain, 1, "boolean is plain");
	EQ_INT(t.v[val("title")].plain, 0, "string is not plain");
	EQ_STR(str("d"), "2020-10-10T14:06:03+09:00", "offset date-time");
	EQ_STR(str("d2"), "1979-05-27 07:32:00Z", "date-time with a space");
	EQ_STR(str("ld"), "2020-01-02", "local date");
	EQ_STR(str("t"), "07:32:00", "local time");
	EQ_STR(str("hex"), "0xff", "hex integer");

	EQ_INT(parse("s = \"\"\"\nline one\n  line \\\n   two\"\"\"\n"
	    "l = '''\nraw \\n ''x'''''\n"), 0, "multi-line strings");
	EQ_STR(str("s"), "line one\n  line two", "multi-line basic");
	EQ_STR(str("l"), "raw \\n ''x''", "multi-line literal");

	EQ_INT(parse("tags = [\"a\", 'b',\n  # note\n  \"c\", ]\n"
	    "nest = [[1, 2], []]\nit = { name = \"x\", \"q k\" = 1 }\n"
	    "Categories = [\"Ops\"]\na.b = 1\n\"k y\" = 2\n"), 0,
	    "arrays and tables");
	i = val("tags");
	EQ_INT(t.v[i].type, N_SEQ, "array");
	j = t.v[i].first;
	EQ_STR(t.v[j].s, "a", "array item 1");
	EQ_STR(t.v[t.v[t.v[j].next].next].s, "c", "array item 3");
	EQ_INT(t.v[t.v[t.v[j].next].next].next, -1, "trailing comma");
	i = val("nest");
	EQ_INT(t.v[t.v[i].first].type, N_SEQ, "nested array");
	i = val("it");
	EQ_INT(t.v[i].type, N_MAP, "inline table");
	EQ_STR(t.v[t.v[i].first].s, "name", "inline table key");
	EQ_STR(t.v[t.v[t.v[i].first].next].s, "x", "inline table value");
	OK(val("Categories") >= 0, "capitalised key kept as written");
	EQ_STR(str("a.b"), "1", "dotted key");
	EQ_STR(str("k y"), "2", "quoted key");
	EQ_INT(dg.n, 0, "no messages");

	EQ_INT(parse("title = \"x\"\n[params]\nfoo = 1\n[[menu.main]]\n"
	    "name = \"y\"\n"), 0, "tables skipped");
	EQ_STR(str("title"), "x", "key before the table");
	EQ_INT(val("foo"), -1, "table key not at the top");
	EQ_INT(dg.nwarn, 2, "one warning per table");
	CONTAINS(msg(), "f.md:3: warning: TOML table [params]", "warning");
}

static void
test_errors(void)
{
	static const struct {
		const char	*in;
		const char	*want;
	} bad[] = {
		{ "title = x\n", "f.md:2:9: error: TOML: unknown value" },
		{ "title \"x\"\n", "f.md:2:7: error: TOML: expected \"=\"" },
		{ "a = \"open\n", "f.md:2:10: error: TOML: string not closed" },
		{ "a = 1\nb = [1, 2\n", "TOML: array not closed" },
		{ "a = 1 2\n", "f.md:2:7: error: TOML: unexpected text" },
		{ "a = \"\\q\"\n", "f.md:2:7: error: TOML: unknown escape" },
		{ "a = \"\\uD800\"\n", "not a Unicode scalar" },
		{ "a = { b = 1\n", "expected \",\" or \"}\"" },
		{ "a =\n", "f.md:2:4: error: TOML: expected a value" },
		{ "[t\n", "table header not closed" },
		{ "= 1\n", "expected a key" },
		{ "a = '''x\n", "string not closed" },
		{ "a = \"\x01\"\n", "control character" },
	};
	struct buf	 deep = BUF_INIT;
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EQ_INT(parse(bad[i].in), -1, bad[i].in);
		CONTAINS(msg(), bad[i].want, bad[i].in);
		EQ_INT(dg.nerr, 1, "one error");
	}
	BUF_PUTSL(&deep, "a = ");
	for (i = 0; i < 100; i++)
		buf_putc(&deep, '[');
	EQ_INT(parse(deep.data), -1, "deep arrays refused");
	CONTAINS(msg(), "nested too deeply", "depth message");
	buf_fini(&deep);
}

static struct article *
article(const char *text, struct config *cfg, const char **why)
{
	struct article	*a = NULL;

	diag_fini(&dg);
	diag_init(&dg);
	if (collect_article_parse("p.md", text, strlen(text), cfg, &dg,
	    &a, why) != 0)
		return NULL;
	return a;
}

static void
test_article(void)
{
	struct config	 cfg;
	struct article	*a;
	const char	*why;

	memset(&cfg, 0, sizeof(cfg));
	a = article("+++\nTitle = \"テスト\"\ndate = \"2020-10-10T14:06:03"
	    "+09:00\"\nCategories = [\"Kubernetes\", \"Ops\"]\nTags = "
	    "[\"Tech\"]\ndraft = false\nimage = \"\"\n+++\n\nbody\n", &cfg,
	    &why);
	OK(a != NULL, "Hugo article");
	if (a != NULL) {
		EQ_STR(a->title, "テスト", "capitalised Title");
		EQ_INT(a->date, 1602306363, "RFC 3339 date");
		EQ_INT(a->ncats, 1, "one category path");
		EQ_INT(a->cats[0].n, 2, "two levels");
		EQ_STR(a->tags.v[0], "Tech", "capitalised Tags");
		EQ_INT(a->body_line, 9, "body line after +++");
		EQ_STR(a->body, "\nbody\n", "body");
	}
	article_free(a);

	a = article("+++\ntitle = \"x\"\nSlug = \"short\"\nurl = "
	    "\"/archives/42/\"\n+++\nb\n", &cfg, &why);
	OK(a != NULL && a->slug != NULL && strcmp(a->slug, "short") == 0 &&
	    a->permalink != NULL && strcmp(a->permalink, "/archives/42/") == 0,
	    "Hugo slug and url");
	article_free(a);
	a = article("---\ntitle: x\npermalink: /:year/:title/\n---\nb\n",
	    &cfg, &why);
	OK(a != NULL && a->permalink == NULL, "a permalink pattern is no path");
	article_free(a);
	a = article("---\ntitle: x\nurl: https://news.example/a/1\n---\nb\n",
	    &cfg, &why);
	OK(a != NULL && a->permalink == NULL, "an absolute url is no permalink");
	article_free(a);

	a = article("+++\ntitle = \"x\"\ndraft = true\n+++\nb\n", &cfg, &why);
	OK(a == NULL && why != NULL && strcmp(why, "draft") == 0, "draft");
	a = article("---\ntitle: x\npublished: false\n---\nb\n", &cfg, &why);
	OK(a == NULL && why != NULL && strcmp(why, "draft") == 0,
	    "published: false");
	a = article("---\ntitle: x\ndate: 2999-01-01\n---\nb\n", &cfg, &why);
	OK(a == NULL && why != NULL && strstr(why, "future") != NULL,
	    "future-dated post skipped");
	cfg.sel.future = 1;
	a = article("---\ntitle: x\ndate: 2999-01-01\n---\nb\n", &cfg, &why);
	OK(a != NULL, "--future keeps it");
	article_free(a);
	cfg.sel.future = 0;

	a = article("---\ntitle: x\ncategoires: Linux\ntag: a\n---\nb\n",
	    &cfg, &why);
	OK(a != NULL && a->ncats == 1 && strcmp(a->cats[0].v[0], "Linux") == 0,
	    "misspelt categories read");
	OK(a != NULL && a->tags.n == 1, "tag read as tags");
	EQ_INT(dg.nwarn, 2, "two misspelling warnings");
	CONTAINS(msg(), "p.md:3:1: warning: key \"categoires\" read as "
	    "\"categories\"", "misspelling message");
	article_free(a);

	a = article("---\ntitle: x\ncategories: A\ncategory: B\n---\nb\n",
	    &cfg, &why);
	OK(a != NULL && strcmp(a->cats[0].v[0], "A") == 0,
	    "the right key wins");
	article_free(a);

	a = article("---\ntitle: x\ntags: generative-model  math-heavy gan\n"
	    "---\nb\n", &cfg, &why);
	OK(a != NULL && a->tags.n == 3, "space-separated tags");
	if (a != NULL && a->tags.n == 3)
		EQ_STR(a->tags.v[1], "math-heavy", "second tag");
	article_free(a);

	a = article("+++\ntitle = x\n+++\nb\n", &cfg, &why);
	OK(a == NULL && dg.nerr == 1, "TOML error stops the article");
	CONTAINS(msg(), "p.md:2:9: error: TOML:", "error at file:line:col");
	a = article("+++\ntitle = \"x\"\n", &cfg, &why);
	CONTAINS(msg(), "front matter not closed", "unclosed +++");
}

static void
site(const char *dir, const char *posts_end, const char *site_end)
{
	char	*real = realpath(dir, NULL), *posts, *root;
	size_t	 n;

	OK(real != NULL, "%s exists", dir);
	if (real == NULL)
		return;
	posts = collect_site_posts(real, &root);
	n = posts ? strlen(posts) : 0;
	OK(posts_end == NULL ? posts == NULL : (posts != NULL &&
	    n >= strlen(posts_end) &&
	    strcmp(posts + n - strlen(posts_end), posts_end) == 0),
	    "%s: posts %s", dir, posts ? posts : "(none)");
	n = root ? strlen(root) : 0;
	OK(root != NULL && n >= strlen(site_end) &&
	    strcmp(root + n - strlen(site_end), site_end) == 0,
	    "%s: site %s", dir, root ? root : "(none)");
	free(posts);
	free(root);
	free(real);
}

static void
test_sites(void)
{
	char	*v;

	site("tests/fixtures/sites/hexo", "/hexo/source/_posts", "/hexo");
	site("tests/fixtures/sites/hexo/source/_posts", NULL, "/hexo");
	site("tests/fixtures/sites/jekyll", "/jekyll/_posts", "/jekyll");
	site("tests/fixtures/sites/jekyll/_posts", NULL, "/jekyll");
	site("tests/fixtures/sites/hugo", "/hugo/content/posts", "/hugo");
	site("tests/fixtures/sites/hugo/content/posts", NULL, "/hugo");
	v = collect_site_setting("tests/fixtures/sites/hugo", "title");
	EQ_STR(v, "Hugo Fixture", "title from config.toml");
	free(v);
	v = collect_site_setting("tests/fixtures/sites/jekyll", "author");
	EQ_STR(v, "A. Writer", "author from _config.yml");
	free(v);
	v = collect_site_setting("tests/fixtures/sites/jekyll", "baseurl");
	EQ_STR(v, "/blog", "comment after a quoted value");
	free(v);
	v = collect_site_setting("tests/fixtures/sites/hugo", "author");
	EQ_STR(v, NULL, "no such setting");
	free(v);
	v = collect_site_setting("tests/fixtures/sites/hugo", "timezone");
	EQ_STR(v, "Asia/Tokyo", "TOML keys in any case (timeZone)");
	free(v);
	v = collect_site_language("tests/fixtures/sites/hexo");
	EQ_STR(v, "zh-CN", "Hexo language: the first of a list");
	free(v);
	v = collect_site_language("tests/fixtures/sites/jekyll");
	EQ_STR(v, "en-GB", "Jekyll lang");
	free(v);
	v = collect_site_language("tests/fixtures/sites/hugo");
	EQ_STR(v, "ja", "Hugo defaultContentLanguage");
	free(v);
	v = collect_site_url("tests/fixtures/sites/hugo");
	EQ_STR(v, "https://hugo.example.net", "baseURL, no trailing slash");
	free(v);
	v = collect_site_url("tests/fixtures/sites/hexo");
	EQ_STR(v, "https://hexo.example.com/blog", "Hexo url");
	free(v);
	v = collect_site_url("tests/fixtures/sites/jekyll");
	EQ_STR(v, NULL, "baseurl without url is no address");
	free(v);
}

static void
test_zones(void)
{
	long	 off = 1;

	EQ_INT(collect_site_zone("Asia/Shanghai", &off), 0, "IANA name");
	EQ_INT(off, 8 * 3600, "Asia/Shanghai is +08:00");
	EQ_INT(collect_site_zone("America/New_York", &off), 0, "IANA name");
	EQ_INT(off, -5 * 3600, "New York: standard time");
	EQ_INT(collect_site_zone("+05:30", &off), 0, "an offset");
	EQ_INT(off, 5 * 3600 + 1800, "+05:30");
	EQ_INT(collect_site_zone("UTC", &off), 0, "UTC");
	EQ_INT(off, 0, "UTC is 0");
	EQ_INT(collect_site_zone("Mars/Olympus_Mons", &off), -1,
	    "an unknown zone");
	EQ_INT(collect_site_zone("Asia/Shanghai; rm", &off), -1,
	    "not a zone name");
}

/* Random bytes from a small alphabet of TOML's punctuation. */
static void
test_random(void)
{
	static const char	 alpha[] = "ab=\"'[]{},.#\n \\u0-+:T";
	char			 s[64];
	unsigned		 seed = 12345;
	size_t			 i, k, n;

	for (i = 0; i < 20000; i++) {
		n = (seed = seed * 1103515245 + 12345) % sizeof(s);
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245 + 12345;
			s[k] = alpha[(seed >> 16) % (sizeof(alpha) - 1)];
		}
		reset();
		collect_toml_parse("r", s, n, 1, &dg, &t);
	}
	OK(1, "random input survived");
}

int
main(void)
{
	diag_init(&dg);
	test_values();
	test_errors();
	test_article();
	test_sites();
	test_zones();
	test_random();
	reset();
	diag_fini(&dg);
	return DONE();
}
