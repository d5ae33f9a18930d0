/*
 * Vertical writing: short runs of ASCII digits ("3", "12") would lie
 * sideways in vertical-rl text; wrap each in <span class="tcy"> so
 * the theme's text-combine-upright sets it upright in one cell.
 * Longer numbers, and digits inside words, decimals, times or code,
 * are left alone. Runs on the sanitized tree, before the template.
 */
#include <string.h>

#include <libxml/tree.h>

#include "convert_int.h"

#define TCY_MAX	2	/* digits that fit one em cell */

static int
is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* Characters that join digits into a longer number: 3.14, 10:30, 1/2. */
static int
is_joiner(int c)
{
	return c == '.' || c == ',' || c == ':' || c == '/' || c == '-' ||
	    c == '_' || c == '%' || c == '+';
}

static int
skipped(xmlNodePtr n)
{
	static const char *const names[] = {
		"pre", "code", "kbd", "samp", "var", "math", "svg", "rt",
		"table"
	};
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (xmlStrcmp(n->name, (const xmlChar *)names[i]) == 0)
			return 1;
	return 0;
}

/*
 * Find the next short digit run in s from *from: its offset and
 * length, or -1 when there is none.
 */
static long
next_run(const char *s, size_t len, size_t *from, size_t *n)
{
	size_t	 i = *from, j;

	while (i < len) {
		if (!(s[i] >= '0' && s[i] <= '9')) {
			i++;
			continue;
		}
		for (j = i; j < len && s[j] >= '0' && s[j] <= '9'; j++)
			continue;
		if (j - i <= TCY_MAX &&
		    (i == 0 || (!is_alnum(s[i - 1]) && !is_joiner(s[i - 1]))) &&
		    (j == len || (!is_alnum(s[j]) && !is_joiner(s[j])))) {
			*from = j;
			*n = j - i;
			return (long)i;
		}
		i = j;
	}
	return -1;
}

/*
 * Split text node t around its short digit runs: t keeps the text
 * before the first, and spans and text alternate after it. (libxml2
 * merges a text node added next to text, so none is.)
 */
static void
wrap_text(xmlNodePtr t)
{
	xmlChar		*copy;
	const char	*s = (const char *)t->content;
	size_t		 len = strlen(s), from = 0, done, n;
	xmlNodePtr	 span, at = t;
	long		 i;

	if ((i = next_run(s, len, &from, &n)) == -1)
		return;
	copy = xmlStrdup(t->content);
	s = (const char *)copy;
	xmlNodeSetContentLen(t, copy, (int)i);
	done = (size_t)i;
	from = done;
	while ((i = next_run(s, len, &from, &n)) != -1) {
		if ((size_t)i > done)
			at = xmlAddNextSibling(at, xmlNewDocTextLen(t->doc,
			    (const xmlChar *)s + done, (int)((size_t)i - done)));
		span = xmlNewDocNode(t->doc, t->parent->ns,
		    (const xmlChar *)"span", NULL);
		xmlNewProp(span, (const xmlChar *)"class",
		    (const xmlChar *)"tcy");
		xmlAddChild(span, xmlNewDocTextLen(t->doc,
		    (const xmlChar *)s + i, (int)n));
		at = xmlAddNextSibling(at, span);
		done = (size_t)i + n;
	}
	if (done < len)
		xmlAddNextSibling(at, xmlNewDocText(t->doc,
		    (const xmlChar *)s + done));
	xmlFree(copy);
}

void
convert_vertical(xmlNodePtr top)
{
	xmlNodePtr	 n = top, next;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE && n->children != NULL &&
		    !skipped(n)) {
			n = n->children;
			continue;
		}
		/* Find the next node before n may be replaced. */
		next = n;
		while (next != top && next->next == NULL)
			next = next->parent;
		next = next == top ? NULL : next->next;
		if (n->type == XML_TEXT_NODE && n->content != NULL)
			wrap_text(n);
		n = next;
	}
}
