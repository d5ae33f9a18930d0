/*
 * The cache root and its folders (see include/cache_dir.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cache_dir.h"

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
