/*
 * A small unit-test harness: OK, EQ_INT and EQ_STR record one check
 * each and print what failed; DONE prints "N passed, N failed" and
 * returns the exit status for main. golden_write leaves an output for
 * tests/golden.sh to diff against its golden file.
 */
#ifndef SHEAF_HARNESS_H
#define SHEAF_HARNESS_H

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int harness_pass, harness_fail;

#define OK(cond, ...) do {						\
	if (cond)							\
		harness_pass++;						\
	else {								\
		harness_fail++;						\
		printf("not ok %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

#define EQ_INT(got, want, msg) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	OK(g_ == w_, "%s: got %lld, want %lld", (msg), g_, w_);		\
} while (0)

#define EQ_STR(got, want, msg) do {					\
	const char *g_ = (got), *w_ = (want);				\
	OK(g_ != NULL && w_ != NULL ? strcmp(g_, w_) == 0 : g_ == w_,	\
	    "%s: got \"%s\", want \"%s\"", (msg),			\
	    g_ ? g_ : "(null)", w_ ? w_ : "(null)");			\
} while (0)

#define CONTAINS(hay, needle, msg) do {					\
	const char *h_ = (hay), *n_ = (needle);				\
	OK(h_ != NULL && strstr(h_, n_) != NULL,			\
	    "%s: \"%s\" not found", (msg), n_);				\
} while (0)

#define LACKS(hay, needle, msg) do {					\
	const char *h_ = (hay), *n_ = (needle);				\
	OK(h_ != NULL && strstr(h_, n_) == NULL,			\
	    "%s: \"%s\" found", (msg), n_);				\
} while (0)

/*
 * Write text to build/golden/STAGE/NAME (run from the top of the
 * repository); tests/golden.sh diffs it against tests/golden/STAGE/NAME.
 * Only a failure to write counts here, as a failed check.
 */
static inline void
golden_write(const char *stage, const char *name, const char *text)
{
	char	 path[512];
	FILE	*f;
	int	 err;

	mkdir("build/golden", 0777);
	snprintf(path, sizeof(path), "build/golden/%s", stage);
	mkdir(path, 0777);
	snprintf(path, sizeof(path), "build/golden/%s/%s", stage, name);
	f = fopen(path, "w");
	err = f == NULL || fputs(text, f) == EOF;
	if (f != NULL && fclose(f) == EOF)
		err = 1;
	if (err) {
		harness_fail++;
		printf("not ok: cannot write %s: %s\n", path, strerror(errno));
	}
}

#define DONE() (printf("%s: %d passed, %d failed\n", __FILE__,		\
	harness_pass, harness_fail), harness_fail ? 1 : 0)

#endif
