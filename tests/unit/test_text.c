/* Unit tests: UTF-8 repair and the language guess. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "text.h"

static void
repair(const char *in, size_t n, const char *want, size_t fixes, int line)
{
	struct buf	 b = BUF_INIT;
	int		 first;

	EQ_INT(text_repair(in, n, &b, &first), fixes, want);
	EQ_STR(b.data, want, "repaired text");
	EQ_INT(first, line, "line of the first repair");
	buf_fini(&b);
}

int
main(void)
{
	const char	*p, *s;

	repair("plain\ntext", 10, "plain\ntext", 0, 0);
	repair("中文\xff中文", 13, "中文\xef\xbf\xbd中文", 1, 1);
	repair("a\nb\nc\0d", 7, "a\nb\nc\xef\xbf\xbd" "d", 1, 3);
	repair("a\x01\x0b\x1f" "b\tc\r\n", 9, "ab\tc\r\n", 3, 1);
	repair("\xef\xbf\xbe|\xef\xbf\xbf", 7, "|", 2, 1);
	repair("\xed\xa0\x80x", 4, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdx",
	    3, 1);
	repair("\xe4\xb8", 2, "\xef\xbf\xbd\xef\xbf\xbd", 2, 1);
	repair("\xc0\xaf", 2, "\xef\xbf\xbd\xef\xbf\xbd", 2, 1);

	s = "出海";
	p = s;
	EQ_INT(text_utf8_next(&p, s + 6), 0x51fa, "decode 出");
	EQ_INT(p - s, 3, "advance 3 bytes");
	OK(text_is_cjk(0x51fa), "Han is CJK");
	OK(text_is_cjk(0x3002), "。 is CJK");
	OK(!text_is_cjk('a'), "a is not");

	EQ_STR(text_guess_lang("大厂出海，又打起来了", 30), "zh-Hans", "Chinese");
	s = "這個網站的文章，說的是電子書與閱讀。";
	EQ_STR(text_guess_lang(s, strlen(s)), "zh-Hant", "Traditional");
	s = "这个网站的文章，说的是电子书与阅读。";
	EQ_STR(text_guess_lang(s, strlen(s)), "zh-Hans", "Simplified");
	s = "中文";
	EQ_STR(text_guess_lang(s, strlen(s)), "zh-Hans", "no telling form");
	s = "《笨拙之極的上野》確定由劇中三位主要聲優演唱片尾曲"
	    "『マイペース・サイエンス』！";
	EQ_STR(text_guess_lang(s, strlen(s)), "zh-Hant",
	    "Chinese quoting a katakana title");
	s = "日本語のブログです";
	EQ_STR(text_guess_lang(s, strlen(s)), "ja", "Japanese");
	s = "한국어 블로그";
	EQ_STR(text_guess_lang(s, strlen(s)), "ko", "Korean");
	s = "An English post about the 出海 trend, with many more words "
	    "than the two Han characters in it could ever outweigh.";
	EQ_STR(text_guess_lang(s, strlen(s)), NULL, "mostly English");
	EQ_STR(text_guess_lang("", 0), NULL, "empty");
	/* The first and last code points of each list, and neighbours. */
	s = "与题這";	/* U+4E0E U+9898: two simplified beat one */
	EQ_STR(text_guess_lang(s, strlen(s)), "zh-Hans", "simplified ends");
	s = "來點这";	/* U+4F86 U+9EDE: two traditional beat one */
	EQ_STR(text_guess_lang(s, strlen(s)), "zh-Hant", "traditional ends");
	s = "丏颗來";	/* U+4E0F U+9897: in neither list */
	EQ_STR(text_guess_lang(s, strlen(s)), "zh-Hant", "neighbours");
	s = "中@@@@@[[[[[`````{{{{{";	/* next to the letters: not Latin */
	EQ_STR(text_guess_lang(s, strlen(s)), "zh-Hans", "not letters");
	s = "中AAAAAzzzzzaaaaaZZZZZ";
	EQ_STR(text_guess_lang(s, strlen(s)), NULL, "letters");
	return DONE();
}
