/*
 * YAML front matter (the "---" blocks of Hexo, Jekyll and Hugo), read
 * with libyaml's event API into the small flat tree of collect_int.h
 * that collect_article.c takes its fields from. Line numbers are kept
 * as lines of the file; aliases and nesting deeper than
 * COLLECT_MAX_DEPTH are refused, and libyaml's errors are reported at
 * the file's line and column. Nothing is resolved: a scalar stays the
 * text it was written as, marked when it was plain.
 */
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "diag.h"
#include "xalloc.h"
#include "collect_int.h"

struct ctx {
	const char	*path;
	struct diag	*d;
	const char	*yaml;
	size_t		 ylen;
	int		 base;		/* file line of yaml's line 0 */
	struct tree	 t;
};

/* Turn a libyaml error into a message at the file's line and column. */
static void
yaml_fail(struct ctx *c, const yaml_parser_t *y)
{
	const char	*p, *end;
	const char	*what = y->problem ? y->problem : "cannot parse";
	int		 line, col;

	if (y->error == YAML_MEMORY_ERROR)
		xalloc_oom();
	if (y->error == YAML_READER_ERROR) {
		/* Reader errors carry a byte offset, not a mark. */
		end = c->yaml + (y->problem_offset < c->ylen ?
		    y->problem_offset : c->ylen);
		line = c->base, col = 1;
		for (p = c->yaml; p < end; p++, col++)
			if (*p == '\n')
				line++, col = 0;
		diag_error(c->d, c->path, line, col,
		    "front matter is not valid UTF-8 text: %s", what);
		return;
	}
	line = c->base + (int)y->problem_mark.line;
	col = (int)y->problem_mark.column + 1;
	if (y->context != NULL)
		diag_error(c->d, c->path, line, col,
		    "YAML: %s (%s started at line %d)", what, y->context,
		    c->base + (int)y->context_mark.line);
	else
		diag_error(c->d, c->path, line, col, "YAML: %s", what);
}

int
collect_tree_add(struct tree *t, enum ntype type, int line, int col,
    int parent)
{
	struct node	*nd;
	int		 i;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	i = (int)t->n++;
	nd = &t->v[i];
	memset(nd, 0, sizeof(*nd));
	nd->type = type;
	nd->line = line;
	nd->col = col;
	nd->first = nd->last = nd->next = -1;
	if (parent >= 0) {
		if (t->v[parent].last >= 0)
			t->v[t->v[parent].last].next = i;
		else
			t->v[parent].first = i;
		t->v[parent].last = i;
	}
	return i;
}

/* Append a node at mark m as the last child of parent (-1: none). */
static int
add_node(struct ctx *c, enum ntype type, const yaml_mark_t *m, int parent)
{
	return collect_tree_add(&c->t, type, c->base + (int)m->line,
	    (int)m->column + 1, parent);
}

/*
 * Parse the front matter into c->t, node 0 being the root. Refuses
 * aliases and deep nesting. Returns 0, or -1 after reporting.
 */
static int
parse_yaml(struct ctx *c)
{
	yaml_parser_t	 y;
	yaml_event_t	 ev;
	int		 stack[COLLECT_MAX_DEPTH];
	int		 depth = 0, done = 0, rc = -1, i;
	enum ntype	 type;

	if (!yaml_parser_initialize(&y))
		xalloc_oom();
	yaml_parser_set_encoding(&y, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&y, (const unsigned char *)c->yaml,
	    c->ylen);
	while (!done) {
		if (!yaml_parser_parse(&y, &ev)) {
			yaml_fail(c, &y);
			goto out;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			done = 1;
			break;
		case YAML_ALIAS_EVENT:
			diag_error(c->d, c->path,
			    c->base + (int)ev.start_mark.line,
			    (int)ev.start_mark.column + 1,
			    "aliases are not allowed in front matter");
			yaml_event_delete(&ev);
			goto out;
		case YAML_SCALAR_EVENT:
			i = add_node(c, N_SCALAR, &ev.start_mark,
			    depth ? stack[depth - 1] : -1);
			c->t.v[i].s = xstrndup((const char *)
			    ev.data.scalar.value, ev.data.scalar.length);
			c->t.v[i].plain =
			    ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth == COLLECT_MAX_DEPTH) {
				diag_error(c->d, c->path,
				    c->base + (int)ev.start_mark.line,
				    (int)ev.start_mark.column + 1,
				    "front matter nested too deeply "
				    "(more than %d levels)", COLLECT_MAX_DEPTH);
				yaml_event_delete(&ev);
				goto out;
			}
			type = ev.type == YAML_SEQUENCE_START_EVENT ?
			    N_SEQ : N_MAP;
			stack[depth] = add_node(c, type, &ev.start_mark,
			    depth ? stack[depth - 1] : -1);
			depth++;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth > 0)
				depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	rc = 0;
out:
	yaml_parser_delete(&y);
	return rc;
}

int
collect_yaml_parse(const char *path, const char *s, size_t n, int base,
    struct diag *d, struct tree *t)
{
	struct ctx	 c;
	int		 rc;

	c.path = path;
	c.d = d;
	c.yaml = s;
	c.ylen = n;
	c.base = base;
	c.t = *t;
	rc = parse_yaml(&c);
	*t = c.t;
	return rc;
}
