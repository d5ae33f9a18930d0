/*
 * sheaf check, the container: open the EPUB with libzip, check the
 * zip itself (size, mimetype first and stored, names inside), find
 * the package document through META-INF/container.xml, then hand the
 * package to check_opf.c and the documents to check_doc.c,
 * check_image.c and check_nav.c, and run the cross-checks once all
 * is read. Findings and entries go through check_book.c, XML through
 * check_xml.c, like every other check*.c file.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zip.h>

#include "buf.h"
#include "check.h"
#include "diag.h"
#include "check_int.h"

#define MB		(1024UL * 1024UL)
#define KINDLE_MAIL	(50 * MB)	/* Send-to-Kindle by e-mail */
#define BOOK_MAX	(200 * MB)	/* Send-to-Kindle app and web */

static const char mimetype[] = "application/epub+zip";

/* mimetype: first, stored, the exact bytes, no extra field. */
static void
mimetype_entry(struct check *c)
{
	zip_stat_t	 st;
	struct buf	 b = BUF_INIT;
	const char	*first = zip_get_name(c->za, 0, 0);

	if (first == NULL || strcmp(first, "mimetype") != 0) {
		check_report(c, DIAG_ERROR, NULL, 0, "PKG-006",
		    "the first entry must be mimetype (it is %s)",
		    first ? first : "missing");
		return;
	}
	if (zip_stat_index(c->za, 0, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_COMP_METHOD) &&
	    st.comp_method != ZIP_CM_STORE)
		check_report(c, DIAG_ERROR, "mimetype", 0, "PKG-007",
		    "mimetype must be stored, not compressed");
	if (zip_file_extra_fields_count(c->za, 0, ZIP_FL_LOCAL) > 0)
		check_report(c, DIAG_ERROR, "mimetype", 0, "PKG-005",
		    "mimetype has an extra field in its local header");
	if (check_read(c, "mimetype", &b) == 0 &&
	    (b.len != sizeof(mimetype) - 1 ||
	    memcmp(b.data, mimetype, b.len) != 0))
		check_report(c, DIAG_ERROR, "mimetype", 0, "PKG-007",
		    "mimetype must hold exactly \"%s\"", mimetype);
	buf_fini(&b);
}

/*
 * Names inside the book: ASCII without spaces or the characters EPUB
 * forbids; Send-to-Kindle and older readers fail on the rest.
 */
static void
entry_names(struct check *c)
{
	zip_int64_t		 i, n = zip_get_num_entries(c->za, 0);
	const unsigned char	*s, *name;

	for (i = 0; i < n; i++) {
		if ((name = (const unsigned char *)zip_get_name(c->za,
		    (zip_uint64_t)i, ZIP_FL_ENC_RAW)) == NULL)
			continue;
		for (s = name; *s != '\0'; s++) {
			if (*s >= 0x80) {
				check_report(c, DIAG_ERROR, NULL, 0, "PKG-012",
				    "non-ASCII character in the name %s",
				    name);
				break;
			}
			if (*s == ' ') {
				check_report(c, DIAG_ERROR, NULL, 0, "PKG-010",
				    "space in the name %s", name);
				break;
			}
			if (*s < 0x20 || *s == 0x7f ||
			    strchr("\"*:<>?\\|", *s) != NULL) {
				check_report(c, DIAG_ERROR, NULL, 0, "PKG-009",
				    "character '%c' not allowed in the name "
				    "%s", *s >= 0x20 ? *s : '?', name);
				break;
			}
		}
	}
}

static void
book_size(struct check *c)
{
	struct stat	 st;

	if (stat(c->path, &st) == -1)
		return;
	if ((unsigned long long)st.st_size > BOOK_MAX)
		check_report(c, DIAG_ERROR, NULL, 0, "book-size",
		    "%.1f MB: over the 200 MB Send-to-Kindle limit",
		    st.st_size / (double)MB);
	else if ((unsigned long long)st.st_size > KINDLE_MAIL)
		check_report(c, DIAG_WARNING, NULL, 0, "book-size",
		    "%.1f MB: over the 50 MB limit of Send-to-Kindle by "
		    "e-mail", st.st_size / (double)MB);
}

/* The package document's name, from META-INF/container.xml. */
static char *
find_opf(struct check *c)
{
	static const char	 name[] = "META-INF/container.xml";
	xmlDocPtr		 doc;
	xmlNodePtr		 n, root;
	char			*opf = NULL;

	if (!check_exists(c, name)) {
		check_report(c, DIAG_ERROR, NULL, 0, "RSC-002",
		    "%s is missing", name);
		return NULL;
	}
	if ((doc = check_parse(c, name, NULL)) == NULL)
		return NULL;
	root = xmlDocGetRootElement(doc);
	for (n = root; n != NULL && opf == NULL; n = check_next(n, root))
		if (check_is(n, "rootfile"))
			opf = check_attr(n, "full-path");
	if (opf == NULL)
		check_report(c, DIAG_ERROR, name, 0, "RSC-003",
		    "no rootfile names the package document");
	else if (!check_exists(c, opf)) {
		check_report(c, DIAG_ERROR, name, 0, "OPF-002",
		    "package document %s is missing", opf);
		free(opf);
		opf = NULL;
	}
	xmlFreeDoc(doc);
	return opf;
}

static void
chk_fini(struct check *c)
{
	size_t	 i, j;

	for (i = 0; i < c->nitems; i++) {
		free(c->items[i].id);
		free(c->items[i].name);
		free(c->items[i].href);
		free(c->items[i].type);
		free(c->items[i].props);
		free(c->items[i].fallback);
		for (j = 0; j < c->items[i].nids; j++)
			free(c->items[i].ids[j]);
		free(c->items[i].ids);
	}
	free(c->items);
	for (i = 0; i < c->nlinks; i++) {
		free(c->links[i].from);
		free(c->links[i].target);
		free(c->links[i].frag);
	}
	free(c->links);
	for (i = 0; i < c->nnonlinear; i++)
		free(c->nonlinear[i]);
	free(c->nonlinear);
	free(c->opf);
	free(c->identifier);
}

int
check_epub(const char *path, struct diag *d)
{
	struct check	 c;
	zip_error_t	 ze;
	size_t		 i;
	int		 zerr;

	memset(&c, 0, sizeof(c));
	c.path = path;
	c.d = d;
	if ((c.za = zip_open(path, ZIP_RDONLY, &zerr)) == NULL) {
		zip_error_init_with_code(&ze, zerr);
		diag_error(d, path, 0, 0, "cannot open as a zip: %s [PKG-004]",
		    zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	book_size(&c);
	mimetype_entry(&c);
	entry_names(&c);
	if ((c.opf = find_opf(&c)) != NULL && check_opf(&c) == 0) {
		for (i = 0; i < c.nitems; i++) {
			if (c.items[i].name == NULL)
				continue;
			if (strcmp(c.items[i].type,
			    "application/xhtml+xml") == 0)
				check_doc(&c, &c.items[i]);
			else if (strncmp(c.items[i].type, "image/", 6) == 0)
				check_image(&c, &c.items[i]);
		}
		check_nav(&c);
		check_links_verify(&c);
		check_opf_reach(&c);
	}
	zip_discard(c.za);
	chk_fini(&c);
	return 0;
}

void
check_format(const struct diag_msg *m, struct buf *out)
{
	static const char *const level[] = { "note", "warning", "error" };

	if (m->file != NULL) {
		buf_puts_visible(out, m->file);
		if (m->line > 0)
			buf_printf(out, "(%d)", m->line);
		BUF_PUTSL(out, ": ");
	}
	buf_puts(out, level[m->level]);
	BUF_PUTSL(out, ": ");
	buf_puts(out, m->text);
}
