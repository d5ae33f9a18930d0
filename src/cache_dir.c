/*
 * The cache root and its folders (see include/cache_dir.h).
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>
#include <zlib.h>

#include "buf.h"
#include "cache_dir.h"
#include "media.h"
#include "xalloc.h"

#define CACHE_TMP_AGE	3600	/* seconds */

/* mkdir -p, for the folders of the cache only (mode 0700). */
static int
mkdirs(struct buf *path)
{
	char	*p, c;

	for (p = path->data + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(path->data, 0700) == -1 && errno != EEXIST) {
			*p = c;
			return -1;
		}
		*p = c;
		if (c == '\0')
			return 0;
	}
}

int
cache_dir(const char *dir, const char *sub, struct buf *out,
    const char **why)
{
	const char	*env;
	struct stat	 st;

	buf_reset(out);
	if (dir != NULL)
		buf_puts(out, dir);
	else if ((env = getenv("XDG_CACHE_HOME")) != NULL && env[0] == '/')
		buf_printf(out, "%s/sheaf", env);
	else if ((env = getenv("HOME")) != NULL && env[0] == '/')
		buf_printf(out, "%s/.cache/sheaf", env);
	else {
		*why = "HOME is not set";
		return -1;
	}
	buf_printf(out, "/%s", sub);
	errno = 0;
	if (mkdirs(out) == -1 || stat(out->data, &st) == -1 ||
	    !S_ISDIR(st.st_mode) || access(out->data, W_OK | X_OK) == -1) {
		*why = strerror(errno ? errno : ENOTDIR);
		return -1;
	}
	return 0;
}

void
cache_expire(const char *dir, int (*match)(const char *), long age)
{
	struct buf	 path = BUF_INIT;
	struct dirent	*e;
	struct stat	 st;
	DIR		*dp;
	time_t		 now = time(NULL);

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((e = readdir(dp)) != NULL) {
		if (!match(e->d_name))
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, e->d_name);
		if (lstat(path.data, &st) == 0 && S_ISREG(st.st_mode) &&
		    now - st.st_mtime > age)
			unlink(path.data);
	}
	closedir(dp);
	buf_fini(&path);
}

static int
is_tmp(const char *name)
{
	return strncmp(name, ".tmp-", 5) == 0;
}

void
cache_sweep(const char *dir)
{
	cache_expire(dir, is_tmp, CACHE_TMP_AGE);
}

static pthread_once_t	 build_once = PTHREAD_ONCE_INIT;
static char		 build_hex[33];

static void
build_init(void)
{
	struct buf	 b = BUF_INIT;

	if (read_file("/proc/self/exe", (size_t)256 << 20, &b) == 0 &&
	    b.len > 0) {
		buf_putc(&b, '\0');
		buf_puts(&b, zlibVersion());
		buf_putc(&b, '\0');
		buf_puts(&b, zip_libzip_version());
		media_hash(b.data, b.len, build_hex);
	}
	buf_fini(&b);
}

int
cache_build_id(char hex[33])
{
	pthread_once(&build_once, build_init);
	if (build_hex[0] == '\0')
		return -1;
	memcpy(hex, build_hex, 33);
	return 0;
}

void
cache_book_name(const char *output, const char *ext, struct buf *out)
{
	struct buf	 abs = BUF_INIT;
	char		 hex[33], *cwd;

	if (output[0] != '/' && (cwd = getcwd(NULL, 0)) != NULL) {
		buf_printf(&abs, "%s/", cwd);
		free(cwd);
	}
	buf_puts(&abs, output);
	media_hash(abs.data, abs.len, hex);
	buf_printf(out, "%s%s", hex, ext);
	buf_fini(&abs);
}
