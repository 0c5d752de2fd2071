/* cli/index_batch.c: `snakepipe index`: the batches. Jobs read and extracted by the pool while the
   batch before loads in one transaction, resent after a reconnect, split (cli/split.c) when refused
   for their data. */
#define _GNU_SOURCE /* pthread_setname_np */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "split_p.h"
#include "index_p.h"

#include "banned.h"

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
	sp_run *r = ctx;
	int rc = 0;
	r->part_files = r->part_rows = 0;
	for (int i = 0; !rc && i < sp_pool_batches(r->pool); i++) {
		sp_batch_clear(&r->part);
		rc = sp_batch_filter(&r->part, sp_pool_batch(r->pool, r->load_set, i), ids, n);
		if (!rc)
			rc = sp_sink_write(r->sink, &r->part);
		r->part_files += (int64_t)r->part.rows[SP_TBL_FILES];
		r->part_rows += (int64_t)sp_batch_total_rows(&r->part);
	}
	if (!rc)
		rc = sp_run_write_reused(r, ids, n);
	r->part_files += (int64_t)r->reused.rows[SP_TBL_FILES];
	r->part_rows += (int64_t)sp_batch_total_rows(&r->reused);
	return rc;
}

static void part_committed(void *ctx)
{
	sp_run *r = ctx;
	r->files_committed += r->part_files;
	r->sum->rows += r->part_rows;
}

/* A content the database refused, for the batch after (fail_refused). */
static int remember_refused(sp_run *r, int64_t blob_id, const char *why)
{
	sp_buf msg;
	sp_buf_init(&msg);
	sp_buf_printf(&msg, "the database refused its rows: %s", why);
	sp_run_refused e = {blob_id, msg.err ? NULL : strdup(msg.data)};
	sp_buf_release(&msg);
	if (!e.why || sp_array_push(&r->refused, e)) {
		free(e.why);
		return SP_ENOMEM;
	}
	return 0;
}

/* sp_split_io.refused: every file of that content fails with the server's reason, and the
   content is forgotten (it was never written), so a later batch parses it again. */
static int refuse_blob(void *ctx, int64_t blob_id, const char *why)
{
	sp_run *r = ctx;
	for (size_t i = 0; i < r->jobs.n; i++) {
		sp_job *j = &r->jobs.v[i];
		if (j->blob_id != blob_id || (j->state != SP_JOB_NEW && j->state != SP_JOB_REUSED))
			continue;
		if (j->state == SP_JOB_NEW) {
			char key[SP_BLOB_MAP_KEY_MAX];
			size_t klen = sp_blob_map_key(key, j->hash, sp_language_name(j->lang));
			pthread_mutex_lock(&r->blobs_mu);
			int rc = sp_strmap_put(&r->blobs, key, klen, 0);
			pthread_mutex_unlock(&r->blobs_mu);
			if (rc)
				return SP_ENOMEM;
		}
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
	return remember_refused(r, blob_id, why);
}

/* The batch was refused for its data and rolled back: write it again without the files whose
   rows the database refuses (cli/split.c), which fail on their own. */
static int split_batch(sp_run *r)
{
	r->batch_split = true;
	sp_unit_ids units = {0};
	int rc = 0;
	for (int i = 0; !rc && i < sp_pool_batches(r->pool); i++)
		rc = sp_split_add_units(&units, sp_pool_batch(r->pool, r->load_set, i));
	for (size_t i = 0; !rc && i < r->jobs.n; i++)
		if (r->jobs.v[i].state == SP_JOB_REUSED)
			rc = sp_array_push(&units, r->jobs.v[i].blob_id);
	sp_split_sort_units(&units);
	sp_split_io io = {r, write_part, part_committed, refuse_blob};
	if (!rc)
		rc = sp_split_load(r->sink, units.v, units.n, &io);
	sp_array_release(&units);
	if (rc == SP_ENOMEM)
		return sp_run_fatal(r, SP_EXIT_SYSTEM, "%s", sp_strerror(rc));
	if (rc)
		return sp_run_fatal(r, SP_EXIT_DB,
				    "batch rolled back while setting its refused files apart: %s",
				    sp_sink_errmsg(r->sink));
	return 0;
}

/* One transaction: every worker's rows, then the reused files. */
static int load_batch(sp_run *r)
{
	const sp_batch *failed = NULL;
	r->batch_split = false;
	int rc = sp_sink_begin(r->sink);
	for (int i = 0; !rc && i < sp_pool_batches(r->pool); i++) {
		failed = sp_pool_batch(r->pool, r->load_set, i);
		rc = sp_sink_write(r->sink, failed);
	}
	if (!rc) {
		failed = &r->reused;
		rc = sp_run_write_reused(r, NULL, 0);
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
			return sp_run_fatal(r, code, "batch rolled back: %s", sp_sink_errmsg(r->sink));
		return sp_run_fatal(r, code, "batch rolled back: table %s, file %s: %s",
				    sp_tables[table].name, file ? file : "?", sp_sink_errmsg(r->sink));
	}
	for (int i = 0; i < sp_pool_batches(r->pool); i++)
		r->sum->rows += (int64_t)sp_batch_total_rows(sp_pool_batch(r->pool, r->load_set, i));
	r->sum->rows += (int64_t)sp_batch_total_rows(&r->reused);
	return 0;
}

/* Files rows the batch adds (for telling whether a batch whose COMMIT lost its answer landed). */
static int64_t batch_files(sp_run *r)
{
	int64_t n = (int64_t)r->reused.rows[SP_TBL_FILES];
	for (int i = 0; i < sp_pool_batches(r->pool); i++)
		n += (int64_t)sp_pool_batch(r->pool, r->load_set, i)->rows[SP_TBL_FILES];
	return n;
}

/* load_batch, again after a reconnect when the connection was lost (the batch is still in memory:
   it is cleared only once committed). */
static int load_batch_retrying(sp_run *r)
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
		int g = sp_run_regain(r);
		if (g)
			return g;
		int64_t have = 0;
		if (sp_run_snapshot_int(r, sp_sql_snapshot_file_count, r->snap_id, &have))
			return sp_run_fatal(r, SP_EXIT_DB, "%s", sp_sink_errmsg(r->sink));
		if (have == r->files_committed + batch_files(r)) { /* the lost COMMIT had landed */
			r->files_committed = have;
			sp_buf_reset(&r->sum->fatal);
			return 0;
		}
	}
}

/* Counts the batch's outcome into the summary and frees its jobs. */
static void account(sp_run *r)
{
	for (size_t i = 0; i < r->jobs.n; i++) {
		sp_job *j = &r->jobs.v[i];
		r->sum->bytes += j->bytes_read;
		switch (j->state) {
		case SP_JOB_UNREAD: break; /* never reached: the run stopped before */
		case SP_JOB_NEW:
			r->sum->parsed++;
			r->sum->syntax_errors += j->syntax_error;
			r->sum->functions += j->functions;
			r->sum->classes += j->classes;
			r->sum->imports += j->imports;
			break;
		case SP_JOB_REUSED: r->sum->reused += !j->carried; break;
		case SP_JOB_SKIPPED: sp_run_skip_file(r, j->path, j->skip_why); break;
		case SP_JOB_FAILED: sp_run_file_error(r, j->path, j->error ? j->error : "failed"); break;
		}
		free(j->data);
		free(j->error);
	}
	r->jobs.n = 0;
}

/* Frees the jobs of a batch that will not be loaded. */
static void drop(sp_job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(jobs[i].data);
		free(jobs[i].error);
	}
}

/* A reused job whose blob was assigned to a job of this batch that then failed to parse has no
   blob to point at: it fails too (same content, same failure). */
static void fail_orphans(sp_job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sp_job *j = &jobs[i];
		if (j->state != SP_JOB_REUSED)
			continue;
		for (size_t k = 0; k < i; k++) {
			sp_job *o = &jobs[k];
			if (o->state == SP_JOB_FAILED && o->blob_id == j->blob_id && o->hash[0]) {
				j->state = SP_JOB_FAILED;
				j->error = strdup("same content as a file that failed to parse");
				break;
			}
		}
	}
}

/* Why the database refused blob_id in the batch just loaded, else NULL. */
static const char *refused(const sp_run *r, int64_t blob_id)
{
	for (size_t i = 0; i < r->refused.n; i++)
		if (r->refused.v[i].blob_id == blob_id)
			return r->refused.v[i].why;
	return NULL;
}

void sp_run_forget_refused(sp_run *r)
{
	for (size_t i = 0; i < r->refused.n; i++)
		free(r->refused.v[i].why);
	r->refused.n = 0;
}

/* The next batch was assigned while the database refused contents of the one before: its files of
   those contents have no blob to point at and fail as the refused ones did. */
static int fail_refused(sp_run *r, sp_job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sp_job *j = &jobs[i];
		const char *why = j->state == SP_JOB_REUSED ? refused(r, j->blob_id) : NULL;
		if (!why)
			continue;
		j->error = strdup(why);
		j->state = SP_JOB_FAILED;
		if (!j->error || sp_strmap_put(&r->load_failed, j->path, strlen(j->path), 1))
			return SP_ENOMEM;
	}
	return 0;
}

/* The batch ends at --batch-size files or when its pending contents reach this many bytes. */
#define BATCH_BYTES (64u << 20)
/* No batch is cut below this many files (or --batch-size, when smaller) by the ramp below. */
#define BATCH_MIN 32u

/* Files in the next batch, done files listed before it and left after. The database writes a
   batch while the workers extract the next, so the first batch's extraction and the last one's
   write overlap with nothing: the batches ramp up (an eighth of --batch-size, then at most twice
   the files before) and shrink at the end (at most half of what is left), so that both ends are
   short. The stdlib's 668 sources at 256: 32, 64, 192, 190, 95, 48, 32, 15 files instead of 256,
   256, 156 (perf/README.md, issue 11). */
static size_t batch_cap(size_t per, size_t done, size_t left)
{
	size_t cap = per, ramp = 2 * done > per / 8 ? 2 * done : per / 8, tail = left / 2 + left % 2;
	if (ramp < cap)
		cap = ramp;
	if (tail < cap)
		cap = tail;
	size_t floor = per < BATCH_MIN ? per : BATCH_MIN;
	return cap < floor ? floor : cap;
}

/* The queries of the languages the run will extract, compiled on a thread of their own in the
   order of their first file, beside the workers' reading and parsing (a worker prepares its
   file's language after the parse, and waits only for what is left of its compile). Before, the
   batch that met a language first compiled it on this thread while the workers waited: 0.07 s
   for C's query in the stdlib, which has one C file; C++'s takes ~1 s. */
typedef struct compile_ahead {
	sp_extractor *ex;
	sp_array(const sp_language *) langs;
	pthread_t thread;
	bool started;
} compile_ahead;

static void *compile_thread(void *arg)
{
	compile_ahead *a = arg;
	pthread_setname_np(pthread_self(), "sp-compile"); /* top -H, perf: which thread is whose */
	/* a failure is the worker's to report: its own prepare returns the same code */
	for (size_t k = 0; k < a->langs.n; k++)
		(void)sp_extractor_prepare(a->ex, a->langs.v[k]);
	return NULL;
}

/* Starts compiling the languages of the sources that will be read (not known by content). */
static void compile_ahead_start(sp_run *r, compile_ahead *a)
{
	*a = (compile_ahead){.ex = r->ex};
	for (size_t i = 0; i < r->sources.n; i++) {
		const sp_run_source *s = &r->sources.v[i];
		if (s->known_blob || !s->lang)
			continue;
		size_t k = 0;
		while (k < a->langs.n && a->langs.v[k] != s->lang)
			k++;
		if (k == a->langs.n && sp_array_push(&a->langs, s->lang))
			break; /* out of memory: the workers compile the others themselves */
	}
	/* none to compile, or no thread: the workers compile what they need themselves */
	a->started = a->langs.n && !pthread_create(&a->thread, NULL, compile_thread, a);
}

static void compile_ahead_join(compile_ahead *a)
{
	if (a->started)
		pthread_join(a->thread, NULL);
	sp_array_release(&a->langs);
}

/* The next batch's jobs from sources[*i...]; none are read yet, so the pending bytes are the
   sizes seen when the files were listed. */
static int make_batch(sp_run *r, size_t *i)
{
	size_t n = r->sources.n, per = r->o->batch_size > 0 ? (size_t)r->o->batch_size : 256;
	size_t bytes = 0;
	per = batch_cap(per, *i, n - *i);
	r->next.n = 0;
	if (sp_array_reserve(&r->next, per))
		return SP_ENOMEM;
	while (*i < n && r->next.n < per && bytes < BATCH_BYTES) {
		const sp_run_source *s = &r->sources.v[(*i)++];
		if (s->carried && s->deps_known) {
			atomic_fetch_add(&r->files_done, 1); /* nothing to write at all */
			continue;
		}
		sp_job *j = &r->next.v[r->next.n++];
		sp_run_job_init(s, j);
		if (j->state == SP_JOB_UNREAD)
			bytes += s->size > 0 ? (size_t)s->size : 0;
	}
	return 0;
}

/* The committed batch's rows go to the call resolution's feed; a split batch is not whole (its
   refused files' rows are in it), so the resolution reads every row back instead. */
static void feed_calls(sp_run *r)
{
	for (int i = 0; r->fed && i < sp_pool_batches(r->pool); i++)
		if (r->batch_split ||
		    sp_calls_fed_batch(r->fed, sp_pool_batch(r->pool, r->load_set, i))) {
			sp_calls_fed_free(r->fed);
			r->fed = NULL;
		}
}

/* Loads the batch in r->jobs (extracted into the pool's set r->load_set), counts it, frees it. */
static int load_jobs(sp_run *r)
{
	sp_run_forget_refused(r);
	int code = load_batch_retrying(r);
	if (!code)
		feed_calls(r);
	int64_t rows = 0;
	for (int i = 0; i < sp_pool_batches(r->pool); i++)
		rows += (int64_t)sp_batch_total_rows(sp_pool_batch(r->pool, r->load_set, i));
	atomic_fetch_add(&r->rows_done, rows + (int64_t)sp_batch_total_rows(&r->reused));
	sp_pool_clear(r->pool, r->load_set);
	account(r);
	return code;
}

/* The pipeline: while the workers read, hash and extract batch n+1, this thread loads batch n
   (two batches in flight at most, so memory stays bounded by twice a batch). */
int sp_run_index_all(sp_run *r)
{
	size_t i = 0;
	int set = 0, code = 0;
	sp_pool_ctx ctx = {r->repo_id,
			   r->snap_id,
			   r->path_set,
			   r->resolver,
			   r->o->max_file_size > 0 ? (size_t)r->o->max_file_size
						   : SP_DEFAULT_MAX_FILE_SIZE,
			   &r->files,
			   r->files.from_rev,
			   sp_run_assign,
			   r,
			   &r->files_done};
	sp_progress *progress = NULL;
	if (sp_progress_start(r, r->sources.n, &progress))
		return sp_run_fatal(r, SP_EXIT_SYSTEM, "%s", sp_strerror(SP_ENOMEM));
	r->jobs.n = 0;
	compile_ahead ahead;
	compile_ahead_start(r, &ahead);
	for (;;) {
		int rc = i < r->sources.n ? make_batch(r, &i) : (r->next.n = 0, 0);
		if (rc) {
			drop(r->next.v, r->next.n);
			r->next.n = 0;
			code = sp_run_fatal(r, SP_EXIT_SYSTEM, "%s", sp_strerror(rc));
		}
		bool started = !code && r->next.n;
		if (started)
			sp_pool_start(r->pool, r->next.v, r->next.n, &ctx, set);
		if (r->jobs.n) { /* the batch before, loaded while this one is extracted */
			int c = load_jobs(r);
			code = code ? code : c;
		}
		if (started) {
			rc = sp_pool_wait(r->pool);
			/* the workers are between batches: what their arenas hold free goes back */
			sp_run_trim_heap();
			fail_orphans(r->next.v, r->next.n);
			if (!rc && r->refused.n)
				rc = fail_refused(r, r->next.v, r->next.n);
			if (rc && !code) /* a query that does not compile: which, and where */
				code = sp_run_fatal(r, SP_EXIT_SYSTEM, "extracting: %s",
						    rc == SP_EQUERY ? sp_extractor_errmsg(r->ex)
								    : sp_strerror(rc));
		}
		if (code) {
			drop(r->next.v, r->next.n);
			r->next.n = 0;
			sp_pool_clear(r->pool, set);
			break;
		}
		if (!r->next.n)
			break;
		/* batch n+1 becomes the one to load */
		sp_job *v = r->jobs.v;
		size_t cap = r->jobs.cap;
		r->jobs.v = r->next.v, r->jobs.n = r->next.n, r->jobs.cap = r->next.cap;
		r->next.v = v, r->next.n = 0, r->next.cap = cap;
		r->load_set = set;
		set ^= 1;
	}
	compile_ahead_join(&ahead);
	sp_progress_stop(progress);
	return code;
}
