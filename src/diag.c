/*
 * The diagnostics sink: every stage reports here, main prints. A
 * message carries file, line, column and level; the worst level seen
 * decides sheaf's exit status.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		free(d->msgs[i].kind);
	}
	free(d->msgs);
	pthread_mutex_destroy(&d->lock);
}

static void
add(struct diag *d, enum diag_level level, const char *kind,
    const char *file, int line, int col, const char *fmt, va_list ap)
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
	m->kind = kind != NULL ? xstrdup(kind) : NULL;
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
	add(d, DIAG_ERROR, NULL, file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_warn(struct diag *d, const char *file, int line, int col,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	add(d, DIAG_WARNING, NULL, file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_note(struct diag *d, const char *file, int line, int col,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	add(d, DIAG_NOTE, NULL, file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_warn_kind(struct diag *d, const char *kind, const char *file,
    int line, int col, const char *fmt, ...)
{
	char		 text[256];
	va_list		 ap;

	va_start(ap, fmt);
	if (kind == NULL) {
		/* The text is the kind: its first 255 bytes will do. */
		vsnprintf(text, sizeof(text), fmt, ap);
		kind = text;
		va_end(ap);
		va_start(ap, fmt);
	}
	add(d, DIAG_WARNING, kind, file, line, col, fmt, ap);
	va_end(ap);
}

static int
same_file(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Is msgs[j] a warning of kind? */
static int
of_kind(const struct diag *d, size_t j, const char *kind)
{
	return d->msgs[j].kind != NULL && d->msgs[j].level == DIAG_WARNING &&
	    strcmp(d->msgs[j].kind, kind) == 0;
}

void
diag_collapse(struct diag *d, size_t from)
{
	struct diag_msg	*m;
	struct buf	 text = BUF_INIT;
	const char	*last;
	char		*kind;
	size_t		 i, j, k, count, files, end = d->n;

	pthread_mutex_lock(&d->lock);
	for (i = from; i < end; i++) {
		if ((kind = d->msgs[i].kind) == NULL ||
		    d->msgs[i].level != DIAG_WARNING)
			continue;
		/* Each kind once: its messages are counted, then unmarked. */
		d->msgs[i].kind = NULL;
		count = files = 1;
		last = d->msgs[i].file;
		for (j = i + 1; j < end; j++)
			if (of_kind(d, j, kind)) {
				count++;
				/* One article's messages come together. */
				files += !same_file(last, d->msgs[j].file);
				last = d->msgs[j].file;
			}
		for (j = i + 1; j < end; j++)
			if (of_kind(d, j, kind)) {
				free(d->msgs[j].kind);
				d->msgs[j].kind = NULL;
				if (count > DIAG_KIND_MAX) {
					d->msgs[j].level = DIAG_NOTE;
					d->nwarn--;
				}
			}
		if (count > DIAG_KIND_MAX) {
			buf_reset(&text);
			buf_printf(&text, "%s: %zu times in %zu file%s (-v "
			    "lists them)", kind, count, files,
			    files == 1 ? "" : "s");
			if (d->n == d->cap) {
				d->cap = d->cap ? d->cap * 2 : 16;
				d->msgs = xreallocarray(d->msgs, d->cap,
				    sizeof(*d->msgs));
			}
			m = &d->msgs[d->n++];
			m->file = NULL;
			m->line = m->col = 0;
			m->level = DIAG_WARNING;
			m->text = buf_detach(&text);
			m->kind = NULL;
			d->nwarn++;
		}
		free(kind);
	}
	/* Notes nobody asked for go. */
	for (i = k = from; i < d->n; i++) {
		if (d->msgs[i].level == DIAG_NOTE && !d->verbose) {
			free(d->msgs[i].file);
			free(d->msgs[i].text);
			free(d->msgs[i].kind);
			continue;
		}
		d->msgs[k++] = d->msgs[i];
	}
	d->n = k;
	pthread_mutex_unlock(&d->lock);
	buf_fini(&text);
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

void
diag_copy(struct diag *d, const struct diag_msg *m)
{
	if (m->level == DIAG_ERROR)
		diag_error(d, m->file, m->line, m->col, "%s", m->text);
	else if (m->level == DIAG_WARNING && m->kind != NULL)
		diag_warn_kind(d, m->kind, m->file, m->line, m->col, "%s",
		    m->text);
	else if (m->level == DIAG_WARNING)
		diag_warn(d, m->file, m->line, m->col, "%s", m->text);
	else
		diag_note(d, m->file, m->line, m->col, "%s", m->text);
}
