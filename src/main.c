/*
 * sheaf: turn folders of articles into one EPUB 3 book.
 * main reads the command line, then runs the pipeline: collect the
 * articles into a book, convert each body to XHTML, package the zip.
 * It alone prints and exits; the stages report through struct diag.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "book.h"
#include "buf.h"
#include "check.h"
#include "cleanup.h"
#include "collect.h"
#include "config.h"
#include "config_file.h"
#include "convert.h"
#include "diag.h"
#include "fetch.h"
#include "media.h"
#include "package.h"
#include "xalloc.h"
#include "main_int.h"

enum {
	OPT_TITLE = 256,
	OPT_AUTHOR,
	OPT_LANGUAGE,
	OPT_COVER,
	OPT_GROUP_BY,
	OPT_ORDER,
	OPT_CATEGORY,
	OPT_TIMEZONE,
	OPT_EXCLUDE,
	OPT_TAG,
	OPT_BY_AUTHOR,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_LIMIT,
	OPT_LATEST,
	OPT_MATCH,
	OPT_DRAFTS,
	OPT_CHAPTER_ORDER,
	OPT_FORMAT,
	OPT_THEME,
	OPT_CSS,
	OPT_FONT,
	OPT_VERTICAL,
	OPT_FUTURE,
	OPT_SITE_ROOT,
	OPT_SITE_URL,
	OPT_OFFLINE,
	OPT_CACHE_DIR,
	OPT_ALLOW_PRIVATE,
	OPT_HOST_MAP,
	OPT_MAX_PIXELS,
	OPT_MAX_BYTES,
	OPT_QUALITY,
	OPT_GRAYSCALE,
	OPT_IMAGE_TIMEOUT,
	OPT_KEEP_PROXIES,
	OPT_CHECK,
	OPT_COLOR,
	OPT_STRICT,
	OPT_HELP,
	OPT_VERSION
};

static const struct option long_options[] = {
	{ "output",	required_argument,	NULL,	'o' },
	{ "title",	required_argument,	NULL,	OPT_TITLE },
	{ "author",	required_argument,	NULL,	OPT_AUTHOR },
	{ "language",	required_argument,	NULL,	OPT_LANGUAGE },
	{ "cover",	required_argument,	NULL,	OPT_COVER },
	{ "group-by",	required_argument,	NULL,	OPT_GROUP_BY },
	{ "order",	required_argument,	NULL,	OPT_ORDER },
	{ "category",	required_argument,	NULL,	OPT_CATEGORY },
	{ "timezone",	required_argument,	NULL,	OPT_TIMEZONE },
	{ "exclude-category", required_argument, NULL,	OPT_EXCLUDE },
	{ "tag",	required_argument,	NULL,	OPT_TAG },
	{ "by-author",	required_argument,	NULL,	OPT_BY_AUTHOR },
	{ "since",	required_argument,	NULL,	OPT_SINCE },
	{ "until",	required_argument,	NULL,	OPT_UNTIL },
	{ "limit",	required_argument,	NULL,	OPT_LIMIT },
	{ "latest",	required_argument,	NULL,	OPT_LATEST },
	{ "match",	required_argument,	NULL,	OPT_MATCH },
	{ "drafts",	no_argument,		NULL,	OPT_DRAFTS },
	{ "chapter-order", required_argument,	NULL,	OPT_CHAPTER_ORDER },
	{ "config",	required_argument,	NULL,	'c' },
	{ "format",	required_argument,	NULL,	OPT_FORMAT },
	{ "theme",	required_argument,	NULL,	OPT_THEME },
	{ "css",	required_argument,	NULL,	OPT_CSS },
	{ "font",	required_argument,	NULL,	OPT_FONT },
	{ "vertical",	no_argument,		NULL,	OPT_VERTICAL },
	{ "offline",	no_argument,		NULL,	OPT_OFFLINE },
	{ "cache-dir",	required_argument,	NULL,	OPT_CACHE_DIR },
	{ "allow-private-hosts", no_argument,	NULL,	OPT_ALLOW_PRIVATE },
	{ "image-host-map", required_argument,	NULL,	OPT_HOST_MAP },
	{ "max-image-pixels", required_argument, NULL,	OPT_MAX_PIXELS },
	{ "max-image-bytes", required_argument,	NULL,	OPT_MAX_BYTES },
	{ "image-quality", required_argument,	NULL,	OPT_QUALITY },
	{ "grayscale",	no_argument,		NULL,	OPT_GRAYSCALE },
	{ "image-timeout", required_argument,	NULL,	OPT_IMAGE_TIMEOUT },
	{ "no-unwrap-proxies", no_argument,	NULL,	OPT_KEEP_PROXIES },
	{ "future",	no_argument,		NULL,	OPT_FUTURE },
	{ "site-root",	required_argument,	NULL,	OPT_SITE_ROOT },
	{ "site-url",	required_argument,	NULL,	OPT_SITE_URL },
	{ "check",	no_argument,		NULL,	OPT_CHECK },
	{ "jobs",	required_argument,	NULL,	'j' },
	{ "color",	required_argument,	NULL,	OPT_COLOR },
	{ "quiet",	no_argument,		NULL,	'q' },
	{ "verbose",	no_argument,		NULL,	'v' },
	{ "strict",	no_argument,		NULL,	OPT_STRICT },
	{ "help",	no_argument,		NULL,	OPT_HELP },
	{ "version",	no_argument,		NULL,	OPT_VERSION },
	{ NULL,		0,			NULL,	0 }
};

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

static void
usage(void)
{
	fputs("usage: sheaf build [OPTIONS] INPUT... -o BOOK.epub\n"
	    "       sheaf list [OPTIONS] INPUT...\n"
	    "       sheaf init [DIR]\n"
	    "       sheaf check [--epubcheck] BOOK.epub...\n"
	    "       sheaf completion bash|zsh|fish\n"
	    "       sheaf --help | --version\n", stderr);
	exit(2);
}

/* A wrong option value: say which, then the usage. */
static void
bad_value(const char *opt, const char *s, const char *want)
{
	fprintf(stderr, "sheaf: bad --%s: %s (want %s)\n", opt, s, want);
	usage();
}

static long
number(const char *opt, const char *s)
{
	char	*end;
	long	 v;

	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || v <= 0) {
		fprintf(stderr, "sheaf: --%s wants a positive number: %s\n",
		    opt, s);
		usage();
	}
	return v;
}

/* "4" → 4: a thread count from 1 to 256. */
static int
parse_jobs(const char *s, size_t *jobs)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1 || v > 256)
		return -1;
	*jobs = (size_t)v;
	return 0;
}

/* What the command line asks for beside the book's settings. */
struct opts {
	const char	*output;
	const char	*config;
	int		 list;
	int		 json;		/* list --format json */
	int		 check;		/* build --check */
	const char	**hmap;		/* --image-host-map values */
	size_t		 nhmap;
	struct buf	 plan;		/* ...the books' JSON, shown at the end */
	size_t		 nplans;
	struct main_jobs *pool;		/* the books of a collection, or NULL */
};

/*
 * Apply the options of argv to cfg (and o), on top of what cfg holds:
 * run once on an empty config, then again on each book of book.yml.
 * A list option given on the command line replaces the file's list.
 * Returns the index of the first operand. Exits 2 on a wrong option.
 */
static int
options(int argc, char *argv[], struct config *cfg, struct opts *o)
{
	int	 c, cats = 0, tags = 0, excl = 0, auth = 0, hmaps = 0, fonts = 0;

	optind = 0;	/* restart: GNU getopt re-initialises */
	while ((c = getopt_long(argc, argv, "c:hj:o:qv", long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'o':
			o->output = optarg;
			break;
		case 'c':
			o->config = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "json") == 0)
				o->json = 1;
			else if (strcmp(optarg, "text") != 0)
				bad_value("format", optarg, "text or json");
			break;
		case OPT_TITLE:
			cfg->title = optarg;
			break;
		case OPT_AUTHOR:
			cfg->author = optarg;
			cfg->more_authors.n = 0;
			cfg->author_roles.n = 0;
			cfg->author_file_as.n = 0;
			break;
		case OPT_LANGUAGE:
			cfg->language = optarg;
			break;
		case OPT_COVER:
			cfg->cover = optarg;
			break;
		case OPT_GROUP_BY:
			if (config_group_parse(optarg, cfg) == -1)
				bad_value("group-by", optarg, "category, "
				    "category:N, year, month, week, day, tag, "
				    "author, dir or none");
			break;
		case OPT_ORDER:
			if (config_order_parse(optarg, &cfg->order) == -1)
				bad_value("order", optarg, "date, -date, title, "
				    "path, updated or -updated");
			break;
		case OPT_CHAPTER_ORDER:
			if (config_chapter_order_parse(optarg,
			    &cfg->chapter_order) == -1)
				bad_value("chapter-order", optarg, "articles, "
				    "title, date, -date or count");
			break;
		case OPT_CATEGORY:
			if (cats++ == 0)
				cfg->ncategories = 0;
			config_add_category(cfg, optarg);
			break;
		case OPT_EXCLUDE:
			if (excl++ == 0)
				cfg->exclude.n = 0;
			namelist_add(&cfg->exclude, optarg);
			break;
		case OPT_TAG:
			if (tags++ == 0)
				cfg->tags.n = 0;
			namelist_add(&cfg->tags, optarg);
			break;
		case OPT_BY_AUTHOR:
			if (auth++ == 0)
				cfg->authors.n = 0;
			namelist_add(&cfg->authors, optarg);
			break;
		case OPT_SINCE:
		case OPT_UNTIL:
			if (collect_date_bound(optarg, 0, 0, &(int64_t){ 0 })
			    == -1)
				bad_value(c == OPT_SINCE ? "since" : "until",
				    optarg, "a date, YYYY-MM or YYYY");
			*(c == OPT_SINCE ? &cfg->since : &cfg->until) = optarg;
			break;
		case OPT_LIMIT:
		case OPT_LATEST:
			if (config_count_parse(optarg, c == OPT_LIMIT ?
			    &cfg->limit : &cfg->latest) == -1)
				bad_value(c == OPT_LIMIT ? "limit" : "latest",
				    optarg, "a whole number");
			break;
		case OPT_MATCH:
			cfg->match = optarg;
			break;
		case OPT_DRAFTS:
			cfg->drafts = 1;
			break;
		case OPT_TIMEZONE:
			if (config_zone_parse(optarg, &cfg->tz_offset) == -1)
				bad_value("timezone", optarg, "+HH:MM, -HH:MM "
				    "or UTC");
			cfg->tz_given = 1;
			break;
		case OPT_THEME:
			if (!package_theme_known(optarg)) {
				fprintf(stderr, "sheaf: unknown --theme value: "
				    "%s (want default, serif, sans or plain)\n",
				    optarg);
				usage();
			}
			cfg->theme = optarg;
			break;
		case OPT_CSS:
			cfg->css = optarg;
			break;
		case OPT_FONT:
			if (fonts++ == 0)
				cfg->fonts.n = 0;
			namelist_add(&cfg->fonts, optarg);
			break;
		case OPT_VERTICAL:
			cfg->vertical = 1;
			break;
		case OPT_FUTURE:
			cfg->future = 1;
			break;
		case OPT_SITE_ROOT:
			cfg->site_root = optarg;
			break;
		case OPT_SITE_URL:
			if (strncmp(optarg, "http://", 7) != 0 &&
			    strncmp(optarg, "https://", 8) != 0)
				bad_value("site-url", optarg, "an http:// or "
				    "https:// address");
			cfg->site_url = optarg;
			break;
		case OPT_OFFLINE:
			cfg->offline = 1;
			break;
		case OPT_CACHE_DIR:
			cfg->cache_dir = optarg;
			break;
		case OPT_ALLOW_PRIVATE:
			cfg->allow_private_hosts = 1;
			break;
		case OPT_HOST_MAP:
			if (strchr(optarg, '=') == NULL || optarg[0] == '=') {
				fprintf(stderr, "sheaf: --image-host-map wants "
				    "FROM=TO: %s\n", optarg);
				usage();
			}
			if (hmaps++ == 0)
				o->nhmap = 0;
			if (o->nhmap == cfg->nimage_host_map) {
				o->hmap = xreallocarray(o->hmap, o->nhmap + 1,
				    sizeof(*o->hmap));
				o->hmap[o->nhmap++] = optarg;
			}
			cfg->image_host_map = o->hmap;
			cfg->nimage_host_map = o->nhmap;
			break;
		case OPT_MAX_PIXELS:
			cfg->max_image_pixels = (size_t)number("max-image-pixels",
			    optarg);
			break;
		case OPT_MAX_BYTES:
			if (config_bytes_parse(optarg,
			    &cfg->max_image_bytes) == -1)
				bad_value("max-image-bytes", optarg, "a size in "
				    "bytes, or with K or M");
			break;
		case OPT_QUALITY:
			if (config_quality_parse(optarg,
			    &cfg->image_quality) == -1)
				bad_value("image-quality", optarg, "1 to 100");
			break;
		case OPT_GRAYSCALE:
			cfg->grayscale = 1;
			break;
		case OPT_IMAGE_TIMEOUT:
			cfg->image_timeout = number("image-timeout", optarg);
			break;
		case OPT_KEEP_PROXIES:
			cfg->keep_proxies = 1;
			break;
		case OPT_CHECK:
			o->check = 1;
			break;
		case OPT_COLOR:
			if (main_color_set(optarg) == -1) {
				fprintf(stderr, "sheaf: bad --color: %s (want "
				    "auto, always or never)\n", optarg);
				usage();
			}
			break;
		case 'q':
			cfg->quiet = 1;
			break;
		case 'v':
			cfg->verbose = 1;
			break;
		case 'j':
			if (parse_jobs(optarg, &cfg->jobs) == -1)
				bad_value("jobs", optarg, "a number from 1 to 256");
			break;
		case OPT_STRICT:
			cfg->strict = 1;
			break;
		case 'h':
		case OPT_HELP:
			fputs(help_text, stdout);
			exit(0);
		case OPT_VERSION:
			puts("sheaf " SHEAF_VERSION);
			exit(0);
		default:
			usage();
		}
	}
	return optind;
}

/* Print the messages the stages have added since the last call. */
static void
flush_diag(struct diag *d)
{
	struct buf	 line = BUF_INIT;

	if (d->printed < d->n)
		main_progress_clear();
	for (; d->printed < d->n; d->printed++) {
		buf_reset(&line);
		BUF_PUTSL(&line, "sheaf: ");
		diag_format(&d->msgs[d->printed], &line);
		buf_putc(&line, '\n');
		fputs(line.data, stderr);
	}
	buf_fini(&line);
}

/* Does the file at path start like a zip archive (or is it empty)? */
static int
is_zip(const char *path)
{
	unsigned char	 sig[4];
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return 1;	/* unreadable: rename() will tell */
	n = read(fd, sig, sizeof(sig));
	close(fd);
	return n == 0 || (n == 4 && memcmp(sig, "PK\3\4", 4) == 0);
}

static int
check_output(const char *path, struct diag *d)
{
	struct stat	 st;
	char		*copy, *dir;
	int		 rc = 0;

	if (stat(path, &st) == -1)
		st.st_mode = 0;
	if (S_ISDIR(st.st_mode)) {
		diag_error(d, path, 0, 0, "output is a folder");
		return -1;
	}
	if (S_ISREG(st.st_mode) && !is_zip(path)) {
		/* An article named by mistake, or anything else. */
		diag_error(d, path, 0, 0, "exists and is not an EPUB book: "
		    "not replaced");
		return -1;
	}
	copy = xstrdup(path);
	dir = dirname(copy);
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		diag_error(d, path, 0, 0, "cannot write here: %s",
		    stat(dir, &st) == -1 ? strerror(errno) :
		    "not a folder");
		rc = -1;
	} else if (access(dir, W_OK) == -1) {
		diag_error(d, path, 0, 0, "cannot write here: %s",
		    strerror(errno));
		rc = -1;
	}
	free(copy);
	return rc;
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	    (t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Build (or list) one book into output. Returns 0, or 1 on failure. */
static int
run_book(const struct config *given, const char *output, struct opts *o)
{
	struct config	 c = *given, *cfg = &c;
	struct timespec	 t0;
	struct diag	 d;
	struct book	*book = NULL;
	double		 t[3];		/* ends of collect, convert, fetch */
	struct buf	 out = BUF_INIT;
	struct fetch_stats fst;
	struct pkg_ahead *ahead = NULL;
	size_t		 size = 0;
	int		 rc = 1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	c.output = o->list ? NULL : output;
	diag_init(&d);
	d.strict = cfg->strict;
	d.verbose = cfg->verbose;
	if (!o->list && check_output(output, &d) == -1)
		goto out;
	if (!o->list)
		ahead = package_ahead_start(cfg, output);
	if ((book = collect_run(cfg, &d)) == NULL)
		goto out;
	t[0] = seconds_since(&t0);
	flush_diag(&d);
	if (o->list && o->json) {
		if (o->nplans++ > 0)
			BUF_PUTSL(&o->plan, ",\n");
		collect_dump_json(book, &o->plan);
		rc = diag_failed(&d);
		goto out;
	}
	if (o->list) {
		collect_dump(book, &out);
		fputs(out.data, stdout);
		if (fflush(stdout) == EOF || ferror(stdout)) {
			perror("sheaf: stdout");
			goto out;
		}
		rc = diag_failed(&d);
		goto out;
	}
	if (!cfg->quiet && isatty(STDERR_FILENO)) {
		main_progress_start(1, book->narticles);
		cfg->on_article = main_progress_article;
		cfg->on_write = main_progress_write;
	}
	if (convert_book(book, cfg, &d) == -1 || diag_failed(&d) ||
	    cleanup_signal() != 0)
		goto out;
	t[1] = seconds_since(&t0);
	flush_diag(&d);
	fetch_book(book, cfg, &d, &fst, cfg->on_article != NULL ?
	    main_progress_images : NULL, NULL);
	if (cfg->verbose && book->media->rn > 0)
		diag_note(&d, NULL, 0, 0, "%zu remote image%s: %zu from the "
		    "cache, %zu request%s, at most %zu in flight, %.2f s",
		    book->media->rn, book->media->rn == 1 ? "" : "s",
		    fst.cache_hits, fst.requests, fst.requests == 1 ? "" : "s",
		    fst.max_inflight, fst.seconds);
	if (fst.cache_bad > 0)
		diag_note(&d, NULL, 0, 0, "%zu damaged cache entr%s dropped",
		    fst.cache_bad,
		    fst.cache_bad == 1 ? "y" : "ies");
	if (convert_place_images(book, cfg, &d) == -1 || diag_failed(&d) ||
	    cleanup_signal() != 0)
		goto out;
	t[2] = seconds_since(&t0);
	flush_diag(&d);
	rc = package_write(book, cfg, output, ahead, &d, &size);
	ahead = NULL;
	if (rc == -1) {
		rc = 1;
		goto out;
	}
	main_progress_end();
	if (cfg->verbose && !cfg->quiet)
		diag_note(&d, NULL, 0, 0, "stages: collect %.2f s, convert "
		    "%.2f s, images %.2f s, package %.2f s", t[0], t[1] - t[0],
		    t[2] - t[1], seconds_since(&t0) - t[2]);
	flush_diag(&d);
	if (cfg->verbose && !cfg->quiet)
		main_packed(book);
	if (!cfg->quiet)
		main_summary(book, &d, output, size, seconds_since(&t0));
	rc = 0;
	if (o->check) {
		d.strict = 0;	/* the book is written: check's own verdict */
		check_epub(output, &d);
		main_check_print(&d);
		rc = d.nerr > 0;
	}
out:
	package_ahead_cancel(ahead);
	main_progress_end();
	flush_diag(&d);
	if (rc != 0 && cleanup_signal() != 0) {
		fprintf(stderr, "sheaf: interrupted (%s): %s\n",
		    strsignal(cleanup_signal()), o->list ? "stopped" :
		    "no book written");
		rc = 128 + cleanup_signal();
	} else if (rc != 0 && !o->list && d.strict && d.nerr == 0 &&
	    d.nwarn > 0)
		fputs("sheaf: warnings are errors (--strict): "
		    "no book written\n", stderr);
	buf_fini(&out);
	book_free(book);
	diag_fini(&d);
	return rc;
}

static const char *const split_marks[] = {
	NULL, "{category}", "{year}", "{month}"
};

/* One book of a collection, for its child process (main_jobs.c). */
struct book_job {
	const struct config	*cfg;
	const char		*output;
	const char		*pattern;	/* split-by output, or NULL */
	struct opts		*o;
};

/*
 * A child builds its book with one thread: -j cores go to the books
 * built at once. The bytes are the same whatever the threads.
 */
static int
book_job(void *arg)
{
	struct book_job	*j = arg;
	struct config	 one = *j->cfg;

	if (j->pattern != NULL && main_outdir_make(j->pattern,
	    split_marks[j->cfg->split_by], j->output) == -1)
		return 1;
	one.jobs = 1;
	return run_book(&one, j->output, j->o);
}

/*
 * Build or list one book: at once, or as a job of the collection.
 * Returns run_book's status, or 0 for a job (main_jobs_wait counts).
 */
static int
dispatch(const struct config *cfg, const char *output, const char *pattern,
    struct opts *o)
{
	struct book_job	 j = { cfg, output, pattern, o };

	if (o->pool == NULL)
		return run_book(cfg, output, o);
	main_jobs_start(o->pool, output, book_job, &j);
	return 0;
}

/* pattern with the split's placeholder replaced by value. */
static char *
expand(const char *pattern, enum split_by split, const char *value)
{
	struct buf	 b = BUF_INIT;
	const char	*mark = split_marks[split], *at;
	size_t		 n = strlen(mark);

	while ((at = strstr(pattern, mark)) != NULL) {
		buf_put(&b, pattern, (size_t)(at - pattern));
		for (; *value != '\0'; value++)
			buf_putc(&b, *value == '/' ? '-' : *value);
		pattern = at + n;
	}
	buf_puts(&b, pattern);
	return buf_detach(&b);
}

/*
 * split-by: collect the whole selection once to learn the values,
 * then build one book for each. Returns how many books failed.
 */
static int
run_split(struct config *cfg, const char *pattern, struct opts *o)
{
	struct strlist	 values = { NULL, 0 };
	struct diag	 d;
	struct book	*all;
	struct buf	 title = BUF_INIT;
	const char	*given = cfg->title;
	char		*output;
	size_t		 i;
	int		 failed = 0;

	diag_init(&d);
	all = collect_run(cfg, &d);
	if (all == NULL) {
		flush_diag(&d);
		diag_fini(&d);
		return 1;
	}
	collect_split_values(cfg, all, &values);
	book_free(all);
	diag_fini(&d);
	for (i = 0; i < values.n; i++) {
		cfg->split_value = values.v[i];
		buf_reset(&title);
		if (given != NULL)
			buf_printf(&title, "%s — %s", given, values.v[i]);
		else
			buf_puts(&title, values.v[i]);
		cfg->title = title.data;
		output = o->list ? NULL : expand(pattern, cfg->split_by,
		    values.v[i]);
		failed += dispatch(cfg, output, pattern, o);
		free(output);
	}
	cfg->title = given;
	cfg->split_value = NULL;
	buf_fini(&title);
	strlist_fini(&values);
	return failed;
}

/* sheaf init [DIR]: write DIR/book.yml, guessed from its articles. */
static int
init(const char *dir)
{
	struct config	 cfg;
	struct diag	 d;
	struct book	*b = NULL;
	struct buf	 path = BUF_INIT, text = BUF_INIT;
	size_t		 off = 0;
	ssize_t		 w;
	int		 fd = -1, rc = 1;

	memset(&cfg, 0, sizeof(cfg));
	cfg.max_article = CONFIG_MAX_ARTICLE;
	cfg.inputs = &dir;
	cfg.ninputs = 1;
	diag_init(&d);
	buf_printf(&path, "%s/book.yml", dir);
	if ((b = collect_run(&cfg, &d)) == NULL)
		goto out;
	collect_init_yml(b, &text);
	if ((fd = open(path.data, O_WRONLY | O_CREAT | O_EXCL, 0666)) == -1) {
		diag_error(&d, path.data, 0, 0, "cannot write: %s%s",
		    strerror(errno), errno == EEXIST ? " (not replaced)" : "");
		goto out;
	}
	while (off < text.len) {
		if ((w = write(fd, text.data + off, text.len - off)) == -1) {
			diag_error(&d, path.data, 0, 0, "cannot write: %s",
			    strerror(errno));
			goto out;
		}
		off += (size_t)w;
	}
	if (close(fd) == -1) {
		fd = -1;
		diag_error(&d, path.data, 0, 0, "cannot write: %s",
		    strerror(errno));
		goto out;
	}
	fd = -1;
	fprintf(stderr, "sheaf: wrote %s: %zu articles, %zu categories\n",
	    path.data, b->narticles, b->subjects.n);
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	flush_diag(&d);
	diag_fini(&d);
	book_free(b);
	buf_fini(&path);
	buf_fini(&text);
	return rc;
}

/* The book.yml beside a single input folder, or NULL. */
static char *
beside(const char *const *inputs, size_t n)
{
	struct stat	 st;
	struct buf	 b = BUF_INIT;

	if (n != 1 || stat(inputs[0], &st) == -1 || !S_ISDIR(st.st_mode))
		return NULL;
	buf_printf(&b, "%s/book.yml", inputs[0]);
	if (stat(b.data, &st) == 0 && S_ISREG(st.st_mode))
		return buf_detach(&b);
	buf_fini(&b);
	return NULL;
}

int
main(int argc, char *argv[])
{
	struct config		 cli, base;
	struct opts		 o;
	struct diag		 d;
	struct config_file	*cf = NULL;
	struct config_book	 one, *bk;
	const char		*cmd;
	char			*found = NULL;
	size_t			 i, nbooks = 1, nin;
	int			 first, rc = 0;

	cleanup_init();
	xalloc_init();
	/*
	 * The zone glibc takes without TZ, named: unset, every mktime(3),
	 * libzip's for each entry of a book it reads included, looks at
	 * /etc/localtime again with a stat(2); named, once.
	 */
	setenv("TZ", ":/etc/localtime", 0);
	/*
	 * No fast bins: glibc walks them all (malloc_consolidate()) at
	 * each large allocation after many small frees, a seventh of a
	 * warm build's time; without them a build is faster, cold too.
	 */
	mallopt(M_MXFAST, 0);
	memset(&cli, 0, sizeof(cli));
	memset(&o, 0, sizeof(o));
	buf_init(&o.plan);
	memset(&one, 0, sizeof(one));
	cli.max_article = CONFIG_MAX_ARTICLE;
	cli.max_image_pixels = MEDIA_MAX_PIXELS;
	base = cli;
	diag_init(&d);

	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		fputs(help_text, stdout);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		puts("sheaf " SHEAF_VERSION);
		return 0;
	}
	if (argc < 2)
		usage();
	cmd = argv[1];
	if (strcmp(cmd, "-h") == 0) {
		fputs(help_text, stdout);
		return 0;
	}
	if (strcmp(cmd, "check") == 0)
		return main_check(argc - 1, argv + 1);
	if (strcmp(cmd, "completion") == 0)
		return main_completion(argc - 1, argv + 1);
	if (strcmp(cmd, "init") == 0) {
		if (argc > 3 || (argc == 3 && argv[2][0] == '-'))
			usage();
		return init(argc == 3 ? argv[2] : ".");
	}
	if (strcmp(cmd, "build") == 0)
		o.list = 0;
	else if (strcmp(cmd, "list") == 0)
		o.list = 1;
	else {
		fprintf(stderr, "sheaf: unknown command: %s\n", cmd);
		usage();
	}
	argc--, argv++;

	first = options(argc, argv, &cli, &o);
	nin = (size_t)(argc - first);
	if (o.config == NULL)
		o.config = found = beside((const char **)argv + first, nin);
	if (o.config == NULL && nin == 0) {
		fputs("sheaf: no INPUT given\n", stderr);
		usage();
	}

	/* book.yml first, then the options on top of each of its books. */
	if (o.config != NULL) {
		if ((cf = config_file_load(o.config, &base, &d)) == NULL) {
			rc = 1;
			goto out;
		}
		nbooks = config_file_nbooks(cf);
		for (i = 0; i < nbooks; i++) {
			bk = config_file_book(cf, i);
			options(argc, argv, &bk->cfg, &o);
			if (nin > 0) {
				bk->cfg.inputs = xreallocarray(bk->cfg.inputs,
				    nin, sizeof(*bk->cfg.inputs));
				memcpy(bk->cfg.inputs, argv + first,
				    nin * sizeof(*argv));
				bk->cfg.ninputs = nin;
			}
		}
	} else {
		one.cfg = cli;
		one.cfg.inputs = (const char **)argv + first;
		one.cfg.ninputs = nin;
	}
	flush_diag(&d);

	/* Every book needs somewhere to go before any is written. */
	for (i = 0; i < nbooks; i++) {
		bk = cf != NULL ? config_file_book(cf, i) : &one;
		if (o.output != NULL && nbooks == 1 &&
		    bk->cfg.split_by == SPLIT_NONE)
			bk->output = o.output;
		if (!o.list && bk->output == NULL) {
			fprintf(stderr, "sheaf: build needs -o BOOK.epub%s\n",
			    nbooks > 1 ? " (or output: for each book)" : "");
			usage();
		}
		if (bk->cfg.split_by != SPLIT_NONE && !o.list &&
		    strstr(bk->output, split_marks[bk->cfg.split_by]) ==
		    NULL) {
			diag_error(&d, o.config, 0, 0, "split-by needs %s "
			    "in output: %s", split_marks[bk->cfg.split_by],
			    bk->output);
			rc = 1;
		}
	}
	if (rc != 0)
		goto out;

	/* Several books are built in parallel, one process each. */
	if (!o.list && (nbooks > 1 || (cf != NULL &&
	    config_file_book(cf, 0)->cfg.split_by != SPLIT_NONE)))
		o.pool = main_jobs_new(cli.jobs);
	for (i = 0; i < nbooks; i++) {
		bk = cf != NULL ? config_file_book(cf, i) : &one;
		if (bk->cfg.split_by != SPLIT_NONE)
			rc |= run_split(&bk->cfg, bk->output, &o) != 0;
		else
			rc |= dispatch(&bk->cfg, bk->output, NULL, &o);
	}
	if (o.pool != NULL) {
		rc |= main_jobs_wait(o.pool, cli.quiet) > 0;
		if (cleanup_signal() != 0) {
			fprintf(stderr, "sheaf: interrupted (%s)\n",
			    strsignal(cleanup_signal()));
			rc = 128 + cleanup_signal();
		}
	}
	if (o.json) {
		printf("{\"books\": [\n%s\n]}\n", o.plan.data);
		if (fflush(stdout) == EOF || ferror(stdout)) {
			perror("sheaf: stdout");
			rc = 1;
		}
	}
out:
	flush_diag(&d);
	diag_fini(&d);
	config_file_free(cf);
	config_fini(&cli);
	main_jobs_free(o.pool);
	buf_fini(&o.plan);
	free(o.hmap);
	free(found);
	return rc;
}
