/* cli/pipeline.c: `snakepipe index` wiring: list files, extract new contents, transform to rows,
   load one transaction per batch, and finish the snapshot only when every batch committed. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_p.h"
#include "sp_extract.h"
#include "sp_sink.h"
#include "sp_transform.h"

#include "banned.h"

typedef struct source {
	const char *path;
	const sp_language *lang;
} source;

typedef struct reused {
	const char *path;
	int64_t blob_id;
} reused;

typedef sp_array(sp_import_row) import_rows;

typedef struct run {
	const sp_options *o;
	sp_summary *sum;
	sp_extractor *ex;
	sp_parser *parser;
	sp_transformer *tr;
	sp_resolver *resolver;
	sp_sink *sink;
	sp_filelist files;
	sp_array(source) sources;
	sp_strmap blobs; /* content hash -> blob id, known or written by this run */
	int64_t next_blob_id, repo_id, snap_id;
	sp_facts facts;
	sp_batch batch, batch2;
	sp_array(reused) reused;
	sp_array(int64_t) reused_ids;
	import_rows imp; /* imports of one reused blob, being collected */
	const char *imp_path;
	int64_t imp_blob;
	bool progress;
	double t0, last_progress;
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
static const sp_language *detect(run *r, const char *path)
{
	const sp_language *l = sp_extractor_by_path(r->ex, path);
	if (l)
		return l;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (strchr(base, '.'))
		return NULL;
	sp_buf full;
	sp_buf_init(&full);
	sp_buf_printf(&full, "%s/%s", r->files.root, path);
	char head[256];
	size_t n = 0;
	struct stat st;
	/* only regular files: a symlink may lead out of the repository */
	bool regular = !full.err && !lstat(full.data, &st) && S_ISREG(st.st_mode);
	FILE *f = regular ? fopen(full.data, "rb") : NULL;
	if (f) {
		n = fread(head, 1, sizeof head, f);
		fclose(f);
	}
	sp_buf_release(&full);
	return sp_extractor_by_shebang(r->ex, head, n);
}

static int collect_sources(run *r)
{
	for (size_t i = 0; i < r->files.paths.n; i++) {
		const char *p = r->files.paths.v[i];
		const sp_language *l = detect(r, p);
		if (!l) {
			r->sum->skipped++;
			continue;
		}
		if (sp_array_push(&r->sources, ((source){p, l})))
			return SP_ENOMEM;
	}
	r->sum->files_listed = (int64_t)r->files.paths.n;
	r->sum->source_files = (int64_t)r->sources.n;
	const char **paths = malloc((r->sources.n + 1) * sizeof *paths);
	if (!paths)
		return SP_ENOMEM;
	for (size_t i = 0; i < r->sources.n; i++)
		paths[i] = r->sources.v[i].path;
	int rc = sp_resolver_new(paths, r->sources.n, &r->resolver);
	free(paths);
	return rc;
}

/* Reads, hashes and (when its content is new) extracts one file into the batch. */
static int index_file(run *r, const source *s)
{
	char *data = NULL;
	size_t len = 0;
	sp_buf err;
	sp_buf_init(&err);
	int rc = sp_file_read(&r->files, s->path, &data, &len, &err);
	if (rc == SP_ENOMEM)
		goto out;
	if (rc) {
		/* a tracked file deleted from the work tree is simply not part of this snapshot, and
		   a symlink out of the repository is never followed */
		if (rc == SP_EOUTSIDE || (r->files.is_git && rc == SP_ENOENT))
			r->sum->skipped++;
		else
			file_error(r, s->path, sp_buf_cstr(&err));
		rc = 0;
		goto out;
	}
	r->sum->bytes += (int64_t)len;
	char hash[SP_HASH_HEX_LEN + 1];
	sp_hash128_hex(data, len, hash);
	int64_t blob_id;
	if (sp_strmap_get(&r->blobs, hash, SP_HASH_HEX_LEN, &blob_id)) {
		r->sum->reused++;
		rc = sp_array_push(&r->reused, ((reused){s->path, blob_id}));
		if (!rc)
			rc = sp_array_push(&r->reused_ids, blob_id);
		goto out;
	}
	rc = sp_parser_run(r->parser, s->lang, data, len, &r->facts);
	if (rc == SP_ENOMEM)
		goto out;
	if (rc) {
		file_error(r, s->path, sp_parser_errmsg(r->parser));
		rc = 0;
		goto out;
	}
	blob_id = ++r->next_blob_id;
	if ((rc = sp_strmap_put(&r->blobs, hash, SP_HASH_HEX_LEN, blob_id)))
		goto out;
	sp_blob_key key = {r->repo_id, blob_id, hash, sp_language_name(s->lang), (int64_t)len};
	sp_import_row *imports;
	size_t nimports;
	size_t functions = r->batch.rows[SP_TBL_FUNCTIONS], classes = r->batch.rows[SP_TBL_CLASSES];
	rc = sp_transform_blob(r->tr, &r->batch, &key, s->lang, &r->facts, &imports, &nimports);
	if (rc)
		goto out;
	r->sum->parsed++;
	r->sum->syntax_errors += r->facts.parse_error;
	r->sum->functions += (int64_t)(r->batch.rows[SP_TBL_FUNCTIONS] - functions);
	r->sum->classes += (int64_t)(r->batch.rows[SP_TBL_CLASSES] - classes);
	r->sum->imports += (int64_t)nimports;
	sp_batch_int(&r->batch, SP_TBL_FILES, r->repo_id);
	sp_batch_int(&r->batch, SP_TBL_FILES, r->snap_id);
	sp_batch_cstr(&r->batch, SP_TBL_FILES, s->path);
	sp_batch_int(&r->batch, SP_TBL_FILES, blob_id);
	sp_batch_end_row(&r->batch, SP_TBL_FILES);
	rc = sp_transform_dependencies(r->tr, &r->batch, r->resolver, r->repo_id, r->snap_id, s->path,
	                               blob_id, imports, nimports);
out:
	free(data);
	sp_buf_release(&err);
	return rc;
}

/* Flushes the imports collected for one reused blob into its dependencies rows. */
static int flush_reused_imports(run *r)
{
	if (!r->imp_path)
		return 0;
	return sp_transform_dependencies(r->tr, &r->batch2, r->resolver, r->repo_id, r->snap_id,
	                                 r->imp_path, r->imp_blob, r->imp.v, r->imp.n);
}

/* Collects one stored import; its strings are copied into the reused-files batch's arena,
   because the database cursor reuses its buffers. */
static int on_import(void *ctx, int64_t blob_id, int32_t import_id, const char *module,
                     const char *name, int32_t level)
{
	run *r = ctx;
	(void)blob_id;
	sp_arena *a = &r->batch2.arena;
	sp_import_row row = {import_id, sp_arena_strndup(a, module ? module : "", module ? strlen(module) : 0),
	                     name ? sp_arena_strndup(a, name, strlen(name)) : NULL, level};
	if (!row.module || (name && !row.name))
		return SP_ENOMEM;
	return sp_array_push(&r->imp, row);
}

static int cmp_reused(const void *a, const void *b)
{
	const reused *x = a, *y = b;
	return (x->blob_id > y->blob_id) - (x->blob_id < y->blob_id);
}

/* Files of this batch whose content the repository already had: files rows plus dependencies
   resolved from the stored imports (read inside the batch's transaction, so blobs written
   earlier in the same batch are visible too). */
static int write_reused(run *r)
{
	if (!r->reused.n)
		return 0;
	qsort(r->reused.v, r->reused.n, sizeof *r->reused.v, cmp_reused);
	sp_batch_clear(&r->batch2);
	int rc = 0;
	for (size_t i = 0; i < r->reused.n && !rc;) {
		size_t j = i;
		while (j < r->reused.n && r->reused.v[j].blob_id == r->reused.v[i].blob_id)
			j++;
		/* every file with this content shares one import list */
		r->imp.n = 0;
		rc = sp_sink_imports_load(r->sink, r->repo_id, &r->reused.v[i].blob_id, 1, on_import, r);
		for (size_t k = i; k < j && !rc; k++) {
			const reused *u = &r->reused.v[k];
			sp_batch_int(&r->batch2, SP_TBL_FILES, r->repo_id);
			sp_batch_int(&r->batch2, SP_TBL_FILES, r->snap_id);
			sp_batch_cstr(&r->batch2, SP_TBL_FILES, u->path);
			sp_batch_int(&r->batch2, SP_TBL_FILES, u->blob_id);
			sp_batch_end_row(&r->batch2, SP_TBL_FILES);
			r->imp_path = u->path;
			r->imp_blob = u->blob_id;
			rc = flush_reused_imports(r);
		}
		i = j;
	}
	if (!rc)
		rc = r->batch2.err;
	if (!rc)
		rc = sp_sink_write(r->sink, &r->batch2);
	return rc;
}

/* The file a failed row belongs to, for the error message. */
static const char *row_file(run *r, const sp_batch *b, int table, int64_t row)
{
	if (table < 0 || row < 0 || (size_t)row >= b->rows[table])
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
	(void)r;
	return NULL;
}

static int commit_batch(run *r)
{
	if (r->batch.err)
		return fatal(r, SP_EXIT_SYSTEM, "building rows: %s", sp_strerror(r->batch.err));
	int rc = sp_sink_begin(r->sink);
	const sp_batch *failed = &r->batch;
	if (!rc)
		rc = sp_sink_write(r->sink, &r->batch);
	if (!rc) {
		failed = &r->batch2;
		rc = write_reused(r);
	}
	if (!rc)
		rc = sp_sink_commit(r->sink);
	if (rc) {
		sp_sink_abort(r->sink);
		int table;
		int64_t row;
		sp_sink_failed_row(r->sink, &table, &row);
		const char *file = row_file(r, failed, table, row);
		return fatal(r, rc == SP_ENOMEM ? SP_EXIT_SYSTEM : SP_EXIT_DB,
		             "batch rolled back: table %s, file %s: %s",
		             table >= 0 ? sp_tables[table].name : "?", file ? file : "?",
		             sp_sink_errmsg(r->sink));
	}
	r->sum->rows += (int64_t)(sp_batch_total_rows(&r->batch) + sp_batch_total_rows(&r->batch2));
	sp_batch_clear(&r->batch);
	sp_batch_clear(&r->batch2);
	r->reused.n = r->reused_ids.n = 0;
	return 0;
}

static int index_all(run *r)
{
	size_t n = r->sources.n;
	size_t per = r->o->batch_size > 0 ? (size_t)r->o->batch_size : 256;
	for (size_t i = 0; i < n; i++) {
		int rc = index_file(r, &r->sources.v[i]);
		if (rc)
			return fatal(r, SP_EXIT_SYSTEM, "%s: %s", r->sources.v[i].path, sp_strerror(rc));
		if ((i + 1) % per == 0 || i + 1 == n) {
			int code = commit_batch(r);
			if (code)
				return code;
		}
		show_progress(r, i + 1, n, false);
	}
	show_progress(r, n, n, true);
	return 0;
}

static void finish(run *r, bool complete)
{
	if (!r->snap_id)
		return;
	sp_snapshot_counts c = {r->sum->files_listed, r->sum->parsed, r->sum->reused, r->sum->skipped,
	                        r->sum->failed, r->sum->functions, r->sum->classes, r->sum->imports,
	                        r->sum->rows};
	const char *err = complete ? NULL : sp_buf_cstr(&r->sum->fatal);
	if (sp_sink_snapshot_finish(r->sink, r->repo_id, r->snap_id, complete, &c, err) == 0)
		r->sum->complete = complete;
	else if (complete)
		fatal(r, SP_EXIT_DB, "finishing snapshot: %s", sp_sink_errmsg(r->sink));
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
	sp_facts_init(&r.facts);
	sp_batch_init(&r.batch);
	sp_batch_init(&r.batch2);
	int code = SP_EXIT_OK, rc;

	if ((rc = sp_extractor_new(&r.ex))) {
		code = fatal(&r, SP_EXIT_SYSTEM, "%s", sp_extractor_errmsg(r.ex));
		goto out;
	}
	if ((rc = sp_parser_new(r.ex, &r.parser)) || (rc = sp_transformer_new(&r.tr))) {
		code = fatal(&r, SP_EXIT_SYSTEM, "%s", sp_strerror(rc));
		goto out;
	}
	if ((rc = sp_filelist_collect(&r.files, o->repo))) {
		code = fatal(&r, rc == SP_EUSAGE ? SP_EXIT_USAGE : SP_EXIT_SYSTEM, "%s",
		             sp_buf_cstr(&r.files.err));
		goto out;
	}
	sum->location = strdup(r.files.root);
	sum->commit = r.files.commit ? strdup(r.files.commit) : NULL;
	if ((rc = collect_sources(&r))) {
		code = fatal(&r, SP_EXIT_SYSTEM, "%s", sp_strerror(rc));
		goto out;
	}
	if ((rc = sp_sink_open(o->db, &r.sink)) || (rc = sp_sink_migrate(r.sink))) {
		code = fatal(&r, rc == SP_ENOMEM ? SP_EXIT_SYSTEM : SP_EXIT_DB, "%s", sp_sink_errmsg(r.sink));
		goto out;
	}
	char *base = strrchr(r.files.root, '/');
	const char *name = base && base[1] ? base + 1 : r.files.root;
	if ((rc = sp_sink_repo_acquire(r.sink, r.files.root, name, &r.repo_id)) ||
	    (rc = sp_sink_blobs_load(r.sink, r.repo_id, SP_EXTRACTOR_VERSION, &r.blobs, &r.next_blob_id)) ||
	    (rc = sp_sink_snapshot_start(r.sink, r.repo_id, r.files.commit, &r.snap_id))) {
		code = fatal(&r, SP_EXIT_DB, "%s", sp_sink_errmsg(r.sink));
		goto out;
	}
	sum->repository_id = r.repo_id;
	sum->snapshot_id = r.snap_id;
	code = index_all(&r);
	finish(&r, code == SP_EXIT_OK);
	if (code == SP_EXIT_OK && !sum->complete)
		code = SP_EXIT_DB;
	if (code == SP_EXIT_OK && sum->failed)
		code = SP_EXIT_FILE_ERRORS;
out:
	sum->seconds = now() - r.t0;
	sp_sink_close(r.sink);
	sp_resolver_free(r.resolver);
	sp_array_release(&r.sources);
	sp_array_release(&r.reused);
	sp_array_release(&r.reused_ids);
	sp_array_release(&r.imp);
	sp_batch_release(&r.batch);
	sp_batch_release(&r.batch2);
	sp_facts_release(&r.facts);
	sp_strmap_release(&r.blobs);
	sp_filelist_release(&r.files);
	sp_transformer_free(r.tr);
	sp_parser_free(r.parser);
	sp_extractor_free(r.ex);
	return code;
}
