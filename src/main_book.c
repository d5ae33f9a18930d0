/*
 * The work of each step of one book, for run_book() in main.c: ready
 * the book (and, to build, its output), collect, then list the plan or
 * convert, fetch the images, place them, package, and report: the
 * summary, and sheaf check with --check. Each step prints the messages
 * it added; the last one says why no book was written.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
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
#include "convert.h"
#include "diag.h"
#include "fetch.h"
#include "media.h"
#include "package.h"
#include "xalloc.h"
#include "main_int.h"

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

int
main_book_start(struct main_book *b, const struct config *cfg,
    const char *output, struct main_opts *o)
{
	memset(b, 0, sizeof(*b));
	clock_gettime(CLOCK_MONOTONIC, &b->t0);
	b->cfg = *cfg;
	b->cfg.output = o->list ? NULL : output;
	b->output = output;
	b->o = o;
	b->rc = 1;
	diag_init(&b->d);
	b->d.strict = cfg->strict;
	b->d.verbose = cfg->verbose;
	if (o->list)
		return 0;
	if (check_output(output, &b->d) == -1)
		return -1;
	b->ahead = package_ahead_start(&b->cfg, output);
	return 0;
}

int
main_book_collect(struct main_book *b)
{
	if ((b->book = collect_run(&b->cfg, &b->d)) == NULL)
		return -1;
	b->t[0] = seconds_since(&b->t0);
	main_diag_flush(&b->d);
	return 0;
}

void
main_book_list(struct main_book *b)
{
	struct main_opts	*o = b->o;
	struct buf		 out = BUF_INIT;

	if (o->json) {
		if (o->nplans++ > 0)
			BUF_PUTSL(&o->plan, ",\n");
		collect_dump_json(b->book, &o->plan);
		b->rc = diag_failed(&b->d);
		return;
	}
	collect_dump(b->book, &out);
	fputs(out.data, stdout);
	if (fflush(stdout) == EOF || ferror(stdout))
		perror("sheaf: stdout");
	else
		b->rc = diag_failed(&b->d);
	buf_fini(&out);
}

int
main_book_convert(struct main_book *b)
{
	struct config	*cfg = &b->cfg;

	if (!cfg->quiet && isatty(STDERR_FILENO)) {
		main_progress_start(1, b->book->narticles);
		b->prog.article = main_progress_article;
		b->prog.images = main_progress_images;
		b->prog.write = main_progress_write;
		b->progp = &b->prog;
	}
	if (convert_book(b->book, cfg, b->progp, &b->d) == -1 ||
	    diag_failed(&b->d) || cleanup_signal() != 0)
		return -1;
	b->t[1] = seconds_since(&b->t0);
	main_diag_flush(&b->d);
	return 0;
}

int
main_book_fetch(struct main_book *b)
{
	const struct config	*cfg = &b->cfg;
	const struct book	*book = b->book;
	struct fetch_stats	 fst;

	fetch_book(b->book, cfg, &b->d, &fst, b->progp);
	if (cfg->verbose && book->media->rn > 0)
		diag_note(&b->d, NULL, 0, 0, "%zu remote image%s: %zu from "
		    "the cache, %zu request%s, at most %zu in flight, %.2f s",
		    book->media->rn, book->media->rn == 1 ? "" : "s",
		    fst.cache_hits, fst.requests, fst.requests == 1 ? "" : "s",
		    fst.max_inflight, fst.seconds);
	if (fst.cache_bad > 0)
		diag_note(&b->d, NULL, 0, 0, "%zu damaged cache entr%s dropped",
		    fst.cache_bad,
		    fst.cache_bad == 1 ? "y" : "ies");
	return 0;
}

int
main_book_place(struct main_book *b)
{
	if (convert_place_images(b->book, &b->cfg, &b->d) == -1 ||
	    diag_failed(&b->d) || cleanup_signal() != 0)
		return -1;
	b->t[2] = seconds_since(&b->t0);
	main_diag_flush(&b->d);
	return 0;
}

int
main_book_package(struct main_book *b)
{
	struct package_ahead	*ahead = b->ahead;

	b->ahead = NULL;	/* package_write's, whatever it returns */
	return package_write(b->book, &b->cfg, b->output, ahead, b->progp,
	    &b->d, &b->size) == -1 ? -1 : 0;
}

/* build --check: check's own verdict on the book just written. */
static int
check(struct main_book *b)
{
	b->d.strict = 0;
	check_epub(b->output, &b->d);
	main_check_print(&b->d);
	return b->d.nerr > 0;
}

void
main_book_report(struct main_book *b)
{
	const struct config	*cfg = &b->cfg;

	main_progress_end();
	if (cfg->verbose && !cfg->quiet)
		diag_note(&b->d, NULL, 0, 0, "stages: collect %.2f s, convert "
		    "%.2f s, images %.2f s, package %.2f s", b->t[0],
		    b->t[1] - b->t[0], b->t[2] - b->t[1],
		    seconds_since(&b->t0) - b->t[2]);
	main_diag_flush(&b->d);
	if (cfg->verbose && !cfg->quiet)
		main_packed(b->book);
	if (!cfg->quiet)
		main_summary(b->book, &b->d, b->output, b->size,
		    seconds_since(&b->t0));
	b->rc = b->o->check ? check(b) : 0;
}

int
main_book_end(struct main_book *b)
{
	int	 rc = b->rc;

	package_ahead_cancel(b->ahead);
	main_progress_end();
	main_diag_flush(&b->d);
	if (rc != 0 && cleanup_signal() != 0) {
		fprintf(stderr, "sheaf: interrupted (%s): %s\n",
		    strsignal(cleanup_signal()), b->o->list ? "stopped" :
		    "no book written");
		rc = 128 + cleanup_signal();
	} else if (rc != 0 && !b->o->list && b->d.strict && b->d.nerr == 0 &&
	    b->d.nwarn > 0)
		fputs("sheaf: warnings are errors (--strict): "
		    "no book written\n", stderr);
	book_free(b->book);
	diag_fini(&b->d);
	return rc;
}
