/*
 * Pass 3 of the sanitizer (convert_sanitize.c), ids and the links to
 * them: every id is made a valid XML name the template does not
 * reserve ("sheaf-..." becomes "x-sheaf-...") and unique in the
 * document ("a", "a-2", "a-3"); then each #fragment link follows the
 * id it named to its new form, and a link to no id loses its href and
 * is unwrapped, unless it carries an id itself.
 */
#include <string.h>

#include <libxml/tree.h>

#include "buf.h"
#include "convert_int.h"
#include "hmap.h"
#include "text.h"
#include "xalloc.h"

/* Is cp a character of an XML name (NameChar), or a start one? */
static int
name_char(long cp, int start)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	    cp == '_')
		return 1;
	if (!start && ((cp >= '0' && cp <= '9') || cp == '-' || cp == '.' ||
	    cp == 0xb7 || (cp >= 0x300 && cp <= 0x36f) ||
	    cp == 0x203f || cp == 0x2040))
		return 1;
	return (cp >= 0xc0 && cp <= 0xd6) || (cp >= 0xd8 && cp <= 0xf6) ||
	    (cp >= 0xf8 && cp <= 0x2ff) || (cp >= 0x370 && cp <= 0x37d) ||
	    (cp >= 0x37f && cp <= 0x1fff) || cp == 0x200c || cp == 0x200d ||
	    (cp >= 0x2070 && cp <= 0x218f) || (cp >= 0x2c00 && cp <= 0x2fef) ||
	    (cp >= 0x3001 && cp <= 0xd7ff) || (cp >= 0xf900 && cp <= 0xfdcf) ||
	    (cp >= 0xfdf0 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0xeffff);
}

/* An id made a valid XML name that is not reserved for the template. */
static void
fix_id(const char *v, struct buf *out)
{
	struct buf	 name = BUF_INIT;
	const char	*p = v, *end = v + strlen(v), *at;
	long		 cp;

	while (p < end && convert_is_ws(*p))
		p++;
	while (end > p && convert_is_ws(end[-1]))
		end--;
	while (p < end) {
		at = p;
		cp = text_utf8_next(&p, end);
		if (name_char(cp, 0))
			buf_put(&name, at, (size_t)(p - at));
		else if (name.len > 0 && name.data[name.len - 1] != '-')
			buf_putc(&name, '-');
	}
	if (name.len == 0)
		goto out;
	/* Checked on the result: "sheaf/title" becomes sheaf-title too. */
	at = name.data;
	if (!name_char(text_utf8_next(&at, name.data + name.len), 1) ||
	    strncmp(name.data, "sheaf-", 6) == 0)
		BUF_PUTSL(out, "x-");
	buf_put(out, name.data, name.len);
out:
	buf_fini(&name);
}

void
convert_sanitize_ids(struct convert *c, xmlNodePtr top)
{
	struct hmap	 used = { NULL, 0, 0 }, first = { NULL, 0, 0 };
	struct buf	 id = BUF_INIT, alt = BUF_INIT, frag = BUF_INIT;
	struct hent	*e;
	xmlNodePtr	 n = top->children, next;
	xmlChar		*v;
	size_t		 k;
	int		 depth = 0;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE &&
		    (v = xmlGetProp(n, (const xmlChar *)"id")) != NULL) {
			buf_reset(&id);
			fix_id((const char *)v, &id);
			if (id.len > 0 && (e = hmap_get(&used, id.data))) {
				do {
					k = e->next++;
					buf_reset(&alt);
					buf_printf(&alt, "%s-%zu", id.data, k);
				} while (hmap_get(&used, alt.data) != NULL);
				buf_reset(&id);
				buf_put(&id, alt.data, alt.len);
			}
			if (id.len == 0)
				xmlUnsetProp(n, (const xmlChar *)"id");
			else {
				hmap_put(&used, id.data);
				if ((e = hmap_get(&first, (const char *)v)) ==
				    NULL) {
					e = hmap_put(&first, (const char *)v);
					e->val = xstrdup(id.data);
				}
				xmlSetProp(n, (const xmlChar *)"id",
				    (const xmlChar *)id.data);
			}
			xmlFree(v);
		}
		n = n->type == XML_ELEMENT_NODE && n->children != NULL ?
		    n->children : convert_after(n, top, &depth);
	}

	for (n = top->children; n != NULL; n = next) {
		next = n->type == XML_ELEMENT_NODE && n->children != NULL ?
		    n->children : convert_after(n, top, &depth);
		if (convert_role_of(n) != R_A ||
		    (v = xmlGetProp(n, (const xmlChar *)"href")) == NULL)
			continue;
		buf_reset(&frag);
		e = NULL;
		if (v[0] == '#' && convert_url_decode((const char *)v + 1,
		    strlen((const char *)v + 1), &frag) == 0)
			e = hmap_get(&first, frag.data);
		if (v[0] == '#' && e != NULL) {
			buf_reset(&id);
			BUF_PUTSL(&id, "#");
			convert_url_clean(e->val, &id);
			xmlSetProp(n, (const xmlChar *)"href",
			    (const xmlChar *)id.data);
		} else if (v[0] == '#') {
			xmlUnsetProp(n, (const xmlChar *)"href");
			if (!xmlHasProp(n, (const xmlChar *)"id")) {
				if (n->children != NULL)
					next = convert_hoist(n);
				else {
					next = convert_after(n, top, &depth);
					convert_prune(n);
				}
			}
		}
		xmlFree(v);
	}
	hmap_fini(&used);
	hmap_fini(&first);
	buf_fini(&id);
	buf_fini(&alt);
	buf_fini(&frag);
}
