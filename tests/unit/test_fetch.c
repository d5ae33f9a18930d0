/*
 * Unit tests of the fetch stage's pure parts: the address check
 * (which ranges are refused, in every spelling an address can take),
 * the host map, the proxy unwrapping, and the cache (a hit, a miss,
 * a damaged entry). No test here touches the network.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#include "buf.h"
#include "diag.h"
#include "fetch.h"
#include "fetch_int.h"
#include "media.h"

/* fetch_addr_public() of the address s of family af; -1 if unparsable. */
static int
check_addr(int af, const char *s)
{
	struct sockaddr_storage	 ss;
	struct sockaddr_in	*a4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6	*a6 = (struct sockaddr_in6 *)&ss;

	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)af;
	if (inet_pton(af, s, af == AF_INET ? (void *)&a4->sin_addr :
	    (void *)&a6->sin6_addr) != 1)
		return -1;
	return fetch_addr_public((struct sockaddr *)&ss);
}

#define v4(s)	check_addr(AF_INET, (s))
#define v6(s)	check_addr(AF_INET6, (s))

static void
test_addresses(void)
{
	static const char *const refused4[] = {
		"0.0.0.0", "10.0.0.1", "10.255.255.255", "100.64.0.1",
		"127.0.0.1", "127.1.2.3", "169.254.169.254", "172.16.0.1",
		"172.31.255.255", "192.168.1.1", "192.0.2.1", "198.18.0.1",
		"224.0.0.1", "255.255.255.255", "240.0.0.1"
	};
	static const char *const public4[] = {
		"8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255",
		"100.128.0.1", "169.255.0.1", "93.184.216.34", "11.0.0.1"
	};
	static const char *const refused6[] = {
		"::", "::1", "fe80::1", "febf::1", "fc00::1", "fd12:3456::1",
		"ff02::1", "::ffff:127.0.0.1", "::ffff:7f00:1",
		"::ffff:169.254.169.254", "::ffff:10.0.0.1", "64:ff9b::a00:1",
		"::127.0.0.1", "2001:db8::1", "fec0::1"
	};
	static const char *const public6[] = {
		"2606:4700:4700::1111", "2001:4860:4860::8888",
		"::ffff:8.8.8.8", "64:ff9b::808:808"
	};
	struct sockaddr	 unix_sa;
	size_t		 i;

	for (i = 0; i < sizeof(refused4) / sizeof(refused4[0]); i++)
		OK(v4(refused4[i]) == 0, "refuse %s", refused4[i]);
	for (i = 0; i < sizeof(public4) / sizeof(public4[0]); i++)
		OK(v4(public4[i]) == 1, "allow %s", public4[i]);
	for (i = 0; i < sizeof(refused6) / sizeof(refused6[0]); i++)
		OK(v6(refused6[i]) == 0, "refuse %s", refused6[i]);
	for (i = 0; i < sizeof(public6) / sizeof(public6[0]); i++)
		OK(v6(public6[i]) == 1, "allow %s", public6[i]);
	memset(&unix_sa, 0, sizeof(unix_sa));
	unix_sa.sa_family = AF_UNIX;
	OK(fetch_addr_public(&unix_sa) == 0, "refuse other families");
	OK(fetch_addr_public(NULL) == 0, "refuse NULL");
}

struct rewrite {
	const char	*in;
	const char	*want;	/* NULL: no rewrite */
	const char	*what;
};

static const char *map[] = {
	"img.test=127.0.0.1:8000",
	"https://cdn.test/a/=http://127.0.0.1:9/b/",
	"zk.test=127.0.0.1:7/seed",
};

static const struct rewrite maps[] = {
	{ "http://img.test/x/y.jpg?q=1", "http://127.0.0.1:8000/x/y.jpg?q=1",
	    "bare host, http" },
	{ "https://IMG.test/y.jpg", "http://127.0.0.1:8000/y.jpg",
	    "bare host, https, case" },
	{ "http://img.test.evil/y.jpg", NULL, "a longer host does not match" },
	{ "https://cdn.test/a/p.png", "http://127.0.0.1:9/b/p.png",
	    "URL prefix" },
	{ "https://cdn.test/other.png", NULL, "prefix mismatch" },
	{ "http://zk.test/2022/a.jpg", "http://127.0.0.1:7/seed/2022/a.jpg",
	    "host to a path" },
};

static const struct rewrite unwraps[] = {
	{ "https://cors.test/?http://real.test/a.jpg",
	    "http://real.test/a.jpg", "proxy unwrapped" },
	{ "https://cors.test/?url=http://real.test/a", NULL,
	    "a query that is no URL" },
	{ "https://cors.test/?file:///etc/passwd", NULL, "only http(s) inside" },
	{ "https://cors.test/a.jpg", NULL, "no query" },
	{ "https://cors.test/?http://", NULL, "no host inside" },
};

static void
test_rewrites(void)
{
	char	*s;
	size_t	 i;

	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
		s = fetch_map_url(maps[i].in, map, 3);
		EQ_STR(s, maps[i].want, maps[i].what);
		free(s);
	}
	for (i = 0; i < sizeof(unwraps) / sizeof(unwraps[0]); i++) {
		s = fetch_unwrap_proxy(unwraps[i].in);
		EQ_STR(s, unwraps[i].want, unwraps[i].what);
		free(s);
	}
}

static void
test_cache(void)
{
	static const unsigned char png[] = "\x89PNG\r\n\x1a\n"
	    "\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0\x1f\x15\xc4\x89";
	struct fetch_cache	 c;
	struct diag		 d;
	struct buf		 dir = BUF_INIT, body = BUF_INIT, path = BUF_INIT;
	char			 tmpl[] = "/tmp/sheaf-cache-XXXXXX", hex[33];
	const char		*url = "http://img.test/a.png";
	FILE			*f;
	int			 bad;

	diag_init(&d);
	OK(mkdtemp(tmpl) != NULL, "mkdtemp");
	buf_printf(&dir, "%s/sub/dir", tmpl);
	EQ_INT(fetch_cache_open(&c, dir.data, &d), 0, "open creates folders");
	EQ_INT(fetch_cache_get(&c, url, &body, &bad), -1, "miss");
	EQ_INT(bad, 0, "a miss is not damage");
	EQ_INT(fetch_cache_put(&c, url, png, sizeof(png) - 1), 0, "put");
	EQ_INT(fetch_cache_get(&c, url, &body, &bad), 0, "hit");
	OK(body.len == sizeof(png) - 1 && memcmp(body.data, png,
	    body.len) == 0, "same bytes back");
	EQ_INT(fetch_cache_get(&c, "http://img.test/b.png", &body, &bad), -1,
	    "other URL misses");

	/* Damage the entry: truncate it. */
	media_hash(url, strlen(url), hex);
	buf_printf(&path, "%s/images/%s", dir.data, hex);
	OK((f = fopen(path.data, "r+")) != NULL, "open entry");
	if (f != NULL) {
		OK(ftruncate(fileno(f), 40) == 0, "truncate");
		fclose(f);
	}
	EQ_INT(fetch_cache_get(&c, url, &body, &bad), -1, "damaged misses");
	EQ_INT(bad, 1, "damage reported");
	OK(access(path.data, F_OK) == -1, "damaged entry removed");
	fetch_cache_close(&c);

	/* A cache folder that cannot be made: a warning, no cache. */
	EQ_INT(fetch_cache_open(&c, "/proc/sheaf-no", &d), -1, "unusable");
	EQ_INT(d.nwarn, 1, "one warning");
	fetch_cache_close(&c);

	buf_reset(&path);
	buf_printf(&path, "rm -rf '%s'", tmpl);
	OK(system(path.data) == 0, "clean up");
	buf_fini(&dir);
	buf_fini(&body);
	buf_fini(&path);
	diag_fini(&d);
}

int
main(void)
{
	test_addresses();
	test_rewrites();
	test_cache();
	return DONE();
}
