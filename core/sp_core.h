/* core/sp_core.h: the shared vocabulary of every stage: error codes, growable buffers, arrays,
   the per-batch arena and content hashing. Nothing here knows about languages or databases. */
#ifndef SP_CORE_H
#define SP_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- errors: 0 is success, every failure a negative code; detail text lives on the handle ---- */
enum {
	SP_OK = 0,
	SP_ENOMEM = -1, /* out of memory */
	SP_EIO = -2, /* file or process I/O failed */
	SP_EUSAGE = -3, /* bad argument or configuration */
	SP_EDB = -4, /* the database refused or failed */
	SP_ESCHEMA = -5, /* database schema is newer than this binary or was altered */
	SP_EQUERY = -6, /* a language query failed to compile */
	SP_EPARSE = -7, /* tree-sitter gave up on a file */
	SP_ELOCK = -8, /* another run holds the repository */
	SP_ECONNECT = -9, /* cannot reach the database */
	SP_EOUTSIDE = -10, /* a path leads outside the repository (symlink) */
	SP_ENOENT = -11, /* the file vanished */
	SP_ENOTREG = -12, /* not a regular file (directory, FIFO, socket, device) */
	/* the lowest code: a new code takes SP_E_LAST - 1 and becomes SP_E_LAST (tests enumerate
	   SP_OK down to it and check that nothing below it has text) */
	SP_E_LAST = SP_ENOTREG,
};
const char *sp_strerror(int code);

/* Seconds on the monotonic clock: for durations only. */
double sp_now(void);

/* ---- growable byte buffer with a sticky error flag: append freely, check err once ---- */
typedef struct sp_buf {
	char *data;
	size_t len, cap;
	int err; /* SP_ENOMEM once any append failed; later appends are no-ops */
} sp_buf;

void sp_buf_init(sp_buf *b);
void sp_buf_release(sp_buf *b);
void sp_buf_reset(sp_buf *b);
void sp_buf_append(sp_buf *b, const void *p, size_t n);
void sp_buf_puts(sp_buf *b, const char *s);
void sp_buf_putc(sp_buf *b, char c);
void sp_buf_printf(sp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sp_buf_vprintf(sp_buf *b, const char *fmt, va_list ap);
/* JSON string literal with quotes; invalid UTF-8 becomes U+FFFD. */
void sp_buf_json_str(sp_buf *b, const char *s, size_t n);
/* Text safe for a terminal: C0 and C1 control characters, DEL and bytes that are not UTF-8
   become \t, \n, \r or \xNN (a backslash stays as it is); everything else is copied. */
void sp_buf_term_str(sp_buf *b, const char *s, size_t n);
/* Room for n more bytes at the end, to write in place (NULL once an append failed); then
   sp_buf_added counts the k <= n bytes written. */
char *sp_buf_room(sp_buf *b, size_t n);
void sp_buf_added(sp_buf *b, size_t k);
/* NUL-terminated view of the contents ("" when empty or failed). */
const char *sp_buf_cstr(sp_buf *b);

/* ---- typed dynamic arrays (tree-sitter's Array(T)): one macro family for every element type ---- */
#define sp_array(T)                                                                                     \
	struct {                                                                                        \
		T *v;                                                                                   \
		size_t n, cap;                                                                          \
	}
int sp_array_grow_(void **v, size_t *cap, size_t need, size_t elem);
/* Evaluates to 0, or SP_ENOMEM leaving the array unchanged. */
#define sp_array_reserve(a, need)                                                                       \
	((need) <= (a)->cap ? 0 : sp_array_grow_((void **)&(a)->v, &(a)->cap, (need), sizeof *(a)->v))
#define sp_array_push(a, x) (sp_array_reserve((a), (a)->n + 1) ? SP_ENOMEM : ((a)->v[(a)->n++] = (x), 0))
#define sp_array_release(a)                                                                             \
	do {                                                                                            \
		free((a)->v);                                                                           \
		(a)->v = NULL;                                                                          \
		(a)->n = (a)->cap = 0;                                                                  \
	} while (0)

/* ---- arena: everything a batch allocates goes here and is freed in one call ---- */
typedef struct sp_arena_chunk sp_arena_chunk;
typedef struct sp_arena {
	sp_arena_chunk *head;
	size_t used_total;
} sp_arena;

void sp_arena_init(sp_arena *a);
void sp_arena_release(sp_arena *a);
/* Keeps the first chunk for reuse, frees the rest. */
void sp_arena_reset(sp_arena *a);
void *sp_arena_alloc(sp_arena *a, size_t n);
char *sp_arena_strndup(sp_arena *a, const char *s, size_t n);

/* ---- text helpers ---- */
typedef struct sp_str {
	const char *p;
	size_t n;
} sp_str;
/* Length of the longest prefix of s that is valid UTF-8 without NUL bytes. */
size_t sp_utf8_valid_prefix(const char *s, size_t n);
/* Appends s to b, replacing invalid UTF-8 and NUL with U+FFFD (databases reject both in text). */
void sp_buf_utf8_clean(sp_buf *b, const char *s, size_t n);

/* ---- stored paths: a file name's bytes as database text, reversibly ----
   A backslash becomes "\\" and each byte that starts no valid UTF-8 character (nor NUL) becomes
   "\xNN" (lowercase hex); everything else is kept, so a UTF-8 path without a backslash is stored
   as it is. `printf '%b'` in a shell undoes it exactly. */
void sp_path_escape(sp_buf *out, const char *raw, size_t n);
bool sp_path_needs_escape(const char *raw, size_t n);
/* Appends the bytes a stored path stands for; SP_EUSAGE on a backslash that starts no escape. */
int sp_path_unescape(sp_buf *out, const char *s, size_t n);

/* ---- hashing: XXH3-128 of file contents, as 32 lowercase hex digits ---- */
#define SP_HASH_HEX_LEN 32
void sp_hash128_hex(const void *data, size_t len, char out[SP_HASH_HEX_LEN + 1]);
uint64_t sp_hash64(const void *data, size_t len);

/* Sorts v[0..n) ascending and drops the repeats (ids, hashes); returns how many remain. v may be
   NULL when n is 0. */
size_t sp_i64_sort_unique(int64_t *v, size_t n);

/* A hash table cleared for reuse keeps at most this many slots: a big table is freed instead of
   being kept (and zeroed again) for the small ones that usually follow. */
#define SP_TABLE_KEEP 4096

/* ---- string-keyed map to int64 (keys copied into the map's own arena) ---- */
typedef struct sp_strmap {
	struct sp_strmap_slot *slots;
	size_t cap, used;
	sp_arena keys;
} sp_strmap;

void sp_strmap_init(sp_strmap *m);
void sp_strmap_release(sp_strmap *m);
/* Empties m, keeping its memory for the keys to come (unless it has grown big). */
void sp_strmap_clear(sp_strmap *m);
/* Inserts or overwrites; returns 0 or SP_ENOMEM. */
int sp_strmap_put(sp_strmap *m, const char *key, size_t len, int64_t val);
/* Inserts only when absent (first writer wins); returns 0 or SP_ENOMEM. */
int sp_strmap_add(sp_strmap *m, const char *key, size_t len, int64_t val);
bool sp_strmap_get(const sp_strmap *m, const char *key, size_t len, int64_t *val);
/* Iteration over slots 0..cap-1: the key of slot i (NULL when empty) and its value. */
const char *sp_strmap_slot_key(const sp_strmap *m, size_t i);
int64_t sp_strmap_slot_value(const sp_strmap *m, size_t i);
/* Stored key of an entry equal to key (stable for the map's lifetime), or NULL. */
const char *sp_strmap_key(const sp_strmap *m, const char *key, size_t len);

#endif
