/*
 * The book's media table: each image once, named by the hash of its
 * bytes, with its type sniffed from the bytes themselves. Only the
 * path is kept; the packager streams the file when it writes the
 * book. The hash is a name-based UUID (SHA-1, libuuid) of the bytes
 * under a namespace of sheaf's own, written as 32 hex digits.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <uuid/uuid.h>

#include "buf.h"
#include "diag.h"
#include "media.h"
#include "xalloc.h"

#define MEDIA_MAX	((size_t)20 << 20)

/* The namespace of image hashes: 3f0b6c52-9e1d-5a70-8c2e-5d4b3a291f07. */
static const uuid_t media_ns = {
	0x3f, 0x0b, 0x6c, 0x52, 0x9e, 0x1d, 0x5a, 0x70,
	0x8c, 0x2e, 0x5d, 0x4b, 0x3a, 0x29, 0x1f, 0x07
};

struct magic {
	const char	*bytes;
	size_t		 len;
	size_t		 min;		/* shortest plausible file */
	const char	*type;
	const char	*ext;
};

static const struct magic magics[] = {
	{ "\xff\xd8\xff", 3, 4, "image/jpeg", "jpg" },
	{ "\x89PNG\r\n\x1a\n", 8, 33, "image/png", "png" },
	{ "GIF87a", 6, 13, "image/gif", "gif" },
	{ "GIF89a", 6, 13, "image/gif", "gif" },
};

struct media *
media_new(void)
{
	return xcalloc(1, sizeof(struct media));
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
	}
	free(m->v);
	free(m);
}

const char *
media_sniff(const unsigned char *p, size_t n, const char **ext)
{
	size_t	 i;

	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (n >= magics[i].min &&
		    memcmp(p, magics[i].bytes, magics[i].len) == 0) {
			if (ext != NULL)
				*ext = magics[i].ext;
			return magics[i].type;
		}
	return NULL;
}

static void
hash_hex(const char *p, size_t n, char hex[33])
{
	static const char	 digits[] = "0123456789abcdef";
	uuid_t			 u;
	size_t			 i;

	uuid_generate_sha1(u, media_ns, p, n);
	for (i = 0; i < 16; i++) {
		hex[2 * i] = digits[u[i] >> 4];
		hex[2 * i + 1] = digits[u[i] & 0xf];
	}
	hex[32] = '\0';
}

const struct resource *
media_add_file(struct media *m, const char *path, struct diag *d,
    const char *file, int line)
{
	struct buf		 bytes = BUF_INIT;
	struct resource		*r = NULL;
	const char		*type, *ext;
	char			*real = NULL, hex[33];
	size_t			 i;

	if ((real = realpath(path, NULL)) == NULL ||
	    read_file(real, MEDIA_MAX, &bytes) == -1) {
		if (errno == EFBIG)
			diag_warn(d, file, line, 0, "image larger than %zu MiB, "
			    "skipped: %s", MEDIA_MAX >> 20, path);
		else if (errno == ENOENT)
			diag_warn(d, file, line, 0, "image not found: %s", path);
		else
			diag_warn(d, file, line, 0, "cannot read image %s: %s",
			    path, strerror(errno));
		goto out;
	}
	type = media_sniff((const unsigned char *)bytes.data, bytes.len, &ext);
	if (type == NULL) {
		diag_warn(d, file, line, 0, "unsupported image type "
		    "(JPEG, PNG and GIF can be embedded): %s", path);
		goto out;
	}
	hash_hex(bytes.data, bytes.len, hex);
	for (i = 0; i < m->n; i++)
		if (m->v[i].size == bytes.len &&
		    strncmp(m->v[i].id + 4, hex, 32) == 0) {
			r = &m->v[i];
			goto out;
		}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->v = xreallocarray(m->v, m->cap, sizeof(*m->v));
	}
	r = &m->v[m->n++];
	memset(r, 0, sizeof(*r));
	r->size = bytes.len;
	r->media_type = xstrdup(type);
	r->path = real;
	real = NULL;
	buf_reset(&bytes);
	buf_printf(&bytes, "img-%s", hex);
	r->id = xstrdup(bytes.data);
	buf_reset(&bytes);
	buf_printf(&bytes, "images/%s.%s", hex, ext);
	r->href = xstrdup(bytes.data);
out:
	buf_fini(&bytes);
	free(real);
	return r;
}
