/*
 * The on-disk cache of fetched images: one file per URL, named by the
 * hash of the URL, holding a header line, the URL and the bytes:
 *
 *	sheaf-cache 1 <size> <hash of the bytes>\n<url>\n<bytes>
 *
 * Entries are written to a temporary file and renamed, so a crash
 * leaves a whole entry or none; a reader still verifies size, hash,
 * URL and image type, and drops an entry that fails, since another
 * program or a full disk may have truncated it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cache_dir.h"
#include "diag.h"
#include "fetch.h"
#include "fetch_int.h"
#include "media.h"
#include "xalloc.h"

#define CACHE_MAGIC	"sheaf-cache 1 "

int
fetch_cache_open(struct fetch_cache *c, const char *dir, struct diag *d)
{
	struct buf	 path = BUF_INIT;
	const char	*why;

	c->dir = NULL;
	if (cache_dir(dir, "images", &path, &why) == -1) {
		if (path.len == 0)
			diag_warn(d, NULL, 0, 0, "no cache folder (%s): "
			    "images are not cached", why);
		else
			diag_warn(d, path.data, 0, 0, "cache folder unusable "
			    "(%s): images are not cached", why);
		buf_fini(&path);
		return -1;
	}
	c->dir = buf_detach(&path);
	cache_sweep(c->dir);
	return 0;
}

void
fetch_cache_close(struct fetch_cache *c)
{
	free(c->dir);
	c->dir = NULL;
}

static void
entry_path(const struct fetch_cache *c, const char *url, struct buf *out)
{
	char	 hex[33];

	media_hash(url, strlen(url), hex);
	buf_printf(out, "%s/%s", c->dir, hex);
}

int
fetch_cache_get(const struct fetch_cache *c, const char *url,
    struct buf *body, int *bad)
{
	struct buf	 path = BUF_INIT, raw = BUF_INIT;
	const char	*p, *nl, *end;
	char		 hex[33], want[33];
	unsigned long long size;
	size_t		 ul = strlen(url);
	int		 rc = -1;

	*bad = 0;
	if (c->dir == NULL)
		return -1;
	entry_path(c, url, &path);
	if (read_file(path.data, ((size_t)64 << 20), &raw) == -1)
		goto out;
	*bad = 1;
	p = raw.data;
	end = raw.data + raw.len;
	if (raw.len < sizeof(CACHE_MAGIC) ||
	    memcmp(p, CACHE_MAGIC, sizeof(CACHE_MAGIC) - 1) != 0 ||
	    sscanf(p + sizeof(CACHE_MAGIC) - 1, "%llu %32[0-9a-f]",
	    &size, want) != 2 ||
	    (nl = memchr(p, '\n', raw.len)) == NULL)
		goto out;
	p = nl + 1;
	if ((size_t)(end - p) < ul + 1 || memcmp(p, url, ul) != 0 ||
	    p[ul] != '\n')
		goto out;
	p += ul + 1;
	if ((unsigned long long)(end - p) != size)
		goto out;
	media_hash(p, (size_t)size, hex);
	if (strcmp(hex, want) != 0 ||
	    media_sniff((const unsigned char *)p, (size_t)size, NULL) == NULL)
		goto out;
	buf_reset(body);
	buf_put(body, p, (size_t)size);
	*bad = 0;
	rc = 0;
out:
	if (*bad)
		unlink(path.data);
	buf_fini(&path);
	buf_fini(&raw);
	return rc;
}

int
fetch_cache_put(const struct fetch_cache *c, const char *url,
    const void *p, size_t n)
{
	struct buf	 path = BUF_INIT, tmp = BUF_INIT, head = BUF_INIT;
	char		 hex[33];
	int		 fd, rc = -1;

	if (c->dir == NULL)
		return -1;
	entry_path(c, url, &path);
	buf_printf(&tmp, "%s/.tmp-XXXXXX", c->dir);
	media_hash(p, n, hex);
	buf_printf(&head, CACHE_MAGIC "%zu %s\n%s\n", n, hex, url);
	if ((fd = mkstemp(tmp.data)) == -1)
		goto out;
	if (write_all(fd, head.data, head.len) == -1 ||
	    write_all(fd, p, n) == -1) {
		close(fd);
		unlink(tmp.data);
		goto out;
	}
	if (close(fd) == -1 || rename(tmp.data, path.data) == -1) {
		unlink(tmp.data);
		goto out;
	}
	rc = 0;
out:
	buf_fini(&path);
	buf_fini(&tmp);
	buf_fini(&head);
	return rc;
}
