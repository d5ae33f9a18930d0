/*
 * The "sheaf check" command, beside main.c: read its options, check
 * each book (and run epubcheck on it with --epubcheck), print the
 * findings as "BOOK/NAME(LINE): level: text [RULE]" on standard error,
 * and return the exit status: 1 when any book has an error.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "diag.h"
#include "main_int.h"

/* Its options, to getopt_long and to completion. */
const struct option main_check_options[] = {
	{ "epubcheck",	no_argument,	NULL,	'e' },
	{ "strict",	no_argument,	NULL,	's' },
	{ "quiet",	no_argument,	NULL,	'q' },
	{ "color",	required_argument, NULL, 'C' },
	{ "help",	no_argument,	NULL,	'h' },
	{ NULL,		0,		NULL,	0 }
};

static const char check_usage[] =
"usage: sheaf check [--epubcheck] [--strict] BOOK.epub...\n";

void
main_check_print(struct diag *d)
{
	struct buf	 line = BUF_INIT;

	for (; d->printed < d->n; d->printed++) {
		buf_reset(&line);
		check_format(&d->msgs[d->printed], &line);
		buf_putc(&line, '\n');
		main_diag_put(line.data, d->msgs[d->printed].level);
	}
	buf_fini(&line);
}

int
main_check(int argc, char *argv[])
{
	struct diag	 d;
	int		 c, i, epubcheck = 0, quiet = 0, rc;

	diag_init(&d);
	while ((c = getopt_long(argc, argv, "hq", main_check_options,
	    NULL)) != -1) {
		switch (c) {
		case 'e':
			epubcheck = 1;
			break;
		case 's':
			d.strict = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'C':
			if (main_color_set(optarg) == -1)
				goto usage;
			break;
		case 'h':
			fputs(check_usage, stdout);
			diag_fini(&d);
			return 0;
		default:
			goto usage;
		}
	}
	if (optind >= argc)
		goto usage;
	for (i = optind; i < argc; i++) {
		check_epub(argv[i], &d);
		if (epubcheck)
			check_epubcheck(argv[i], &d);
		main_check_print(&d);
	}
	if (!quiet)
		fprintf(stderr, "sheaf: checked %d book%s: %zu error%s, "
		    "%zu warning%s\n", argc - optind,
		    argc - optind == 1 ? "" : "s", d.nerr,
		    d.nerr == 1 ? "" : "s", d.nwarn, d.nwarn == 1 ? "" : "s");
	rc = diag_failed(&d) ? 1 : 0;
	diag_fini(&d);
	return rc;
usage:
	fputs(check_usage, stderr);
	diag_fini(&d);
	return 2;
}
