/* core/strmap.c: an open-addressing hash map from byte strings to int64, used for the blob index
   (content hash -> blob id) and the module index of dependency resolution. */
#include <stdlib.h>
#include <string.h>

#include "sp_core.h"

#include "banned.h"

struct sp_strmap_slot {
	const char *key; /* NULL when empty */
	uint64_t hash;
	size_t len;
	int64_t val;
};

void sp_strmap_init(sp_strmap *m)
{
	m->slots = NULL;
	m->cap = m->used = 0;
	sp_arena_init(&m->keys);
}

void sp_strmap_release(sp_strmap *m)
{
	free(m->slots);
	sp_arena_release(&m->keys);
	sp_strmap_init(m);
}

void sp_strmap_clear(sp_strmap *m)
{
	if (m->cap > SP_TABLE_KEEP) {
		sp_strmap_release(m);
		return;
	}
	if (m->slots)
		memset(m->slots, 0, m->cap * sizeof *m->slots);
	m->used = 0;
	sp_arena_reset(&m->keys);
}

static struct sp_strmap_slot *find(const sp_strmap *m, const char *key, size_t len, uint64_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct sp_strmap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && s->len == len && !memcmp(s->key, key, len)))
			return s;
	}
}

static int grow(sp_strmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64;
	struct sp_strmap_slot *old = m->slots;
	size_t ocap = m->cap;
	m->slots = calloc(ncap, sizeof *m->slots);
	if (!m->slots) {
		m->slots = old;
		return SP_ENOMEM;
	}
	m->cap = ncap;
	for (size_t i = 0; i < ocap; i++)
		if (old[i].key)
			*find(m, old[i].key, old[i].len, old[i].hash) = old[i];
	free(old);
	return 0;
}

static int insert(sp_strmap *m, const char *key, size_t len, int64_t val, bool overwrite)
{
	if ((m->used + 1) * 4 >= m->cap * 3 && grow(m))
		return SP_ENOMEM;
	uint64_t h = sp_hash64(key, len);
	struct sp_strmap_slot *s = find(m, key, len, h);
	if (s->key) {
		if (overwrite)
			s->val = val;
		return 0;
	}
	char *k = sp_arena_strndup(&m->keys, key, len);
	if (!k)
		return SP_ENOMEM;
	*s = (struct sp_strmap_slot){k, h, len, val};
	m->used++;
	return 0;
}

int sp_strmap_put(sp_strmap *m, const char *key, size_t len, int64_t val)
{
	return insert(m, key, len, val, true);
}

int sp_strmap_add(sp_strmap *m, const char *key, size_t len, int64_t val)
{
	return insert(m, key, len, val, false);
}

bool sp_strmap_get(const sp_strmap *m, const char *key, size_t len, int64_t *val)
{
	if (!m->cap)
		return false;
	const struct sp_strmap_slot *s = find(m, key, len, sp_hash64(key, len));
	if (!s->key)
		return false;
	if (val)
		*val = s->val;
	return true;
}

const char *sp_strmap_key(const sp_strmap *m, const char *key, size_t len)
{
	if (!m->cap)
		return NULL;
	const struct sp_strmap_slot *s = find(m, key, len, sp_hash64(key, len));
	return s->key;
}

const char *sp_strmap_slot_key(const sp_strmap *m, size_t i)
{
	return i < m->cap ? m->slots[i].key : NULL;
}

int64_t sp_strmap_slot_value(const sp_strmap *m, size_t i)
{
	return i < m->cap ? m->slots[i].val : 0;
}
