/*
 * Declarations shared by main.c and the other main_*.c files: the
 * command-line front end, the only code that prints or exits.
 */
#ifndef SHEAF_MAIN_INT_H
#define SHEAF_MAIN_INT_H

#include <getopt.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "progress.h"

struct book;
struct main_jobs;
struct package_ahead;

/* What the command line asks for beside the book's settings. */
struct main_opts {
	const char	*output;
	const char	*config;
	int		 list;
	int		 json;		/* list --format json */
	int		 check;		/* build --check */
	const char	**hmap;		/* --image-host-map values */
	size_t		 nhmap;
	struct buf	 plan;		/* ...the books' JSON, shown at the end */
	size_t		 nplans;
	struct main_jobs *pool;		/* the books of a collection, or NULL */
};

/*
 * main_options.c: the options of build and list, from one table.
 * main_options_parse() applies the options of argv to cfg (and o), on
 * top of what cfg holds: run once on an empty config, then again on
 * each book of book.yml. A list option given on the command line
 * replaces the file's list. Returns the index of the first operand.
 * Exits 2 on a wrong option, 0 after --help or --version.
 */
int	main_options_parse(int argc, char *argv[], struct config *,
	    struct main_opts *);
/* The same options as getopt_long(3) takes them, for completion. */
const struct option *main_options_long(void);
/* The synopsis on standard error, then exit 2. */
_Noreturn void	main_usage(void);
/* --help and --version, on standard output. */
void	main_help(void);
void	main_version(void);

/* main_color.c: diagnostics on standard error, in colour on a terminal. */

/*
 * "auto" (the default: standard error is a terminal and NO_COLOR is
 * unset or empty), "always" or "never". Returns -1 on another word.
 */
int	main_color_set(const char *when);
/* Write one formatted diagnostic line to standard error. */
void	main_diag_put(const char *line, enum diag_level);
/*
 * Print the messages the stages have added to d since the last call,
 * as "sheaf: FILE:LINE: level: text", erasing the progress line first.
 */
void	main_diag_flush(struct diag *d);

/*
 * main_book.c: the work of each step of one book, as run_book() in
 * main.c calls them. start() readies b for the book of cfg (a copy)
 * and, unless o->list, checks that output can be replaced and starts
 * copying what the previous book there can give; collect() then list()
 * or convert(), fetch(), place(), package() and report() follow, each
 * returning -1 (or setting rc) when the book stops there. end() prints
 * why no book was written, frees all and returns the exit status: 0,
 * 1, or 128 + the signal that stopped the build.
 */
struct main_book {
	struct config		 cfg;	/* the book's */
	struct progress		 prog;	/* the progress line's hooks */
	const struct progress	*progp;	/* &prog on a terminal, else NULL */
	const char		*output;
	struct main_opts	*o;
	struct diag		 d;
	struct book		*book;
	struct package_ahead	*ahead;	/* for package_write, or NULL */
	struct timespec		 t0;
	double			 t[3];	/* ends of collect, convert, fetch */
	size_t			 size;	/* of the book written */
	int			 rc;
};

int	main_book_start(struct main_book *b, const struct config *cfg,
	    const char *output, struct main_opts *o);
int	main_book_collect(struct main_book *);
void	main_book_list(struct main_book *);
int	main_book_convert(struct main_book *);
int	main_book_fetch(struct main_book *);
int	main_book_place(struct main_book *);
int	main_book_package(struct main_book *);
void	main_book_report(struct main_book *);
int	main_book_end(struct main_book *);

/* main_check.c: the check command, and check findings after a build. */
extern const struct option main_check_options[];
int	main_check(int argc, char *argv[]);
void	main_check_print(struct diag *);

/*
 * main_progress.c: the progress line of a build, on a terminal only.
 * start() turns it on (on non-zero) for a book of narticles; the
 * others are the stages' hooks; clear() erases the line before other
 * messages (the next drawing brings it back); end() erases it for
 * good. main_progress_article() is safe to call from any thread.
 */
void	main_progress_start(int on, size_t narticles);
void	main_progress_article(void *arg);
void	main_progress_images(void *arg, size_t done, size_t total);
void	main_progress_write(void *arg, size_t done, size_t total);
void	main_progress_clear(void);
void	main_progress_end(void);

/*
 * main_report.c: what a build says at its end. main_summary() prints
 * the summary line (chapters, articles, images embedded and missing
 * with counts by reason, warnings, size, seconds); main_packed() one
 * line per article in reading order (-v).
 */
void	main_summary(const struct book *, const struct diag *,
	    const char *path, size_t size, double seconds);
void	main_packed(const struct book *);

/* main_init.c: the init command. */
int	main_init(int argc, char *argv[]);

/* main_completion.c: print the completion script for a shell. */
int	main_completion(int argc, char *argv[]);

/*
 * main_jobs.c: the books of a collection built in parallel, each in a
 * child process, at most max at once (0: one per online core).
 */
struct main_jobs;

struct main_jobs *main_jobs_new(size_t max);
/*
 * Run fn(arg) in a child process, once fewer than max are running;
 * name (the book's output) is for messages. The child's exit status
 * is fn's return value; its standard error is relayed whole when it
 * has ended, in the order the jobs were started.
 */
void	main_jobs_start(struct main_jobs *, const char *name,
	    int (*fn)(void *), void *arg);
/*
 * Wait for every job, then print "N of M books written" (naming the
 * failed ones) unless quiet and none failed. Returns how many failed.
 */
size_t	main_jobs_wait(struct main_jobs *, int quiet);
void	main_jobs_free(struct main_jobs *);

/*
 * main_outdir.c: make the missing folders of path, made from the
 * split-by output pattern by filling in mark; a filled-in part may
 * not be "." or "..". Prints FILE: error: and returns -1 on failure.
 */
int	main_outdir_make(const char *pattern, const char *mark,
	    const char *path);

#endif
