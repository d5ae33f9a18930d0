/*
 * Declarations shared by main.c and the other main_*.c files: the
 * command-line front end, the only code that prints or exits.
 */
#ifndef SHEAF_MAIN_INT_H
#define SHEAF_MAIN_INT_H

#include <stddef.h>

#include "diag.h"

struct book;

/* main_color.c: colour in diagnostics, only on a terminal. */

/*
 * "auto" (the default: standard error is a terminal and NO_COLOR is
 * unset or empty), "always" or "never". Returns -1 on another word.
 */
int	main_color_set(const char *when);
/* Write one formatted diagnostic line to standard error. */
void	main_diag_put(const char *line, enum diag_level);

/* main_check.c: the check command, and check findings after a build. */
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

/* main_completion.c: print the completion script for a shell. */
int	main_completion(int argc, char *argv[]);

#endif
