/* transform/callres.c: the rows sp_callres resolves calls over (issue 12), copied in, then
   indexed once by the keys the rules of callres_rules.c look them up by. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "callres_p.h"

#include "banned.h"

/* Every map, in this order: the rules' (built once), then those build() makes from the rows
   (and the chains of c->index). */
enum { MAP_RULES, MAP_BUILT, MAPS = 7 };
static void maps_of(sp_callres *c, sp_strmap *m[MAPS])
{
	sp_strmap *all[MAPS] = {&c->rule_set,    &c->file_path, &c->file_blob, &c->file_dir,
				&c->import_blob, &c->call_blob, &c->dir_name};
	memcpy(m, all, sizeof all);
}

int sp_callres_new(sp_callres **out)
{
	sp_callres *c = calloc(1, sizeof *c);
	if (!c)
		return SP_ENOMEM;
	sp_arena_init(&c->rule_strings);
	sp_arena_init(&c->strings);
	sp_strmap *maps[MAPS];
	maps_of(c, maps);
	for (size_t i = 0; i < MAPS; i++)
		sp_strmap_init(maps[i]);
	sp_strmap_init(&c->interned);
	sp_buf_init(&c->key);
	*out = c;
	return 0;
}

void sp_callres_free(sp_callres *c)
{
	if (!c)
		return;
	sp_strmap *maps[MAPS];
	maps_of(c, maps);
	for (size_t i = 0; i < MAPS; i++)
		sp_strmap_release(maps[i]);
	for (size_t i = 0; i < CR_INDEXES; i++)
		cr_index_release(&c->index[i]);
	sp_array_release(&c->placed);
	sp_array_release(&c->words);
	sp_array_release(&c->langs);
	sp_array_release(&c->rules);
	sp_array_release(&c->files);
	sp_array_release(&c->funcs);
	sp_array_release(&c->imports);
	sp_array_release(&c->deps);
	sp_array_release(&c->calls);
	sp_strmap_release(&c->interned);
	sp_arena_release(&c->strings);
	sp_arena_release(&c->rule_strings);
	sp_buf_release(&c->key);
	free(c);
}

void sp_callres_clear(sp_callres *c)
{
	sp_strmap *maps[MAPS];
	maps_of(c, maps);
	for (size_t i = MAP_BUILT; i < MAPS; i++) /* the rules stay */
		sp_strmap_clear(maps[i]);
	for (size_t i = 0; i < CR_INDEXES; i++)
		cr_index_clear(&c->index[i]);
	c->files.n = c->funcs.n = c->imports.n = c->deps.n = c->calls.n = c->placed.n = 0;
	c->words.n = c->langs.n = 0;
	sp_strmap_clear(&c->interned);
	sp_arena_reset(&c->strings);
	c->built = false;
}

/* A copy of s in arena a; *err set when out of memory. NULL stays NULL. */
static const char *dup_in(sp_arena *a, const char *s, int *err)
{
	if (!s)
		return NULL;
	const char *p = sp_arena_strndup(a, s, strlen(s));
	if (!p)
		*err = SP_ENOMEM;
	return p;
}

/* s's one copy in c->strings (see interned); *err set when out of memory. NULL stays NULL. */
static const char *intern(sp_callres *c, const char *s, int *err)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	int64_t at;
	if (sp_strmap_get(&c->interned, s, n, &at))
		return (const char *)(intptr_t)at;
	const char *p = dup_in(&c->strings, s, err);
	if (p && sp_strmap_put(&c->interned, s, n, (int64_t)(intptr_t)p))
		*err = SP_ENOMEM;
	return p;
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

int sp_callres_rule(sp_callres *c, const char *language, const char *rule, const char *value)
{
	for (size_t i = 0; i < c->rules.n; i++) /* a rule given again (another run's) adds nothing */
		if (same_text(c->rules.v[i].language, language) && same_text(c->rules.v[i].rule, rule) &&
		    same_text(c->rules.v[i].value, value))
			return 0;
	int err = 0;
	cr_rule r = {dup_in(&c->rule_strings, language, &err), dup_in(&c->rule_strings, rule, &err),
		     dup_in(&c->rule_strings, value, &err)};
	c->built = c->rules_built = false;
	return err ? err : sp_array_push(&c->rules, r);
}

int sp_callres_file(sp_callres *c, const char *path, int64_t blob_id, const char *language)
{
	int err = 0;
	cr_file f = {dup_in(&c->strings, path, &err), intern(c, language, &err), blob_id, 0, -1, -1, 0};
	if (err)
		return err;
	const char *slash = strrchr(f.path, '/');
	f.dir_len = slash ? (size_t)(slash - f.path) + 1 : 0;
	c->built = false;
	return sp_array_push(&c->files, f);
}

int sp_callres_function(sp_callres *c, int64_t blob_id, int64_t function_id, const char *name,
			const char *qualified_name, const char *kind, const char *class_name)
{
	int err = 0;
	cr_func f = {blob_id,
		     function_id,
		     intern(c, name, &err),
		     dup_in(&c->strings, qualified_name, &err), /* one per function */
		     intern(c, kind, &err),
		     intern(c, class_name, &err),
		     -1,
		     -1,
		     -1,
		     -1};
	c->built = false;
	return err ? err : sp_array_push(&c->funcs, f);
}

int sp_callres_import(sp_callres *c, int64_t blob_id, int64_t import_id, const char *module,
		      const char *name, const char *alias)
{
	int err = 0;
	cr_import i = {blob_id,
		       import_id,
		       intern(c, module, &err),
		       intern(c, name, &err),
		       intern(c, alias, &err),
		       -1};
	c->built = false;
	return err ? err : sp_array_push(&c->imports, i);
}

int sp_callres_dependency(sp_callres *c, const char *path, int64_t import_id, const char *kind,
			  const char *target_path, const char *target_module, const char *package)
{
	int err = 0;
	cr_dep d = {import_id,
		    intern(c, path, &err), /* a file's imports share it */
		    intern(c, kind, &err),
		    intern(c, target_path, &err),
		    intern(c, target_module, &err),
		    intern(c, package, &err)};
	c->built = false;
	return err ? err : sp_array_push(&c->deps, d);
}

int sp_callres_call_bound(sp_callres *c, int64_t blob_id, int64_t call_id, int64_t function_id,
			  const char *name, const char *receiver, const char *kind, const char *binding)
{
	int err = 0;
	cr_call k = {blob_id,
		     (int32_t)call_id,
		     (int32_t)function_id,
		     intern(c, name, &err),
		     intern(c, receiver, &err),
		     intern(c, kind, &err),
		     intern(c, binding, &err)};
	c->built = false;
	return err ? err : sp_array_push(&c->calls, k);
}

int sp_callres_call(sp_callres *c, int64_t blob_id, int64_t call_id, int64_t function_id,
		    const char *name, const char *receiver, const char *kind)
{
	return sp_callres_call_bound(c, blob_id, call_id, function_id, name, receiver, kind, NULL);
}

/* ---- keys and chains ---- */

const char *cr_key_blob(sp_callres *c, int64_t blob, const char *s, size_t *len)
{
	sp_buf_reset(&c->key);
	sp_buf_append(&c->key, &blob, sizeof blob);
	if (s)
		sp_buf_append(&c->key, s, strlen(s));
	*len = c->key.len;
	return c->key.err ? "" : c->key.data;
}

const char *cr_key_dir_name(sp_callres *c, const cr_file *f, const char *name, size_t *len)
{
	sp_buf_reset(&c->key);
	sp_buf_append(&c->key, f->path, f->dir_len);
	sp_buf_append(&c->key, name, strlen(name) + 1);
	*len = c->key.len;
	return c->key.err ? "" : c->key.data;
}

const char *cr_key_str(sp_callres *c, const char *a, const char *b, const char *d, size_t *len)
{
	sp_buf_reset(&c->key);
	sp_buf_append(&c->key, a, strlen(a) + 1);
	sp_buf_append(&c->key, b, strlen(b) + (d ? 1 : 0));
	if (d)
		sp_buf_append(&c->key, d, strlen(d));
	*len = c->key.len;
	return c->key.err ? "" : c->key.data;
}

int32_t cr_head(const sp_strmap *m, const char *key, size_t len)
{
	int64_t v;
	return sp_strmap_get(m, key, len, &v) ? (int32_t)v : -1;
}

bool cr_has_rule(sp_callres *c, const char *language, const char *rule, const char *value)
{
	if (!language)
		return false;
	size_t len;
	const char *k = cr_key_str(c, language, rule, value, &len);
	return cr_head(&c->rule_set, k, len) >= 0;
}

/* Row i becomes the head of key's chain; its old head is returned for the row's next link. */
static int chain(sp_strmap *m, const char *key, size_t len, int32_t i, int32_t *next)
{
	*next = cr_head(m, key, len);
	return sp_strmap_put(m, key, len, i);
}

static int cmp_call(const void *a, const void *b)
{
	const cr_call *x = a, *y = b;
	if (x->blob != y->blob)
		return (x->blob > y->blob) - (x->blob < y->blob);
	return (x->id > y->id) - (x->id < y->id);
}

/* The entry of langs for language (added with what the rules say of it). */
static int lang_of(sp_callres *c, const char *language, int32_t *out)
{
	for (size_t i = 0; i < c->langs.n; i++)
		if (c->langs.v[i].name == language ||
		    (c->langs.v[i].name && language && !strcmp(c->langs.v[i].name, language))) {
			*out = (int32_t)i;
			return 0;
		}
	cr_lang l = {.name = language,
		     .package = cr_has_rule(c, language, "package", NULL),
		     .self = cr_has_rule(c, language, "self", NULL)};
	for (size_t r = 0; language && r < c->rules.n; r++) {
		const cr_rule *g = &c->rules.v[r];
		if (!g->language || !g->rule || !g->value || strcmp(g->language, language) ||
		    strcmp(g->rule, "global") || l.nfam < 0)
			continue;
		bool seen = false;
		for (int k = 0; k < l.nfam; k++)
			seen = seen || !strcmp(l.family[k], g->value);
		if (!seen && l.nfam == CR_FAMILIES)
			l.nfam = -1;
		else if (!seen)
			l.family[l.nfam++] = g->value;
	}
	*out = (int32_t)c->langs.n;
	return sp_array_push(&c->langs, l);
}

/* Import i under a word of blob (the words chain), once per import and word: its alias, its
   name, or its module from byte off. */
static int add_word(sp_callres *c, int32_t i, uint8_t which, uint32_t off)
{
	cr_word wd = {i, -1, off, which};
	const char *w = cr_word_text(c, &wd);
	int64_t blob = c->imports.v[i].blob;
	int32_t head = cr_find(c, CR_IMPORT_WORD, blob, 0, w);
	if (head >= 0 && c->words.v[head].import == i)
		return 0; /* the same import under the same word again */
	int rc = sp_array_push(&c->words, wd);
	return rc ? rc
		  : cr_link(c, CR_IMPORT_WORD, blob, 0, w, (int32_t)c->words.n - 1,
			    &c->words.v[c->words.n - 1].next);
}

/* The words an import may bind a call by (callres_rules.c binds() decides): its alias, its name
   ("*" for a star import), its module, and each tail of the module after '.', '/' or ':'. */
static int index_import(sp_callres *c, int32_t i)
{
	const cr_import *m = &c->imports.v[i];
	int rc = 0;
	if (m->alias)
		rc = add_word(c, i, CR_WORD_ALIAS, 0);
	if (!rc && m->name)
		rc = add_word(c, i, CR_WORD_NAME, 0);
	c->stars = c->stars || (m->name && !strcmp(m->name, "*"));
	for (const char *p = m->module; !rc && p && *p; p++)
		if (p == m->module || ((p[-1] == '.' || p[-1] == '/' || p[-1] == ':')))
			rc = add_word(c, i, CR_WORD_MODULE, (uint32_t)(p - m->module));
	return rc;
}

static int build(sp_callres *c)
{
	int rc = 0;
	size_t len;
	const char *k;
	for (size_t i = 0; !rc && !c->rules_built && i < c->rules.n; i++) {
		const cr_rule *r = &c->rules.v[i];
		if (!r->language || !r->rule || !r->value)
			continue;
		k = cr_key_str(c, r->language, r->rule, r->value, &len);
		rc = sp_strmap_put(&c->rule_set, k, len, 1);
		k = cr_key_str(c, r->language, r->rule, NULL, &len);
		rc = rc ? rc : sp_strmap_put(&c->rule_set, k, len, 1);
	}
	c->langs.n = c->words.n = 0;
	c->stars = false;
	for (size_t i = 0; !rc && i < c->files.n; i++) {
		cr_file *f = &c->files.v[i];
		rc = sp_strmap_put(&c->file_path, f->path, strlen(f->path), (int64_t)i);
		k = cr_key_blob(c, f->blob, NULL, &len);
		rc = rc ? rc : chain(&c->file_blob, k, len, (int32_t)i, &f->next_blob);
		rc = rc ? rc : chain(&c->file_dir, f->path, f->dir_len, (int32_t)i, &f->next_dir);
		rc = rc ? rc : lang_of(c, f->language, &f->lang);
	}
	const cr_index_kind every_func[] = {CR_FUNC_ID, CR_FUNC_BLOB_NAME, CR_FUNC_NAME};
	for (size_t k = 0; !rc && k < sizeof every_func / sizeof *every_func; k++)
		rc = cr_index_reserve(&c->index[every_func[k]], c->funcs.n);
	for (size_t i = 0; !rc && i < c->funcs.n; i++) {
		cr_func *f = &c->funcs.v[i];
		int32_t *none = &(int32_t){0}; /* a function's id is its own: the last given wins */
		int32_t r = (int32_t)i;
		rc = cr_link(c, CR_FUNC_ID, f->blob, f->id, NULL, r, none);
		if (f->name) {
			rc = rc ? rc
				: cr_link(c, CR_FUNC_BLOB_NAME, f->blob, 0, f->name, r,
					  &f->next_blob_name);
			rc = rc ? rc : cr_link(c, CR_FUNC_NAME, 0, 0, f->name, r, &f->next_name);
		}
		if (f->cls) {
			rc = rc ? rc
				: cr_link(c, CR_FUNC_BLOB_CLS, f->blob, 0, f->cls, r, &f->next_blob_cls);
			rc = rc ? rc : cr_link(c, CR_FUNC_CLS, 0, 0, f->cls, r, &f->next_cls);
		}
	}
	/* every function at each path of its blob, by directory and name (the package rule): only
	   at the paths of a language with that rule, the only ones it looks at (its calls reach
	   functions of their own language); the Linux tree's 654,127 C functions are not placed */
	bool package = false;
	for (size_t i = 0; i < c->rules.n; i++)
		package = package || (c->rules.v[i].rule && !strcmp(c->rules.v[i].rule, "package"));
	c->placed.n = 0;
	for (size_t i = 0; !rc && package && i < c->funcs.n; i++) {
		const cr_func *fn = &c->funcs.v[i];
		k = cr_key_blob(c, fn->blob, NULL, &len);
		for (int32_t g = fn->name ? cr_head(&c->file_blob, k, len) : -1; !rc && g >= 0;
		     g = c->files.v[g].next_blob) {
			if (c->files.v[g].blob != fn->blob || !c->langs.v[c->files.v[g].lang].package)
				continue;
			cr_placed pl = {g, (int32_t)i, -1};
			k = cr_key_dir_name(c, &c->files.v[g], fn->name, &len);
			rc = sp_array_push(&c->placed, pl);
			rc = rc ? rc
				: chain(&c->dir_name, k, len, (int32_t)c->placed.n - 1,
					&c->placed.v[c->placed.n - 1].next);
		}
	}
	for (size_t i = 0; !rc && i < c->imports.n; i++) {
		cr_import *m = &c->imports.v[i];
		k = cr_key_blob(c, m->blob, NULL, &len);
		rc = chain(&c->import_blob, k, len, (int32_t)i, &m->next_blob);
		rc = rc ? rc : index_import(c, (int32_t)i);
	}
	rc = rc ? rc : cr_index_reserve(&c->index[CR_DEP], c->deps.n);
	for (size_t i = 0; !rc && i < c->deps.n; i++) /* one row a key: the last given wins */
		rc = cr_link(c, CR_DEP, c->deps.v[i].import, 0, c->deps.v[i].path, (int32_t)i,
			     &(int32_t){0});
	/* rows usually arrive in (blob, call) order: a worker's blob, a SELECT by primary key */
	bool sorted = true;
	for (size_t i = 1; sorted && i < c->calls.n; i++)
		sorted = cmp_call(&c->calls.v[i - 1], &c->calls.v[i]) <= 0;
	if (!sorted)
		qsort(c->calls.v, c->calls.n, sizeof *c->calls.v, cmp_call);
	for (size_t i = 0; !rc && i < c->calls.n; i++) {
		if (i && c->calls.v[i - 1].blob == c->calls.v[i].blob)
			continue;
		k = cr_key_blob(c, c->calls.v[i].blob, NULL, &len);
		rc = sp_strmap_put(&c->call_blob, k, len, (int64_t)i);
	}
	if (!rc && c->key.err)
		rc = c->key.err;
	return rc;
}

int sp_callres_resolve(sp_callres *c, const char *path, sp_call_answer_fn fn, void *ctx)
{
	if (!c->built) {
		/* the chains are rebuilt from scratch: clear what an earlier build linked */
		sp_strmap *maps[MAPS];
		maps_of(c, maps);
		if (!c->rules_built)
			sp_strmap_clear(maps[MAP_RULES]);
		for (size_t i = MAP_BUILT; i < MAPS; i++)
			sp_strmap_clear(maps[i]);
		for (size_t i = 0; i < CR_INDEXES; i++)
			cr_index_clear(&c->index[i]);
		int rc = build(c);
		if (rc)
			return rc;
		if (c->interned.cap > SP_TABLE_KEEP) /* what is added from now on needs no shared copy */
			sp_strmap_release(&c->interned);
		c->built = c->rules_built = true;
	}
	int32_t fi = cr_head(&c->file_path, path, strlen(path));
	if (fi < 0)
		return SP_EUSAGE;
	size_t len;
	const char *k = cr_key_blob(c, c->files.v[fi].blob, NULL, &len);
	int32_t first = cr_head(&c->call_blob, k, len);
	for (size_t i = first < 0 ? c->calls.n : (size_t)first;
	     i < c->calls.n && c->calls.v[i].blob == c->files.v[fi].blob; i++) {
		sp_call_answer a;
		int rc = cr_answer(c, (size_t)fi, i, &a);
		if (!rc)
			rc = fn(ctx, &a);
		if (rc)
			return rc;
	}
	return 0;
}
