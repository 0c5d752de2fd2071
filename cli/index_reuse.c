/* cli/index_reuse.c: `snakepipe index`: what the database already has. Files carried over from the
   previous snapshot, jobs made and assigned (known contents reused), reused files' rows written. */
#include <stdlib.h>
#include <string.h>

#include "index_p.h"

#include "banned.h"

/* Key of the deps_known map. */
static void dep_key(sp_buf *k, int64_t blob_id, const char *path)
{
	sp_buf_reset(k);
	sp_buf_printf(k, "%lld/%s", (long long)blob_id, path);
}

static int on_dep_known(void *ctx, const char *path, int64_t blob_id)
{
	sp_run *r = ctx;
	sp_buf k;
	sp_buf_init(&k);
	dep_key(&k, blob_id, path);
	int rc = k.err ? SP_ENOMEM : sp_strmap_put(&r->deps_known, k.data, k.len, 1);
	sp_buf_release(&k);
	return rc;
}

/* A file of the previous snapshot, usable only if its blob has this extractor's version (its id
   is then among the known blobs' ids). */
static int on_prev_file(void *ctx, const char *path, int64_t blob_id, int64_t size, int64_t mtime_ns,
			const char *git_blob)
{
	sp_run *r = ctx;
	r->prev_rows++;
	if (!sp_strmap_get(&r->current_ids, (const char *)&blob_id, sizeof blob_id, NULL))
		return 0;
	sp_run_prev p = {blob_id, size, mtime_ns};
	int rc = sp_array_push(&r->prev, p);
	if (!rc)
		rc = sp_strmap_put(&r->prev_paths, path, strlen(path), (int64_t)r->prev.n - 1);
	if (!rc && git_blob)
		rc = sp_strmap_put(&r->git_blobs, git_blob, strlen(git_blob), blob_id);
	return rc;
}

/* The ids of the blobs of this extractor version, each with the language it was extracted as
   (the end of its map key, after the hash). */
static int index_current_ids(sp_run *r)
{
	const sp_strmap *m = &r->blobs;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots && sp_strmap_slot_key(m, i)) {
			int64_t id = sp_strmap_slot_value(m, i);
			const char *key = sp_strmap_slot_key(m, i);
			size_t klen = strlen(key); /* keys are stored NUL-terminated */
			const sp_language *l = NULL;
			char name[SP_BLOB_MAP_KEY_MAX];
			if (klen > SP_HASH_HEX_LEN && klen < SP_BLOB_MAP_KEY_MAX) {
				memcpy(name, key + SP_HASH_HEX_LEN, klen - SP_HASH_HEX_LEN);
				name[klen - SP_HASH_HEX_LEN] = 0;
				l = sp_extractor_by_name(r->ex, name);
			}
			int rc = sp_strmap_put(&r->current_ids, (const char *)&id, sizeof id,
					       (int64_t)(intptr_t)l);
			if (rc)
				return rc;
		}
	return 0;
}

/* What can be known of each source without reading it: its blob when git vouches for its object
   id, or when size and mtime match the previous snapshot. Sources whose path and blob equal the
   previous snapshot's are carried over by the database itself; their dependencies are usually
   stored already for this set of paths (then such a file costs nothing at all). */
int sp_run_carry_unchanged(sp_run *r)
{
	int rc = index_current_ids(r);
	if (!rc)
		rc = sp_sink_prev_files_load(r->sink, r->repo_id, &r->prev_snap, on_prev_file, r);
	if (rc)
		return sp_run_fatal(r, SP_EXIT_DB, "%s", sp_sink_errmsg(r->sink));
	sp_array(const char *) carried = {0};
	size_t kept = 0;
	for (size_t i = 0; i < r->sources.n && !rc; i++) {
		sp_run_source *s = &r->sources.v[i];
		if (s->gone)
			continue;
		int64_t idx = -1;
		bool had = sp_strmap_get(&r->prev_paths, s->f->path, strlen(s->f->path), &idx);
		r->new_paths += !had;
		if (s->f->git_blob[0])
			sp_strmap_get(&r->git_blobs, s->f->git_blob, strlen(s->f->git_blob),
				      &s->known_blob);
		const sp_run_prev *p = had ? &r->prev.v[idx] : NULL;
		if (!s->known_blob && p && s->size >= 0 && p->size == s->size &&
		    p->mtime_ns == s->mtime_ns)
			s->known_blob = p->blob_id;
		/* the same bytes extracted as another language (a `.h` decided otherwise, a changed
		   language map) are another blob: read the file */
		int64_t lang = 0;
		if (s->known_blob && (!sp_strmap_get(&r->current_ids, (const char *)&s->known_blob,
						     sizeof s->known_blob, &lang) ||
				      (const sp_language *)(intptr_t)lang != s->lang))
			s->known_blob = 0;
		kept++;
		if (p && s->known_blob == p->blob_id) {
			s->carried = true;
			rc = sp_array_push(&carried, s->f->path);
		}
	}
	/* A complete snapshot has the dependencies of all its files stored for its path set, so when
	   every file is carried over to the same set of paths they all exist already: no need to ask.
	   Otherwise the database says which (path, blob) pairs it has for this path set. */
	bool all_known = r->prev_snap && !r->new_paths && kept == r->prev.n && carried.n == kept;
	/* ...and the same resolver configuration (go.mod, tsconfig.json, include dirs), which the
	   path set identity includes */
	int64_t prev_set = 0;
	if (!rc && all_known)
		rc = sp_run_snapshot_int(r, sp_sql_snapshot_path_set, r->prev_snap, &prev_set);
	all_known = all_known && prev_set == r->path_set;
	if (!rc && !all_known)
		rc = sp_sink_deps_known_load(r->sink, r->repo_id, r->path_set, on_dep_known, r);
	sp_buf key;
	sp_buf_init(&key);
	for (size_t i = 0; i < r->sources.n && !rc; i++) {
		sp_run_source *s = &r->sources.v[i];
		if (s->gone || !s->known_blob)
			continue;
		dep_key(&key, s->known_blob, s->f->path);
		s->deps_known = all_known ||
				(!key.err && sp_strmap_get(&r->deps_known, key.data, key.len, NULL));
	}
	sp_buf_release(&key);
	if (!rc)
		rc = sp_sink_carry(r->sink, r->repo_id, r->prev_snap, r->snap_id, carried.v, carried.n,
				   carried.n == r->prev.n && r->prev.n == r->prev_rows);
	int code = 0;
	if (rc == SP_ENOMEM)
		code = sp_run_fatal(r, SP_EXIT_SYSTEM, "%s", sp_strerror(rc));
	else if (rc)
		code = sp_run_fatal(r, SP_EXIT_DB, "%s", sp_sink_errmsg(r->sink));
	r->sum->reused += (int64_t)carried.n;
	r->sum->carried = (int64_t)carried.n;
	r->files_committed = (int64_t)carried.n;
	sp_array_release(&carried);
	return code;
}

/* A job for one source, not read yet: known content (git's object id, or size and mtime as in
   the previous snapshot) is reused without reading; the rest is read and hashed by a worker. */
void sp_run_job_init(const sp_run_source *s, sp_job *j)
{
	memset(j, 0, sizeof *j);
	j->f = s->f;
	j->path = s->f->path;
	j->lang = s->lang;
	j->git_blob = s->f->git_blob[0] ? s->f->git_blob : NULL;
	j->size = s->size;
	j->mtime_ns = s->mtime_ns;
	j->skip_why = -1;
	j->state = SP_JOB_UNREAD;
	if (s->known_blob) { /* known without reading: only its files row and dependencies */
		j->state = SP_JOB_REUSED;
		j->blob_id = s->known_blob;
		j->carried = s->carried;
		j->deps_known = s->deps_known;
	}
}

/* sp_pool_ctx.assign: a job read and hashed, in file order (so ids do not depend on thread
   timing): new content gets the next blob id, known content is reused. The loading thread may
   forget a refused content meanwhile (index_batch.c), hence the lock. */
int sp_run_assign(void *arg, sp_job *j)
{
	sp_run *r = arg;
	int rc = 0;
	pthread_mutex_lock(&r->blobs_mu);
	char bkey[SP_BLOB_MAP_KEY_MAX];
	size_t klen = sp_blob_map_key(bkey, j->hash, sp_language_name(j->lang));
	/* a blob id of 0 is content the database refused earlier in this run: parse it again */
	if (sp_strmap_get(&r->blobs, bkey, klen, &j->blob_id) && j->blob_id) {
		j->state = SP_JOB_REUSED;
		free(j->data);
		j->data = NULL;
		sp_buf key;
		sp_buf_init(&key);
		dep_key(&key, j->blob_id, j->path);
		j->deps_known = !key.err && sp_strmap_get(&r->deps_known, key.data, key.len, NULL);
		sp_buf_release(&key);
	} else {
		j->state = SP_JOB_NEW;
		j->blob_id = ++r->next_blob_id;
		rc = sp_strmap_put(&r->blobs, bkey, klen, j->blob_id);
	}
	pthread_mutex_unlock(&r->blobs_mu);
	return rc;
}

/* The stored imports of the contents being reused, and the content of each. */
typedef struct import_load {
	sp_run *r;
	sp_array(int64_t) blob; /* imp.v[i]'s content */
} import_load;

/* Collects one stored import; its strings are copied into the reused-files batch's arena,
   because the database cursor reuses its buffers. */
static int on_import(void *ctx, int64_t blob_id, int32_t import_id, const char *module, const char *name,
		     int32_t level, const char *kind)
{
	import_load *l = ctx;
	sp_run *r = l->r;
	sp_arena *a = &r->reused.arena;
	sp_import_row row = {import_id,
			     sp_arena_strndup(a, module ? module : "", module ? strlen(module) : 0),
			     name ? sp_arena_strndup(a, name, strlen(name)) : NULL, level,
			     sp_arena_strndup(a, kind ? kind : "import", kind ? strlen(kind) : 6)};
	if (!row.module || (name && !row.name) || !row.kind)
		return SP_ENOMEM;
	return sp_array_push(&r->imp, row) || sp_array_push(&l->blob, blob_id) ? SP_ENOMEM : 0;
}

/* Contents whose imports one query reads: the list is one parameter. */
#define IMPORTS_PER_QUERY 1024

static int cmp_job_blob(const void *a, const void *b)
{
	const sp_job *x = *(sp_job *const *)a, *y = *(sp_job *const *)b;
	return (x->blob_id > y->blob_id) - (x->blob_id < y->blob_id);
}

/* Files of this batch whose content the repository already had: files rows plus dependencies
   resolved from the stored imports (read inside the batch's transaction, so blobs written
   earlier in the same batch are visible too). Only the files of blobs ids[0..n) (sorted) when ids
   is not NULL. */
int sp_run_write_reused(sp_run *r, const int64_t *ids, size_t n)
{
	sp_array(sp_job *) list = {0};
	sp_array(int64_t) need = {0};
	import_load imports = {.r = r};
	int rc = 0;
	sp_batch_clear(&r->reused); /* rows of this batch only, also when it has no reused file */
	r->imp.n = 0;
	for (size_t i = 0; i < r->jobs.n && !rc; i++)
		if (r->jobs.v[i].state == SP_JOB_REUSED &&
		    (!ids || sp_ids_has(ids, n, r->jobs.v[i].blob_id)))
			rc = sp_array_push(&list, &r->jobs.v[i]);
	if (rc || !list.n)
		goto out;
	qsort(list.v, list.n, sizeof *list.v, cmp_job_blob);
	/* every file with this content shares one import list, loaded if any of them needs it; the
	   lists come by IMPORTS_PER_QUERY contents a query, in content order (a query each was a
	   round trip per content: 666 on PostgreSQL for the stdlib once a file was added) */
	for (size_t i = 0; i < list.n && !rc; i++)
		if (!list.v[i]->deps_known && (!need.n || need.v[need.n - 1] != list.v[i]->blob_id))
			rc = sp_array_push(&need, list.v[i]->blob_id);
	for (size_t c = 0; c < need.n && !rc; c += IMPORTS_PER_QUERY)
		rc = sp_sink_imports_load(r->sink, r->repo_id, need.v + c,
					  need.n - c < IMPORTS_PER_QUERY ? need.n - c
									 : IMPORTS_PER_QUERY,
					  on_import, &imports);
	size_t at = 0; /* the first import of the content at hand, or after */
	for (size_t i = 0; i < list.n && !rc; i++) {
		const sp_job *j = list.v[i];
		while (at < imports.blob.n && imports.blob.v[at] < j->blob_id)
			at++;
		size_t end = at;
		while (end < imports.blob.n && imports.blob.v[end] == j->blob_id)
			end++;
		sp_file_seen seen = {j->path, j->blob_id, j->size, j->mtime_ns, j->git_blob};
		if (!j->carried)
			sp_transform_file(&r->reused, r->repo_id, r->snap_id, &seen);
		if (!j->deps_known)
			rc = sp_transform_dependencies(r->tr, &r->reused, r->resolver, j->lang,
						       r->repo_id, r->path_set, j->path, j->blob_id,
						       end > at ? r->imp.v + at : NULL, end - at);
	}
	if (!rc)
		rc = r->reused.err;
	if (!rc)
		rc = sp_sink_write(r->sink, &r->reused);
out:
	sp_array_release(&list);
	sp_array_release(&need);
	sp_array_release(&imports.blob);
	return rc;
}
