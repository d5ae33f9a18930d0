/*
 * Name-based UUIDs, version 5 of RFC 4122: the SHA-1 of a namespace's
 * 16 bytes then of a name, cut to 16 bytes, with the version and
 * variant bits set. The same bytes as libuuid's uuid_generate_sha1(),
 * from OpenSSL's SHA-1, which uses the processor's SHA instructions:
 * how sheaf names images and digests documents and the book.
 */
#ifndef SHEAF_UUID5_H
#define SHEAF_UUID5_H

#include <stddef.h>

/*
 * Write to u the UUID of the n bytes at p under namespace ns. Safe
 * from any thread; allocates nothing.
 */
void	 uuid5_make(unsigned char u[16], const unsigned char ns[16],
	    const void *p, size_t n);

#endif
