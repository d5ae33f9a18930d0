/*
 * Which addresses the fetch stage may connect to. libcurl calls the
 * check with every address it is about to connect to, after name
 * resolution and after each redirect, so a public name that resolves
 * to 10.0.0.1 is refused as surely as http://10.0.0.1/ itself.
 */
#include <string.h>

#include <netinet/in.h>

#include "fetch.h"

struct v4net {
	unsigned long	net;
	int		bits;
};

/* IPv4 ranges that are not the public internet. */
static const struct v4net v4_refused[] = {
	{ 0x00000000UL, 8 },	/* "this network", 0.0.0.0 */
	{ 0x0a000000UL, 8 },	/* private */
	{ 0x64400000UL, 10 },	/* shared (CGNAT) */
	{ 0x7f000000UL, 8 },	/* loopback */
	{ 0xa9fe0000UL, 16 },	/* link-local, cloud metadata */
	{ 0xac100000UL, 12 },	/* private */
	{ 0xc0000000UL, 24 },	/* IETF protocol assignments */
	{ 0xc0000200UL, 24 },	/* documentation */
	{ 0xc0a80000UL, 16 },	/* private */
	{ 0xc6120000UL, 15 },	/* benchmarking */
	{ 0xc6336400UL, 24 },	/* documentation */
	{ 0xcb007100UL, 24 },	/* documentation */
	{ 0xe0000000UL, 4 },	/* multicast */
	{ 0xf0000000UL, 4 },	/* reserved, broadcast */
};

static int
v4_public(const unsigned char *b)
{
	unsigned long	 a, mask;
	size_t		 i;

	a = (unsigned long)b[0] << 24 | (unsigned long)b[1] << 16 |
	    (unsigned long)b[2] << 8 | b[3];
	for (i = 0; i < sizeof(v4_refused) / sizeof(v4_refused[0]); i++) {
		mask = 0xffffffffUL << (32 - v4_refused[i].bits) & 0xffffffffUL;
		if ((a & mask) == v4_refused[i].net)
			return 0;
	}
	return 1;
}

static int
v6_public(const unsigned char *b)
{
	static const unsigned char	 mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	static const unsigned char	 nat64[12] = {
		0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0
	};
	static const unsigned char	 zero[12];

	if (memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0 ||
	    memcmp(b, zero, 12) == 0)	/* also ::, ::1, ::a.b.c.d */
		return v4_public(b + 12);
	if ((b[0] & 0xfe) == 0xfc)		/* unique local fc00::/7 */
		return 0;
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)	/* link-local */
		return 0;
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)	/* site-local */
		return 0;
	if (b[0] == 0xff)			/* multicast */
		return 0;
	if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
		return 0;			/* documentation */
	return 1;
}

int
fetch_addr_public(const struct sockaddr *sa)
{
	if (sa == NULL)
		return 0;
	if (sa->sa_family == AF_INET)
		return v4_public((const unsigned char *)
		    &((const struct sockaddr_in *)(const void *)sa)->sin_addr);
	if (sa->sa_family == AF_INET6)
		return v6_public(((const struct sockaddr_in6 *)
		    (const void *)sa)->sin6_addr.s6_addr);
	return 0;
}
