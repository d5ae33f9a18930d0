/*
 * The diagnostics sink: every stage reports here, main prints. A
 * message carries file, line, column and level; the worst level seen
 * decides sheaf's exit status.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "diag.h"
#include "xalloc.h"

static const char *const level_names[] = {
	"note",		/* DIAG_NOTE */
	"warning",	/* DIAG_WARNING */
	"error",	/* DIAG_ERROR */
};

void
diag_init(struct diag *d)
{
	d->msgs = NULL;
	d->n = d->cap = d->printed = 0;
	d->nwarn = d->nerr = 0;
	d->strict = d->verbose = 0;
	pthread_mutex_init(&d->lock, NULL);
}

void
diag_fini(struct diag *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++) {
		free(d->msgs[i].file);
		free(d->msgs[i].text);
	}
	free(d->msgs);
	pthread_mutex_destroy(&d->lock);
}

static void
add(struct diag *d, enum diag_level level, const char *file, int line,
    int col, const char *fmt, va_list ap)
{
	struct diag_msg	*m;
	struct buf	 text = BUF_INIT;
	va_list		 aq;
	int		 n;

	if (level == DIAG_NOTE && !d->verbose)
		return;
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n > 0) {
		buf_grow(&text, (size_t)n);
		vsnprintf(text.data, (size_t)n + 1, fmt, ap);
		text.len = (size_t)n;
	}
	pthread_mutex_lock(&d->lock);
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->msgs = xreallocarray(d->msgs, d->cap, sizeof(*d->msgs));
	}
	m = &d->msgs[d->n++];
	m->file = file ? xstrdup(file) : NULL;
	m->line = line;
	m->col = col;
	m->level = level;
	m->text = buf_detach(&text);
	if (level == DIAG_ERROR)
		d->nerr++;
	else if (level == DIAG_WARNING)
		d->nwarn++;
	pthread_mutex_unlock(&d->lock);
}

void
diag_error(struct diag *d, const char *file, int line, int col,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	add(d, DIAG_ERROR, file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_warn(struct diag *d, const char *file, int line, int col,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	add(d, DIAG_WARNING, file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_note(struct diag *d, const char *file, int line, int col,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	add(d, DIAG_NOTE, file, line, col, fmt, ap);
	va_end(ap);
}

int
diag_failed(const struct diag *d)
{
	return d->nerr > 0 || (d->strict && d->nwarn > 0);
}

void
diag_format(const struct diag_msg *m, struct buf *out)
{
	enum diag_level	 level = m->level;

	if (m->file != NULL) {
		buf_puts_visible(out, m->file);
		if (m->line > 0)
			buf_printf(out, ":%d", m->line);
		if (m->line > 0 && m->col > 0)
			buf_printf(out, ":%d", m->col);
		BUF_PUTSL(out, ": ");
	}
	buf_puts(out, level_names[level]);
	BUF_PUTSL(out, ": ");
	buf_puts(out, m->text);
}
