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
	struct main_opts		*o;
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
	const char	*given = cfg->title;
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
	main_diag_flush(&d);
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
	struct main_opts		 o;
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
		main_help();
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		main_version();
		return 0;
	}
	if (argc < 2)
		main_usage();
	cmd = argv[1];
	if (strcmp(cmd, "-h") == 0) {
		main_help();
		return 0;
	}
	if (strcmp(cmd, "check") == 0)
		return main_check(argc - 1, argv + 1);
	if (strcmp(cmd, "completion") == 0)
		return main_completion(argc - 1, argv + 1);
	if (strcmp(cmd, "init") == 0) {
		if (argc > 3 || (argc == 3 && argv[2][0] == '-'))
			main_usage();
		return init(argc == 3 ? argv[2] : ".");
	}
	if (strcmp(cmd, "build") == 0)
		o.list = 0;
	else if (strcmp(cmd, "list") == 0)
		o.list = 1;
	else {
		fprintf(stderr, "sheaf: unknown command: %s\n", cmd);
		main_usage();
	}
	argc--, argv++;

	first = main_options_parse(argc, argv, &cli, &o);
	nin = (size_t)(argc - first);
	if (o.config == NULL)
		o.config = found = beside((const char **)argv + first, nin);
	if (o.config == NULL && nin == 0) {
		fputs("sheaf: no INPUT given\n", stderr);
		main_usage();
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
			main_options_parse(argc, argv, &bk->cfg, &o);
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
	main_diag_flush(&d);

	/* Every book needs somewhere to go before any is written. */
	for (i = 0; i < nbooks; i++) {
		bk = cf != NULL ? config_file_book(cf, i) : &one;
		if (o.output != NULL && nbooks == 1 &&
		    bk->cfg.split_by == SPLIT_NONE)
			bk->output = o.output;
		if (!o.list && bk->output == NULL) {
			fprintf(stderr, "sheaf: build needs -o BOOK.epub%s\n",
			    nbooks > 1 ? " (or output: for each book)" : "");
			main_usage();
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
	main_diag_flush(&d);
	diag_fini(&d);
	config_file_free(cf);
	config_fini(&cli);
	main_jobs_free(o.pool);
	buf_fini(&o.plan);
	free(o.hmap);
	free(found);
	return rc;
}
