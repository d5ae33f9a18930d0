/*
 * Text helpers: repair bytes into UTF-8 that XML accepts before any
 * parser sees them, and guess a language tag from the script of a
 * text (the collector's default for articles that do not say).
 */
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"

/* text_utf8_next(), inline for the loops of this file. */
static inline long
utf8_next(const char **pp, const char *end)
{
	const unsigned char	*p = (const unsigned char *)*pp;
	const unsigned char	*e = (const unsigned char *)end;
	long			 cp, min;
	int			 need, i;

	if (p >= e)
		return -1;
	if (p[0] < 0x80) {
		*pp += 1;
		return p[0];
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		need = 1, cp = p[0] & 0x1f, min = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		need = 2, cp = p[0] & 0x0f, min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		need = 3, cp = p[0] & 0x07, min = 0x10000;
	} else {
		*pp += 1;
		return -1;
	}
	if (e - p <= need) {
		*pp += 1;
		return -1;
	}
	for (i = 1; i <= need; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*pp += 1;
			return -1;
		}
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
		*pp += 1;
		return -1;
	}
	*pp += need + 1;
	return cp;
}

long
text_utf8_next(const char **pp, const char *end)
{
	return utf8_next(pp, end);
}

size_t
text_repair(const char *s, size_t n, struct buf *out, int *first_line)
{
	static const char	 fffd[] = "\xef\xbf\xbd";
	const char		*p = s, *end = s + n, *run = s, *at;
	size_t			 fixes = 0;
	long			 cp;
	int			 line = 1;

	if (first_line != NULL)
		*first_line = 0;
	buf_grow(out, n);
	while (p < end) {
		at = p;
		if ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x80) {
			p++;
			continue;
		}
		cp = utf8_next(&p, end);
		if (cp == '\n')
			line++;
		if (cp == '\t' || cp == '\n' || cp == '\r' ||
		    (cp >= 0x80 && cp != 0xfffe && cp != 0xffff))
			continue;
		/* A bad byte, NUL, another C0 control, or a non-character. */
		buf_put(out, run, (size_t)(at - run));
		if (cp == -1 || cp == 0)
			BUF_PUTSL(out, fffd);
		run = p;
		if (fixes++ == 0 && first_line != NULL)
			*first_line = line;
	}
	buf_put(out, run, (size_t)(end - run));
	return fixes;
}

int
text_is_cjk(long cp)
{
	return (cp >= 0x2e80 && cp <= 0x2fdf) ||	/* radicals */
	    (cp >= 0x3000 && cp <= 0x303f) ||		/* CJK punctuation */
	    (cp >= 0x3040 && cp <= 0x30ff) ||		/* kana */
	    (cp >= 0x3100 && cp <= 0x31ff) ||		/* bopomofo, kana ext */
	    (cp >= 0x3400 && cp <= 0x4dbf) ||		/* Han ext A */
	    (cp >= 0x4e00 && cp <= 0x9fff) ||		/* Han */
	    (cp >= 0xac00 && cp <= 0xd7af) ||		/* Hangul */
	    (cp >= 0x1100 && cp <= 0x11ff) ||		/* Hangul jamo */
	    (cp >= 0xf900 && cp <= 0xfaff) ||		/* compatibility */
	    (cp >= 0xff00 && cp <= 0xffef) ||		/* full-width forms */
	    (cp >= 0x20000 && cp <= 0x3134f);		/* Han ext B-G */
}

/*
 * Frequent characters whose simplified and traditional forms differ,
 * pair by pair: a text with more of one list than of the other is
 * written in that script.
 */
static const char simplified[] =
    "这个们说时会来对为过还没样发后经现问么动国学长开关见从东车间"
    "爱书电话网气门机让给实种进与体业产当应点头无里边认识区"
    "乐尔写读听买卖钱级线红约济务员办热总觉题极确剧声优";
static const char traditional[] =
    "這個們說時會來對為過還沒樣發後經現問麼動國學長開關見從東車間"
    "愛書電話網氣門機讓給實種進與體業產當應點頭無裡邊認識區"
    "樂爾寫讀聽買賣錢級線紅約濟務員辦熱總覺題極確劇聲優";

/*
 * The class of each character of the Basic Multilingual Plane, where
 * all of the lists' lie, as flags; made once (any thread), so that a
 * character of a text costs one look-up.
 */
enum {
	S_LATIN = 1, S_KANA = 2, S_HIRA = 4, S_HANGUL = 8, S_HAN = 16,
	S_SIMP = 32, S_TRAD = 64	/* in a list, and Han */
};
#define BMP	0x10000
static unsigned char	 script[BMP];
static pthread_once_t	 script_once = PTHREAD_ONCE_INIT;

static void
mark(long lo, long hi, unsigned char flag)
{
	for (; lo <= hi; lo++)
		script[lo] |= flag;
}

/* Flag the Han characters of a list. */
static void
mark_list(const char *list, size_t len, unsigned char flag)
{
	const char	*p = list, *end = list + len;
	long		 cp;

	while (p < end)
		if ((cp = utf8_next(&p, end)) >= 0 && cp < BMP &&
		    (script[cp] & S_HAN))
			script[cp] |= flag;
}

static void
script_init(void)
{
	mark('a', 'z', S_LATIN);
	mark('A', 'Z', S_LATIN);
	mark(0x3040, 0x30ff, S_KANA);
	mark(0x31f0, 0x31ff, S_KANA);
	mark(0x3040, 0x309f, S_HIRA);
	mark(0xac00, 0xd7af, S_HANGUL);
	mark(0x1100, 0x11ff, S_HANGUL);
	mark(0x3400, 0x4dbf, S_HAN);
	mark(0x4e00, 0x9fff, S_HAN);
	mark_list(simplified, sizeof(simplified) - 1, S_SIMP);
	mark_list(traditional, sizeof(traditional) - 1, S_TRAD);
}

const char *
text_guess_lang(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + n;
	const char		*q;
	size_t			 count[128] = { 0 };	/* by flags */
	size_t			 han = 0, kana = 0, hira = 0, hangul = 0;
	size_t			 latin = 0, simp = 0, trad = 0;
	long			 cp;
	unsigned		 f;

	pthread_once(&script_once, script_init);
	while (p < end) {
		if (*p < 0x80) {	/* ASCII: most bytes */
			count[script[*p++]]++;
			continue;
		}
		/* Three bytes, as CJK is: decoded here, the rest below. */
		if ((*p & 0xf0) == 0xe0 && end - p > 2 &&
		    (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
			cp = (long)(*p & 0x0f) << 12 | (long)(p[1] & 0x3f) << 6 |
			    (p[2] & 0x3f);
			if (cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff)) {
				count[script[cp]]++;
				p += 3;
				continue;
			}
		}
		q = (const char *)p;
		cp = utf8_next(&q, (const char *)end);
		p = (const unsigned char *)q;
		if (cp < 0)
			continue;
		if (cp < BMP)
			f = script[cp];
		else	/* Han extensions B to G */
			f = cp >= 0x20000 && cp <= 0x3134f ? S_HAN : 0;
		count[f]++;
	}
	for (f = 1; f < 128; f++) {
		latin += f & S_LATIN ? count[f] : 0;
		kana += f & S_KANA ? count[f] : 0;
		hira += f & S_HIRA ? count[f] : 0;
		hangul += f & S_HANGUL ? count[f] : 0;
		han += f & S_HAN ? count[f] : 0;
		simp += f & S_SIMP ? count[f] : 0;
		trad += f & S_TRAD ? count[f] : 0;
	}
	/* CJK text counts per character, Latin per letter: a word is ~5. */
	if (han + kana + hangul == 0 || (han + kana + hangul) * 3 < latin / 5)
		return NULL;
	/*
	 * Japanese prose is full of hiragana; Chinese text that quotes a
	 * Japanese title has katakana but little hiragana.
	 */
	if (kana > 0 && kana * 20 >= han && hira * 20 >= han)
		return "ja";
	if (hangul > han)
		return "ko";
	return trad > simp ? "zh-Hant" : "zh-Hans";
}
