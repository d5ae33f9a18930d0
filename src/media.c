/*
 * The book's media table: each image once, named by the hash of its
 * bytes, with its type sniffed from the bytes themselves
 * (media_sniff.c), and the list of remote images the articles want.
 * Bytes are held in memory after conversion and scaling
 * (media_image.c); the packager writes them. The hash is a name-based UUID (SHA-1, uuid5.c) of the bytes
 * under a namespace of sheaf's own, written as 32 hex digits.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "diag.h"
#include "fetch.h"
#include "media.h"
#include "uuid5.h"
#include "xalloc.h"

/* The namespace of image hashes: 3f0b6c52-9e1d-5a70-8c2e-5d4b3a291f07. */
static const unsigned char media_ns[16] = {
	0x3f, 0x0b, 0x6c, 0x52, 0x9e, 0x1d, 0x5a, 0x70,
	0x8c, 0x2e, 0x5d, 0x4b, 0x3a, 0x29, 0x1f, 0x07
};

struct media *
media_new(void)
{
	struct media	*m = xcalloc(1, sizeof(struct media));

	m->max_pixels = MEDIA_MAX_PIXELS;
	m->max_bytes = MEDIA_MAX_IMAGE_BYTES;
	m->quality = MEDIA_QUALITY;
	m->cover = -1;
	m->unwrap = 1;
	return m;
}

void
media_free(struct media *m)
{
	size_t	 i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++) {
		free(m->v[i].id);
		free(m->v[i].href);
		free(m->v[i].media_type);
		free(m->v[i].path);
		free(m->v[i].data);
	}
	for (i = 0; i < m->rn; i++) {
		free(m->rv[i].url);
		free(m->rv[i].direct);
		free(m->rv[i].why);
	}
	free(m->rv);
	free(m->v);
	free(m);
}

void
media_hash(const void *p, size_t n, char hex[33])
{
	static const char	 digits[] = "0123456789abcdef";
	unsigned char		 u[16];
	size_t			 i;

	uuid5_make(u, media_ns, p, n);
	for (i = 0; i < 16; i++) {
		hex[2 * i] = digits[u[i] >> 4];
		hex[2 * i + 1] = digits[u[i] & 0xf];
	}
	hex[32] = '\0';
}

struct resource *
media_append(struct media *m)
{
	struct resource	*r;

	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->v = xreallocarray(m->v, m->cap, sizeof(*m->v));
	}
	r = &m->v[m->n++];
	memset(r, 0, sizeof(*r));
	return r;
}

/* The resource of these bytes, added when new; bytes is emptied. */
static const struct resource *
add(struct media *m, struct buf *bytes, const char *type, const char *ext,
    const char *name)
{
	struct buf	 b = BUF_INIT;
	struct resource	*r;
	char		 hex[33];
	size_t		 i;

	media_hash(bytes->data, bytes->len, hex);
	for (i = 0; i < m->n; i++)
		if (m->v[i].size == bytes->len &&
		    strncmp(m->v[i].id + 4, hex, 32) == 0)
			return &m->v[i];
	r = media_append(m);
	r->size = bytes->len;
	r->data = (unsigned char *)buf_detach(bytes);
	r->media_type = xstrdup(type);
	r->path = xstrdup(name);
	buf_printf(&b, "img-%s", hex);
	r->id = xstrdup(b.data);
	buf_reset(&b);
	buf_printf(&b, "images/%s.%s", hex, ext);
	r->href = buf_detach(&b);
	return r;
}

const struct resource *
media_add_bytes(struct media *m, const void *p, size_t n, const char *name,
    char **why)
{
	const struct resource	*r = NULL;
	struct buf		 bytes = BUF_INIT;
	const char		*type, *ext, *reason;

	*why = NULL;
	buf_put(&bytes, p, n);
	if (media_image_fit(&bytes, m, &type, &ext,
	    &reason) == -1)
		*why = xstrdup(reason);
	else
		r = add(m, &bytes, type, ext, name);
	buf_fini(&bytes);
	return r;
}

const struct resource *
media_add_generated(struct media *m, const void *p, size_t n,
    const char *stem, char **why)
{
	struct resource	*r;
	struct buf	 b = BUF_INIT;
	const char	*dot;

	if (media_add_bytes(m, p, n, stem, why) == NULL)
		return NULL;
	r = &m->v[m->n - 1];	/* sheaf's own bytes: always new */
	dot = strrchr(r->href, '.');
	buf_printf(&b, "images/%s%s", stem, dot != NULL ? dot : "");
	free(r->href);
	r->href = buf_detach(&b);
	buf_printf(&b, "img-%s", stem);
	free(r->id);
	r->id = buf_detach(&b);
	r->cover = strcmp(stem, "cover") == 0;
	r->generated = 1;
	return r;
}

/* Add the image file at path, a realpath(3) already when resolved. */
static const struct resource *
add_file(struct media *m, const char *path, int resolved, struct diag *d,
    const char *file, int line)
{
	struct buf		 bytes = BUF_INIT;
	const struct resource	*r = NULL;
	struct stat		 st;
	const char		*type, *ext, *why;
	char			*real = NULL;
	int			 as_is;

	if ((real = resolved ? xstrdup(path) : xrealpath(path)) == NULL ||
	    read_file_stat(real, MEDIA_MAX_BYTES, &bytes, &st) == -1) {
		if (errno == EFBIG)
			diag_warn(d, file, line, 0, "image larger than %zu MiB, "
			    "skipped: %s", MEDIA_MAX_BYTES >> 20, path);
		else if (errno == ENOENT)
			diag_warn(d, file, line, 0, "image not found: %s", path);
		else
			diag_warn(d, file, line, 0, "cannot read image %s: %s",
			    path, strerror(errno));
		goto out;
	}
	as_is = media_image_as_is((const unsigned char *)bytes.data, bytes.len,
	    m);
	if (media_image_fit(&bytes, m, &type, &ext, &why) == -1)
		diag_warn(d, file, line, 0, "%s, skipped: %s", why, path);
	else if ((r = add(m, &bytes, type, ext, real)) != NULL && as_is &&
	    r->data != NULL && strcmp(r->path, real) == 0) {
		/* The packager streams the file: the book is never in memory. */
		free(m->v[r - m->v].data);
		m->v[r - m->v].data = NULL;
		m->v[r - m->v].mtime = st.st_mtime;
	}
out:
	buf_fini(&bytes);
	free(real);
	return r;
}

const struct resource *
media_add_file(struct media *m, const char *path, struct diag *d,
    const char *file, int line)
{
	return add_file(m, path, 0, d, file, line);
}

const struct resource *
media_add_real(struct media *m, const char *real, struct diag *d,
    const char *file, int line)
{
	return add_file(m, real, 1, d, file, line);
}

size_t
media_want(struct media *m, const char *url)
{
	struct remote	*r;
	size_t		 i;

	for (i = 0; i < m->rn; i++)
		if (strcmp(m->rv[i].url, url) == 0)
			return i;
	if (m->rn == m->rcap) {
		m->rcap = m->rcap ? m->rcap * 2 : 16;
		m->rv = xreallocarray(m->rv, m->rcap, sizeof(*m->rv));
	}
	r = &m->rv[m->rn];
	memset(r, 0, sizeof(*r));
	r->url = xstrdup(url);
	r->direct = m->unwrap ? fetch_unwrap_proxy(url) : NULL;
	r->res = -1;
	return m->rn++;
}
