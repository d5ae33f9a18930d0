/*
 * Unit tests: uuid5_make() gives the bytes of libuuid's
 * uuid_generate_sha1() (what sheaf used before), and of a published
 * UUID v5, from any number of threads.
 */
#include <pthread.h>
#include <stdlib.h>

#include <uuid/uuid.h>

#include "harness.h"
#include "uuid5.h"

/* The DNS namespace of RFC 4122, appendix C. */
static const unsigned char ns_dns[16] = {
	0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
	0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8
};
/* sheaf's namespaces of documents and of images. */
static const unsigned char ns_doc[16] = {
	0xeb, 0xa2, 0x6b, 0x37, 0xf4, 0x76, 0x43, 0x05,
	0xb4, 0x9e, 0x7d, 0xb6, 0x7f, 0xe8, 0xd9, 0xe7
};
static const unsigned char ns_img[16] = {
	0x3f, 0x0b, 0x6c, 0x52, 0x9e, 0x1d, 0x5a, 0x70,
	0x8c, 0x2e, 0x5d, 0x4b, 0x3a, 0x29, 0x1f, 0x07
};

#define BIG	(1 << 20)
static unsigned char	 big[BIG];

/* Whether uuid5_make and libuuid agree on the first n bytes of big. */
static int
agree(const unsigned char ns[16], size_t n)
{
	unsigned char	 got[16];
	uuid_t		 want;

	uuid5_make(got, ns, big, n);
	uuid_generate_sha1(want, ns, (const char *)big, n);
	return memcmp(got, want, 16) == 0;
}

static void *
worker(void *arg)
{
	size_t	 i, *bad = arg;

	for (i = 0; i < 200; i++)
		*bad += !agree(i % 2 ? ns_doc : ns_img, i * 37 % 5000);
	return NULL;
}

int
main(void)
{
	static const size_t	 sizes[] = { 0, 1, 3, 47, 48, 55, 56, 63, 64,
	    65, 119, 120, 1000, 4096, 65537, BIG };
	unsigned char		 u[16];
	char			 s[37];
	pthread_t		 t[4];
	size_t			 i, bad[4] = { 0 };
	unsigned int		 x = 1;

	for (i = 0; i < BIG; i++)
		big[i] = (unsigned char)((x = x * 1103515245 + 12345) >> 16);

	/* Python's uuid.uuid5(uuid.NAMESPACE_DNS, "python.org"). */
	uuid5_make(u, ns_dns, "python.org", 10);
	uuid_unparse_lower(u, s);
	EQ_STR(s, "886313e1-3b8a-5372-9b90-0c9aee199e5d", "published v5");
	uuid5_make(u, ns_dns, "python.org", 9);
	uuid_unparse_lower(u, s);
	OK(strcmp(s, "886313e1-3b8a-5372-9b90-0c9aee199e5d") != 0,
	    "another name, another UUID");

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		OK(agree(ns_doc, sizes[i]), "documents: %zu bytes", sizes[i]);
		OK(agree(ns_img, sizes[i]), "images: %zu bytes", sizes[i]);
		OK(agree(ns_dns, sizes[i]), "DNS: %zu bytes", sizes[i]);
	}

	for (i = 0; i < 4; i++)
		OK(pthread_create(&t[i], NULL, worker, &bad[i]) == 0,
		    "thread %zu", i);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		EQ_INT(bad[i], 0, "threads: differences");
	}
	return DONE();
}
