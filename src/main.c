/*
 * sheaf: turn folders of articles into one EPUB 3 book.
 * main picks the command by its name from a table. build and list
 * read their options (main_options.c) and book.yml, then run the
 * pipeline for each book: collect the articles into a book, convert
 * each body to XHTML, fetch the images and place them, package the
 * zip (main_book.c does the work of each step). main and its main_*.c
 * files alone print and exit; the stages report through struct diag.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "book.h"
#include "buf.h"
#include "cleanup.h"
#include "collect.h"
#include "config.h"
#include "config_file.h"
#include "diag.h"
#include "media.h"
#include "xalloc.h"
#include "main_int.h"

/*
 * Build (or list) one book into output: the five steps, each done in
 * main_book.c. Returns 0, 1 on failure, or 128 + N after signal N.
 */
static int
run_book(const struct config *cfg, const char *output, struct main_opts *o)
{
	struct main_book	 b;

	if (main_book_start(&b, cfg, output, o) == -1)
		goto out;
	if (main_book_collect(&b) == -1)
		goto out;
	if (o->list)
		main_book_list(&b);
	else if (main_book_convert(&b) == 0 &&
	    main_book_fetch(&b) == 0 &&
	    main_book_place(&b) == 0 &&
	    main_book_package(&b) == 0)
		main_book_report(&b);
out:
	return main_book_end(&b);
}

static const char *const split_marks[] = {
	NULL, "{category}", "{year}", "{month}"
};

/* One book of a collection, for its child process (main_jobs.c). */
struct book_job {
	const struct config	*cfg;
	const char		*output;
	const char		*pattern;	/* split-by output, or NULL */
	struct main_opts	*o;
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
	    split_marks[j->cfg->sel.split_by], j->output) == -1)
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
    struct main_opts *o)
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
run_split(struct config *cfg, const char *pattern, struct main_opts *o)
{
	struct strlist	 values = { NULL, 0 };
	struct diag	 d;
	struct book	*all;
	struct buf	 title = BUF_INIT;
	const char	*given = cfg->meta.title;
	char		*output;
	size_t		 i;
	int		 failed = 0;

	diag_init(&d);
	all = collect_run(cfg, &d);
	if (all == NULL) {
		main_diag_flush(&d);
		diag_fini(&d);
		return 1;
	}
	collect_split_values(cfg, all, &values);
	book_free(all);
	diag_fini(&d);
	for (i = 0; i < values.n; i++) {
		cfg->sel.split_value = values.v[i];
		buf_reset(&title);
		if (given != NULL)
			buf_printf(&title, "%s — %s", given, values.v[i]);
		else
			buf_puts(&title, values.v[i]);
		cfg->meta.title = title.data;
		output = o->list ? NULL : expand(pattern, cfg->sel.split_by,
		    values.v[i]);
		failed += dispatch(cfg, output, pattern, o);
		free(output);
	}
	cfg->meta.title = given;
	cfg->sel.split_value = NULL;
	buf_fini(&title);
	strlist_fini(&values);
	return failed;
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

/* The books of a build or list command: argv, and book.yml if any. */
struct books {
	struct config		 cli;	/* what the options say */
	struct main_opts	 o;
	struct diag		 d;
	struct config_file	*cf;	/* book.yml, or NULL */
	struct config_book	 one;	/* the book, without book.yml */
	size_t			 n;	/* books */
	char			*found;	/* the book.yml beside INPUT */
};

static struct config_book *
book(struct books *bs, size_t i)
{
	return bs->cf != NULL ? config_file_book(bs->cf, i) : &bs->one;
}

/*
 * The options, then book.yml (given, or beside the one INPUT folder)
 * with the options again on top of each of its books. Returns -1 when
 * book.yml cannot be read; exits 2 on a wrong command line.
 */
static int
load(struct books *bs, int argc, char *argv[])
{
	struct config		 base = bs->cli;
	struct main_opts	*o = &bs->o;
	struct config_book	*bk;
	size_t			 i, nin;
	int			 first;

	first = main_options_parse(argc, argv, &bs->cli, o);
	nin = (size_t)(argc - first);
	if (o->config == NULL)
		o->config = bs->found = beside((const char **)argv + first,
		    nin);
	if (o->config == NULL && nin == 0) {
		fputs("sheaf: no INPUT given\n", stderr);
		main_usage();
	}
	if (o->config == NULL) {
		bs->one.cfg = bs->cli;
		bs->one.cfg.inputs = (const char **)argv + first;
		bs->one.cfg.ninputs = nin;
		bs->n = 1;
		return 0;
	}
	if ((bs->cf = config_file_load(o->config, &base, &bs->d)) == NULL)
		return -1;
	bs->n = config_file_nbooks(bs->cf);
	for (i = 0; i < bs->n; i++) {
		bk = config_file_book(bs->cf, i);
		main_options_parse(argc, argv, &bk->cfg, o);
		if (nin > 0) {
			bk->cfg.inputs = xreallocarray(bk->cfg.inputs,
			    nin, sizeof(*bk->cfg.inputs));
			memcpy(bk->cfg.inputs, argv + first,
			    nin * sizeof(*argv));
			bk->cfg.ninputs = nin;
		}
	}
	return 0;
}

/*
 * Every book needs somewhere to go before any is written. Returns -1
 * when a split-by output has no placeholder; exits 2 without -o.
 */
static int
outputs(struct books *bs)
{
	struct main_opts	*o = &bs->o;
	struct config_book	*bk;
	size_t			 i;
	int			 rc = 0;

	for (i = 0; i < bs->n; i++) {
		bk = book(bs, i);
		if (o->output != NULL && bs->n == 1 &&
		    bk->cfg.sel.split_by == SPLIT_NONE)
			bk->output = o->output;
		if (!o->list && bk->output == NULL) {
			fprintf(stderr, "sheaf: build needs -o BOOK.epub%s\n",
			    bs->n > 1 ? " (or output: for each book)" : "");
			main_usage();
		}
		if (bk->cfg.sel.split_by != SPLIT_NONE && !o->list &&
		    strstr(bk->output, split_marks[bk->cfg.sel.split_by]) ==
		    NULL) {
			diag_error(&bs->d, o->config, 0, 0, "split-by needs %s "
			    "in output: %s", split_marks[bk->cfg.sel.split_by],
			    bk->output);
			rc = -1;
		}
	}
	return rc;
}

/*
 * Build or list every book: several are built in parallel, one
 * process each. Returns the exit status.
 */
static int
run(struct books *bs)
{
	struct main_opts	*o = &bs->o;
	struct config_book	*bk;
	size_t			 i;
	int			 rc = 0;

	if (!o->list && (bs->n > 1 || (bs->cf != NULL &&
	    book(bs, 0)->cfg.sel.split_by != SPLIT_NONE)))
		o->pool = main_jobs_new(bs->cli.jobs);
	for (i = 0; i < bs->n; i++) {
		bk = book(bs, i);
		if (bk->cfg.sel.split_by != SPLIT_NONE)
			rc |= run_split(&bk->cfg, bk->output, o) != 0;
		else
			rc |= dispatch(&bk->cfg, bk->output, NULL, o);
	}
	if (o->pool != NULL) {
		rc |= main_jobs_wait(o->pool, bs->cli.quiet) > 0;
		if (cleanup_signal() != 0) {
			fprintf(stderr, "sheaf: interrupted (%s)\n",
			    strsignal(cleanup_signal()));
			rc = 128 + cleanup_signal();
		}
	}
	if (o->json) {
		printf("{\"books\": [\n%s\n]}\n", o->plan.data);
		if (fflush(stdout) == EOF || ferror(stdout)) {
			perror("sheaf: stdout");
			rc = 1;
		}
	}
	return rc;
}

/* sheaf build and sheaf list: argv from the command's name on. */
static int
books(int argc, char *argv[], int list)
{
	struct books	 bs;
	int		 rc = 1;

	memset(&bs, 0, sizeof(bs));
	bs.cli.max_article = CONFIG_MAX_ARTICLE;
	bs.cli.images.max_image_pixels = MEDIA_MAX_PIXELS;
	bs.o.list = list;
	buf_init(&bs.o.plan);
	diag_init(&bs.d);
	if (load(&bs, argc, argv) == 0) {
		main_diag_flush(&bs.d);
		if (outputs(&bs) == 0)
			rc = run(&bs);
	}
	main_diag_flush(&bs.d);
	diag_fini(&bs.d);
	config_file_free(bs.cf);
	config_fini(&bs.cli);
	main_jobs_free(bs.o.pool);
	buf_fini(&bs.o.plan);
	free(bs.o.hmap);
	free(bs.found);
	return rc;
}

static int
build(int argc, char *argv[])
{
	return books(argc, argv, 0);
}

static int
list(int argc, char *argv[])
{
	return books(argc, argv, 1);
}

static int
help(int argc, char *argv[])
{
	main_help();
	return 0;
}

static int
version(int argc, char *argv[])
{
	main_version();
	return 0;
}

/* The commands, by argv[1]; each gets argv from its name on. */
static const struct command {
	const char	*name;
	int		(*run)(int argc, char *argv[]);
} commands[] = {
	{ "build",	build },
	{ "list",	list },
	{ "init",	main_init },
	{ "check",	main_check },
	{ "completion",	main_completion },
	{ "--help",	help },
	{ "-h",		help },
	{ "--version",	version },
	{ NULL,		NULL }
};

int
main(int argc, char *argv[])
{
	const struct command	*c;

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
	if (argc < 2)
		main_usage();
	for (c = commands; c->name != NULL; c++)
		if (strcmp(argv[1], c->name) == 0)
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "sheaf: unknown command: %s\n", argv[1]);
	main_usage();
}
