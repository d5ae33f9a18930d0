/*
 * Declarations shared by main.c and the other main_*.c files: the
 * command-line front end, the only code that prints or exits.
 */
#ifndef SHEAF_MAIN_INT_H
#define SHEAF_MAIN_INT_H

#include "diag.h"

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

/* main_completion.c: print the completion script for a shell. */
int	main_completion(int argc, char *argv[]);

#endif
