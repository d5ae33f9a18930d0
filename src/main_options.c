/*
 * The options of sheaf build and sheaf list, one row of a table each:
 * its long and short names, what kind of value it takes (none, text,
 * a date, a repeatable list, a bounded number, or a function of its
 * own) and where in struct config or struct main_opts that value
 * goes. main_options_parse() walks the table with getopt_long(3);
 * completion reads the same table, so no option is left out of
 * either. Here too are --help, --version and the usage synopsis.
 */
#include <getopt.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "collect.h"
#include "config.h"
#include "config_file.h"
#include "package.h"
#include "xalloc.h"
#include "main_int.h"

static const char help_text[] =
"usage: sheaf build [OPTIONS] INPUT... -o BOOK.epub\n"
"       sheaf list [OPTIONS] [--format json] INPUT...\n"
"       sheaf init [DIR]\n"
"       sheaf check [--epubcheck] [--strict] BOOK.epub...\n"
"       sheaf completion bash|zsh|fish\n"
"       sheaf --help | --version\n"
"\n"
"Turn folders of articles (Markdown or HTML with front matter) into one\n"
"EPUB 3 book. INPUT is a file or a folder, searched recursively for\n"
".md, .markdown, .html and .htm files.\n"
"\n"
"Commands:\n"
"  build                write the book given by -o\n"
"  list                 print the plan: chapters, articles, skipped files\n"
"                       (--format json: the same as JSON)\n"
"  init                 write DIR/book.yml, guessed from its articles\n"
"  check                preflight any EPUB for what readers and\n"
"                       Send-to-Kindle reject; --epubcheck runs\n"
"                       epubcheck too; exit 1 on an error\n"
"  completion SHELL     print a bash, zsh or fish completion script\n"
"\n"
"Options:\n"
"  -o, --output FILE    the book to write (build)\n"
"      --title TEXT     book title (default: the selected category or\n"
"                       the input folder's name)\n"
"      --author NAME    book author (default: the articles' authors)\n"
"      --language TAG   BCP 47 language (default: from the text)\n"
"      --cover FILE|URL the cover image (default: the newest article's)\n"
"  -c, --config FILE    a book.yml (default: INPUT/book.yml when there);\n"
"                       the options override it\n"
"      --group-by KEY   chapters by category (default), category:N\n"
"                       (nested), year, month, week, day, tag, author,\n"
"                       dir or none\n"
"      --chapter-order KEY  articles (default), title, date, -date, count\n"
"      --order KEY      date (default), -date, title, path, updated,\n"
"                       -updated\n"
"      --category NAME  only articles in this category, at any level;\n"
"                       repeat for more\n"
"      --exclude-category NAME  leave this category out; repeatable\n"
"      --tag NAME       only articles with this tag; repeatable\n"
"      --by-author NAME only articles by this author; repeatable\n"
"      --since DATE     only articles from DATE (or YYYY-MM, YYYY) on\n"
"      --until DATE     only articles up to DATE (or YYYY-MM, YYYY)\n"
"      --match TEXT     only titles containing TEXT, or matching a glob\n"
"      --latest N       only the N newest articles, then in order\n"
"      --limit N        only the first N articles, in order\n"
"      --drafts         keep drafts\n"
"      --timezone ZONE  zone of dates written without one, as +08:00\n"
"                       (default: UTC)\n"
"  -q, --quiet          messages only: no progress line, no summary,\n"
"                       no -v list of articles\n"
"  -v, --verbose        more detail: a line per article packed (file,\n"
"                       title, chapter, images), each missing image\n"
"                       at its FILE:LINE\n"
"      --theme NAME     default (CJK-ready), serif, sans, or plain (the\n"
"                       reader's own settings as far as possible)\n"
"      --css FILE       a stylesheet added after the theme\n"
"      --font FILE      embed a TrueType, OpenType, WOFF or WOFF2 font,\n"
"                       with an @font-face rule named after the file\n"
"                       (Body.ttf: font-family \"Body\"); repeatable\n"
"      --vertical       vertical writing, pages turning right to left\n"
"      --future         keep articles dated in the future\n"
"      --site-root DIR  the blog's site folder, where /images/x.png\n"
"                       starts (default: found above the posts)\n"
"      --site-url URL   the blog's address: its links to pages not in\n"
"                       the book go there (default: the site's config)\n"
"      --strict         treat warnings as errors (a missing image too)\n"
"      --check          run sheaf check on the book just written\n"
"  -j, --jobs N         use N cores (default: all): convert a book's\n"
"                       articles with N threads, or build N books of a\n"
"                       collection at once; the books are the same\n"
"                       for every N\n"
"      --color WHEN     colour in messages: auto (on a terminal,\n"
"                       unless NO_COLOR is set), always or never\n"
"\n"
"Images (remote ones are fetched, cached and embedded):\n"
"      --offline        use only images already in the cache\n"
"      --cache-dir DIR  the cache of images and converted articles\n"
"                       (default: $XDG_CACHE_HOME/sheaf)\n"
"      --allow-private-hosts  fetch from loopback, private and link-local\n"
"                       addresses too (refused by default)\n"
"      --image-host-map FROM=TO  fetch images of host (or URL prefix)\n"
"                       FROM from TO instead; repeat for more\n"
"      --max-image-pixels N  scale larger images down (default 4000000)\n"
"      --max-image-bytes N  re-encode or scale down larger images\n"
"                       (default 2097152; K, M suffixes)\n"
"      --image-quality N  quality of the JPEGs sheaf writes, 1-100\n"
"                       (default 85)\n"
"      --grayscale      every picture in shades of grey (e-ink readers)\n"
"      --image-timeout SECONDS  give up on one image after this long\n"
"                       (default 60)\n"
"      --no-unwrap-proxies  fetch proxy URLs (https://proxy/?http://...)\n"
"                       as they are, not the address inside first\n"
"  -h, --help           show this help\n"
"      --version        show the version\n"
"\n"
"Examples:\n"
"  sheaf build posts/ -o blog.epub\n"
"  sheaf build posts/ --category 新媒体 -o media.epub\n"
"  sheaf build posts/ --group-by month --order -date -o news.epub\n"
"  sheaf build -c book.yml\n"
"  sheaf build --check posts/ -o blog.epub\n"
"  sheaf build posts/ --css book.css --font Body.ttf -o blog.epub\n"
"  SOURCE_DATE_EPOCH=1700000000 sheaf build posts/ -o same-bytes.epub\n"
"  sheaf check --epubcheck book.epub\n"
"  sheaf completion bash > /etc/bash_completion.d/sheaf\n"
"\n"
"On a terminal a build shows one progress line (articles converted,\n"
"images fetched, bytes written), and ends with a summary: chapters,\n"
"articles, images embedded and missing (by reason), warnings, size, time.\n"
"book.yml also takes fonts: and accessibility: (summary:, conformance:,\n"
"certified-by:); see the README and sheaf(1).\n"
"\n"
"Exit status: 0 built, 1 the input or environment stopped the build,\n"
"2 the command line was wrong.\n";

void
main_usage(void)
{
	fputs("usage: sheaf build [OPTIONS] INPUT... -o BOOK.epub\n"
	    "       sheaf list [OPTIONS] INPUT...\n"
	    "       sheaf init [DIR]\n"
	    "       sheaf check [--epubcheck] BOOK.epub...\n"
	    "       sheaf completion bash|zsh|fish\n"
	    "       sheaf --help | --version\n", stderr);
	exit(2);
}

void
main_help(void)
{
	fputs(help_text, stdout);
}

void
main_version(void)
{
	puts("sheaf " SHEAF_VERSION);
}

/* What an option takes, and how the table row stores it. */
enum kind {
	FLAG,		/* no value: the int at off becomes 1 */
	TEXT,		/* the value as given, at off */
	DATE,		/* TEXT that must be a date, YYYY-MM or YYYY */
	LIST,		/* the struct namelist at off, repeatable */
	SIZE,		/* a whole number from lo to hi, as a size_t */
	LONG,		/* the same, as a long */
	CALL,		/* set() stores the value */
	ACT		/* no value: set() acts on its own */
};

struct row {
	const char	*name;		/* the long option, without "--" */
	int		 letter;	/* its short option, or 0 */
	enum kind	 kind;
	int		 in_opts;	/* off is in struct main_opts, */
	size_t		 off;		/* else in struct config */
	long		 lo, hi;	/* SIZE, LONG: the bounds */
	/*
	 * CALL, ACT: store arg (NULL for ACT); first is 1 at the
	 * option's first use in this argv, for a list that replaces
	 * book.yml's. Returns -1 when arg is refused.
	 */
	int		(*set)(const char *arg, int first, struct config *,
			    struct main_opts *);
	const char	*bad;		/* a refused value: the message,
					   after "sheaf: ", %s the value */
};

#define CFG(f)	.off = offsetof(struct config, f)
#define OPT(f)	.in_opts = 1, .off = offsetof(struct main_opts, f)

static int
set_author(const char *s, int first, struct config *c, struct main_opts *o)
{
	c->meta.author = s;
	c->meta.more_authors.n = 0;
	c->meta.author_roles.n = 0;
	c->meta.author_file_as.n = 0;
	return 0;
}

static int
set_group_by(const char *s, int first, struct config *c, struct main_opts *o)
{
	return config_group_parse(s, c);
}

static int
set_order(const char *s, int first, struct config *c, struct main_opts *o)
{
	return config_order_parse(s, &c->sel.order);
}

static int
set_chapter_order(const char *s, int first, struct config *c,
    struct main_opts *o)
{
	return config_chapter_order_parse(s, &c->sel.chapter_order);
}

static int
set_category(const char *s, int first, struct config *c, struct main_opts *o)
{
	if (first)
		c->sel.ncategories = 0;
	config_add_category(c, s);
	return 0;
}

static int
set_timezone(const char *s, int first, struct config *c, struct main_opts *o)
{
	if (config_zone_parse(s, &c->tz_offset) == -1)
		return -1;
	c->tz_given = 1;
	return 0;
}

static int
set_limit(const char *s, int first, struct config *c, struct main_opts *o)
{
	return config_count_parse(s, &c->sel.limit);
}

static int
set_latest(const char *s, int first, struct config *c, struct main_opts *o)
{
	return config_count_parse(s, &c->sel.latest);
}

/* list --format: text (the default) or json. */
static int
set_format(const char *s, int first, struct config *c, struct main_opts *o)
{
	if (strcmp(s, "json") == 0)
		o->json = 1;
	else if (strcmp(s, "text") != 0)
		return -1;
	return 0;
}

static int
set_theme(const char *s, int first, struct config *c, struct main_opts *o)
{
	if (!package_theme_known(s))
		return -1;
	c->look.theme = s;
	return 0;
}

static int
set_site_url(const char *s, int first, struct config *c, struct main_opts *o)
{
	if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
		return -1;
	c->site_url = s;
	return 0;
}

/*
 * FROM=TO, kept in o (the strings borrowed from argv) and lent to
 * each config the options are applied to.
 */
static int
set_host_map(const char *s, int first, struct config *c, struct main_opts *o)
{
	if (strchr(s, '=') == NULL || s[0] == '=')
		return -1;
	if (first)
		o->nhmap = 0;
	if (o->nhmap == c->net.nimage_host_map) {
		o->hmap = xreallocarray(o->hmap, o->nhmap + 1,
		    sizeof(*o->hmap));
		o->hmap[o->nhmap++] = s;
	}
	c->net.image_host_map = o->hmap;
	c->net.nimage_host_map = o->nhmap;
	return 0;
}

static int
set_max_bytes(const char *s, int first, struct config *c, struct main_opts *o)
{
	return config_bytes_parse(s, &c->images.max_image_bytes);
}

static int
set_quality(const char *s, int first, struct config *c, struct main_opts *o)
{
	return config_quality_parse(s, &c->images.image_quality);
}

static int
set_color(const char *s, int first, struct config *c, struct main_opts *o)
{
	return main_color_set(s);
}

static int
help(const char *s, int first, struct config *c, struct main_opts *o)
{
	main_help();
	exit(0);
}

static int
version(const char *s, int first, struct config *c, struct main_opts *o)
{
	main_version();
	exit(0);
}

/*
 * In the order of the getopt_long(3) table they make: an abbreviated
 * option that is ambiguous lists its possibilities in this order.
 */
static const struct row rows[] = {
	{ "output",	'o', TEXT, OPT(output) },
	{ "title",	0, TEXT, CFG(meta.title) },
	{ "author",	0, CALL, .set = set_author },
	{ "language",	0, TEXT, CFG(meta.language) },
	{ "cover",	0, TEXT, CFG(meta.cover) },
	{ "group-by",	0, CALL, .set = set_group_by,
	    .bad = "bad --group-by: %s (want category, category:N, year, "
	    "month, week, day, tag, author, dir or none)" },
	{ "order",	0, CALL, .set = set_order,
	    .bad = "bad --order: %s (want date, -date, title, path, updated "
	    "or -updated)" },
	{ "category",	0, CALL, .set = set_category },
	{ "timezone",	0, CALL, .set = set_timezone,
	    .bad = "bad --timezone: %s (want +HH:MM, -HH:MM or UTC)" },
	{ "exclude-category", 0, LIST, CFG(sel.exclude) },
	{ "tag",	0, LIST, CFG(sel.tags) },
	{ "by-author",	0, LIST, CFG(sel.authors) },
	{ "since",	0, DATE, CFG(sel.since),
	    .bad = "bad --since: %s (want a date, YYYY-MM or YYYY)" },
	{ "until",	0, DATE, CFG(sel.until),
	    .bad = "bad --until: %s (want a date, YYYY-MM or YYYY)" },
	{ "limit",	0, CALL, .set = set_limit,
	    .bad = "bad --limit: %s (want a whole number)" },
	{ "latest",	0, CALL, .set = set_latest,
	    .bad = "bad --latest: %s (want a whole number)" },
	{ "match",	0, TEXT, CFG(sel.match) },
	{ "drafts",	0, FLAG, CFG(sel.drafts) },
	{ "chapter-order", 0, CALL, .set = set_chapter_order,
	    .bad = "bad --chapter-order: %s (want articles, title, date, "
	    "-date or count)" },
	{ "config",	'c', TEXT, OPT(config) },
	{ "format",	0, CALL, .set = set_format,
	    .bad = "bad --format: %s (want text or json)" },
	{ "theme",	0, CALL, .set = set_theme,
	    .bad = "unknown --theme value: %s (want default, serif, sans or "
	    "plain)" },
	{ "css",	0, TEXT, CFG(look.css) },
	{ "font",	0, LIST, CFG(look.fonts) },
	{ "vertical",	0, FLAG, CFG(look.vertical) },
	{ "offline",	0, FLAG, CFG(net.offline) },
	{ "cache-dir",	0, TEXT, CFG(cache_dir) },
	{ "allow-private-hosts", 0, FLAG, CFG(net.allow_private_hosts) },
	{ "image-host-map", 0, CALL, .set = set_host_map,
	    .bad = "--image-host-map wants FROM=TO: %s" },
	{ "max-image-pixels", 0, SIZE, CFG(images.max_image_pixels),
	    .lo = 1, .hi = LONG_MAX,
	    .bad = "--max-image-pixels wants a positive number: %s" },
	{ "max-image-bytes", 0, CALL, .set = set_max_bytes,
	    .bad = "bad --max-image-bytes: %s (want a size in bytes, or with "
	    "K or M)" },
	{ "image-quality", 0, CALL, .set = set_quality,
	    .bad = "bad --image-quality: %s (want 1 to 100)" },
	{ "grayscale",	0, FLAG, CFG(images.grayscale) },
	{ "image-timeout", 0, LONG, CFG(net.image_timeout),
	    .lo = 1, .hi = LONG_MAX,
	    .bad = "--image-timeout wants a positive number: %s" },
	{ "no-unwrap-proxies", 0, FLAG, CFG(images.keep_proxies) },
	{ "future",	0, FLAG, CFG(sel.future) },
	{ "site-root",	0, TEXT, CFG(site_root) },
	{ "site-url",	0, CALL, .set = set_site_url,
	    .bad = "bad --site-url: %s (want an http:// or https:// "
	    "address)" },
	{ "check",	0, FLAG, OPT(check) },
	{ "jobs",	'j', SIZE, CFG(jobs), .lo = 1, .hi = 256,
	    .bad = "bad --jobs: %s (want a number from 1 to 256)" },
	{ "color",	0, CALL, .set = set_color,
	    .bad = "bad --color: %s (want auto, always or never)" },
	{ "quiet",	'q', FLAG, CFG(quiet) },
	{ "verbose",	'v', FLAG, CFG(verbose) },
	{ "strict",	0, FLAG, CFG(strict) },
	{ "help",	'h', ACT, .set = help },
	{ "version",	0, ACT, .set = version }
};

#define NROWS	(sizeof(rows) / sizeof(rows[0]))

/* getopt_long's view of rows: val is the letter, or 256 + the row. */
static struct option	 longs[NROWS + 1];
static char		 shorts[2 * NROWS + 1];

const struct option *
main_options_long(void)
{
	size_t	 i, n = 0;

	if (longs[0].name != NULL)
		return longs;
	for (i = 0; i < NROWS; i++) {
		longs[i].name = rows[i].name;
		longs[i].has_arg = rows[i].kind == FLAG ||
		    rows[i].kind == ACT ? no_argument : required_argument;
		longs[i].val = rows[i].letter != 0 ? rows[i].letter :
		    256 + (int)i;
		if (rows[i].letter == 0)
			continue;
		shorts[n++] = (char)rows[i].letter;
		if (longs[i].has_arg == required_argument)
			shorts[n++] = ':';
	}
	return longs;
}

/* The row getopt_long's c stands for, or NULL ('?': a wrong option). */
static const struct row *
find(int c)
{
	size_t	 i;

	if (c >= 256 && (size_t)(c - 256) < NROWS)
		return &rows[c - 256];
	for (i = 0; i < NROWS; i++)
		if (rows[i].letter == c)
			return &rows[i];
	return NULL;
}

/* "4" → 4 when from lo to hi. */
static int
number(const char *s, long lo, long hi, long *v)
{
	char	*end;

	*v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || *v < lo || *v > hi)
		return -1;
	return 0;
}

static int
store(const struct row *r, const char *arg, int first, struct config *cfg,
    struct main_opts *o)
{
	void	*at = (r->in_opts ? (char *)o : (char *)cfg) + r->off;
	long	 v;

	switch (r->kind) {
	case FLAG:
		*(int *)at = 1;
		break;
	case DATE:
		if (collect_date_bound(arg, 0, 0, &(int64_t){ 0 }) == -1)
			return -1;
		/* FALLTHROUGH */
	case TEXT:
		*(const char **)at = arg;
		break;
	case LIST:
		if (first)
			((struct namelist *)at)->n = 0;
		namelist_add((struct namelist *)at, arg);
		break;
	case SIZE:
	case LONG:
		if (number(arg, r->lo, r->hi, &v) == -1)
			return -1;
		if (r->kind == SIZE)
			*(size_t *)at = (size_t)v;
		else
			*(long *)at = v;
		break;
	case CALL:
	case ACT:
		return r->set(arg, first, cfg, o);
	}
	return 0;
}

/* A refused value: say which, then the usage. */
static void
refuse(const struct row *r, const char *arg)
{
	struct buf	 line = BUF_INIT;

	BUF_PUTSL(&line, "sheaf: ");
	buf_printf(&line, r->bad, arg);
	buf_putc(&line, '\n');
	fputs(line.data, stderr);
	buf_fini(&line);
	main_usage();
}

int
main_options_parse(int argc, char *argv[], struct config *cfg,
    struct main_opts *o)
{
	const struct row	*r;
	unsigned char		 seen[NROWS] = { 0 };
	int			 c;

	main_options_long();
	optind = 0;	/* restart: GNU getopt re-initialises */
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if ((r = find(c)) == NULL)
			main_usage();
		if (store(r, optarg, !seen[r - rows], cfg, o) == -1)
			refuse(r, optarg);
		seen[r - rows] = 1;
	}
	return optind;
}
