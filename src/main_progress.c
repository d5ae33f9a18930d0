/*
 * The progress line of a build on a terminal: articles converted,
 * images fetched, bytes written, on one line of standard error that is
 * redrawn at most every 100 ms and erased at the end. main turns it on
 * only when standard error is a terminal and -q is not given, so no
 * carriage return or escape ever reaches a pipe. Converting threads
 * may call main_progress_article() at once: the count is atomic, and a
 * try-lock lets one of them draw while the others go on.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "main_int.h"

#define PROGRESS_MS	100	/* between two drawings at least */

static struct {
	int		 on;
	size_t		 narticles;
	atomic_size_t	 articles;
	size_t		 images, nimages;	/* the fetch stage's */
	size_t		 written, nwritten;	/* the packager's */
	atomic_flag	 drawing;
	atomic_llong	 last;		/* ms of the last drawing */
	atomic_int	 shown;		/* a line is on the terminal */
} pg = { .drawing = ATOMIC_FLAG_INIT };

static long long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "1.2 MiB" or "340 KiB" into out. */
static void
amount(size_t n, char *out, size_t sz)
{
	if (n >= (size_t)1 << 20)
		snprintf(out, sz, "%.1f MiB", n / 1048576.0);
	else
		snprintf(out, sz, "%zu KiB", (n + 1023) / 1024);
}

/* Draw the line, unless another thread is drawing or it is too soon. */
static void
draw(int force)
{
	char		 a[32], b[32];
	long long	 t = now_ms();

	if (!pg.on || (!force && t - atomic_load(&pg.last) < PROGRESS_MS))
		return;
	if (atomic_flag_test_and_set(&pg.drawing))
		return;
	atomic_store(&pg.last, t);
	fprintf(stderr, "\rsheaf: articles %zu/%zu",
	    atomic_load(&pg.articles), pg.narticles);
	if (pg.nimages > 0)
		fprintf(stderr, ", images %zu/%zu", pg.images, pg.nimages);
	if (pg.nwritten > 0) {
		amount(pg.written, a, sizeof(a));
		amount(pg.nwritten, b, sizeof(b));
		fprintf(stderr, ", written %s of %s", a, b);
	}
	fputs("\033[K", stderr);
	fflush(stderr);
	atomic_store(&pg.shown, 1);
	atomic_flag_clear(&pg.drawing);
}

void
main_progress_start(int on, size_t narticles)
{
	pg.on = on;
	pg.narticles = narticles;
	atomic_store(&pg.articles, 0);
	pg.images = pg.nimages = pg.written = pg.nwritten = 0;
	atomic_store(&pg.last, 0);
	if (on)
		draw(1);
}

void
main_progress_article(void *arg)
{
	atomic_fetch_add(&pg.articles, 1);
	draw(0);
}

void
main_progress_images(void *arg, size_t done, size_t total)
{
	pg.images = done;
	pg.nimages = total;
	draw(done == total);
}

void
main_progress_write(void *arg, size_t done, size_t total)
{
	pg.written = done;
	pg.nwritten = total;
	draw(0);
}

void
main_progress_clear(void)
{
	if (pg.on && atomic_exchange(&pg.shown, 0)) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}

void
main_progress_end(void)
{
	main_progress_clear();
	pg.on = 0;
}
