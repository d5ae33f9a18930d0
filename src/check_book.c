/*
 * sheaf check, the book under check: findings are reported through
 * check_report() with the book's path and the entry's name; entries are
 * looked up and read from the open zip (at most ENTRY_MAX bytes) and
 * manifest items found by name, for the rest of the stage.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <zip.h>

#include "buf.h"
#include "diag.h"
#include "check_int.h"

/* What sheaf reads of one entry. */
#define ENTRY_MAX	(256UL * 1024UL * 1024UL)

void
check_report(struct check *c, enum diag_level level, const char *name,
    int line, const char *rule, const char *fmt, ...)
{
	struct buf	 file = BUF_INIT, text = BUF_INIT;
	va_list		 ap;
	int		 n;

	buf_puts(&file, c->path);
	if (name != NULL)
		buf_printf(&file, "/%s", name);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		buf_grow(&text, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(text.data, (size_t)n + 1, fmt, ap);
		va_end(ap);
		text.len = (size_t)n;
	}
	if (level == DIAG_ERROR)
		diag_error(c->d, file.data, line, 0, "%s [%s]", text.data, rule);
	else
		diag_warn(c->d, file.data, line, 0, "%s [%s]", text.data, rule);
	buf_fini(&file);
	buf_fini(&text);
}

int
check_exists(struct check *c, const char *name)
{
	return zip_name_locate(c->za, name, 0) >= 0;
}

/* The bytes of entry name, or -1 when it is missing or unreadable. */
int
check_read(struct check *c, const char *name, struct buf *out)
{
	zip_stat_t	 st;
	zip_file_t	*f;
	zip_int64_t	 r;
	char		 tmp[65536];

	if (zip_stat(c->za, name, 0, &st) == -1)
		return -1;
	if ((st.valid & ZIP_STAT_SIZE) && st.size > ENTRY_MAX) {
		check_report(c, DIAG_ERROR, name, 0, "entry-size",
		    "entry too large to check (%llu bytes)",
		    (unsigned long long)st.size);
		return -1;
	}
	if ((f = zip_fopen(c->za, name, 0)) == NULL)
		goto bad;
	while ((r = zip_fread(f, tmp, sizeof(tmp))) > 0 &&
	    out->len <= ENTRY_MAX)
		buf_put(out, tmp, (size_t)r);
	zip_fclose(f);
	if (r < 0)
		goto bad;
	return 0;
bad:
	check_report(c, DIAG_ERROR, name, 0, "PKG-004", "cannot read: %s",
	    zip_error_strerror(zip_get_error(c->za)));
	return -1;
}

struct check_item *
check_item_by_name(struct check *c, const char *name)
{
	size_t	 i;

	for (i = 0; i < c->nitems; i++)
		if (c->items[i].name != NULL &&
		    strcmp(c->items[i].name, name) == 0)
			return &c->items[i];
	return NULL;
}
