/*
 * sheaf check, the container: open the EPUB with libzip, check the
 * zip itself (size, mimetype first and stored, names inside), find
 * the package document through META-INF/container.xml, then hand the
 * package to check_opf.c and the documents to check_doc.c,
 * check_image.c and check_nav.c. Shared helpers for those files too.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <zip.h>

#include "buf.h"
#include "check.h"
#include "diag.h"
#include "xalloc.h"
#include "check_int.h"

#define MB		(1024UL * 1024UL)
#define KINDLE_MAIL	(50 * MB)	/* Send-to-Kindle by e-mail */
#define BOOK_MAX	(200 * MB)	/* Send-to-Kindle app and web */
#define ENTRY_MAX	(256 * MB)	/* what sheaf reads of one entry */

static const char mimetype[] = "application/epub+zip";

void
chk_report(struct chk *c, enum diag_level level, const char *name,
    int line, const char *rule, const char *fmt, ...)
{
	struct buf	 file = BUF_INIT, text = BUF_INIT;
	va_list		 ap;
	int		 n;

	buf_puts(&file, c->path);
	if (name != NULL)
		buf_printf(&file, "/%s", name);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		buf_grow(&text, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(text.data, (size_t)n + 1, fmt, ap);
		va_end(ap);
		text.len = (size_t)n;
	}
	if (level == DIAG_ERROR)
		diag_error(c->d, file.data, line, 0, "%s [%s]", text.data, rule);
	else
		diag_warn(c->d, file.data, line, 0, "%s [%s]", text.data, rule);
	buf_fini(&file);
	buf_fini(&text);
}

int
chk_exists(struct chk *c, const char *name)
{
	return zip_name_locate(c->za, name, 0) >= 0;
}

/* The bytes of entry name, or -1 when it is missing or unreadable. */
int
chk_read(struct chk *c, const char *name, struct buf *out)
{
	zip_stat_t	 st;
	zip_file_t	*f;
	zip_int64_t	 r;
	char		 tmp[65536];

	if (zip_stat(c->za, name, 0, &st) == -1)
		return -1;
	if ((st.valid & ZIP_STAT_SIZE) && st.size > ENTRY_MAX) {
		chk_report(c, DIAG_ERROR, name, 0, "entry-size",
		    "entry too large to check (%llu bytes)",
		    (unsigned long long)st.size);
		return -1;
	}
	if ((f = zip_fopen(c->za, name, 0)) == NULL)
		goto bad;
	while ((r = zip_fread(f, tmp, sizeof(tmp))) > 0 &&
	    out->len <= ENTRY_MAX)
		buf_put(out, tmp, (size_t)r);
	zip_fclose(f);
	if (r < 0)
		goto bad;
	return 0;
bad:
	chk_report(c, DIAG_ERROR, name, 0, "PKG-004", "cannot read: %s",
	    zip_error_strerror(zip_get_error(c->za)));
	return -1;
}

static void
xml_error(void *arg, xmlErrorPtr e)
{
	struct chk	*c = arg;
	struct buf	 msg = BUF_INIT;

	/* "--" in comments has its own message, from chk_comments(). */
	if (e == NULL || e->level < XML_ERR_ERROR ||
	    e->code == XML_ERR_HYPHEN_IN_COMMENT || c->parse_errors++ > 0)
		return;
	buf_puts(&msg, e->message != NULL ? e->message : "not well-formed");
	while (msg.len > 0 && msg.data[msg.len - 1] == '\n')
		msg.data[--msg.len] = '\0';
	chk_report(c, DIAG_ERROR, c->parsing, e->line, "RSC-016",
	    "not well-formed XML: %s", msg.data);
	buf_fini(&msg);
}

/*
 * Read and parse entry name as XML, never from the network and with
 * no entity expansion; the first parse error is reported. The caller
 * frees the tree; bytes (may be NULL) gets the raw entry.
 */
xmlDocPtr
chk_parse(struct chk *c, const char *name, struct buf *bytes)
{
	struct buf	 local = BUF_INIT, *b = bytes ? bytes : &local;
	xmlDocPtr	 doc = NULL;

	if (chk_read(c, name, b) == -1)
		goto out;
	c->parsing = name;
	c->parse_errors = 0;
	xmlSetStructuredErrorFunc(c, xml_error);
	doc = xmlReadMemory(b->data, (int)b->len, name, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (doc != NULL && c->parse_errors > 0) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
out:
	buf_fini(&local);
	return doc;
}

/* An attribute's value (for the caller to free), or NULL. */
char *
chk_attr(xmlNodePtr n, const char *name)
{
	xmlChar	*v = xmlGetProp(n, (const xmlChar *)name);
	char	*s;

	if (v == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

int
chk_is(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

/* The element after n in document order below top, without recursion. */
xmlNodePtr
chk_next(xmlNodePtr n, xmlNodePtr top)
{
	xmlNodePtr	 c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	for (; n != NULL && n != top; n = n->parent)
		for (c = n->next; c != NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				return c;
	return NULL;
}

struct chk_item *
chk_item_by_name(struct chk *c, const char *name)
{
	size_t	 i;

	for (i = 0; i < c->nitems; i++)
		if (c->items[i].name != NULL &&
		    strcmp(c->items[i].name, name) == 0)
			return &c->items[i];
	return NULL;
}

/* mimetype: first, stored, the exact bytes, no extra field. */
static void
check_mimetype(struct chk *c)
{
	zip_stat_t	 st;
	struct buf	 b = BUF_INIT;
	const char	*first = zip_get_name(c->za, 0, 0);

	if (first == NULL || strcmp(first, "mimetype") != 0) {
		chk_report(c, DIAG_ERROR, NULL, 0, "PKG-006",
		    "the first entry must be mimetype (it is %s)",
		    first ? first : "missing");
		return;
	}
	if (zip_stat_index(c->za, 0, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_COMP_METHOD) &&
	    st.comp_method != ZIP_CM_STORE)
		chk_report(c, DIAG_ERROR, "mimetype", 0, "PKG-007",
		    "mimetype must be stored, not compressed");
	if (zip_file_extra_fields_count(c->za, 0, ZIP_FL_LOCAL) > 0)
		chk_report(c, DIAG_ERROR, "mimetype", 0, "PKG-005",
		    "mimetype has an extra field in its local header");
	if (chk_read(c, "mimetype", &b) == 0 &&
	    (b.len != sizeof(mimetype) - 1 ||
	    memcmp(b.data, mimetype, b.len) != 0))
		chk_report(c, DIAG_ERROR, "mimetype", 0, "PKG-007",
		    "mimetype must hold exactly \"%s\"", mimetype);
	buf_fini(&b);
}

/*
 * Names inside the book: ASCII without spaces or the characters EPUB
 * forbids; Send-to-Kindle and older readers fail on the rest.
 */
static void
check_names(struct chk *c)
{
	zip_int64_t		 i, n = zip_get_num_entries(c->za, 0);
	const unsigned char	*s, *name;

	for (i = 0; i < n; i++) {
		if ((name = (const unsigned char *)zip_get_name(c->za,
		    (zip_uint64_t)i, ZIP_FL_ENC_RAW)) == NULL)
			continue;
		for (s = name; *s != '\0'; s++) {
			if (*s >= 0x80) {
				chk_report(c, DIAG_ERROR, NULL, 0, "PKG-012",
				    "non-ASCII character in the name %s",
				    name);
				break;
			}
			if (*s == ' ') {
				chk_report(c, DIAG_ERROR, NULL, 0, "PKG-010",
				    "space in the name %s", name);
				break;
			}
			if (*s < 0x20 || *s == 0x7f ||
			    strchr("\"*:<>?\\|", *s) != NULL) {
				chk_report(c, DIAG_ERROR, NULL, 0, "PKG-009",
				    "character '%c' not allowed in the name "
				    "%s", *s >= 0x20 ? *s : '?', name);
				break;
			}
		}
	}
}

static void
check_size(struct chk *c)
{
	struct stat	 st;

	if (stat(c->path, &st) == -1)
		return;
	if ((unsigned long long)st.st_size > BOOK_MAX)
		chk_report(c, DIAG_ERROR, NULL, 0, "book-size",
		    "%.1f MB: over the 200 MB Send-to-Kindle limit",
		    st.st_size / (double)MB);
	else if ((unsigned long long)st.st_size > KINDLE_MAIL)
		chk_report(c, DIAG_WARNING, NULL, 0, "book-size",
		    "%.1f MB: over the 50 MB limit of Send-to-Kindle by "
		    "e-mail", st.st_size / (double)MB);
}

/* The package document's name, from META-INF/container.xml. */
static char *
find_opf(struct chk *c)
{
	static const char	 name[] = "META-INF/container.xml";
	xmlDocPtr		 doc;
	xmlNodePtr		 n, root;
	char			*opf = NULL;

	if (!chk_exists(c, name)) {
		chk_report(c, DIAG_ERROR, NULL, 0, "RSC-002",
		    "%s is missing", name);
		return NULL;
	}
	if ((doc = chk_parse(c, name, NULL)) == NULL)
		return NULL;
	root = xmlDocGetRootElement(doc);
	for (n = root; n != NULL && opf == NULL; n = chk_next(n, root))
		if (chk_is(n, "rootfile"))
			opf = chk_attr(n, "full-path");
	if (opf == NULL)
		chk_report(c, DIAG_ERROR, name, 0, "RSC-003",
		    "no rootfile names the package document");
	else if (!chk_exists(c, opf)) {
		chk_report(c, DIAG_ERROR, name, 0, "OPF-002",
		    "package document %s is missing", opf);
		free(opf);
		opf = NULL;
	}
	xmlFreeDoc(doc);
	return opf;
}

static void
chk_fini(struct chk *c)
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
	struct chk	 c;
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
	check_size(&c);
	check_mimetype(&c);
	check_names(&c);
	if ((c.opf = find_opf(&c)) != NULL && chk_opf(&c) == 0) {
		for (i = 0; i < c.nitems; i++) {
			if (c.items[i].name == NULL)
				continue;
			if (strcmp(c.items[i].type,
			    "application/xhtml+xml") == 0)
				chk_doc(&c, &c.items[i]);
			else if (strncmp(c.items[i].type, "image/", 6) == 0)
				chk_image(&c, &c.items[i]);
		}
		chk_nav(&c);
		chk_links_verify(&c);
		chk_opf_reach(&c);
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
