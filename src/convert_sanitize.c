/*
 * The sanitizer of the convert stage: it makes the tree the HTML
 * parser built out of an untrusted body fit EPUB 3 XHTML. Four passes,
 * none recursive (hostile input nests 100k deep), a file each:
 *   rules      (convert_sanitize_rules.c) element and attribute
 *              allow-lists: drop script and friends with their
 *              content, unwrap unknown and presentational elements,
 *              clean attributes, resolve images and links, demote
 *              headings, flatten deep nesting;
 *   structure  (convert_sanitize_structure.c) bottom-up repair of
 *              content models (no block inside a p or a span, li only
 *              in lists, rows in tables) and removal of empty
 *              paragraphs and wrappers;
 *   ids        (convert_sanitize_ids.c) unique, valid ids; #fragment
 *              links follow renames, and links to no id are unwrapped;
 *   text       (convert_sanitize_text.c) adjacent text merged, soft
 *              line breaks between CJK characters removed, other
 *              whitespace runs collapsed.
 * The tree surgery they share is in convert_sanitize_tree.c.
 */
#include <libxml/tree.h>

#include "convert_int.h"

void
convert_sanitize(struct convert *c, xmlNodePtr body)
{
	convert_sanitize_rules(c, body);
	convert_sanitize_structure(c, body);
	convert_sanitize_ids(c, body);
	convert_sanitize_text(c, body);
}
