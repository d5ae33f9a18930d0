/*
 * The XHTML and XML skeletons in templates/, compiled into sheaf.
 * A template is well-formed XML; "{{key}}" in text and attribute
 * values is replaced by a value (escaped when serialized, since the
 * replacement happens in the tree), elements marked
 * data-optional="" are removed when their text ends up empty, and
 * elements marked data-slot="NAME" are where code inserts content.
 */
#ifndef SHEAF_TEMPLATE_H
#define SHEAF_TEMPLATE_H

#include <libxml/tree.h>

struct buf;

struct tmpl_var {
	const char	*key;
	const char	*value;		/* NULL counts as empty */
};

/*
 * Parse template name (e.g. "article.xhtml") and fill its slots.
 * Returns a document the caller frees with xmlFreeDoc(); NULL only
 * when the template is missing or broken, which is a bug.
 */
xmlDocPtr	 template_load(const char *name, const struct tmpl_var *,
		    size_t nvars);

/*
 * The element marked data-slot="name", with that mark removed, or
 * NULL when there is none.
 */
xmlNodePtr	 template_slot(xmlDocPtr, const char *name);

/*
 * Serialize doc as an XHTML (or plain XML) document in UTF-8, with
 * the XML declaration and the template's doctype, to out.
 */
void		 template_serialize(xmlDocPtr, struct buf *out);

/* The bytes of an embedded file from templates/ or assets/, or NULL. */
const unsigned char *asset_get(const char *name, size_t *len);

#endif
