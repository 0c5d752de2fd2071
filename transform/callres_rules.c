/* transform/callres_rules.c: the candidates of one call, rank by rank, as the view
   call_candidates of migration 0007 defines them (its SQL is the specification: each block below
   names the part it restates), the best of them, and what call_resolutions stores of it. */
#include <string.h>

#include "callres_p.h"

#include "banned.h"

typedef struct cand {
	int rank; /* 0: none yet */
	const char *resolution, *path, *module;
	int64_t blob, fid;
} cand;

/* NULL first; the ranks never mix NULL with text in one column, so this only orders ties. */
static int cmp_text(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* The order of the picks: rank, target path, target function, module. */
static bool less(const cand *a, const cand *b)
{
	if (a->rank != b->rank)
		return a->rank < b->rank;
	int c = cmp_text(a->path, b->path);
	if (c)
		return c < 0;
	if (a->fid != b->fid)
		return a->fid < b->fid;
	return cmp_text(a->module, b->module) < 0;
}

static void offer(cand *best, int rank, const char *resolution, const char *path, int64_t blob,
		  int64_t fid, const char *module)
{
	cand c = {rank, resolution, path, module, blob, fid};
	if (!best->rank || less(&c, best))
		*best = c;
}

static bool eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* a is prefix sep name (t.qualified_name = prefix || sep || name); NULL never equals */
static bool is_joined(const char *a, const char *prefix, const char *sep, const char *name)
{
	if (!a || !prefix || !name)
		return false;
	size_t p = strlen(prefix), s = strlen(sep);
	return !strncmp(a, prefix, p) && !strncmp(a + p, sep, s) && !strcmp(a + p + s, name);
}

/* module ends with word after one of the separators seps (longer than word) */
static bool tail_of(const char *module, const char *word, const char *seps)
{
	if (!module || !word)
		return false;
	size_t m = strlen(module), w = strlen(word);
	return m > w && !strcmp(module + m - w, word) && strchr(seps, module[m - w - 1]) &&
	       module[m - w - 1];
}

/* The constructor test of the view: kind 'constructor' or a name call_rules says runs one. */
static bool is_ctor(sp_callres *c, const char *language, const cr_func *t)
{
	return eq(t->kind, "constructor") ||
	       (t->name && cr_has_rule(c, language, "constructor", t->name));
}

/* call_bindings: does import i bind the call's callee or receiver */
static bool binds(const cr_call *s, const cr_import *i)
{
	if (!s->receiver)
		return s->name && (eq(i->alias, s->name) ||
				   (!i->alias && (eq(i->name, s->name) || eq(i->name, "*") ||
						  (!i->name && tail_of(i->module, s->name, ":")))));
	return eq(i->alias, s->receiver) ||
	       (!i->alias && eq(i->name, s->receiver) && !eq(i->name, "*")) ||
	       (!i->alias && (!i->name || eq(i->name, "self")) &&
		(eq(i->module, s->receiver) || tail_of(i->module, s->receiver, "./:")));
}

/* 4 import: the functions of file f2 the binding reaches (the view's LEFT JOIN functions t) */
static void import_targets(sp_callres *c, const cr_call *s, const char *lang, const cr_import *i,
			   const cr_file *f2, cand *best)
{
	const char *entity = i->name && !eq(i->name, "*") && !eq(i->name, "self") ? i->name : NULL;
	const char *want = entity ? entity : s->name;
	if (!s->receiver) {
		for (int32_t t = cr_find(c, CR_FUNC_BLOB_NAME, f2->blob, 0, want); want && t >= 0;
		     t = c->funcs.v[t].next_blob_name)
			if (!c->funcs.v[t].cls)
				offer(best, 4, "import", f2->path, f2->blob, c->funcs.v[t].id, NULL);
		for (int32_t t = cr_find(c, CR_FUNC_BLOB_CLS, f2->blob, 0, want); want && t >= 0;
		     t = c->funcs.v[t].next_blob_cls)
			if (eq(c->funcs.v[t].cls, want) && is_ctor(c, lang, &c->funcs.v[t]))
				offer(best, 4, "import", f2->path, f2->blob, c->funcs.v[t].id, NULL);
		return;
	}
	for (int32_t t = cr_find(c, CR_FUNC_BLOB_NAME, f2->blob, 0, s->name); s->name && t >= 0;
	     t = c->funcs.v[t].next_blob_name) {
		const cr_func *fn = &c->funcs.v[t];
		if (eq(fn->name, s->name) &&
		    (!fn->cls || eq(fn->cls, s->receiver) || eq(fn->cls, entity)))
			offer(best, 4, "import", f2->path, f2->blob, fn->id, NULL);
	}
}

/* 4 import, 5 external: through each import binding the call and its dependency row (*binding:
   an import binds it, whatever its dependency row; *bound: one reaches a file of the repository) */
static void imports(sp_callres *c, const cr_file *f, const cr_call *s, cand *best, bool *binding,
		    bool *bound)
{
	/* the imports under the callee's or receiver's word, then (a plain call) the star imports */
	const char *word = s->receiver ? s->receiver : s->name;
	int32_t w = word ? cr_find(c, CR_IMPORT_WORD, f->blob, 0, word) : -1, stars = -2;
	for (;; w = c->words.v[w].next) {
		if (w < 0 && stars == -2 && c->stars && !s->receiver && s->name)
			w = stars = cr_find(c, CR_IMPORT_WORD, f->blob, 0, "*");
		if (w < 0)
			break;
		const cr_import *i = &c->imports.v[c->words.v[w].import];
		if (i->blob != f->blob || !binds(s, i))
			continue;
		*binding = true;
		int32_t di = cr_find(c, CR_DEP, i->id, 0, f->path);
		if (di < 0)
			continue;
		const cr_dep *d = &c->deps.v[di];
		if (eq(d->kind, "internal")) {
			*bound = true;
			if (!d->target_path)
				continue;
			int32_t f2 = cr_head(&c->file_path, d->target_path, strlen(d->target_path));
			if (f2 >= 0)
				import_targets(c, s, f->language, i, &c->files.v[f2], best);
			/* the files directly in a directory target (a Go package) */
			sp_buf_reset(&c->key);
			sp_buf_puts(&c->key, d->target_path);
			sp_buf_putc(&c->key, '/');
			for (f2 = cr_head(&c->file_dir, c->key.data, c->key.len); !c->key.err && f2 >= 0;
			     f2 = c->files.v[f2].next_dir)
				import_targets(c, s, f->language, i, &c->files.v[f2], best);
		} else if ((eq(d->kind, "stdlib") || eq(d->kind, "external")) && !eq(i->name, "*")) {
			offer(best, 5, "external", NULL, -1, -1,
			      d->package ? d->package : d->target_module);
		}
	}
}

static bool has_family(sp_callres *c, const cr_lang *l, const char *family)
{
	if (l->nfam < 0)
		return cr_has_rule(c, l->name, "global", family);
	for (int k = 0; k < l->nfam; k++)
		if (!strcmp(l->family[k], family))
			return true;
	return false;
}

/* 7 global: the files other than f holding t's blob, whose language has the global family */
static void other_files(sp_callres *c, const cr_file *f, const cr_func *t, const char *family,
			cand *best)
{
	size_t len;
	const char *k = cr_key_blob(c, t->blob, NULL, &len);
	for (int32_t g = cr_head(&c->file_blob, k, len); g >= 0; g = c->files.v[g].next_blob) {
		const cr_file *f2 = &c->files.v[g];
		if (f2->blob != t->blob || !strcmp(f2->path, f->path) ||
		    !has_family(c, &c->langs.v[f2->lang], family))
			continue;
		offer(best, 7, "global", f2->path, t->blob, t->id, NULL);
	}
}

/* 6 package and 7 global: functions of other files found by name or class */
static void across_files(sp_callres *c, const cr_file *f, const cr_call *s, cand *best)
{
	bool is_new = eq(s->kind, "new") && eq(s->name, "new");
	const char *cls = is_new ? s->receiver : s->name;
	/* the functions of that name in the other files of the caller's directory and language */
	size_t len;
	const char *k =
		s->name && c->langs.v[f->lang].package ? cr_key_dir_name(c, f, s->name, &len) : NULL;
	for (int32_t p = k ? cr_head(&c->dir_name, k, len) : -1; p >= 0; p = c->placed.v[p].next) {
		const cr_file *f2 = &c->files.v[c->placed.v[p].file];
		const cr_func *fn = &c->funcs.v[c->placed.v[p].func];
		if (!strcmp(f2->path, f->path) || !eq(f2->language, f->language))
			continue;
		if ((!s->receiver && !fn->cls) || (s->receiver && eq(fn->cls, s->receiver)) ||
		    (eq(s->kind, "new") && eq(fn->cls, s->name) && eq(fn->kind, "constructor")))
			offer(best, 6, "package", f2->path, fn->blob, fn->id, NULL);
	}
	const cr_lang *lg = &c->langs.v[f->lang];
	for (size_t r = 0; lg->nfam && r < c->rules.n; r++) {
		const cr_rule *g = &c->rules.v[r];
		if (!eq(g->language, f->language) || !eq(g->rule, "global") || !g->value)
			continue;
		for (int32_t t = s->name && !s->receiver ? cr_find(c, CR_FUNC_NAME, 0, 0, s->name) : -1;
		     t >= 0; t = c->funcs.v[t].next_name)
			if (!c->funcs.v[t].cls)
				other_files(c, f, &c->funcs.v[t], g->value, best);
		for (int32_t t = cls && (!s->receiver || is_new) ? cr_find(c, CR_FUNC_CLS, 0, 0, cls)
								 : -1;
		     t >= 0; t = c->funcs.v[t].next_cls) {
			const cr_func *fn = &c->funcs.v[t];
			if (fn->name && cr_has_rule(c, f->language, "constructor", fn->name))
				other_files(c, f, fn, g->value, best);
		}
	}
}

/* The function the call is in (NULL at file level). */
static const cr_func *caller_of(sp_callres *c, const cr_call *s)
{
	if (s->fid < 0)
		return NULL;
	int32_t t = cr_find(c, CR_FUNC_ID, s->blob, s->fid, NULL);
	return t >= 0 ? &c->funcs.v[t] : NULL;
}

/* 1 method, 2-3 local, 3 local constructor: the caller's own blob. The caller and the self rule are looked up once a function of the callee's name is found in
   the blob (most calls have none): two keys and look-ups fewer per call. */
static void same_file(sp_callres *c, const cr_file *f, const cr_call *s, cand *best)
{
	const char *qn = NULL, *ccls = NULL;
	int self = -1; /* not looked up yet */
	for (int32_t t = s->name ? cr_find(c, CR_FUNC_BLOB_NAME, f->blob, 0, s->name) : -1; t >= 0;
	     t = c->funcs.v[t].next_blob_name) {
		const cr_func *fn = &c->funcs.v[t];
		if (fn->blob != f->blob || !eq(fn->name, s->name))
			continue;
		if (self < 0) {
			const cr_func *caller = caller_of(c, s);
			qn = caller ? caller->qn : NULL;
			ccls = caller ? caller->cls : NULL;
			self = !eq(s->kind, "new") && c->langs.v[f->lang].self &&
			       cr_has_rule(c, f->language, "self", s->receiver ? s->receiver : "");
		}
		if (self && eq(fn->cls, ccls))
			offer(best, 1, "method", f->path, f->blob, fn->id, NULL);
		bool local = !s->receiver ? ((!fn->cls && eq(fn->qn, fn->name)) ||
					     is_joined(fn->qn, qn, ".", s->name) ||
					     is_joined(fn->qn, qn, "::", s->name))
					  : (eq(fn->cls, s->receiver) ||
					     is_joined(fn->qn, s->receiver, ".", s->name) ||
					     is_joined(fn->qn, s->receiver, "::", s->name));
		if (local)
			offer(best, eq(fn->qn, fn->name) || s->receiver ? 3 : 2, "local", f->path,
			      f->blob, fn->id, NULL);
	}
	bool is_new = eq(s->kind, "new") && eq(s->name, "new");
	const char *cls = is_new ? s->receiver : s->name;
	for (int32_t t = cls && (!s->receiver || is_new) ? cr_find(c, CR_FUNC_BLOB_CLS, f->blob, 0, cls)
							 : -1;
	     t >= 0; t = c->funcs.v[t].next_blob_cls) {
		const cr_func *fn = &c->funcs.v[t];
		if (fn->blob == f->blob && eq(fn->cls, cls) && is_ctor(c, f->language, fn))
			offer(best, 3, "local", f->path, f->blob, fn->id, NULL);
	}
}

int cr_answer(sp_callres *c, size_t fi, size_t k, sp_call_answer *a)
{
	const cr_file *f = &c->files.v[fi];
	const cr_call *s = &c->calls.v[k];
	cand best = {0};
	bool binding = false, bound = false;
	same_file(c, f, s, &best);
	bool own = best.rank && best.rank <= 3; /* the blob alone decides: method or local */
	imports(c, f, s, &best, &binding, &bound);
	if (best.rank == 0 || best.rank > 5)
		across_files(c, f, s, &best);
	if (c->key.err)
		return c->key.err;
	const char *reason = !s->name      ? "callee is an expression"
			     : s->receiver ? "receiver type not known"
					   : "no definition in the repository";
	*a = (sp_call_answer){.path = f->path,
			      .blob_id = f->blob,
			      .call_id = s->id,
			      .name = s->name,
			      .receiver = s->receiver,
			      .kind = s->kind,
			      .rank = best.rank,
			      .resolution = best.rank ? best.resolution : "unresolved",
			      .target_path = best.path,
			      .target_blob_id = best.rank ? best.blob : -1,
			      .target_function_id = best.rank ? best.fid : -1,
			      .module = best.module,
			      .reason = best.rank ? NULL : reason,
			      .stored_function_id = -1};
	/* call_resolutions (load/sql/calls_store.sql before, schema/README.md) */
	if (best.rank && best.rank <= 3) {
		a->stored = best.resolution;
		a->stored_function_id = best.fid;
	} else if (bound) {
		a->stored = "open";
	} else if (best.rank == 5) {
		a->stored = "external";
		a->stored_module = best.module;
	} else if (s->name && (c->langs.v[f->lang].package || c->langs.v[f->lang].nfam)) {
		a->stored = "open";
	} else {
		a->stored = "unresolved";
		a->stored_reason = reason;
	}
	/* calls.binding: the same order of decisions without the dependency rows */
	bool open = s->name && (c->langs.v[f->lang].package || c->langs.v[f->lang].nfam);
	a->binding = own ? a->stored : binding ? "import" : open ? "open" : "unresolved";
	a->stored_row = !s->binding || !strcmp(s->binding, "import");
	return 0;
}
