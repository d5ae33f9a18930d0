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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "book.h"
#include "buf.h"
#include "cleanup.h"
#include "collect.h"
#include "config.h"
#include "convert.h"
#include "diag.h"
#include "fetch.h"
#include "media.h"
#include "package.h"
#include "xalloc.h"
#include "check.h"
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
	OPT_THEME,
	OPT_CSS,
	OPT_VERTICAL,
	OPT_STRICT,
	OPT_OFFLINE,
	OPT_CACHE_DIR,
	OPT_ALLOW_PRIVATE,
	OPT_HOST_MAP,
	OPT_MAX_PIXELS,
	OPT_IMAGE_TIMEOUT,
	OPT_KEEP_PROXIES,
	OPT_FUTURE,
	OPT_SITE_ROOT,
	OPT_HELP,
	OPT_VERSION,
	OPT_CHECK,
	OPT_COLOR
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
	{ "theme",	required_argument,	NULL,	OPT_THEME },
	{ "css",	required_argument,	NULL,	OPT_CSS },
	{ "vertical",	no_argument,		NULL,	OPT_VERTICAL },
	{ "quiet",	no_argument,		NULL,	'q' },
	{ "verbose",	no_argument,		NULL,	'v' },
	{ "strict",	no_argument,		NULL,	OPT_STRICT },
	{ "offline",	no_argument,		NULL,	OPT_OFFLINE },
	{ "cache-dir",	required_argument,	NULL,	OPT_CACHE_DIR },
	{ "allow-private-hosts", no_argument,	NULL,	OPT_ALLOW_PRIVATE },
	{ "image-host-map", required_argument,	NULL,	OPT_HOST_MAP },
	{ "max-image-pixels", required_argument, NULL,	OPT_MAX_PIXELS },
	{ "image-timeout", required_argument,	NULL,	OPT_IMAGE_TIMEOUT },
	{ "no-unwrap-proxies", no_argument,	NULL,	OPT_KEEP_PROXIES },
	{ "future",	no_argument,		NULL,	OPT_FUTURE },
	{ "site-root",	required_argument,	NULL,	OPT_SITE_ROOT },
	{ "help",	no_argument,		NULL,	OPT_HELP },
	{ "version",	no_argument,		NULL,	OPT_VERSION },
	{ "check",	no_argument,		NULL,	OPT_CHECK },
	{ "color",	required_argument,	NULL,	OPT_COLOR },
	{ NULL,		0,			NULL,	0 }
};

struct keyword {
	const char	*name;
	int		 value;
};

static const struct keyword group_names[] = {
	{ "category",	GROUP_CATEGORY },
	{ "month",	GROUP_MONTH },
	{ "none",	GROUP_NONE },
	{ NULL,		0 }
};

static const struct keyword order_names[] = {
	{ "date",	ORDER_DATE },
	{ "-date",	ORDER_DATE_DESC },
	{ "title",	ORDER_TITLE },
	{ "path",	ORDER_PATH },
	{ NULL,		0 }
};

static const char help_text[] =
"usage: sheaf build [OPTIONS] INPUT... -o BOOK.epub\n"
"       sheaf list [OPTIONS] INPUT...\n"
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
"      --group-by KEY   chapters by category (default), month or none\n"
"      --order KEY      date (default), -date, title or path\n"
"      --category NAME  only articles in this category, at any level;\n"
"                       repeat for more\n"
"      --timezone ZONE  zone of dates written without one, as +08:00\n"
"                       (default: UTC)\n"
"      --theme NAME     default (CJK-ready), serif, sans, or plain (the\n"
"                       reader's own settings as far as possible)\n"
"      --css FILE       a stylesheet added after the theme\n"
"      --vertical       vertical writing, pages turning right to left\n"
"      --future         keep articles dated in the future\n"
"      --site-root DIR  the blog's site folder, where /images/x.png\n"
"                       starts (default: found above the posts)\n"
"  -q, --quiet          no summary line\n"
"  -v, --verbose        more detail\n"
"      --strict         treat warnings as errors (a missing image too)\n"
"      --check          run sheaf check on the book just written\n"
"      --color WHEN     colour in messages: auto (on a terminal,\n"
"                       unless NO_COLOR is set), always or never\n"
"\n"
"Images (remote ones are fetched, cached and embedded):\n"
"      --offline        use only images already in the cache\n"
"      --cache-dir DIR  the image cache (default: $XDG_CACHE_HOME/sheaf)\n"
"      --allow-private-hosts  fetch from loopback, private and link-local\n"
"                       addresses too (refused by default)\n"
"      --image-host-map FROM=TO  fetch images of host (or URL prefix)\n"
"                       FROM from TO instead; repeat for more\n"
"      --max-image-pixels N  scale larger images down (default 4000000)\n"
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
"  sheaf build --check posts/ -o blog.epub\n"
"  sheaf check --epubcheck book.epub\n"
"  sheaf completion bash > /etc/bash_completion.d/sheaf\n"
"\n"
"Exit status: 0 built, 1 the input or environment stopped the build,\n"
"2 the command line was wrong.\n";

static void
usage(void)
{
	fputs("usage: sheaf build [OPTIONS] INPUT... -o BOOK.epub\n"
	    "       sheaf list [OPTIONS] INPUT...\n"
	    "       sheaf check [--epubcheck] [--strict] BOOK.epub...\n"
	    "       sheaf completion bash|zsh|fish\n"
	    "       sheaf --help | --version\n", stderr);
	exit(2);
}

static int
keyword(const struct keyword *k, const char *opt, const char *s)
{
	for (; k->name != NULL; k++)
		if (strcmp(k->name, s) == 0)
			return k->value;
	fprintf(stderr, "sheaf: unknown --%s value: %s\n", opt, s);
	usage();
	return -1;
}

/* "+08:00", "-0530", "Z", "UTC" → seconds east of UTC. */
static int
parse_zone(const char *s, long *off)
{
	int	 h, m = 0, sign;

	if (strcmp(s, "Z") == 0 || strcmp(s, "UTC") == 0) {
		*off = 0;
		return 0;
	}
	if (s[0] != '+' && s[0] != '-')
		return -1;
	sign = s[0] == '-' ? -1 : 1;
	if (sscanf(s + 1, "%2d:%2d", &h, &m) < 1 &&
	    sscanf(s + 1, "%2d%2d", &h, &m) < 1)
		return -1;
	if (h > 14 || m > 59)
		return -1;
	*off = sign * (h * 3600L + m * 60L);
	return 0;
}

/* Print the messages the stages have added since the last call. */
static void
flush_diag(struct diag *d)
{
	struct buf	 line = BUF_INIT;

	for (; d->printed < d->n; d->printed++) {
		buf_reset(&line);
		BUF_PUTSL(&line, "sheaf: ");
		diag_format(&d->msgs[d->printed], &line);
		buf_putc(&line, '\n');
		main_diag_put(line.data, d->msgs[d->printed].level);
	}
	buf_fini(&line);
}

/* The output must be a file in a folder that exists: check before work. */
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

/* "fetching images: done/total" on a terminal, erased at the end. */
static void
progress(void *arg, size_t done, size_t total)
{
	fprintf(stderr, "\rsheaf: fetching images: %zu/%zu", done, total);
	if (done == total)
		fputs("\r\033[K", stderr);
}

/* A positive number option, or usage. */
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

static void
summary(const struct book *b, const struct diag *d, const char *path,
    size_t size)
{
	size_t	 i, remote = 0;

	for (i = 0; i < b->narticles; i++)
		remote += b->articles[i]->nmissing;
	fprintf(stderr, "sheaf: wrote %s: %zu chapter%s, %zu article%s, "
	    "%zu image%s, %zu image%s missing, %zu warning%s, "
	    "%.1f KiB\n", path,
	    b->nchapters, b->nchapters == 1 ? "" : "s",
	    b->narticles, b->narticles == 1 ? "" : "s",
	    b->media ? b->media->n : 0, b->media && b->media->n == 1 ? "" : "s",
	    remote, remote == 1 ? "" : "s",
	    d->nwarn, d->nwarn == 1 ? "" : "s", size / 1024.0);
}

int
main(int argc, char *argv[])
{
	struct config	 cfg;
	struct diag	 d;
	struct book	*book = NULL;
	struct buf	 out = BUF_INIT;
	const char	*output = NULL, *cmd;
	const char	**cats = NULL, **hmap = NULL;
	struct fetch_stats fst;
	size_t		 size = 0;
	int		 c, list, check = 0, rc = 1;

	cleanup_init();
	memset(&cfg, 0, sizeof(cfg));
	cfg.max_article = CONFIG_MAX_ARTICLE;
	cfg.max_image_pixels = MEDIA_MAX_PIXELS;
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
	if (strcmp(cmd, "build") == 0)
		list = 0;
	else if (strcmp(cmd, "list") == 0)
		list = 1;
	else {
		fprintf(stderr, "sheaf: unknown command: %s\n", cmd);
		usage();
	}
	argc--, argv++;

	while ((c = getopt_long(argc, argv, "ho:qv", long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case OPT_TITLE:
			cfg.title = optarg;
			break;
		case OPT_AUTHOR:
			cfg.author = optarg;
			break;
		case OPT_LANGUAGE:
			cfg.language = optarg;
			break;
		case OPT_COVER:
			cfg.cover = optarg;
			break;
		case OPT_GROUP_BY:
			cfg.group_by = keyword(group_names, "group-by", optarg);
			break;
		case OPT_ORDER:
			cfg.order = keyword(order_names, "order", optarg);
			break;
		case OPT_CATEGORY:
			cats = xreallocarray(cats, cfg.ncategories + 1,
			    sizeof(*cats));
			cats[cfg.ncategories++] = optarg;
			cfg.categories = cats;
			break;
		case OPT_TIMEZONE:
			if (parse_zone(optarg, &cfg.tz_offset) == -1) {
				fprintf(stderr, "sheaf: bad --timezone: %s "
				    "(want +HH:MM, -HH:MM or UTC)\n", optarg);
				usage();
			}
			break;
		case OPT_THEME:
			if (!package_theme_known(optarg)) {
				fprintf(stderr, "sheaf: unknown --theme value: "
				    "%s (want default, serif, sans or plain)\n",
				    optarg);
				usage();
			}
			cfg.theme = optarg;
			break;
		case OPT_CSS:
			cfg.css = optarg;
			break;
		case OPT_VERTICAL:
			cfg.vertical = 1;
			break;
		case 'q':
			cfg.quiet = 1;
			break;
		case 'v':
			cfg.verbose = 1;
			break;
		case OPT_FUTURE:
			cfg.future = 1;
			break;
		case OPT_SITE_ROOT:
			cfg.site_root = optarg;
			break;
		case OPT_STRICT:
			cfg.strict = 1;
			break;
		case OPT_OFFLINE:
			cfg.offline = 1;
			break;
		case OPT_CACHE_DIR:
			cfg.cache_dir = optarg;
			break;
		case OPT_ALLOW_PRIVATE:
			cfg.allow_private_hosts = 1;
			break;
		case OPT_HOST_MAP:
			if (strchr(optarg, '=') == NULL || optarg[0] == '=') {
				fprintf(stderr, "sheaf: --image-host-map wants "
				    "FROM=TO: %s\n", optarg);
				usage();
			}
			hmap = xreallocarray(hmap, cfg.nimage_host_map + 1,
			    sizeof(*hmap));
			hmap[cfg.nimage_host_map++] = optarg;
			cfg.image_host_map = hmap;
			break;
		case OPT_MAX_PIXELS:
			cfg.max_image_pixels = (size_t)number("max-image-pixels",
			    optarg);
			break;
		case OPT_IMAGE_TIMEOUT:
			cfg.image_timeout = number("image-timeout", optarg);
			break;
		case OPT_KEEP_PROXIES:
			cfg.keep_proxies = 1;
			break;
		case OPT_CHECK:
			check = 1;
			break;
		case OPT_COLOR:
			if (main_color_set(optarg) == -1) {
				fprintf(stderr, "sheaf: bad --color: %s (want "
				    "auto, always or never)\n", optarg);
				usage();
			}
			break;
		case 'h':
		case OPT_HELP:
			fputs(help_text, stdout);
			return 0;
		case OPT_VERSION:
			puts("sheaf " SHEAF_VERSION);
			return 0;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		fputs("sheaf: no INPUT given\n", stderr);
		usage();
	}
	if (!list && output == NULL) {
		fputs("sheaf: build needs -o BOOK.epub\n", stderr);
		usage();
	}
	cfg.inputs = (const char **)argv;
	cfg.ninputs = (size_t)argc;
	d.strict = cfg.strict;
	d.verbose = cfg.verbose;

	if (!list && check_output(output, &d) == -1)
		goto out;
	if ((book = collect_run(&cfg, &d)) == NULL)
		goto out;
	flush_diag(&d);
	if (list) {
		collect_dump(book, &out);
		fputs(out.data, stdout);
		if (fflush(stdout) == EOF || ferror(stdout)) {
			perror("sheaf: stdout");
			goto out;
		}
		rc = diag_failed(&d);
		goto out;
	}
	if (convert_book(book, &cfg, &d) == -1 || diag_failed(&d) ||
	    cleanup_signal() != 0)
		goto out;
	flush_diag(&d);
	fetch_book(book, &cfg, &d, &fst, !cfg.quiet && isatty(STDERR_FILENO) ?
	    progress : NULL, NULL);
	if (cfg.verbose && book->media->rn > 0)
		diag_note(&d, NULL, 0, 0, "%zu remote image%s: %zu from the "
		    "cache, %zu request%s, at most %zu in flight, %.2f s",
		    book->media->rn, book->media->rn == 1 ? "" : "s",
		    fst.cache_hits, fst.requests, fst.requests == 1 ? "" : "s",
		    fst.max_inflight, fst.seconds);
	if (fst.cache_bad > 0)
		diag_note(&d, NULL, 0, 0, "%zu damaged cache entr%s dropped",
		    fst.cache_bad,
		    fst.cache_bad == 1 ? "y" : "ies");
	if (convert_place_images(book, &cfg, &d) == -1 || diag_failed(&d))
		goto out;
	flush_diag(&d);
	if (package_write(book, &cfg, output, &d, &size) == -1)
		goto out;
	flush_diag(&d);
	if (!cfg.quiet)
		summary(book, &d, output, size);
	rc = 0;
	if (check) {
		d.strict = 0;	/* the book is written: check's own verdict */
		check_epub(output, &d);
		main_check_print(&d);
		rc = d.nerr > 0;
	}
out:
	flush_diag(&d);
	if (rc != 0 && cleanup_signal() != 0) {
		fprintf(stderr, "sheaf: interrupted (%s): %s\n",
		    strsignal(cleanup_signal()), list ? "stopped" :
		    "no book written");
		rc = 128 + cleanup_signal();
	} else if (rc != 0 && !list && d.strict && d.nerr == 0 && d.nwarn > 0)
		fputs("sheaf: warnings are errors (--strict): "
		    "no book written\n", stderr);
	buf_fini(&out);
	book_free(book);
	free(cats);
	free(hmap);
	diag_fini(&d);
	return rc;
}
