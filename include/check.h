/*
 * sheaf check: a preflight of any EPUB for what makes reading systems
 * and Send-to-Kindle reject a book, including the rules epubcheck 5
 * adds over the 4.2 that Debian ships. Messages go to a struct diag;
 * each names its place inside the book and ends with a rule name.
 */
#ifndef SHEAF_CHECK_H
#define SHEAF_CHECK_H

struct buf;
struct diag;
struct diag_msg;

/*
 * Check the EPUB at path. Every finding is added to d with file
 * "PATH/NAME-INSIDE" (or PATH) and a text ending in " [RULE]".
 * Returns 0 when the checks ran (findings or not), -1 when the file
 * is not a zip sheaf can open (an error in d too).
 */
int	check_epub(const char *path, struct diag *d);

/*
 * Run epubcheck (the jar in $SHEAF_EPUBCHECK_JAR, else Debian's) on
 * path and add its errors and warnings to d, rule names kept.
 * Returns 0, or -1 with a warning in d when it cannot be run.
 */
int	check_epubcheck(const char *path, struct diag *d);

/* Append "FILE(LINE): level: text" for one message to out. */
void	check_format(const struct diag_msg *, struct buf *out);

#endif
