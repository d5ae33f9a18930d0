/*
 * sheaf: turn folders of articles into one EPUB 3 book.
 * main reads the command line, then runs the pipeline: collect the
 * articles into a book, convert each body to XHTML, package the zip.
 * It alone prints and exits; the stages report through struct diag.
 */
#include <errno.h>
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
#include "collect.h"
#include "config.h"
#include "convert.h"
#include "diag.h"
#include "media.h"
#include "package.h"
#include "xalloc.h"

enum {
	OPT_TITLE = 256,
	OPT_AUTHOR,
	OPT_LANGUAGE,
	OPT_COVER,
	OPT_GROUP_BY,
	OPT_ORDER,
	OPT_CATEGORY,
	OPT_TIMEZONE,
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
	{ "quiet",	no_argument,		NULL,	'q' },
	{ "verbose",	no_argument,		NULL,	'v' },
	{ "strict",	no_argument,		NULL,	OPT_STRICT },
	{ "jobs",	required_argument,	NULL,	'j' },
	{ "help",	no_argument,		NULL,	OPT_HELP },
	{ "version",	no_argument,		NULL,	OPT_VERSION },
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
"       sheaf --help | --version\n"
"\n"
"Turn folders of articles (Markdown or HTML with front matter) into one\n"
"EPUB 3 book. INPUT is a file or a folder, searched recursively for\n"
".md, .markdown, .html and .htm files.\n"
"\n"
"Commands:\n"
"  build                write the book given by -o\n"
"  list                 print the plan: chapters, articles, skipped files\n"
"\n"
"Options:\n"
"  -o, --output FILE    the book to write (build)\n"
"      --title TEXT     book title (default: the selected category or\n"
"                       the input folder's name)\n"
"      --author NAME    book author (default: the articles' authors)\n"
"      --language TAG   BCP 47 language (default: from the text)\n"
"      --cover FILE     a JPEG, PNG or GIF cover image\n"
"      --group-by KEY   chapters by category (default), month or none\n"
"      --order KEY      date (default), -date, title or path\n"
"      --category NAME  only articles in this category, at any level;\n"
"                       repeat for more\n"
"      --timezone ZONE  zone of dates written without one, as +08:00\n"
"                       (default: UTC)\n"
"  -j, --jobs N         convert with N threads (default: one a core);\n"
"                       the book is the same for every N\n"
"  -q, --quiet          no summary line\n"
"  -v, --verbose        more detail\n"
"      --strict         treat warnings as errors\n"
"  -h, --help           show this help\n"
"      --version        show the version\n"
"\n"
"Examples:\n"
"  sheaf build posts/ -o blog.epub\n"
"  sheaf build posts/ --category 新媒体 -o media.epub\n"
"  sheaf build posts/ --group-by month --order -date -o news.epub\n"
"\n"
"Exit status: 0 built, 1 the input or environment stopped the build,\n"
"2 the command line was wrong.\n";

static void
usage(void)
{
	fputs("usage: sheaf build [OPTIONS] INPUT... -o BOOK.epub\n"
	    "       sheaf list [OPTIONS] INPUT...\n"
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
		fputs(line.data, stderr);
	}
	buf_fini(&line);
}

/* The output must be a file in a folder that exists: check before work. */
static int
check_output(const char *path, struct diag *d)
{
	struct stat	 st;
	char		*copy, *dir;
	int		 rc = 0;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		diag_error(d, path, 0, 0, "output is a folder");
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

static void
summary(const struct book *b, const struct diag *d, const char *path,
    size_t size)
{
	size_t	 i, remote = 0;

	for (i = 0; i < b->narticles; i++)
		remote += b->articles[i]->nremote;
	fprintf(stderr, "sheaf: wrote %s: %zu chapter%s, %zu article%s, "
	    "%zu image%s, %zu remote image%s linked, %zu warning%s, "
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
	const char	**cats = NULL;
	size_t		 size = 0;
	int		 c, list, rc = 1;

	memset(&cfg, 0, sizeof(cfg));
	cfg.max_article = CONFIG_MAX_ARTICLE;
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
	if (strcmp(cmd, "build") == 0)
		list = 0;
	else if (strcmp(cmd, "list") == 0)
		list = 1;
	else {
		fprintf(stderr, "sheaf: unknown command: %s\n", cmd);
		usage();
	}
	argc--, argv++;

	while ((c = getopt_long(argc, argv, "hj:o:qv", long_options,
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
		case 'j':
			if (parse_jobs(optarg, &cfg.jobs) == -1) {
				fprintf(stderr, "sheaf: bad --jobs: %s "
				    "(want a number from 1 to 256)\n", optarg);
				usage();
			}
			break;
		case 'q':
			cfg.quiet = 1;
			break;
		case 'v':
			cfg.verbose = 1;
			break;
		case OPT_STRICT:
			cfg.strict = 1;
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
	if (convert_book(book, &cfg, &d) == -1 || diag_failed(&d))
		goto out;
	flush_diag(&d);
	if (package_write(book, &cfg, output, &d, &size) == -1)
		goto out;
	flush_diag(&d);
	if (!cfg.quiet)
		summary(book, &d, output, size);
	rc = 0;
out:
	flush_diag(&d);
	if (rc != 0 && !list && d.strict && d.nerr == 0 && d.nwarn > 0)
		fputs("sheaf: warnings are errors (--strict): "
		    "no book written\n", stderr);
	buf_fini(&out);
	book_free(book);
	free(cats);
	diag_fini(&d);
	return rc;
}
