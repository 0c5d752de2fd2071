/* cli/pipeline.c: `snakepipe index` wiring: list files, extract new contents, transform to rows,
   load one transaction per batch, and finish the snapshot only when every batch committed. */
#include <errno.h>
#include <pthread.h>
#include <fnmatch.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_p.h"
#include "pool_p.h"
#include "split_p.h"
#include "sp_extract.h"
#include "sp_sink.h"
#include "sp_transform.h"

#include "banned.h"

typedef struct source {
	const sp_file_entry *f;
	const sp_language *lang;
	int64_t size, mtime_ns; /* work tree: from lstat; -1 unknown */
	int64_t known_blob; /* blob id known without reading the content, 0 when not */
	bool carried; /* same path and blob as the previous snapshot */
	bool deps_known; /* its dependencies are stored for this snapshot's path set */
	bool gone; /* work tree: vanished, or cannot be read as a file of the tree */
} source;

typedef struct prev_file {
	int64_t blob_id, size, mtime_ns;
} prev_file;

typedef sp_array(sp_import_row) import_rows;

typedef struct run {
	const sp_options *o;
	sp_summary *sum;
	sp_extractor *ex;
	sp_pool *pool;
	sp_transformer *tr; /* for the dependencies of reused files, on this thread */
	sp_resolver *resolver;
	sp_sink *sink;
	sp_filelist files;
	sp_array(source) sources;
	sp_array(sp_job) jobs; /* the current batch */
	sp_strmap blobs; /* content hash -> blob id, known or written by this run */
	sp_strmap git_blobs; /* git object id -> blob id */
	sp_strmap prev_paths; /* path -> index into prev, for the previous complete snapshot */
	sp_strmap current_ids; /* blob ids (as 8 raw bytes) of this extractor version */
	size_t prev_rows; /* files of the previous snapshot, whatever their version */
	sp_array(prev_file) prev;
	int64_t prev_snap;
	int64_t next_blob_id, repo_id, snap_id;
	int64_t path_set; /* identity of the snapshot's set of source paths (and resolver config) */
	const char *bad_include_dir; /* an --include-dir outside the repository */
	int64_t files_committed; /* files rows of this snapshot known to be committed */
	size_t new_paths; /* sources whose path the previous snapshot did not have */
	sp_strmap deps_known; /* "blob_id/path" whose dependencies exist for path_set */
	sp_batch reused; /* files and dependencies rows of the batch's reused files */
	sp_batch part; /* some files' rows of a batch refused for its data, while splitting it */
	int64_t part_files, part_rows; /* files rows and rows the last part wrote */
	bool batch_split; /* the current batch was split (cli/split.c): counted, never resent */
	sp_strmap load_failed; /* paths whose rows the database refused */
	import_rows imp; /* imports of one reused blob, being collected */
	bool progress;
	double t0, last_progress;
	pthread_t connector;
	bool connecting;
	int connect_rc;
} run;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void sp_summary_init(sp_summary *s)
{
	memset(s, 0, sizeof *s);
	sp_buf_init(&s->fatal);
}

void sp_summary_release(sp_summary *s)
{
	for (size_t i = 0; i < s->errors.n; i++) {
		free(s->errors.v[i].path);
		free(s->errors.v[i].message);
	}
	sp_array_release(&s->errors);
	for (size_t i = 0; i < s->skipped_files.n; i++) {
		free(s->skipped_files.v[i].path);
		free(s->skipped_files.v[i].message);
	}
	sp_array_release(&s->skipped_files);
	for (size_t i = 0; i < s->warnings.n; i++)
		free(s->warnings.v[i]);
	sp_array_release(&s->warnings);
	free(s->location);
	free(s->commit);
	sp_buf_release(&s->fatal);
}

static void file_error(run *r, const char *path, const char *msg)
{
	sp_file_error e = {strdup(path), strdup(msg)};
	r->sum->failed++;
	if (!e.path || !e.message || sp_array_push(&r->sum->errors, e)) {
		free(e.path);
		free(e.message);
	}
}

/* A listed file left out of the snapshot; the unusual reasons name the file. */
static void skip_file(run *r, const char *path, int reason)
{
	if (reason < 0 || reason >= SP_SKIP_REASONS)
		return;
	r->sum->skipped++;
	r->sum->skipped_by[reason]++;
	if (reason < SP_SKIP_NAMED)
		return;
	sp_file_error e = {strdup(path), strdup(sp_skip_reason_names[reason])};
	if (!e.path || !e.message || sp_array_push(&r->sum->skipped_files, e)) {
		free(e.path);
		free(e.message);
	}
}

/* The skip reason of a file that cannot be read for what it is, or -1 when that is a failure. */
static int skip_reason_of(int rc)
{
	return rc == SP_EOUTSIDE  ? SP_SKIP_OUTSIDE
	       : rc == SP_ENOTREG ? SP_SKIP_NOT_REGULAR
	       : rc == SP_ENOENT  ? SP_SKIP_VANISHED
				  : -1;
}

static int fatal(run *r, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fatal(run *r, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sp_buf_reset(&r->sum->fatal);
	sp_buf_vprintf(&r->sum->fatal, fmt, ap);
	va_end(ap);
	return code;
}

static void show_progress(run *r, size_t done, size_t total, bool last)
{
	if (!r->progress)
		return;
	double t = now();
	if (!last && t - r->last_progress < 0.1)
		return;
	r->last_progress = t;
	fprintf(stderr, "\rindexing: %zu/%zu files, %lld rows, %.1f s%s", done, total,
		(long long)r->sum->rows, t - r->t0, last ? "\n" : "");
}

/* The language of a path, by extension or else by a "#!" line of an extension-less file. */
static const sp_language *detect(run *r, const sp_file_entry *e)
{
	const char *path = e->path;
	const sp_language *l = sp_extractor_by_path(r->ex, path);
	if (l)
		return l;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (strchr(base, '.'))
		return NULL;
	/* opened beneath the root like any file read: a symlink may lead out of the repository */
	char head[256];
	size_t n = sp_file_head(&r->files, e, head, sizeof head);
	return sp_extractor_by_shebang(r->ex, head, n);
}

/* --include/--exclude: a path is indexed when it matches some include (or there is none) and
   no exclude. '*' matches across '/' too, so "src/" followed by '*' is everything under src. */
static bool selected(const sp_options *o, const char *path)
{
	bool in = o->include_count == 0;
	for (size_t i = 0; !in && i < o->include_count; i++)
		in = fnmatch(o->include[i], path, 0) == 0;
	for (size_t i = 0; in && i < o->exclude_count; i++)
		in = fnmatch(o->exclude[i], path, 0) != 0;
	return in;
}

/* Why e is left out before anything is read, or -1 when it is a source file (*lang). */
static int leave_out(run *r, const sp_file_entry *e, const sp_language **lang)
{
	*lang = NULL;
	if (!selected(r->o, e->path))
		return SP_SKIP_NOT_SELECTED;
	/* never opened: FIFOs, sockets, devices; a commit's symlinks; a work tree's symlinks out of
	   the tree, whatever their name (a symlink's stat opens nothing) */
	if (e->type == SP_ENTRY_OTHER || (e->type == SP_ENTRY_SYMLINK && r->files.from_rev))
		return SP_SKIP_NOT_REGULAR;
	int64_t size, mtime;
	int why = e->type == SP_ENTRY_SYMLINK ? skip_reason_of(sp_file_stat(&r->files, e, &size, &mtime))
					      : -1;
	if (why >= 0)
		return why;
	const sp_language *l = detect(r, e);
	if (!l)
		return SP_SKIP_NO_LANGUAGE;
	bool wanted = r->o->languages_count == 0;
	for (size_t k = 0; k < r->o->languages_count; k++)
		wanted = wanted || !strcmp(r->o->languages[k], sp_language_name(l));
	if (!wanted)
		return SP_SKIP_NOT_SELECTED;
	*lang = l;
	return -1;
}

static int collect_sources(run *r)
{
	if (r->files.warning.len) {
		char *w = strdup(r->files.warning.data);
		if (!w || sp_array_push(&r->sum->warnings, w)) {
			free(w);
			return SP_ENOMEM;
		}
		/* cppcheck-suppress memleak ; w now belongs to the summary's warnings */
	}
	for (size_t i = 0; i < r->files.files.n; i++) {
		const sp_file_entry *e = &r->files.files.v[i];
		const sp_language *l;
		int why = leave_out(r, e, &l);
		if (why >= 0) {
			skip_file(r, e->path, why);
			continue;
		}
		source src = {e, l, -1, -1, 0, false, false, false};
		/* what cannot be stat'ed is read later for the exact reason; it is in no snapshot */
		if (!r->files.from_rev)
			src.gone = sp_file_stat(&r->files, e, &src.size, &src.mtime_ns) != 0;
		if (sp_array_push(&r->sources, src))
			return SP_ENOMEM;
	}
	r->sum->files_listed = (int64_t)r->files.files.n;
	r->sum->source_files = (int64_t)r->sources.n;
	/* dependencies resolve against the files the snapshot will hold */
	const char **paths = malloc((r->sources.n + 1) * sizeof *paths);
	if (!paths)
		return SP_ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < r->sources.n; i++)
		if (!r->sources.v[i].gone)
			paths[n++] = r->sources.v[i].f->path;
	r->path_set = sp_path_set(paths, n);
	int rc = sp_resolver_new(paths, n, &r->resolver);
	free(paths);
	/* what the dependency rules read besides paths: go.mod, tsconfig.json, include dirs */
	for (size_t i = 0; !rc && i < r->o->include_dir_count; i++) {
		rc = sp_resolver_add_include_dir(r->resolver, r->o->include_dirs[i]);
		if (rc == SP_EUSAGE)
			r->bad_include_dir = r->o->include_dirs[i];
	}
	for (size_t i = 0; !rc && i < r->files.files.n; i++) {
		const sp_file_entry *e = &r->files.files.v[i];
		if (!sp_resolver_is_config(e->path))
			continue;
		char *data = NULL;
		size_t len = 0;
		sp_buf err;
		sp_buf_init(&err);
		/* an unreadable config file only leaves its imports unresolved */
		if (!sp_file_read(&r->files, e, &data, &len, &err))
			rc = sp_resolver_add_config(r->resolver, e->path, data, len);
		free(data);
		sp_buf_release(&err);
	}
	r->path_set ^= (int64_t)sp_resolver_fingerprint(r->resolver);
	return rc;
}

/* Key of the deps_known map. */
static void dep_key(sp_buf *k, int64_t blob_id, const char *path)
{
	sp_buf_reset(k);
	sp_buf_printf(k, "%lld/%s", (long long)blob_id, path);
}

static int on_dep_known(void *ctx, const char *path, int64_t blob_id)
{
	run *r = ctx;
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
	run *r = ctx;
	r->prev_rows++;
	if (!sp_strmap_get(&r->current_ids, (const char *)&blob_id, sizeof blob_id, NULL))
		return 0;
	prev_file p = {blob_id, size, mtime_ns};
	int rc = sp_array_push(&r->prev, p);
	if (!rc)
		rc = sp_strmap_put(&r->prev_paths, path, strlen(path), (int64_t)r->prev.n - 1);
	if (!rc && git_blob)
		rc = sp_strmap_put(&r->git_blobs, git_blob, strlen(git_blob), blob_id);
	return rc;
}

/* The ids of the blobs of this extractor version, as a set. */
static int index_current_ids(run *r)
{
	const sp_strmap *m = &r->blobs;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots && sp_strmap_slot_key(m, i)) {
			int64_t id = sp_strmap_slot_value(m, i);
			int rc = sp_strmap_put(&r->current_ids, (const char *)&id, sizeof id, 1);
			if (rc)
				return rc;
		}
	return 0;
}

/* What can be known of each source without reading it: its blob when git vouches for its object
   id, or when size and mtime match the previous snapshot. Sources whose path and blob equal the
   previous snapshot's are carried over by the database itself; their dependencies are usually
   stored already for this set of paths (then such a file costs nothing at all). */
static int carry_unchanged(run *r)
{
	int rc = index_current_ids(r);
	if (!rc)
		rc = sp_sink_prev_files_load(r->sink, r->repo_id, &r->prev_snap, on_prev_file, r);
	if (rc)
		return fatal(r, SP_EXIT_DB, "%s", sp_sink_errmsg(r->sink));
	sp_array(const char *) carried = {0};
	size_t kept = 0;
	for (size_t i = 0; i < r->sources.n && !rc; i++) {
		source *s = &r->sources.v[i];
		if (s->gone)
			continue;
		int64_t idx = -1;
		bool had = sp_strmap_get(&r->prev_paths, s->f->path, strlen(s->f->path), &idx);
		r->new_paths += !had;
		if (s->f->git_blob[0])
			sp_strmap_get(&r->git_blobs, s->f->git_blob, strlen(s->f->git_blob),
				      &s->known_blob);
		const prev_file *p = had ? &r->prev.v[idx] : NULL;
		if (!s->known_blob && p && s->size >= 0 && p->size == s->size &&
		    p->mtime_ns == s->mtime_ns)
			s->known_blob = p->blob_id;
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
		rc = sp_sink_scalar(r->sink,
				    "SELECT path_set FROM snapshots WHERE repository_id = $1 AND "
				    "snapshot_id = $2",
				    r->repo_id, r->prev_snap, &prev_set);
	all_known = all_known && prev_set == r->path_set;
	if (!rc && !all_known)
		rc = sp_sink_deps_known_load(r->sink, r->repo_id, r->path_set, on_dep_known, r);
	sp_buf key;
	sp_buf_init(&key);
	for (size_t i = 0; i < r->sources.n && !rc; i++) {
		source *s = &r->sources.v[i];
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
		code = fatal(r, SP_EXIT_SYSTEM, "%s", sp_strerror(rc));
	else if (rc)
		code = fatal(r, SP_EXIT_DB, "%s", sp_sink_errmsg(r->sink));
	r->sum->reused += (int64_t)carried.n;
	r->sum->carried = (int64_t)carried.n;
	r->files_committed = (int64_t)carried.n;
	sp_array_release(&carried);
	return code;
}

/* Reads and hashes one file; new content gets the next blob id (in file order, so ids do not
   depend on thread timing), known content is reused. */
static int prepare_job(run *r, const source *s, sp_job *j)
{
	memset(j, 0, sizeof *j);
	j->path = s->f->path;
	j->lang = s->lang;
	j->git_blob = s->f->git_blob[0] ? s->f->git_blob : NULL;
	j->size = s->size;
	j->mtime_ns = s->mtime_ns;
	if (s->known_blob) { /* known without reading: only its files row and dependencies */
		j->state = SP_JOB_REUSED;
		j->blob_id = s->known_blob;
		j->carried = s->carried;
		j->deps_known = s->deps_known;
		return 0;
	}
	sp_buf err;
	sp_buf_init(&err);
	int rc = sp_file_read(&r->files, s->f, &j->data, &j->len, &err);
	if (rc == SP_ENOMEM)
		goto out;
	if (rc) {
		/* a file deleted since it was listed is simply not part of this snapshot, and a path
		   out of the repository or to no regular file is never read: skipped, counted here */
		int why = skip_reason_of(rc);
		j->state = why >= 0 ? SP_JOB_SKIPPED : SP_JOB_FAILED;
		if (why >= 0)
			skip_file(r, j->path, why);
		else
			j->error = strdup(sp_buf_cstr(&err));
		rc = 0;
		goto out;
	}
	r->sum->bytes += (int64_t)j->len;
	j->size = (int64_t)j->len;
	sp_hash128_hex(j->data, j->len, j->hash);
	/* a blob id of 0 is content the database refused earlier in this run: parse it again */
	if (sp_strmap_get(&r->blobs, j->hash, SP_HASH_HEX_LEN, &j->blob_id) && j->blob_id) {
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
		rc = sp_strmap_put(&r->blobs, j->hash, SP_HASH_HEX_LEN, j->blob_id);
	}
out:
	sp_buf_release(&err);
	return rc;
}

/* Collects one stored import; its strings are copied into the reused-files batch's arena,
   because the database cursor reuses its buffers. */
static int on_import(void *ctx, int64_t blob_id, int32_t import_id, const char *module, const char *name,
		     int32_t level, const char *kind)
{
	run *r = ctx;
	(void)blob_id;
	sp_arena *a = &r->reused.arena;
	sp_import_row row = {import_id,
			     sp_arena_strndup(a, module ? module : "", module ? strlen(module) : 0),
			     name ? sp_arena_strndup(a, name, strlen(name)) : NULL, level,
			     sp_arena_strndup(a, kind ? kind : "import", kind ? strlen(kind) : 6)};
	if (!row.module || (name && !row.name) || !row.kind)
		return SP_ENOMEM;
	return sp_array_push(&r->imp, row);
}

static int cmp_job_blob(const void *a, const void *b)
{
	const sp_job *x = *(sp_job *const *)a, *y = *(sp_job *const *)b;
	return (x->blob_id > y->blob_id) - (x->blob_id < y->blob_id);
}

/* Files of this batch whose content the repository already had: files rows plus dependencies
   resolved from the stored imports (read inside the batch's transaction, so blobs written
   earlier in the same batch are visible too). Only the files of blobs ids[0..n) (sorted) when ids
   is not NULL. */
static int write_reused(run *r, const int64_t *ids, size_t n)
{
	sp_array(sp_job *) list = {0};
	int rc = 0;
	sp_batch_clear(&r->reused); /* rows of this batch only, also when it has no reused file */
	for (size_t i = 0; i < r->jobs.n && !rc; i++)
		if (r->jobs.v[i].state == SP_JOB_REUSED &&
		    (!ids || sp_ids_has(ids, n, r->jobs.v[i].blob_id)))
			rc = sp_array_push(&list, &r->jobs.v[i]);
	if (rc || !list.n)
		goto out;
	qsort(list.v, list.n, sizeof *list.v, cmp_job_blob);
	for (size_t i = 0; i < list.n && !rc;) {
		size_t k = i;
		while (k < list.n && list.v[k]->blob_id == list.v[i]->blob_id)
			k++;
		/* every file with this content shares one import list, loaded once if any needs it */
		bool need = false;
		for (size_t x = i; x < k; x++)
			need = need || !list.v[x]->deps_known;
		r->imp.n = 0;
		if (need)
			rc = sp_sink_imports_load(r->sink, r->repo_id, &list.v[i]->blob_id, 1, on_import,
						  r);
		for (; i < k && !rc; i++) {
			const sp_job *j = list.v[i];
			sp_file_seen seen = {j->path, j->blob_id, j->size, j->mtime_ns, j->git_blob};
			if (!j->carried)
				sp_transform_file(&r->reused, r->repo_id, r->snap_id, &seen);
			if (!j->deps_known)
				rc = sp_transform_dependencies(r->tr, &r->reused, r->resolver, j->lang,
							       r->repo_id, r->path_set, j->path,
							       j->blob_id, r->imp.v, r->imp.n);
		}
		i = k;
	}
	if (!rc)
		rc = r->reused.err;
	if (!rc)
		rc = sp_sink_write(r->sink, &r->reused);
out:
	sp_array_release(&list);
	return rc;
}

/* The file a failed row belongs to, for the error message. */
static const char *row_file(const sp_batch *b, int table, int64_t row)
{
	if (!b || table < 0 || row < 0 || (size_t)row >= b->rows[table])
		return NULL;
	const sp_value *v = sp_batch_row(b, (sp_table_id)table, (size_t)row);
	if (table == SP_TBL_FILES || table == SP_TBL_DEPENDENCIES)
		return v[2].s;
	int64_t blob = v[1].i;
	for (size_t i = 0; i < b->rows[SP_TBL_FILES]; i++) {
		const sp_value *f = sp_batch_row(b, SP_TBL_FILES, i);
		if (f[3].i == blob)
			return f[2].s;
	}
	return NULL;
}

/* sp_split_io.write: the rows of the blobs ids[0..n) of every worker's batch, then their reused
   files (recomputed for just those: their imports are read inside this transaction). */
static int write_part(void *ctx, const int64_t *ids, size_t n)
{
	run *r = ctx;
	int rc = 0;
	r->part_files = r->part_rows = 0;
	for (int i = 0; !rc && i < sp_pool_batches(r->pool); i++) {
		sp_batch_clear(&r->part);
		rc = sp_batch_filter(&r->part, sp_pool_batch(r->pool, i), ids, n);
		if (!rc)
			rc = sp_sink_write(r->sink, &r->part);
		r->part_files += (int64_t)r->part.rows[SP_TBL_FILES];
		r->part_rows += (int64_t)sp_batch_total_rows(&r->part);
	}
	if (!rc)
		rc = write_reused(r, ids, n);
	r->part_files += (int64_t)r->reused.rows[SP_TBL_FILES];
	r->part_rows += (int64_t)sp_batch_total_rows(&r->reused);
	return rc;
}

static void part_committed(void *ctx)
{
	run *r = ctx;
	r->files_committed += r->part_files;
	r->sum->rows += r->part_rows;
}

/* sp_split_io.refused: every file of that content fails with the server's reason, and the
   content is forgotten (it was never written), so a later batch parses it again. */
static int refuse_blob(void *ctx, int64_t blob_id, const char *why)
{
	run *r = ctx;
	for (size_t i = 0; i < r->jobs.n; i++) {
		sp_job *j = &r->jobs.v[i];
		if (j->blob_id != blob_id || (j->state != SP_JOB_NEW && j->state != SP_JOB_REUSED))
			continue;
		if (j->state == SP_JOB_NEW && sp_strmap_put(&r->blobs, j->hash, SP_HASH_HEX_LEN, 0))
			return SP_ENOMEM;
		sp_buf msg;
		sp_buf_init(&msg);
		sp_buf_printf(&msg, "the database refused its rows: %s", why);
		free(j->error);
		j->error = msg.err ? NULL : strdup(msg.data);
		sp_buf_release(&msg);
		j->state = SP_JOB_FAILED;
		if (!j->error || sp_strmap_put(&r->load_failed, j->path, strlen(j->path), 1))
			return SP_ENOMEM;
	}
	return 0;
}

/* The batch was refused for its data and rolled back: write it again without the files whose
   rows the database refuses (cli/split.c), which fail on their own. */
static int split_batch(run *r)
{
	r->batch_split = true;
	sp_unit_ids units = {0};
	int rc = 0;
	for (int i = 0; !rc && i < sp_pool_batches(r->pool); i++)
		rc = sp_split_add_units(&units, sp_pool_batch(r->pool, i));
	for (size_t i = 0; !rc && i < r->jobs.n; i++)
		if (r->jobs.v[i].state == SP_JOB_REUSED)
			rc = sp_array_push(&units, r->jobs.v[i].blob_id);
	sp_split_sort_units(&units);
	sp_split_io io = {r, write_part, part_committed, refuse_blob};
	if (!rc)
		rc = sp_split_load(r->sink, units.v, units.n, &io);
	sp_array_release(&units);
	if (rc == SP_ENOMEM)
		return fatal(r, SP_EXIT_SYSTEM, "%s", sp_strerror(rc));
	if (rc)
		return fatal(r, SP_EXIT_DB,
			     "batch rolled back while setting its refused files apart: %s",
			     sp_sink_errmsg(r->sink));
	return 0;
}

/* One transaction: every worker's rows, then the reused files. */
static int load_batch(run *r)
{
	const sp_batch *failed = NULL;
	r->batch_split = false;
	int rc = sp_sink_begin(r->sink);
	for (int i = 0; !rc && i < sp_pool_batches(r->pool); i++) {
		failed = sp_pool_batch(r->pool, i);
		rc = sp_sink_write(r->sink, failed);
	}
	if (!rc) {
		failed = &r->reused;
		rc = write_reused(r, NULL, 0);
	}
	if (!rc)
		rc = sp_sink_commit(r->sink);
	if (rc) {
		bool data = rc != SP_ENOMEM && sp_sink_data_error(r->sink);
		sp_sink_abort(r->sink);
		if (data)
			return split_batch(r);
		int table;
		int64_t row;
		sp_sink_failed_row(r->sink, &table, &row);
		const char *file = row_file(failed, table, row);
		int code = rc == SP_ENOMEM ? SP_EXIT_SYSTEM : SP_EXIT_DB;
		if (table < 0) /* the commit, or no row of ours: nothing more to name */
			return fatal(r, code, "batch rolled back: %s", sp_sink_errmsg(r->sink));
		return fatal(r, code, "batch rolled back: table %s, file %s: %s", sp_tables[table].name,
			     file ? file : "?", sp_sink_errmsg(r->sink));
	}
	for (int i = 0; i < sp_pool_batches(r->pool); i++)
		r->sum->rows += (int64_t)sp_batch_total_rows(sp_pool_batch(r->pool, i));
	r->sum->rows += (int64_t)sp_batch_total_rows(&r->reused);
	return 0;
}

/* After a lost connection: reconnect with backoff, take the repository's lock again (the server
   dropped it with the session) and make sure no other run took the snapshot over meanwhile. */
static int regain(run *r)
{
	char why[512] = "";
	for (int attempt = 0; attempt < r->o->retries; attempt++) {
		double delay = 0.5 * (double)(1 << (attempt < 5 ? attempt : 5));
		if (delay > 8)
			delay = 8;
		if (!r->o->quiet)
			sp_say("database connection lost; reconnecting in %.1f s (%d of %d)", delay,
			       attempt + 1, r->o->retries);
		struct timespec ts = {(time_t)delay, (long)((delay - (double)(time_t)delay) * 1e9)};
		nanosleep(&ts, NULL);
		int64_t running = 0;
		if (sp_sink_reconnect(r->sink) || sp_sink_repo_lock(r->sink, r->repo_id, true) ||
		    sp_sink_scalar(r->sink,
				   "SELECT count(*) FROM snapshots WHERE repository_id = $1 AND "
				   "snapshot_id = $2 AND status = 'running'",
				   r->repo_id, r->snap_id, &running)) {
			snprintf(why, sizeof why, "%s", sp_sink_errmsg(r->sink));
			continue;
		}
		if (!running)
			return fatal(r, SP_EXIT_DB,
				     "snapshot %lld was marked failed by another run while the "
				     "connection was down",
				     (long long)r->snap_id);
		/* the message of what failed stays: the caller clears it once its retry succeeds */
		return 0;
	}
	return fatal(r, SP_EXIT_DB, "database connection lost and %d reconnect attempts failed%s%s",
		     r->o->retries, *why ? ": " : "", why);
}

/* Files rows the batch adds (for telling whether a batch whose COMMIT lost its answer landed). */
static int64_t batch_files(run *r)
{
	int64_t n = (int64_t)r->reused.rows[SP_TBL_FILES];
	for (int i = 0; i < sp_pool_batches(r->pool); i++)
		n += (int64_t)sp_pool_batch(r->pool, i)->rows[SP_TBL_FILES];
	return n;
}

/* load_batch, again after a reconnect when the connection was lost (the batch is still in memory:
   it is cleared only once committed). */
static int load_batch_retrying(run *r)
{
	for (int attempt = 0;; attempt++) {
		int code = load_batch(r);
		if (!code) {
			if (!r->batch_split) /* a split batch counted each part as it committed */
				r->files_committed += batch_files(r);
			if (attempt) /* recovered: the lost connection's message is history */
				sp_buf_reset(&r->sum->fatal);
			return 0;
		}
		/* parts of a split batch may have committed: resending it whole would repeat them */
		if (r->batch_split || !sp_sink_lost(r->sink) || attempt >= r->o->retries)
			return code;
		int g = regain(r);
		if (g)
			return g;
		int64_t have = 0;
		if (sp_sink_scalar(r->sink,
				   "SELECT count(*) FROM files WHERE repository_id = $1 AND "
				   "snapshot_id = $2",
				   r->repo_id, r->snap_id, &have))
			return fatal(r, SP_EXIT_DB, "%s", sp_sink_errmsg(r->sink));
		if (have == r->files_committed + batch_files(r)) { /* the lost COMMIT had landed */
			r->files_committed = have;
			sp_buf_reset(&r->sum->fatal);
			return 0;
		}
	}
}

/* Counts the batch's outcome into the summary and frees its jobs. */
static void account(run *r)
{
	for (size_t i = 0; i < r->jobs.n; i++) {
		sp_job *j = &r->jobs.v[i];
		switch (j->state) {
		case SP_JOB_NEW:
			r->sum->parsed++;
			r->sum->syntax_errors += j->syntax_error;
			r->sum->functions += j->functions;
			r->sum->classes += j->classes;
			r->sum->imports += j->imports;
			break;
		case SP_JOB_REUSED: r->sum->reused += !j->carried; break;
		case SP_JOB_SKIPPED: break; /* counted by prepare_job, with its reason */
		case SP_JOB_FAILED: file_error(r, j->path, j->error ? j->error : "failed"); break;
		}
		free(j->data);
		free(j->error);
	}
	r->jobs.n = 0;
}

/* A reused job whose blob was assigned to a job of this batch that then failed to parse has no
   blob to point at: it fails too (same content, same failure). */
static void fail_orphans(run *r)
{
	for (size_t i = 0; i < r->jobs.n; i++) {
		sp_job *j = &r->jobs.v[i];
		if (j->state != SP_JOB_REUSED)
			continue;
		for (size_t k = 0; k < i; k++) {
			sp_job *o = &r->jobs.v[k];
			if (o->state == SP_JOB_FAILED && o->blob_id == j->blob_id && o->hash[0]) {
				j->state = SP_JOB_FAILED;
				j->error = strdup("same content as a file that failed to parse");
				break;
			}
		}
	}
}

/* The batch ends at --batch-size files or when its pending contents reach this many bytes. */
#define BATCH_BYTES (64u << 20)

static int index_all(run *r)
{
	size_t n = r->sources.n;
	size_t per = r->o->batch_size > 0 ? (size_t)r->o->batch_size : 256;
	sp_pool_ctx ctx = {r->repo_id, r->snap_id, r->path_set, r->resolver,
			   r->o->max_file_size > 0 ? (size_t)r->o->max_file_size
						   : SP_DEFAULT_MAX_FILE_SIZE};
	for (size_t i = 0; i < n;) {
		size_t bytes = 0;
		r->jobs.n = 0;
		if (sp_array_reserve(&r->jobs, per))
			return fatal(r, SP_EXIT_SYSTEM, "%s", sp_strerror(SP_ENOMEM));
		while (i < n && r->jobs.n < per && bytes < BATCH_BYTES) {
			if (r->sources.v[i].carried && r->sources.v[i].deps_known) {
				i++; /* nothing to write at all */
				continue;
			}
			sp_job *j = &r->jobs.v[r->jobs.n++];
			if (prepare_job(r, &r->sources.v[i++], j))
				return fatal(r, SP_EXIT_SYSTEM, "%s: %s", j->path,
					     sp_strerror(SP_ENOMEM));
			if (j->state == SP_JOB_NEW)
				bytes += j->len;
		}
		for (size_t k = 0; k < r->jobs.n; k++)
			if (r->jobs.v[k].state == SP_JOB_NEW &&
			    sp_extractor_prepare(r->ex, r->jobs.v[k].lang)) {
				account(r);
				return fatal(r, SP_EXIT_SYSTEM, "%s", sp_extractor_errmsg(r->ex));
			}
		if (!r->jobs.n)
			break; /* everything left was carried over whole */
		int rc = sp_pool_run(r->pool, r->jobs.v, r->jobs.n, &ctx);
		if (rc) {
			account(r);
			return fatal(r, SP_EXIT_SYSTEM, "extracting: %s", sp_strerror(rc));
		}
		fail_orphans(r);
		int code = load_batch_retrying(r);
		sp_pool_clear(r->pool);
		account(r);
		if (code)
			return code;
		show_progress(r, i, n, false);
	}
	show_progress(r, n, n, true);
	return 0;
}

/* Every file the run could not index goes to file_errors, in one transaction: those whose rows
   the database refused (stage "load") and those that could not be read or parsed ("extract"). */
static int record_file_errors(run *r)
{
	if (!r->sum->errors.n)
		return 0;
	int rc = sp_sink_begin(r->sink);
	for (size_t i = 0; !rc && i < r->sum->errors.n; i++) {
		const sp_file_error *e = &r->sum->errors.v[i];
		bool load = sp_strmap_get(&r->load_failed, e->path, strlen(e->path), NULL);
		rc = sp_sink_file_error(r->sink, r->repo_id, r->snap_id, e->path,
					load ? "load" : "extract", e->message);
	}
	if (!rc)
		rc = sp_sink_commit(r->sink);
	if (rc)
		sp_sink_abort(r->sink);
	return rc;
}

/* One attempt at closing the snapshot; false when the connection was lost on the way (nothing
   of it committed: each step is its own transaction and the status is written last). */
static bool finish_once(run *r, bool complete)
{
	sp_snapshot_counts c = {r->sum->files_listed, r->sum->parsed,  r->sum->reused,
				r->sum->skipped,      r->sum->failed,  r->sum->functions,
				r->sum->classes,      r->sum->imports, r->sum->rows};
	/* every files row the run saw committed must be there, or the snapshot is not what it claims */
	int64_t have = -1;
	if (complete && sp_sink_scalar(r->sink,
				       "SELECT count(*) FROM files WHERE repository_id = $1 AND "
				       "snapshot_id = $2",
				       r->repo_id, r->snap_id, &have)) {
		if (sp_sink_lost(r->sink))
			return false;
		fatal(r, SP_EXIT_DB, "counting the snapshot's files: %s", sp_sink_errmsg(r->sink));
		complete = false;
	} else if (complete && have != r->files_committed) {
		fatal(r, SP_EXIT_DB,
		      "snapshot %lld holds %lld files but the run committed %lld: rows were "
		      "lost (a server crash with synchronous_commit off?); run again",
		      (long long)r->snap_id, (long long)have, (long long)r->files_committed);
		complete = false;
	}
	/* the paths table learns the snapshot's new paths (none when every path was there before) */
	int64_t ignored;
	if (complete && r->new_paths &&
	    sp_sink_scalar(r->sink,
			   "INSERT INTO paths (repository_id, path) SELECT DISTINCT repository_id, "
			   "path FROM files WHERE repository_id = $1 AND snapshot_id = $2 "
			   "ON CONFLICT DO NOTHING",
			   r->repo_id, r->snap_id, &ignored)) {
		if (sp_sink_lost(r->sink))
			return false;
		fatal(r, SP_EXIT_DB, "recording paths: %s", sp_sink_errmsg(r->sink));
		complete = false;
	}
	if (record_file_errors(r)) {
		if (sp_sink_lost(r->sink))
			return false;
		if (complete)
			fatal(r, SP_EXIT_DB, "recording failed files: %s", sp_sink_errmsg(r->sink));
		complete = false;
	}
	char *err = complete ? NULL : strdup(sp_buf_cstr(&r->sum->fatal));
	int rc = sp_sink_snapshot_finish(r->sink, r->repo_id, r->snap_id, complete, &c,
					 complete ? NULL
					 : err    ? err
						  : "out of memory");
	free(err);
	if (rc && sp_sink_lost(r->sink))
		return false;
	if (rc == 0)
		r->sum->complete = complete;
	else if (complete)
		fatal(r, SP_EXIT_DB, "finishing snapshot: %s", sp_sink_errmsg(r->sink));
	return true;
}

/* Closes the snapshot, complete or failed; after a lost connection it reconnects and closes it
   again, keeping the message of what went wrong before. */
static void finish(run *r, bool complete)
{
	if (!r->snap_id)
		return;
	char *before = r->sum->fatal.len ? strdup(sp_buf_cstr(&r->sum->fatal)) : NULL;
	for (int attempt = 0;; attempt++) {
		if (finish_once(r, complete))
			break;
		if (attempt >= r->o->retries) {
			fatal(r, SP_EXIT_DB, "finishing snapshot: %s", sp_sink_errmsg(r->sink));
			break;
		}
		if (regain(r)) {
			if (before) { /* the first failure first, then why the snapshot stays open */
				char *why = strdup(sp_buf_cstr(&r->sum->fatal));
				sp_buf_reset(&r->sum->fatal);
				sp_buf_printf(&r->sum->fatal, "%s; then %s", before, why ? why : "");
				free(why);
			}
			break;
		}
		/* the lost attempt's message is moot once reconnected: back to the run's own */
		sp_buf_reset(&r->sum->fatal);
		if (before)
			sp_buf_puts(&r->sum->fatal, before);
	}
	free(before);
}

/* Opens the sink and applies migrations; touches nothing else of the run. */
static void connect_db(run *r)
{
	r->connect_rc = sp_sink_open(r->o->db, &r->sink);
	if (!r->connect_rc)
		r->connect_rc = sp_sink_migrate(r->sink);
}

static void *connect_thread(void *arg)
{
	connect_db(arg);
	return NULL;
}

/* The repository argument names an existing directory within the system's path limit. */
static int check_repository(run *r, const char *repo)
{
	struct stat st;
	size_t len = strlen(repo);
	if (len >= PATH_MAX)
		return fatal(r, SP_EXIT_USAGE,
			     "the repository path is %zu bytes long, over the system's limit of %d", len,
			     PATH_MAX);
	if (stat(repo, &st))
		return fatal(r,
			     errno == ENOENT || errno == ENOTDIR || errno == ENAMETOOLONG
				     ? SP_EXIT_USAGE
				     : SP_EXIT_SYSTEM,
			     "%s: %s", repo, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return fatal(r, SP_EXIT_USAGE, "%s: not a directory", repo);
	return SP_EXIT_OK;
}

int sp_cmd_index(const sp_options *o, sp_summary *sum)
{
	run r;
	memset(&r, 0, sizeof r);
	r.o = o;
	r.sum = sum;
	r.t0 = now();
	r.progress = !o->quiet && isatty(2);
	sp_filelist_init(&r.files);
	sp_strmap_init(&r.blobs);
	sp_strmap_init(&r.git_blobs);
	sp_strmap_init(&r.prev_paths);
	sp_strmap_init(&r.deps_known);
	sp_strmap_init(&r.current_ids);
	sp_batch_init(&r.reused);
	sp_batch_init(&r.part);
	sp_strmap_init(&r.load_failed);
	int code = SP_EXIT_OK, rc;

	if ((rc = sp_extractor_new(&r.ex, SP_EXTRACTOR_LAZY))) {
		code = fatal(&r, SP_EXIT_SYSTEM, "%s", sp_extractor_errmsg(r.ex));
		goto out;
	}
	for (size_t i = 0; i < o->languages_count; i++)
		if (!sp_extractor_by_name(r.ex, o->languages[i])) {
			code = fatal(&r, SP_EXIT_USAGE,
				     "--language %s: no such language (c, cpp, go, java, javascript, "
				     "python, ruby, rust, tsx, typescript)",
				     o->languages[i]);
			goto out;
		}
	if ((rc = sp_pool_new(r.ex, o->jobs, &r.pool)) || (rc = sp_transformer_new(&r.tr))) {
		code = fatal(&r, SP_EXIT_SYSTEM, "%s", sp_strerror(rc));
		goto out;
	}
	sum->location = strdup(o->repo); /* until the canonical path is known */
	/* a usage error touches no database: the repository must exist before the connection
	   (which creates and migrates a SQLite file) is opened */
	if ((code = check_repository(&r, o->repo)))
		goto out;
	/* the database connection (libpq's start-up, the server's new backend, migrations check)
	   is made while the files are listed: the two waits overlap. Not for --rev, whose listing
	   may still find the commit missing (a usage error). */
	r.connecting = !o->rev && pthread_create(&r.connector, NULL, connect_thread, &r) == 0;
	if ((rc = sp_filelist_collect(&r.files, o->repo, o->rev))) {
		code = fatal(&r, rc == SP_EUSAGE ? SP_EXIT_USAGE : SP_EXIT_SYSTEM, "%s",
			     sp_buf_cstr(&r.files.err));
		goto out;
	}
	free(sum->location);
	sum->location = strdup(r.files.root);
	sum->commit = r.files.commit ? strdup(r.files.commit) : NULL;
	sum->phase[SP_PHASE_LIST] = now() - r.t0;
	if ((rc = collect_sources(&r))) {
		if (rc == SP_EUSAGE)
			code = fatal(&r, SP_EXIT_USAGE, "--include-dir %s: leads outside the repository",
				     r.bad_include_dir);
		else
			code = fatal(&r, SP_EXIT_SYSTEM, "%s", sp_strerror(rc));
		goto out;
	}
	sum->phase[SP_PHASE_DETECT] = now() - r.t0;
	if (r.connecting) {
		pthread_join(r.connector, NULL);
		r.connecting = false;
	} else {
		connect_db(&r);
	}
	if ((rc = r.connect_rc)) {
		code = fatal(&r, rc == SP_ENOMEM ? SP_EXIT_SYSTEM : SP_EXIT_DB, "%s",
			     sp_sink_errmsg(r.sink));
		goto out;
	}
	/* the repository's own path is stored like the paths of its files (sp_path_escape) */
	sp_buf loc;
	sp_buf_init(&loc);
	sp_path_escape(&loc, r.files.root, strlen(r.files.root));
	const char *where = sp_buf_cstr(&loc);
	const char *base = strrchr(where, '/');
	rc = loc.err ? SP_ENOMEM
		     : sp_sink_repo_ensure(r.sink, where, base && base[1] ? base + 1 : where,
					   &r.repo_id);
	sp_buf_release(&loc);
	if (rc) {
		code = rc == SP_ENOMEM ? fatal(&r, SP_EXIT_SYSTEM, "%s", sp_strerror(rc))
				       : fatal(&r, SP_EXIT_DB, "%s", sp_sink_errmsg(r.sink));
		goto out;
	}
	if ((rc = sp_sink_repo_lock(r.sink, r.repo_id, false)) == SP_ELOCK) {
		if (o->no_wait) {
			code = fatal(&r, SP_EXIT_LOCKED,
				     "%s is being indexed by another run (--no-wait)", r.files.root);
			goto out;
		}
		if (!o->quiet)
			sp_say("waiting for another run on %s to finish...", r.files.root);
		rc = sp_sink_repo_lock(r.sink, r.repo_id, true);
	}
	if (rc || (rc = sp_sink_repo_recover(r.sink, r.repo_id)) ||
	    (rc = sp_sink_blobs_load(r.sink, r.repo_id, SP_EXTRACTOR_VERSION, &r.blobs,
				     &r.next_blob_id)) ||
	    (rc = sp_sink_snapshot_start(r.sink, r.repo_id, r.files.commit, r.path_set, &r.snap_id))) {
		code = fatal(&r, SP_EXIT_DB, "%s", sp_sink_errmsg(r.sink));
		goto out;
	}
	sum->repository_id = r.repo_id;
	sum->snapshot_id = r.snap_id;
	sum->phase[SP_PHASE_OPEN] = now() - r.t0;
	code = carry_unchanged(&r);
	sum->phase[SP_PHASE_CARRY] = now() - r.t0;
	if (!code)
		code = index_all(&r);
	sum->phase[SP_PHASE_INDEX] = now() - r.t0;
	finish(&r, code == SP_EXIT_OK);
	if (code == SP_EXIT_OK && !sum->complete)
		code = SP_EXIT_DB;
	if (code == SP_EXIT_OK && sum->failed)
		code = SP_EXIT_FILE_ERRORS;
out:
	if (r.connecting)
		pthread_join(r.connector, NULL);
	sum->seconds = now() - r.t0;
	sp_sink_close(r.sink);
	sp_resolver_free(r.resolver);
	sp_array_release(&r.sources);
	for (size_t i = 0; i < r.jobs.n; i++) {
		free(r.jobs.v[i].data);
		free(r.jobs.v[i].error);
	}
	sp_array_release(&r.jobs);
	sp_array_release(&r.imp);
	sp_batch_release(&r.reused);
	sp_batch_release(&r.part);
	sp_strmap_release(&r.load_failed);
	sp_strmap_release(&r.blobs);
	sp_strmap_release(&r.git_blobs);
	sp_strmap_release(&r.prev_paths);
	sp_strmap_release(&r.deps_known);
	sp_strmap_release(&r.current_ids);
	sp_array_release(&r.prev);
	sp_filelist_release(&r.files);
	sp_transformer_free(r.tr);
	sp_pool_free(r.pool);
	sp_extractor_free(r.ex);
	return code;
}
