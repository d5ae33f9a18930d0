/*
 * What the fuzz targets share: a quiet diagnostics sink and the
 * invariants every converted document must hold. A broken invariant
 * aborts, which libFuzzer reports as a crash with its input.
 */
#ifndef SHEAF_FUZZ_H
#define SHEAF_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "xalloc.h"

#define FUZZ_REQUIRE(cond, what) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "invariant broken: %s\n", (what));	\
		abort();						\
	}								\
} while (0)

/* A NUL-terminated copy of the fuzzer's bytes. */
static char *
fuzz_string(const unsigned char *data, size_t n)
{
	char	*s = xmalloc(n + 1);

	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

static int
fuzz_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The document re-parses as XML without HUGE, holds no script, no
 * event handler, no javascript: URL, and its ids are unique. Walks
 * the tree without recursion, as sheaf does.
 */
static void
fuzz_check_xhtml(const char *x, size_t n)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 node;
	xmlAttrPtr	 at;
	xmlChar		*v;
	char		**ids = NULL;
	size_t		 nids = 0, i;

	doc = xmlReadMemory(x, (int)n, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	FUZZ_REQUIRE(doc != NULL, "the document re-parses as XML");
	node = xmlDocGetRootElement(doc);
	while (node != NULL) {
		if (node->type == XML_ELEMENT_NODE) {
			FUZZ_REQUIRE(!xmlStrEqual(node->name,
			    (const xmlChar *)"script"), "no script");
			for (at = node->properties; at != NULL; at = at->next) {
				FUZZ_REQUIRE(at->name[0] != 'o' ||
				    at->name[1] != 'n', "no event handler");
				v = xmlNodeListGetString(doc, at->children, 1);
				if (v != NULL && xmlStrEqual(at->name,
				    (const xmlChar *)"href"))
					FUZZ_REQUIRE(xmlStrncasecmp(v,
					    (const xmlChar *)"javascript:",
					    11) != 0, "no javascript: URL");
				if (v != NULL && xmlStrEqual(at->name,
				    (const xmlChar *)"id")) {
					ids = xreallocarray(ids, nids + 1,
					    sizeof(*ids));
					ids[nids++] = xstrdup((char *)v);
				}
				xmlFree(v);
			}
		}
		if (node->type == XML_ELEMENT_NODE && node->children != NULL)
			node = node->children;
		else {
			while (node != NULL && node->next == NULL)
				node = node->parent;
			if (node != NULL)
				node = node->next;
		}
	}
	qsort(ids, nids, sizeof(*ids), fuzz_cmp);
	for (i = 0; i + 1 < nids; i++)
		FUZZ_REQUIRE(strcmp(ids[i], ids[i + 1]) != 0, "unique ids");
	for (i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	xmlFreeDoc(doc);
}

#endif
