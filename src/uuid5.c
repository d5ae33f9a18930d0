/*
 * Name-based UUIDs (version 5) over OpenSSL's SHA-1. The low-level
 * SHA1_Init/Update/Final run the same code as EVP's SHA-1 (with the
 * processor's SHA instructions) on a context on the stack: they never
 * allocate and cannot fail. EVP fetches its digest through OpenSSL's
 * providers, whose first use sets up the library's state, and in
 * OpenSSL 3.0 that can crash when an allocation fails. OpenSSL 3
 * deprecates these functions but keeps them.
 */
#define OPENSSL_SUPPRESS_DEPRECATED

#include <string.h>

#include <openssl/sha.h>

#include "uuid5.h"

void
uuid5_make(unsigned char u[16], const unsigned char ns[16], const void *p,
    size_t n)
{
	unsigned char	 md[SHA_DIGEST_LENGTH];
	SHA_CTX		 ctx;

	SHA1_Init(&ctx);
	SHA1_Update(&ctx, ns, 16);
	SHA1_Update(&ctx, p, n);
	SHA1_Final(md, &ctx);
	memcpy(u, md, 16);
	u[6] = (u[6] & 0x0f) | 0x50;	/* version 5 */
	u[8] = (u[8] & 0x3f) | 0x80;	/* variant of RFC 4122 */
}
