/*
 * Accessibility metadata in the package document (EPUB Accessibility
 * 1.1, schema.org vocabulary), computed from the book, never claimed:
 * a visual access mode only when there are images, alternativeText
 * only when every image has an alt that describes it, and textual
 * access sufficient only then. Every sheaf book has a table of
 * contents, headings and one reading order, and no hazards: no
 * sound, no motion, no flashing. A summary and a conformance claim
 * (with who certified it) come only from book.yml's accessibility:,
 * where the user asserts them.
 */
#include <stddef.h>

#include "book.h"
#include "config.h"
#include "media.h"
#include "package_int.h"

static void
meta(xmlNodePtr md, const char *property, const char *value)
{
	xmlNodePtr	 m;

	m = package_elem(md, NULL, 2, "meta", value);
	xmlNewProp(m, (const xmlChar *)"property", (const xmlChar *)property);
}

void
package_a11y(const struct package *p, xmlNodePtr md)
{
	const struct book	*b = p->book;
	size_t			 i, images = 0, missing = 0;

	for (i = 0; i < b->narticles; i++) {
		images += b->articles[i]->nimages;
		missing += b->articles[i]->nalt_missing;
	}
	/* A cover's alt is the book's title; a drawn one holds only text
	 * that the title page has too, and is no visual content. */
	if (p->cover != NULL && !p->cover_drawn)
		images++;

	meta(md, "schema:accessMode", "textual");
	if (images > 0)
		meta(md, "schema:accessMode", "visual");
	meta(md, "schema:accessModeSufficient",
	    missing == 0 ? "textual" : "textual,visual");
	meta(md, "schema:accessibilityFeature", "structuralNavigation");
	meta(md, "schema:accessibilityFeature", "tableOfContents");
	meta(md, "schema:accessibilityFeature", "readingOrder");
	if (images > 0 && missing == 0)
		meta(md, "schema:accessibilityFeature", "alternativeText");
	meta(md, "schema:accessibilityHazard", "none");
	if (p->cfg == NULL)
		return;
	if (p->cfg->meta.a11y_summary != NULL)
		meta(md, "schema:accessibilitySummary",
		    p->cfg->meta.a11y_summary);
	if (p->cfg->meta.a11y_conformance != NULL)
		meta(md, "dcterms:conformsTo", p->cfg->meta.a11y_conformance);
	if (p->cfg->meta.a11y_conformance != NULL &&
	    p->cfg->meta.a11y_certified_by != NULL)
		meta(md, "a11y:certifiedBy", p->cfg->meta.a11y_certified_by);
}
