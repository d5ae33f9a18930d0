/*
 * The diagnostics sink. Every stage reports problems here instead of
 * printing; main prints them as "sheaf: FILE:LINE[:COL]: LEVEL: text"
 * and takes the exit status from the worst level seen. Safe to use
 * from several threads at once.
 */
#ifndef SHEAF_DIAG_H
#define SHEAF_DIAG_H

#include <pthread.h>
#include <stddef.h>

struct buf;

enum diag_level {
	DIAG_NOTE,
	DIAG_WARNING,
	DIAG_ERROR
};

struct diag_msg {
	char		*file;	/* NULL when no file is involved */
	int		 line;	/* 0 when unknown */
	int		 col;	/* 0 when unknown */
	enum diag_level	 level;
	char		*text;
	char		*kind;	/* warnings of one kind, or NULL: see
				   diag_collapse() */
};

struct diag {
	struct diag_msg	*msgs;
	size_t		 n;
	size_t		 cap;
	size_t		 printed;	/* how many main has shown */
	size_t		 nwarn;
	size_t		 nerr;
	int		 strict;	/* warnings count as errors */
	int		 verbose;	/* keep notes */
	pthread_mutex_t	 lock;
};

void	diag_init(struct diag *);
void	diag_fini(struct diag *);

void	diag_error(struct diag *, const char *file, int line, int col,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void	diag_warn(struct diag *, const char *file, int line, int col,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void	diag_note(struct diag *, const char *file, int line, int col,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * A warning of a kind (NULL: the text is the kind) that
 * diag_collapse() may fold into one line with the others of its kind.
 */
void	diag_warn_kind(struct diag *, const char *kind, const char *file,
	    int line, int col, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));

/*
 * Fold the warnings of each kind among the messages from index from
 * on (none of them printed yet): when a kind has more than
 * DIAG_KIND_MAX, its first stays, the others become notes (kept only
 * when verbose), and one warning at the end counts them and the files
 * they are in.
 */
#define DIAG_KIND_MAX	3
void	diag_collapse(struct diag *, size_t from);

/* Report m, a message of another sink, again to d: its level and kind. */
void	diag_copy(struct diag *, const struct diag_msg *m);

/* Non-zero once an error (or, with strict, a warning) was reported. */
int	diag_failed(const struct diag *);

/*
 * Append "FILE:LINE:COL: level: text" for one message to out. The
 * file name is quoted with C escapes when it holds control bytes.
 */
void	diag_format(const struct diag_msg *, struct buf *out);

#endif
