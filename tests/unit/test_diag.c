/* Unit tests: the diagnostics sink, and warnings of a kind folded. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "harness.h"

/* The text of message i, or "" past the end. */
static const char *
text(const struct diag *d, size_t i)
{
	return i < d->n ? d->msgs[i].text : "";
}

static void
fold(int verbose)
{
	struct diag	 d;
	const char	*files[] = { "a.md", "a.md", "b.md", "c.md", "d.md" };
	size_t		 i, from;

	diag_init(&d);
	d.verbose = verbose;
	diag_warn(&d, "early.md", 1, 0, "before the stage");
	from = d.n;
	for (i = 0; i < 5; i++)
		diag_warn_kind(&d, "image not found", files[i], (int)i + 1, 0,
		    "image not found: /x%zu.png", i);
	diag_warn_kind(&d, NULL, "a.md", 9, 0, "iframe %s", "dropped");
	diag_warn_kind(&d, NULL, "b.md", 9, 0, "iframe %s", "dropped");
	diag_warn(&d, "e.md", 3, 0, "image not found: /y.png (did you "
	    "mean y.jpg?)");
	diag_collapse(&d, from);
	EQ_STR(text(&d, 0), "before the stage", "earlier messages stay");
	EQ_STR(text(&d, 1), "image not found: /x0.png", "the first stays");
	if (verbose) {
		EQ_INT(d.n, 10, "verbose: every one kept, one added");
		EQ_INT(d.msgs[2].level, DIAG_NOTE, "the others are notes");
		EQ_STR(text(&d, 9), "image not found: 5 times in 4 files "
		    "(-v lists them)", "the count, at the end");
	} else {
		EQ_INT(d.n, 6, "the others go");
		EQ_STR(text(&d, 2), "iframe dropped", "few of a kind: all stay");
		EQ_STR(text(&d, 3), "iframe dropped", "few of a kind: all stay");
		EQ_STR(text(&d, 4), "image not found: /y.png (did you mean "
		    "y.jpg?)", "a warning without a kind stays");
		EQ_STR(text(&d, 5), "image not found: 5 times in 4 files "
		    "(-v lists them)", "the count, at the end");
		EQ_INT(d.msgs[5].file == NULL, 1, "the count names no file");
	}
	EQ_INT(d.nwarn, 6, "warnings counted once folded");
	/* Folding again changes nothing. */
	from = d.n;
	diag_collapse(&d, 0);
	EQ_INT(d.n, from, "folded once only");
	diag_fini(&d);
}

int
main(void)
{
	fold(0);
	fold(1);
	return DONE();
}
