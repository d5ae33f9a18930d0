/*
 * The folders of a split-by output: out/{category}.epub may name a
 * folder that does not exist yet, or one that the placeholder makes
 * (out/{year}/book.epub). They are made as mkdir -p would, but the
 * part a placeholder filled in may not climb out of the pattern's
 * fixed folder: "." and ".." are refused there (a "/" in a value is
 * already a "-").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xalloc.h"
#include "main_int.h"

/* mkdir dir unless it is a folder already. */
static int
make(const char *path, const char *dir)
{
	struct stat	 st;

	if (mkdir(dir, 0777) == 0 || (errno == EEXIST &&
	    stat(dir, &st) == 0 && S_ISDIR(st.st_mode)))
		return 0;
	fprintf(stderr, "sheaf: %s: error: cannot make folder %s: %s\n",
	    path, dir, errno == EEXIST ? "not a folder" : strerror(errno));
	return -1;
}

int
main_outdir_make(const char *pattern, const char *mark, const char *path)
{
	const char	*at = strstr(pattern, mark), *p;
	char		*dir, *s;
	size_t		 fixed = 0, i, n;
	int		 rc = 0;

	for (i = 0; at != NULL && pattern + i < at; i++)
		if (pattern[i] == '/')
			fixed = i + 1;
	for (p = path + fixed; *p != '\0'; p += n + (p[n] == '/')) {
		n = strcspn(p, "/");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' &&
		    p[1] == '.')) {
			fprintf(stderr, "sheaf: %s: error: output leaves the "
			    "folder %.*s of its pattern\n", path, (int)fixed,
			    fixed > 0 ? pattern : "./");
			return -1;
		}
	}
	if ((s = strrchr(path, '/')) == NULL || s == path)
		return 0;
	dir = xstrndup(path, (size_t)(s - path));
	for (s = dir + 1; rc == 0 && (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		rc = make(path, dir);
		*s = '/';
	}
	if (rc == 0)
		rc = make(path, dir);
	free(dir);
	return rc;
}
