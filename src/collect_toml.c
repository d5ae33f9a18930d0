/*
 * TOML front matter (Hugo's "+++" blocks), read by a small strict
 * parser into the same flat tree as YAML front matter, so the field
 * code in collect_article.c serves both. It reads what front matter
 * uses: bare, quoted and dotted keys; basic and literal strings, one
 * line or many; integers, floats, booleans, dates and times; arrays
 * and inline tables. Values that are not strings are kept as they are
 * written, marked plain. Keys under a [table] or [[table]] header are
 * not front matter fields: they are skipped with one warning per
 * table. Any other deviation is an error at its line and column.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "xalloc.h"
#include "collect_int.h"

struct toml {
	const char	*path;
	const char	*p, *end;
	const char	*bol;		/* start of the current line */
	int		 line;
	struct diag	*d;
	struct tree	*t;
	int		 depth;
	int		 failed;
};

static void
fail(struct toml *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
fail(struct toml *x, const char *fmt, ...)
{
	char	 msg[256];
	va_list	 ap;

	if (x->failed)
		return;
	x->failed = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_error(x->d, x->path, x->line, (int)(x->p - x->bol) + 1,
	    "TOML: %s", msg);
}

static int
col(const struct toml *x)
{
	return (int)(x->p - x->bol) + 1;
}

static void
newline(struct toml *x)
{
	x->p++;
	x->line++;
	x->bol = x->p;
}

/* Skip spaces and tabs. */
static void
skip_ws(struct toml *x)
{
	while (x->p < x->end && (*x->p == ' ' || *x->p == '\t'))
		x->p++;
}

/* Skip a comment up to (not past) the end of the line. */
static void
skip_comment(struct toml *x)
{
	if (x->p < x->end && *x->p == '#')
		while (x->p < x->end && *x->p != '\n')
			x->p++;
}

/* Skip blanks, comments and newlines (inside arrays). */
static void
skip_all(struct toml *x)
{
	for (;;) {
		skip_ws(x);
		skip_comment(x);
		if (x->p < x->end && *x->p == '\r' && x->p + 1 < x->end &&
		    x->p[1] == '\n')
			x->p++;
		if (x->p < x->end && *x->p == '\n')
			newline(x);
		else
			return;
	}
}

/* After a value or header: blanks, a comment, then a newline or end. */
static void
end_of_line(struct toml *x)
{
	skip_ws(x);
	skip_comment(x);
	if (x->p < x->end && *x->p == '\r')
		x->p++;
	if (x->p < x->end && *x->p != '\n')
		fail(x, "unexpected text after the value: \"%c\"", *x->p);
	else if (x->p < x->end)
		newline(x);
}

static int
bare_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Append code point cp as UTF-8; -1 when it is not a scalar value. */
static int
put_utf8(struct buf *b, unsigned long cp)
{
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	if (cp < 0x80)
		buf_putc(b, (int)cp);
	else if (cp < 0x800) {
		buf_putc(b, (int)(0xc0 | cp >> 6));
		buf_putc(b, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_putc(b, (int)(0xe0 | cp >> 12));
		buf_putc(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
		buf_putc(b, (int)(0x80 | (cp & 0x3f)));
	} else {
		buf_putc(b, (int)(0xf0 | cp >> 18));
		buf_putc(b, (int)(0x80 | ((cp >> 12) & 0x3f)));
		buf_putc(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
		buf_putc(b, (int)(0x80 | (cp & 0x3f)));
	}
	return 0;
}

/* One escape after a backslash in a basic string. */
static void
escape(struct toml *x, struct buf *b)
{
	static const char	 from[] = "btnfr\"\\", to[] = "\b\t\n\f\r\"\\";
	const char		*k;
	unsigned long		 cp = 0;
	int			 i, n;

	if (x->p >= x->end) {
		fail(x, "string not closed");
		return;
	}
	if ((k = strchr(from, *x->p)) != NULL && *x->p != '\0') {
		buf_putc(b, to[k - from]);
		x->p++;
		return;
	}
	if (*x->p != 'u' && *x->p != 'U') {
		fail(x, "unknown escape \"\\%c\"", *x->p);
		return;
	}
	n = *x->p++ == 'u' ? 4 : 8;
	for (i = 0; i < n; i++, x->p++) {
		if (x->p >= x->end || !((*x->p >= '0' && *x->p <= '9') ||
		    ((*x->p | 0x20) >= 'a' && (*x->p | 0x20) <= 'f'))) {
			fail(x, "\\u escape needs %d hex digits", n);
			return;
		}
		cp = cp * 16 + (unsigned long)(*x->p <= '9' ? *x->p - '0' :
		    (*x->p | 0x20) - 'a' + 10);
	}
	if (put_utf8(b, cp) == -1)
		fail(x, "escape is not a Unicode scalar value");
}

/*
 * A string at x->p (on its opening quote) into b: basic or literal,
 * one line or multi-line. Returns 0, or -1 after fail().
 */
static int
string(struct toml *x, struct buf *b)
{
	char	 q = *x->p;
	int	 multi = 0, n;

	if (x->end - x->p >= 3 && x->p[1] == q && x->p[2] == q) {
		multi = 1;
		x->p += 3;
		/* A newline right after the opening quotes is trimmed. */
		if (x->p < x->end && *x->p == '\r' && x->p + 1 < x->end &&
		    x->p[1] == '\n')
			x->p++;
		if (x->p < x->end && *x->p == '\n')
			newline(x);
	} else
		x->p++;
	while (x->p < x->end) {
		if (*x->p == q) {
			if (!multi) {
				x->p++;
				return 0;
			}
			for (n = 0; x->p + n < x->end && x->p[n] == q; n++)
				continue;
			if (n >= 3) {
				/* Up to two quotes may end the content. */
				if (n > 5)
					break;
				buf_put(b, x->p, (size_t)(n - 3));
				x->p += n;
				return 0;
			}
			buf_put(b, x->p, (size_t)n);
			x->p += n;
			continue;
		}
		if (*x->p == '\n') {
			if (!multi)
				break;
			buf_putc(b, '\n');
			newline(x);
			continue;
		}
		if (q == '"' && *x->p == '\\') {
			x->p++;
			if (multi) {
				/* A line-ending backslash eats the blanks. */
				const char *s = x->p;

				while (s < x->end && (*s == ' ' ||
				    *s == '\t' || *s == '\r'))
					s++;
				if (s < x->end && *s == '\n') {
					x->p = s;
					while (x->p < x->end &&
					    (*x->p == ' ' || *x->p == '\t' ||
					    *x->p == '\r' || *x->p == '\n')) {
						if (*x->p == '\n')
							newline(x);
						else
							x->p++;
					}
					continue;
				}
			}
			escape(x, b);
			if (x->failed)
				return -1;
			continue;
		}
		if ((unsigned char)*x->p < 0x20 && *x->p != '\t' &&
		    *x->p != '\r') {
			fail(x, "control character in a string");
			return -1;
		}
		buf_putc(b, *x->p++);
	}
	fail(x, "string not closed");
	return -1;
}

/* A key, dotted parts joined with '.'; into b. Returns 0 or -1. */
static int
key(struct toml *x, struct buf *b)
{
	const char	*s;

	for (;;) {
		skip_ws(x);
		if (x->p < x->end && (*x->p == '"' || *x->p == '\'')) {
			if (x->end - x->p >= 3 && x->p[1] == *x->p &&
			    x->p[2] == *x->p) {
				fail(x, "a key cannot be a multi-line string");
				return -1;
			}
			if (string(x, b) == -1)
				return -1;
		} else {
			for (s = x->p; x->p < x->end && bare_char(*x->p); x->p++)
				continue;
			if (x->p == s) {
				fail(x, "expected a key");
				return -1;
			}
			buf_put(b, s, (size_t)(x->p - s));
		}
		skip_ws(x);
		if (x->p >= x->end || *x->p != '.')
			return 0;
		buf_putc(b, '.');
		x->p++;
	}
}

static int	value(struct toml *, int parent);

/* A scalar node holding text, child of parent. */
static void
scalar(struct toml *x, int parent, int line, int c, const char *s,
    size_t n, int plain)
{
	int	 i;

	i = collect_tree_add(x->t, N_SCALAR, line, c, parent);
	x->t->v[i].s = xstrndup(s, n);
	x->t->v[i].plain = plain;
}

/* [ v, v, ... ] with newlines and comments anywhere between. */
static int
array(struct toml *x, int parent)
{
	int	 me;

	me = collect_tree_add(x->t, N_SEQ, x->line, col(x), parent);
	x->p++;
	for (;;) {
		skip_all(x);
		if (x->p >= x->end) {
			fail(x, "array not closed");
			return -1;
		}
		if (*x->p == ']') {
			x->p++;
			return 0;
		}
		if (value(x, me) == -1)
			return -1;
		skip_all(x);
		if (x->p < x->end && *x->p == ',')
			x->p++;
		else if (x->p >= x->end) {
			fail(x, "array not closed");
			return -1;
		} else if (*x->p != ']') {
			fail(x, "expected \",\" or \"]\" in an array");
			return -1;
		}
	}
}

/* key = value pairs on the current line; children of parent. */
static int
keyval(struct toml *x, int parent)
{
	struct buf	 k = BUF_INIT;
	int		 line = x->line, c = col(x), rc = -1;

	if (key(x, &k) == -1)
		goto out;
	if (x->p >= x->end || *x->p != '=') {
		fail(x, "expected \"=\" after the key \"%s\"", k.data);
		goto out;
	}
	x->p++;
	scalar(x, parent, line, c, k.data, k.len, 0);
	skip_ws(x);
	rc = value(x, parent);
out:
	buf_fini(&k);
	return rc;
}

/* { k = v, k = v } on one line. */
static int
inline_table(struct toml *x, int parent)
{
	int	 me;

	me = collect_tree_add(x->t, N_MAP, x->line, col(x), parent);
	x->p++;
	skip_ws(x);
	if (x->p < x->end && *x->p == '}') {
		x->p++;
		return 0;
	}
	for (;;) {
		if (keyval(x, me) == -1)
			return -1;
		skip_ws(x);
		if (x->p < x->end && *x->p == '}') {
			x->p++;
			return 0;
		}
		if (x->p >= x->end || *x->p != ',') {
			fail(x, "expected \",\" or \"}\" in an inline table");
			return -1;
		}
		x->p++;
	}
}

/*
 * A number, boolean or date as written: the characters these can
 * hold (a date may have one space between its date and time).
 */
static int
bare_value(struct toml *x, int parent)
{
	const char	*s = x->p;
	int		 c = col(x);
	size_t		 n;

	while (x->p < x->end && (bare_char(*x->p) || *x->p == '+' ||
	    *x->p == '.' || *x->p == ':' ||
	    (*x->p == ' ' && x->p - s == 10 && x->p + 1 < x->end &&
	    x->p[1] >= '0' && x->p[1] <= '9' && s[4] == '-')))
		x->p++;
	n = (size_t)(x->p - s);
	if (n == 0) {
		fail(x, "expected a value");
		return -1;
	}
	if ((n == 4 && memcmp(s, "true", 4) == 0) ||
	    (n == 5 && memcmp(s, "false", 5) == 0) ||
	    (s[0] >= '0' && s[0] <= '9') ||
	    ((s[0] == '+' || s[0] == '-') && n > 1) ||
	    (n == 3 && (memcmp(s, "inf", 3) == 0 ||
	    memcmp(s, "nan", 3) == 0))) {
		scalar(x, parent, x->line, c, s, n, 1);
		return 0;
	}
	x->p = s;
	fail(x, "unknown value \"%.*s\" (strings need quotes)",
	    (int)(n > 40 ? 40 : n), s);
	return -1;
}

static int
value(struct toml *x, int parent)
{
	struct buf	 b = BUF_INIT;
	int		 line = x->line, c = col(x), rc;

	if (x->p >= x->end || *x->p == '\n' || *x->p == '\r' ||
	    *x->p == '#') {
		fail(x, "expected a value");
		return -1;
	}
	if (*x->p == '"' || *x->p == '\'') {
		if ((rc = string(x, &b)) == 0)
			scalar(x, parent, line, c, b.data, b.len, 0);
		buf_fini(&b);
		return rc;
	}
	if (*x->p != '[' && *x->p != '{')
		return bare_value(x, parent);
	if (x->depth >= COLLECT_MAX_DEPTH) {
		fail(x, "nested too deeply (more than %d levels)",
		    COLLECT_MAX_DEPTH);
		return -1;
	}
	x->depth++;
	rc = *x->p == '[' ? array(x, parent) : inline_table(x, parent);
	x->depth--;
	return rc;
}

/* A [table] or [[table]] header; its name into b. */
static int
header(struct toml *x, struct buf *b)
{
	int	 twice;

	x->p++;
	twice = x->p < x->end && *x->p == '[';
	if (twice)
		x->p++;
	if (key(x, b) == -1)
		return -1;
	if (x->p >= x->end || *x->p != ']' || (twice && (x->p + 1 >= x->end ||
	    x->p[1] != ']'))) {
		fail(x, "table header not closed");
		return -1;
	}
	x->p += twice ? 2 : 1;
	end_of_line(x);
	return x->failed ? -1 : 0;
}

int
collect_toml_parse(const char *path, const char *s, size_t n, int base,
    struct diag *d, struct tree *t)
{
	struct toml	 x;
	struct buf	 name = BUF_INIT;
	struct tree	 skipped = { NULL, 0, 0 };
	int		 root, target, rc = -1;
	size_t		 i;

	memset(&x, 0, sizeof(x));
	x.path = path;
	x.p = x.bol = s;
	x.end = s + n;
	x.line = base;
	x.d = d;
	x.t = t;
	root = collect_tree_add(t, N_MAP, base, 1, -1);
	target = root;
	while (!x.failed) {
		skip_all(&x);
		if (x.p >= x.end)
			break;
		if (*x.p == '[') {
			buf_reset(&name);
			if (header(&x, &name) == -1)
				break;
			diag_warn(d, path, x.line - 1, 0, "TOML table [%s] "
			    "is not used by sheaf; its keys are ignored",
			    name.data);
			/* Its keys are parsed, to check them, then dropped. */
			x.t = &skipped;
			target = collect_tree_add(&skipped, N_MAP, x.line, 1,
			    -1);
			continue;
		}
		if (keyval(&x, target) == -1)
			break;
		end_of_line(&x);
	}
	if (!x.failed)
		rc = 0;
	for (i = 0; i < skipped.n; i++)
		free(skipped.v[i].s);
	free(skipped.v);
	buf_fini(&name);
	return rc;
}
