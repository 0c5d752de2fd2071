/* core/core.c: error text, growable buffers, arrays, the arena and hashing.
   Every other stage builds its memory handling on these few primitives. */
#include "sp_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "banned.h"

static const struct {
	int code;
	const char *text;
} sp_errors[] = {
	{SP_OK, "success"},
	{SP_ENOMEM, "out of memory"},
	{SP_EIO, "I/O error"},
	{SP_EUSAGE, "invalid usage"},
	{SP_EDB, "database error"},
	{SP_ESCHEMA, "database schema mismatch"},
	{SP_EQUERY, "query compilation failed"},
	{SP_EPARSE, "parse failed"},
	{SP_ELOCK, "repository is locked by another run"},
	{SP_ECONNECT, "cannot connect to database"},
	{SP_EOUTSIDE, "path leads outside the repository"},
	{SP_ENOENT, "no such file"},
	{SP_ENOTREG, "not a regular file"},
};

const char *sp_strerror(int code)
{
	for (size_t i = 0; i < sizeof sp_errors / sizeof sp_errors[0]; i++)
		if (sp_errors[i].code == code)
			return sp_errors[i].text;
	return "unknown error";
}

/* ---- sp_buf ---- */

void sp_buf_init(sp_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->err = 0;
}

void sp_buf_release(sp_buf *b)
{
	free(b->data);
	sp_buf_init(b);
}

void sp_buf_reset(sp_buf *b)
{
	b->len = 0;
	b->err = 0;
}

static int sp_buf_reserve(sp_buf *b, size_t extra)
{
	if (b->err)
		return b->err;
	if (b->len + extra + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p)
		return b->err = SP_ENOMEM;
	b->data = p;
	b->cap = cap;
	return 0;
}

void sp_buf_append(sp_buf *b, const void *p, size_t n)
{
	/* p may point into b itself (appending a prefix of the buffer): growing would move it */
	const char *c = p;
	bool inside = b->data && c >= b->data && c < b->data + b->cap;
	size_t off = inside ? (size_t)(c - b->data) : 0;
	if (n == 0 || sp_buf_reserve(b, n))
		return;
	if (inside)
		p = b->data + off;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

char *sp_buf_room(sp_buf *b, size_t n)
{
	return sp_buf_reserve(b, n) ? NULL : b->data + b->len;
}

void sp_buf_added(sp_buf *b, size_t k)
{
	if (b->err)
		return;
	b->len += k;
	b->data[b->len] = '\0';
}

void sp_buf_puts(sp_buf *b, const char *s)
{
	sp_buf_append(b, s, strlen(s));
}

void sp_buf_putc(sp_buf *b, char c)
{
	if (sp_buf_reserve(b, 1))
		return;
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void sp_buf_vprintf(sp_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->err = SP_EIO;
		return;
	}
	if (sp_buf_reserve(b, (size_t)n))
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void sp_buf_printf(sp_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sp_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *sp_buf_cstr(sp_buf *b)
{
	return b->data && !b->err ? b->data : "";
}

/* Decodes one UTF-8 sequence at s; returns its length, or 0 when invalid (overlong, surrogate,
   truncated or above U+10FFFF). NUL counts as invalid: neither database stores it in text. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c == 0)
		return 0;
	if (c < 0x80)
		return 1;
	size_t len;
	unsigned min, cp;
	if ((c & 0xE0) == 0xC0)
		len = 2, min = 0x80, cp = c & 0x1F;
	else if ((c & 0xF0) == 0xE0)
		len = 3, min = 0x800, cp = c & 0x0F;
	else if ((c & 0xF8) == 0xF0)
		len = 4, min = 0x10000, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

size_t sp_utf8_valid_prefix(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		if (u[i] >= 0x20 && u[i] < 0x80) { /* fast path for ASCII */
			i++;
			continue;
		}
		size_t k = utf8_seq(u + i, n - i);
		if (!k)
			return i;
		i += k;
	}
	return n;
}

void sp_buf_utf8_clean(sp_buf *b, const char *s, size_t n)
{
	while (n) {
		size_t ok = sp_utf8_valid_prefix(s, n);
		sp_buf_append(b, s, ok);
		if (ok == n)
			return;
		sp_buf_append(b, "\xEF\xBF\xBD", 3); /* U+FFFD for one bad byte */
		s += ok + 1;
		n -= ok + 1;
	}
}

void sp_buf_json_str(sp_buf *b, const char *s, size_t n)
{
	sp_buf_putc(b, '"');
	size_t start = b->len;
	sp_buf_utf8_clean(b, s, n);
	if (b->err)
		return;
	/* escape in a second pass over the cleaned bytes */
	size_t end = b->len;
	size_t extra = 0;
	for (size_t i = start; i < end; i++) {
		unsigned char c = (unsigned char)b->data[i];
		if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t')
			extra += 1;
		else if (c < 0x20)
			extra += 5;
	}
	if (extra) {
		if (sp_buf_reserve(b, extra))
			return;
		char *d = b->data;
		size_t w = end + extra;
		for (size_t r = end; r-- > start;) {
			unsigned char c = (unsigned char)d[r];
			const char *esc = NULL;
			switch (c) {
			case '"': esc = "\\\""; break;
			case '\\': esc = "\\\\"; break;
			case '\n': esc = "\\n"; break;
			case '\r': esc = "\\r"; break;
			case '\t': esc = "\\t"; break;
			default: break;
			}
			if (esc) {
				d[--w] = esc[1];
				d[--w] = esc[0];
			} else if (c < 0x20) {
				static const char hex[] = "0123456789abcdef";
				d[--w] = hex[c & 15];
				d[--w] = hex[c >> 4];
				d[--w] = '0';
				d[--w] = '0';
				d[--w] = 'u';
				d[--w] = '\\';
			} else {
				d[--w] = (char)c;
			}
		}
		b->len = end + extra;
		b->data[b->len] = '\0';
	}
	sp_buf_putc(b, '"');
}

/* ---- arrays ---- */

int sp_array_grow_(void **v, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap ? *cap : 8;
	while (c < need)
		c *= 2;
	void *p = realloc(*v, c * elem);
	if (!p)
		return SP_ENOMEM;
	*v = p;
	*cap = c;
	return 0;
}

/* ---- arena ---- */

struct sp_arena_chunk {
	sp_arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

#define SP_ARENA_CHUNK (64 * 1024)

void sp_arena_init(sp_arena *a)
{
	a->head = NULL;
	a->used_total = 0;
}

void sp_arena_release(sp_arena *a)
{
	sp_arena_chunk *c = a->head;
	while (c) {
		sp_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	sp_arena_init(a);
}

void sp_arena_reset(sp_arena *a)
{
	if (!a->head)
		return;
	sp_arena_chunk *keep = a->head;
	while (keep->next) /* the oldest chunk is the last one; keep it */
		keep = keep->next;
	sp_arena_chunk *c = a->head;
	while (c != keep) {
		sp_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	keep->used = 0;
	a->head = keep;
	a->used_total = 0;
}

void *sp_arena_alloc(sp_arena *a, size_t n)
{
	const size_t align = _Alignof(max_align_t);
	n = (n + align - 1) / align * align;
	sp_arena_chunk *c = a->head;
	if (!c || c->used + n > c->size) {
		size_t size = n > SP_ARENA_CHUNK ? n : SP_ARENA_CHUNK;
		c = malloc(sizeof *c + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	a->used_total += n;
	return p;
}

char *sp_arena_strndup(sp_arena *a, const char *s, size_t n)
{
	char *p = sp_arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* ---- hashing ---- */

void sp_hash128_hex(const void *data, size_t len, char out[SP_HASH_HEX_LEN + 1])
{
	XXH128_hash_t h = XXH3_128bits(data, len);
	snprintf(out, SP_HASH_HEX_LEN + 1, "%016llx%016llx", (unsigned long long)h.high64,
		 (unsigned long long)h.low64);
}

uint64_t sp_hash64(const void *data, size_t len)
{
	return XXH3_64bits(data, len);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

size_t sp_i64_sort_unique(int64_t *v, size_t n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, cmp_i64);
	size_t k = 1;
	for (size_t i = 1; i < n; i++)
		if (v[i] != v[k - 1])
			v[k++] = v[i];
	return k;
}

void sp_buf_term_str(sp_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		unsigned c = u[i];
		size_t k = c >= 0x20 && c < 0x7f ? 1 : c >= 0x80 ? utf8_seq(u + i, n - i) : 0;
		/* U+0080..U+009F (C2 80..C2 9F) are C1 controls: 8-bit terminals act on them */
		bool c1 = k == 2 && c == 0xC2 && u[i + 1] < 0xA0;
		if (k && !c1) {
			sp_buf_append(b, u + i, k);
			i += k;
			continue;
		}
		if (c == '\n')
			sp_buf_puts(b, "\\n");
		else if (c == '\t')
			sp_buf_puts(b, "\\t");
		else if (c == '\r')
			sp_buf_puts(b, "\\r");
		else {
			char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
			sp_buf_append(b, e, 4);
		}
		i++; /* an invalid or C1 sequence is escaped one byte at a time */
	}
}

double sp_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}
