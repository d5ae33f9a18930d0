/*
 * Diagnostics on standard error: the stages' messages as the build
 * goes, and colour in them: the level word ("error", "warning") in
 * red or magenta, on a terminal only, never with NO_COLOR set or
 * --color=never, so no escape sequence reaches a pipe or a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "main_int.h"

enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

static int	 color_when = COLOR_AUTO;

int
main_color_set(const char *when)
{
	if (strcmp(when, "auto") == 0)
		color_when = COLOR_AUTO;
	else if (strcmp(when, "always") == 0)
		color_when = COLOR_ALWAYS;
	else if (strcmp(when, "never") == 0)
		color_when = COLOR_NEVER;
	else
		return -1;
	return 0;
}

static int
use_color(void)
{
	const char	*nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (color_when != COLOR_AUTO)
		return color_when == COLOR_ALWAYS;
	return nc == NULL || *nc == '\0' ? isatty(STDERR_FILENO) &&
	    term != NULL && strcmp(term, "dumb") != 0 : 0;
}

void
main_diag_put(const char *line, enum diag_level level)
{
	static const char *const word[] = { ": note: ", ": warning: ",
	    ": error: " };
	static const char *const sgr[] = { "\033[1;36m", "\033[1;35m",
	    "\033[1;31m" };
	const char	*p;
	size_t		 n = strlen(word[level]);

	if (!use_color() || (p = strstr(line, word[level])) == NULL) {
		fputs(line, stderr);
		return;
	}
	fwrite(line, 1, (size_t)(p - line) + 2, stderr);
	fprintf(stderr, "%s%.*s\033[0m", sgr[level], (int)(n - 4), p + 2);
	fputs(p + n - 2, stderr);
}

void
main_diag_flush(struct diag *d)
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
