/* transform/callres_index.c: the chains of the resolver's big keys (a function by blob and id, by
   blob and name or class, by name or class; an import by blob and word; a dependency by import
   and path) found without a copy of any key. A slot holds 32 bits of the key's hash and its
   chain's first row; a hit is checked against that row's own fields. 8 bytes a slot where
   sp_strmap takes 32 and a copy of the key: on the whole Linux tree (654,127 functions, 1.03 M
   import words, 354 k dependencies) the seven tables took 246 MB that way. */
#include <stdlib.h>
#include <string.h>

#include "callres_p.h"

#include "banned.h"

/* slot: the hash's high 32 bits, then the row + 1 (0: empty) */
static uint32_t tag_of(uint64_t slot)
{
	return (uint32_t)(slot >> 32);
}

static int32_t row_of(uint64_t slot)
{
	return (int32_t)(uint32_t)slot - 1;
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9u;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

static uint32_t hash(int64_t a, int64_t b, const char *s)
{
	uint64_t h = s ? sp_hash64(s, strlen(s)) : 0;
	h ^= mix((uint64_t)a + 0x9e3779b97f4a7c15u);
	h ^= mix(mix((uint64_t)b) + 0x632be59bd9b4e019u);
	return (uint32_t)(h >> 32);
}

static bool same(const char *t, const char *s)
{
	return t == s || (t && s && !strcmp(t, s));
}

const char *cr_word_text(const sp_callres *c, const cr_word *w)
{
	const cr_import *i = &c->imports.v[w->import];
	return w->which == CR_WORD_ALIAS  ? i->alias
	       : w->which == CR_WORD_NAME ? i->name
					  : i->module + w->off;
}

/* Is row the key's: the fields the key was made of, per kind. */
static bool matches(const sp_callres *c, cr_index_kind kind, int32_t row, int64_t a, int64_t b,
		    const char *s)
{
	const cr_func *f = kind <= CR_FUNC_CLS ? &c->funcs.v[row] : NULL;
	switch (kind) {
	case CR_FUNC_ID: return f->blob == a && f->id == b;
	case CR_FUNC_BLOB_NAME: return f->blob == a && same(f->name, s);
	case CR_FUNC_BLOB_CLS: return f->blob == a && same(f->cls, s);
	case CR_FUNC_NAME: return same(f->name, s);
	case CR_FUNC_CLS: return same(f->cls, s);
	case CR_IMPORT_WORD: {
		const cr_word *w = &c->words.v[row];
		return c->imports.v[w->import].blob == a && same(cr_word_text(c, w), s);
	}
	case CR_DEP: return c->deps.v[row].import == a && same(c->deps.v[row].path, s);
	default: return false;
	}
}

/* The slot of the key: its chain's head, or the empty slot it would take. */
static uint64_t *find(const sp_callres *c, cr_index_kind kind, uint32_t tag, int64_t a, int64_t b,
		      const char *s)
{
	const cr_index *x = &c->index[kind];
	size_t mask = x->cap - 1;
	for (size_t i = tag & mask;; i = (i + 1) & mask) {
		uint64_t *slot = &x->slot[i];
		if (!*slot || (tag_of(*slot) == tag && matches(c, kind, row_of(*slot), a, b, s)))
			return slot;
	}
}

int cr_index_reserve(cr_index *x, size_t n)
{
	size_t cap = x->cap ? x->cap : 64;
	while ((n + 1) * 4 >= cap * 3)
		cap *= 2;
	if (cap == x->cap)
		return 0;
	uint64_t *slot = calloc(cap, sizeof *slot);
	if (!slot)
		return SP_ENOMEM;
	/* a slot's place follows from its tag alone: no key is needed to move it */
	for (size_t i = 0; i < x->cap; i++) {
		uint64_t v = x->slot[i];
		size_t j = tag_of(v) & (cap - 1);
		while (v && slot[j])
			j = (j + 1) & (cap - 1);
		if (v)
			slot[j] = v;
	}
	free(x->slot);
	x->slot = slot;
	x->cap = cap;
	return 0;
}

void cr_index_clear(cr_index *x)
{
	if (x->cap > SP_TABLE_KEEP) {
		cr_index_release(x);
		return;
	}
	if (x->slot)
		memset(x->slot, 0, x->cap * sizeof *x->slot);
	x->used = 0;
}

void cr_index_release(cr_index *x)
{
	free(x->slot);
	*x = (cr_index){0};
}

int32_t cr_find(const sp_callres *c, cr_index_kind kind, int64_t a, int64_t b, const char *s)
{
	if (!c->index[kind].cap)
		return -1;
	uint64_t *slot = find(c, kind, hash(a, b, s), a, b, s);
	return *slot ? row_of(*slot) : -1;
}

int cr_link(sp_callres *c, cr_index_kind kind, int64_t a, int64_t b, const char *s, int32_t row,
	    int32_t *next)
{
	cr_index *x = &c->index[kind];
	int rc = cr_index_reserve(x, x->used + 1);
	if (rc)
		return rc;
	uint32_t tag = hash(a, b, s);
	uint64_t *slot = find(c, kind, tag, a, b, s);
	*next = *slot ? row_of(*slot) : -1;
	x->used += !*slot;
	*slot = (uint64_t)tag << 32 | (uint32_t)(row + 1);
	return 0;
}
