/*
 * Growable text buffer and borrowed slices. A struct buf's data is
 * always valid and NUL-terminated, even when empty; it grows by half
 * again with an overflow check. A struct slice borrows bytes it never
 * frees and that need not end in NUL.
 */
#ifndef SHEAF_BUF_H
#define SHEAF_BUF_H

#include <stddef.h>
#include <stdint.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

struct slice {
	const char	*p;
	size_t		 n;
};

#define BUF_INIT	{ buf_empty, 0, 0 }
#define BUF_PUTSL(b, s)	buf_put((b), (s), sizeof(s) - 1)

extern char buf_empty[1];

void	 buf_init(struct buf *);
void	 buf_fini(struct buf *);
void	 buf_reset(struct buf *);
void	 buf_grow(struct buf *, size_t extra);
void	 buf_put(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_printf(struct buf *, const char *, ...)
		__attribute__((format(printf, 2, 3)));

/* Append one byte; inline, for the loops that build text bytewise. */
static inline void
buf_putc(struct buf *b, int c)
{
	if (b->cap - b->len < 2)
		buf_grow(b, 1);
	b->data[b->len++] = (char)c;
	b->data[b->len] = '\0';
}

/* Append s with its control bytes as \xNN: one line on a terminal. */
void	 buf_puts_visible(struct buf *, const char *s);

/*
 * Hand the bytes to the caller, who frees them with free(); the
 * buffer is left empty and reusable. Never returns NULL.
 */
char	*buf_detach(struct buf *);

/* Unsigned integers as little-endian bytes, appended or read back. */
void	 buf_put_le32(struct buf *, uint32_t);
void	 buf_put_le64(struct buf *, uint64_t);

static inline void
le32_put(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

static inline uint32_t
le32_get(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static inline uint64_t
le64_get(const unsigned char *p)
{
	return (uint64_t)le32_get(p) | (uint64_t)le32_get(p + 4) << 32;
}

#endif
