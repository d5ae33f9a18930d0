/*
 * The URL helpers of the convert stage, for every file of it that
 * reads an href or a src (images, links, media, the cover, site
 * paths): an address made valid as browsers would (percent-encoding
 * what a URL may not hold), percent-decoding, whether a reader's URL
 * parser takes the host of a URL, and the length of its scheme.
 */
#include <string.h>

#include "buf.h"
#include "convert_int.h"
#include "text.h"

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

void
convert_url_clean(const char *url, struct buf *out)
{
	static const char	 hexd[] = "0123456789ABCDEF";
	const unsigned char	*p = (const unsigned char *)url, *e, *auth_end;
	const unsigned char	*q;
	int			 hash_seen = 0;

	while (*p != '\0' && *p <= ' ')
		p++;
	e = p + strlen((const char *)p);
	while (e > p && e[-1] <= ' ')
		e--;
	/* The authority, where '[' and ']' belong to IPv6 addresses. */
	auth_end = p;
	if ((q = (const unsigned char *)strstr((const char *)p, "//")) !=
	    NULL && q < e && (q == p || q[-1] == ':')) {
		for (auth_end = q + 2; auth_end < e &&
		    strchr("/?#", *auth_end) == NULL; auth_end++)
			continue;
	}
	for (; p < e; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\r')
			continue;
		if (*p == '%' && p + 2 < e && hexval(p[1]) >= 0 &&
		    hexval(p[2]) >= 0) {
			buf_put(out, p, 3);
			p += 2;
		} else if (*p == '#' && !hash_seen) {
			buf_putc(out, '#');
			hash_seen = 1;
		} else if (*p <= ' ' || *p >= 0x7f || *p == '%' ||
		    *p == '#' || strchr("\"<>\\^`{|}", *p) != NULL ||
		    ((*p == '[' || *p == ']') && p >= auth_end)) {
			buf_putc(out, '%');
			buf_putc(out, hexd[*p >> 4]);
			buf_putc(out, hexd[*p & 0xf]);
		} else
			buf_putc(out, *p);
	}
}

int
convert_url_decode(const char *s, size_t n, struct buf *out)
{
	size_t	 i;
	int	 ch;

	for (i = 0; i < n; i++) {
		ch = (unsigned char)s[i];
		if (ch == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
		    hexval(s[i + 2]) >= 0) {
			ch = hexval(s[i + 1]) * 16 + hexval(s[i + 2]);
			i += 2;
		}
		if (ch == '\0')
			return -1;
		buf_putc(out, ch);
	}
	return 0;
}

/* May code point cp stand in a host name, as a reader's URL parser sees it? */
static int
host_cp_ok(long cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9') || cp == '-' || cp == '_' ||
		    cp == '.';
	/* Punctuation that pasted text glues to a URL: "，", "）", "、". */
	return !(cp <= 0xbf || (cp >= 0x2000 && cp <= 0x206f) ||
	    (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
	    (cp >= 0xff00 && cp <= 0xff0f) || (cp >= 0xff1a && cp <= 0xff20) ||
	    (cp >= 0xff3b && cp <= 0xff40) || (cp >= 0xff5b && cp <= 0xff65));
}

int
convert_url_host_ok(const char *url)
{
	struct buf	 host = BUF_INIT;
	const char	*a, *e, *at, *p, *colon;
	long		 cp;
	int		 ok = 0;

	if ((a = strstr(url, "://")) == NULL)
		return 1;
	a += 3;
	e = a + strcspn(a, "/?#");
	for (at = a; (p = memchr(at, '@', (size_t)(e - at))) != NULL; )
		at = p + 1;
	if (at < e && *at == '[') {
		/* An IPv6 literal, then maybe a port. */
		for (p = at + 1; p < e && *p != ']'; p++)
			if (!(strchr(":.", *p) != NULL || hexval(*p) >= 0))
				return 0;
		if (p == e || p == at + 1)
			return 0;
		colon = p + 1;
		if (colon < e && *colon != ':')
			return 0;
	} else {
		for (colon = e; colon > at && colon[-1] >= '0' &&
		    colon[-1] <= '9'; colon--)
			continue;
		if (colon > at && colon[-1] == ':')
			colon--;
		else
			colon = e;
		if (colon == at || convert_url_decode(at, (size_t)(colon - at),
		    &host) == -1)
			goto out;
		for (p = host.data; p < host.data + host.len; ) {
			if ((cp = text_utf8_next(&p, host.data + host.len)) ==
			    -1 || !host_cp_ok(cp))
				goto out;
		}
		if (host.data[0] == '.' || strstr(host.data, "..") != NULL)
			goto out;
	}
	ok = 1;
out:
	buf_fini(&host);
	return ok;
}

/* The length of the URL scheme of s with its ':', or 0. */
size_t
convert_scheme_len(const char *s)
{
	size_t	 i;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	for (i = 1; s[i] != '\0'; i++) {
		if (s[i] == ':')
			return i + 1;
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '+' || s[i] == '-' || s[i] == '.'))
			return 0;
	}
	return 0;
}
