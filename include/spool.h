/*
 * The spool: a temporary file that converted documents are deflated
 * into as soon as they are made, so the book's text never sits in
 * memory whole. The packager hands each entry's deflated bytes to
 * libzip as they are, so the compression runs in the conversion
 * threads rather than in zip_close(). Safe to fill from several
 * threads at once.
 */
#ifndef SHEAF_SPOOL_H
#define SHEAF_SPOOL_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct spool;

/* Where one document lies in the spool. */
struct spool_ref {
	int64_t		 off;		/* of the deflated bytes */
	size_t		 comp_size;	/* deflated (raw deflate, no header) */
	size_t		 size;		/* the document's own size */
	uint32_t	 crc;		/* CRC-32 of the document */
	unsigned char	 sum[16];	/* its name-based UUID (SHA-1) under
					   the namespace of package_opf.c */
	int		 used;		/* 1 once the document is in */
	int		 other;		/* in the file of spool_adopt() */
};

/* Deflate level of every text entry: see the README's performance notes. */
#define SPOOL_LEVEL	1

/*
 * A new, empty spool: an unlinked file in $TMPDIR (or /tmp), so
 * nothing is left behind whatever happens. NULL with errno set when
 * no file can be made.
 */
struct spool	*spool_new(void);
void		 spool_free(struct spool *);

/*
 * Deflate n bytes at p into the spool and fill *ref. Returns 0, or
 * -1 with errno set (the spool is then unusable for that document).
 */
int		 spool_put(struct spool *, const void *p, size_t n,
		    struct spool_ref *ref);

/*
 * spool_put() in two steps, for a document whose deflated bytes are
 * kept elsewhere too (the article cache): spool_pack() deflates n
 * bytes at p into *z (the caller frees it) and fills *ref but for its
 * place; spool_store() writes ref->comp_size bytes at z, deflated
 * before, into the spool and fills in the place. Each returns 0, or
 * -1 with errno set.
 */
int		 spool_pack(const void *p, size_t n, unsigned char **z,
		    struct spool_ref *ref);
int		 spool_store(struct spool *, const unsigned char *z,
		    struct spool_ref *ref);

/*
 * Inflate the document at ref back into out (appended). Returns 0, or
 * -1 with errno set when it cannot be read or is damaged.
 */
int		 spool_get(const struct spool *, const struct spool_ref *,
		    struct buf *out);

/*
 * The file a document lies in, for reading with pread(2); owned by
 * the spool.
 */
int		 spool_fd(const struct spool *, const struct spool_ref *);

/*
 * Take fd, a file documents deflated as the spool holds them lie in
 * too (the pack of converted articles, which keeps them for the next
 * build): a document there needs no copy in the spool, its ref has
 * other set. The spool closes fd. Returns 0, or -1 when the spool has
 * such a file already (fd is closed then).
 */
int		 spool_adopt(struct spool *, int fd);

#endif
