/*
 * Text helpers shared by the stages: UTF-8 repair and the guess of a
 * language from the script of a text.
 */
#ifndef SHEAF_TEXT_H
#define SHEAF_TEXT_H

#include <stddef.h>

struct buf;

/*
 * Copy s to out as valid UTF-8 that XML accepts: invalid sequences
 * become U+FFFD, NUL becomes U+FFFD, other C0 controls except tab,
 * newline and carriage return are dropped, as are U+FFFE and U+FFFF.
 * Returns the number of repairs, and in *first_line the 1-based line
 * (counted in s) of the first one.
 */
size_t	 text_repair(const char *s, size_t n, struct buf *out,
	    int *first_line);

/*
 * Guess a BCP 47 tag from the script of a text: "ja" when kana, and
 * hiragana among it, are frequent enough, "ko" for Hangul, "zh-Hant" for Han text with more
 * traditional-only than simplified-only forms of frequent characters,
 * "zh-Hans" for other Han text, NULL when the text is not CJK.
 */
const char *text_guess_lang(const char *s, size_t n);

/* Decode one UTF-8 code point at *p (advanced), -1 if invalid. */
long	 text_utf8_next(const char **p, const char *end);

/* Non-zero for Han, kana, Hangul and CJK punctuation code points. */
int	 text_is_cjk(long cp);

#endif
