/* cli/pipeline.c: `snakepipe index` wiring: list files (cli/index_select.c), carry and reuse what
   the database has (index_reuse.c), extract and load one transaction per batch (index_batch.c), and
   finish the snapshot only when every batch committed (index_snapshot.c). */
#include <errno.h>
#include <malloc.h> /* malloc_trim, mallopt */
#include <pthread.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config_p.h"
#include "index_p.h"

#include "banned.h"

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
	free(s->name);
	free(s->location);
	free(s->commit);
	free(s->ref);
	free(s->default_branch);
	sp_buf_release(&s->fatal);
}

void sp_run_file_error(sp_run *r, const char *path, const char *msg)
{
	sp_file_error e = {strdup(path), strdup(msg)};
	r->sum->failed++;
	if (!e.path || !e.message || sp_array_push(&r->sum->errors, e)) {
		free(e.path);
		free(e.message);
	}
}

/* A listed file left out of the snapshot; the unusual reasons name the file. */
void sp_run_skip_file(sp_run *r, const char *path, int reason)
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
int sp_skip_reason_of(int rc)
{
	return rc == SP_EOUTSIDE  ? SP_SKIP_OUTSIDE
	       : rc == SP_ENOTREG ? SP_SKIP_NOT_REGULAR
	       : rc == SP_ENOENT  ? SP_SKIP_VANISHED
				  : -1;
}

int sp_run_fatal(sp_run *r, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sp_buf_reset(&r->sum->fatal);
	sp_buf_vprintf(&r->sum->fatal, fmt, ap);
	va_end(ap);
	return code;
}

/* Opens the sink and applies migrations; touches nothing else of the run. */
static void connect_db(sp_run *r)
{
	if (r->o->sink) { /* watch's one connection, back after a lost server when it can be */
		r->sink = r->o->sink;
		r->connect_rc = sp_sink_lost(r->sink) ? sp_sink_reconnect(r->sink) : 0;
		if (!r->connect_rc)
			r->connect_rc = sp_sink_migrate(r->sink);
		return;
	}
	r->connect_rc = sp_sink_open(r->o->db, &r->sink);
	if (!r->connect_rc)
		r->connect_rc = sp_sink_migrate(r->sink);
}

static void *connect_thread(void *arg)
{
	connect_db(arg);
	return NULL;
}

/* The workers' parsers and row batches are done once the last batch is loaded: their memory goes
   back before the snapshot's closing, whose call resolution holds the snapshot's rows (the
   Linux tree's peak was at its end: 1,330 MB, perf/README.md issue 11, session 8), and with it
   what the allocator holds free. */
static void release_workers(sp_run *r)
{
	sp_pool_free(r->pool);
	r->pool = NULL;
	sp_run_trim_heap();
}

void sp_run_trim_heap(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

/* glibc serves a large block from the heap once a block that size was freed: its threshold for
   mapping one rises up to 32 MB. The blocks of a long run (row stores, hash map tables, the call
   resolver's arrays growing) then stay resident as holes in the workers' arenas after they are
   freed. A fixed threshold maps every block over 1 MB and gives it back when freed: the whole
   Linux tree's peak RSS at --jobs 16 went from 1,144 to 857 MB; the stdlib's time is unchanged
   (perf/README.md, issue 11, session 9). */
void sp_run_heap_setup(void)
{
#ifdef __GLIBC__
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}

/* The repository argument names an existing directory within the system's path limit. */
static int check_repository(sp_run *r, const char *repo)
{
	struct stat st;
	size_t len = strlen(repo);
	if (len >= PATH_MAX)
		return sp_run_fatal(
			r, SP_EXIT_USAGE,
			"the repository path is %zu bytes long, over the system's limit of %d", len,
			PATH_MAX);
	if (stat(repo, &st))
		return sp_run_fatal(r,
				    errno == ENOENT || errno == ENOTDIR || errno == ENAMETOOLONG
					    ? SP_EXIT_USAGE
					    : SP_EXIT_SYSTEM,
				    "%s: %s", repo, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return sp_run_fatal(r, SP_EXIT_USAGE, "%s: not a directory", repo);
	return SP_EXIT_OK;
}

/* The extractor (checking --language), the worker pool and this thread's transformer. */
static int prepare_extraction(sp_run *r)
{
	const sp_options *o = r->o;
	int rc;
	if ((rc = sp_extractor_new(&r->ex, SP_EXTRACTOR_LAZY)))
		return sp_run_fatal(r, SP_EXIT_SYSTEM, "%s", sp_extractor_errmsg(r->ex));
	for (size_t i = 0; i < o->languages_count; i++)
		if (!sp_extractor_by_name(r->ex, o->languages[i])) {
			sp_buf names;
			sp_buf_init(&names);
			sp_language_names(&names);
			rc = sp_run_fatal(r, SP_EXIT_USAGE, "--language %s: no such language (%s)",
					  o->languages[i], sp_buf_cstr(&names));
			sp_buf_release(&names);
			return rc;
		}
	for (size_t i = 0; i < o->language_map_count; i++)
		if (!sp_extractor_by_name(r->ex, o->language_map[i].language)) {
			sp_buf names;
			sp_buf_init(&names);
			sp_language_names(&names);
			rc = sp_run_fatal(r, SP_EXIT_USAGE, "--lang-map %s=%s: no such language (%s)",
					  o->language_map[i].glob, o->language_map[i].language,
					  sp_buf_cstr(&names));
			sp_buf_release(&names);
			return rc;
		}
	/* --macro, the manifest's and the config's macros: a bad definition stops the run here */
	if ((rc = sp_extractor_set_macros(r->ex, o->macros, o->macro_count)))
		return sp_run_fatal(r, rc == SP_ENOMEM ? SP_EXIT_SYSTEM : SP_EXIT_USAGE, "%s",
				    sp_extractor_errmsg(r->ex));
	if ((rc = sp_pool_new(r->ex, o->jobs, &r->pool)) || (rc = sp_transformer_new(&r->tr)))
		return sp_run_fatal(r, SP_EXIT_SYSTEM, "%s", sp_strerror(rc));
	return SP_EXIT_OK;
}

/* Lists the files (connecting to the database meanwhile), the snapshot's ref, the sources. */
static int list_files(sp_run *r)
{
	const sp_options *o = r->o;
	sp_summary *sum = r->sum;
	int code, rc;
	sum->location = strdup(o->repo); /* until the canonical path is known */
	/* a usage error touches no database: the repository must exist before the connection
	   (which creates and migrates a SQLite file) is opened */
	if ((code = check_repository(r, o->repo)))
		return code;
	/* the database connection (libpq's start-up, the server's new backend, migrations check)
	   is made while the files are listed: the two waits overlap. Not for --rev, whose listing
	   may still find the commit missing (a usage error). */
	r->connecting = !o->rev && pthread_create(&r->connector, NULL, connect_thread, r) == 0;
	if ((rc = sp_filelist_collect(&r->files, o->repo, o->rev)))
		return sp_run_fatal(r, rc == SP_EUSAGE ? SP_EXIT_USAGE : SP_EXIT_SYSTEM, "%s",
				    sp_buf_cstr(&r->files.err));
	free(sum->location);
	sum->location = strdup(r->files.root);
	sum->commit = r->files.commit ? strdup(r->files.commit) : NULL;
	sp_git_ref ref; /* which line of history the snapshot belongs to; the summary keeps it */
	if ((rc = sp_git_ref_info(r->files.root, r->files.is_git, o->rev, o->ref, o->default_branch,
				  &ref))) {
		sp_git_ref_release(&ref);
		return sp_run_fatal(r, SP_EXIT_SYSTEM, "%s", sp_strerror(rc));
	}
	sum->ref = ref.ref;
	sum->default_branch = ref.default_branch;
	sum->on_default = ref.on_default;
	/* the repository's identity: --repo-name (else the manifest's, else the config's name:),
	   origin's URL, the path */
	if (o->repo_name)
		sum->name = strdup(o->repo_name);
	else if (r->files.is_git)
		sum->name = sp_git_remote_name(r->files.root);
	if (!sum->name && !(sum->name = strdup(r->files.root)))
		return sp_run_fatal(r, SP_EXIT_SYSTEM, "%s", sp_strerror(SP_ENOMEM));
	sum->phase[SP_PHASE_LIST] = sp_now() - r->t0;
	if ((rc = sp_run_collect_sources(r))) {
		if (rc == SP_EUSAGE)
			return sp_run_fatal(r, SP_EXIT_USAGE,
					    "--include-dir %s: leads outside the repository",
					    r->bad_include_dir);
		return sp_run_fatal(r, SP_EXIT_SYSTEM, "%s", sp_strerror(rc));
	}
	sum->phase[SP_PHASE_DETECT] = sp_now() - r->t0;
	return SP_EXIT_OK;
}

/* The repository row, found by name, and its lock. Its name and path are stored like its files'
   paths (sp_path_escape). */
static int lock_repository(sp_run *r)
{
	sp_buf loc, name;
	sp_buf_init(&loc);
	sp_buf_init(&name);
	sp_path_escape(&loc, r->files.root, strlen(r->files.root));
	sp_path_escape(&name, r->sum->name, strlen(r->sum->name));
	int rc = loc.err || name.err ? SP_ENOMEM
				     : sp_sink_repo_ensure(r->sink, sp_buf_cstr(&loc),
							   sp_buf_cstr(&name), &r->repo_id);
	sp_buf_release(&name);
	sp_buf_release(&loc);
	if (rc)
		return rc == SP_ENOMEM ? sp_run_fatal(r, SP_EXIT_SYSTEM, "%s", sp_strerror(rc))
				       : sp_run_fatal(r, SP_EXIT_DB, "%s", sp_sink_errmsg(r->sink));
	sp_sink_on_event(r->sink, sp_log_sink_event, r->sum->name);
	if ((rc = sp_sink_repo_lock(r->sink, r->repo_id, false)) == SP_ELOCK) {
		if (r->o->no_wait) {
			r->sum->taken = true;
			return sp_run_fatal(
				r, SP_EXIT_LOCKED,
				"%s is taken by another run, which is indexing it (--no-wait)",
				r->files.root);
		}
		sp_log_field f[] = {SP_LF_S("repository", r->sum->name)};
		if (!sp_log_event("info", "lock_wait", f, 1) && !r->o->quiet)
			sp_say("waiting for another run on %s to finish...", r->files.root);
		rc = sp_sink_repo_lock(r->sink, r->repo_id, true);
	}
	return rc ? sp_run_fatal(r, SP_EXIT_DB, "%s", sp_sink_errmsg(r->sink)) : SP_EXIT_OK;
}

/* snapshots.location: the directory this run indexed (a repository is its name, not its path). */
static int locate_snapshot(sp_run *r)
{
	sp_buf loc;
	sp_buf_init(&loc);
	sp_path_escape(&loc, r->files.root, strlen(r->files.root));
	int rc = loc.err ? SP_ENOMEM
			 : sp_sink_snapshot_locate(r->sink, r->repo_id, r->snap_id, sp_buf_cstr(&loc));
	sp_buf_release(&loc);
	return rc;
}

/* Waits for the connection, locks the repository, recovers what a dead run left, loads the known
   blobs and starts the snapshot. */
/* a row of call_rules for the workers (calls.binding) */
static int call_rule(void *pool, const char *language, const char *rule, const char *value)
{
	return sp_pool_call_rule(pool, language, rule, value);
}

static int open_snapshot(sp_run *r)
{
	int rc, code;
	if (r->connecting) {
		pthread_join(r->connector, NULL);
		r->connecting = false;
	} else {
		connect_db(r);
	}
	if ((rc = r->connect_rc))
		return sp_run_fatal(r, rc == SP_ENOMEM ? SP_EXIT_SYSTEM : SP_EXIT_DB, "%s",
				    sp_sink_errmsg(r->sink));
	if ((code = lock_repository(r)))
		return code;
	if ((rc = sp_sink_repo_recover(r->sink, r->repo_id)) ||
	    (rc = sp_sink_blobs_load(r->sink, r->repo_id, SP_EXTRACTOR_VERSION, &r->blobs,
				     &r->next_blob_id)) ||
	    (rc = sp_sink_call_rules_load(r->sink, call_rule, r->pool)) ||
	    (rc = sp_sink_snapshot_start_ref(r->sink, r->repo_id, r->files.commit, r->path_set,
					     r->sum->ref, r->sum->on_default, &r->snap_id)) ||
	    (rc = locate_snapshot(r)))
		return sp_run_fatal(r, SP_EXIT_DB, "%s", sp_sink_errmsg(r->sink));
	if (sp_calls_fed_new(r->next_blob_id, &r->fed)) /* every blob this run adds */
		return sp_run_fatal(r, SP_EXIT_SYSTEM, "%s", sp_strerror(SP_ENOMEM));
	r->sum->repository_id = r->repo_id;
	r->sum->snapshot_id = r->snap_id;
	r->sum->phase[SP_PHASE_OPEN] = sp_now() - r->t0;
	return SP_EXIT_OK;
}

static void run_release(sp_run *r)
{
	if (r->connecting)
		pthread_join(r->connector, NULL);
	r->sum->seconds = sp_now() - r->t0;
	if (r->sink)
		sp_sink_get_stats(r->sink, &r->sum->db);
	if (r->sink && r->sink == r->o->sink) { /* borrowed: stays open, the lock goes */
		sp_sink_on_event(r->sink, NULL, NULL); /* its context, the summary, dies with the run */
		if (r->repo_id && !sp_sink_lost(r->sink))
			sp_sink_repo_unlock(r->sink, r->repo_id);
	} else {
		sp_sink_close(r->sink);
	}
	sp_resolver_free(r->resolver);
	sp_calls_fed_free(r->fed);
	sp_array_release(&r->sources);
	sp_array_release(&r->evidence_only);
	for (size_t i = 0; i < r->jobs.n; i++) {
		free(r->jobs.v[i].data);
		free(r->jobs.v[i].error);
	}
	sp_array_release(&r->jobs);
	for (size_t i = 0; i < r->next.n; i++) {
		free(r->next.v[i].data);
		free(r->next.v[i].error);
	}
	sp_array_release(&r->next);
	sp_run_forget_refused(r);
	sp_array_release(&r->refused);
	pthread_mutex_destroy(&r->blobs_mu);
	sp_array_release(&r->imp);
	sp_batch_release(&r->reused);
	sp_batch_release(&r->part);
	sp_strmap_release(&r->load_failed);
	sp_strmap_release(&r->blobs);
	sp_strmap_release(&r->git_blobs);
	sp_strmap_release(&r->prev_paths);
	sp_strmap_release(&r->deps_known);
	sp_strmap_release(&r->current_ids);
	sp_array_release(&r->prev);
	sp_filelist_release(&r->files);
	sp_transformer_free(r->tr);
	sp_pool_free(r->pool);
	sp_extractor_free(r->ex);
}

int sp_cmd_index(const sp_options *given, sp_summary *sum)
{
	/* flags and the scan manifest's keys over the repository's .snakepipe.yaml */
	sp_options merged;
	sp_config *cfg = NULL;
	int rc = sp_config_merge(given, &cfg, &merged, &sum->fatal);
	if (rc) {
		sum->location = strdup(given->repo);
		if (!sum->fatal.len)
			sp_buf_puts(&sum->fatal, sp_strerror(rc));
		return rc == SP_ENOMEM ? SP_EXIT_SYSTEM : SP_EXIT_USAGE;
	}
	const sp_options *o = &merged;
	sp_run r;
	memset(&r, 0, sizeof r);
	r.o = o;
	r.sum = sum;
	r.t0 = sp_now();
	r.progress = o->progress == SP_PROGRESS_MODE_NEVER ||
				     (o->quiet && o->progress != SP_PROGRESS_MODE_ALWAYS)
			     ? SP_PROGRESS_OFF
		     /* a live line would garble --log-format's lines: those get progress events */
		     : isatty(2) && sp_log_get_format() == SP_LOG_DEFAULT ? SP_PROGRESS_LIVE
									  : SP_PROGRESS_LINES;
	pthread_mutex_init(&r.blobs_mu, NULL);
	sp_filelist_init(&r.files);
	sp_strmap_init(&r.blobs);
	sp_strmap_init(&r.git_blobs);
	sp_strmap_init(&r.prev_paths);
	sp_strmap_init(&r.deps_known);
	sp_strmap_init(&r.current_ids);
	sp_batch_init(&r.reused);
	sp_batch_init(&r.part);
	sp_strmap_init(&r.load_failed);
	int code = prepare_extraction(&r);
	if (!code)
		code = list_files(&r);
	if (!code)
		code = open_snapshot(&r);
	if (!code)
		code = sp_run_record_commit(&r);
	if (code)
		goto out;
	code = sp_run_carry_unchanged(&r);
	sum->phase[SP_PHASE_CARRY] = sp_now() - r.t0;
	if (!code)
		code = sp_run_index_all(&r);
	sum->phase[SP_PHASE_INDEX] = sp_now() - r.t0;
	release_workers(&r);
	sp_run_finish(&r, code == SP_EXIT_OK);
	if (sum->complete)
		sp_run_refresh_stats(&r, SP_STATS_CLOSING);
	if (code == SP_EXIT_OK && !sum->complete)
		code = SP_EXIT_DB;
	if (code == SP_EXIT_OK && sum->failed)
		code = SP_EXIT_FILE_ERRORS;
out:
	run_release(&r);
	sp_config_free(cfg);
	return code;
}
