/* cli/index_snapshot.c: `snakepipe index`: closing the snapshot (counts checked, paths and failed
   files recorded, status written last) and regaining the connection and lock after a loss. */
#define _GNU_SOURCE /* pthread_setname_np */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "index_p.h"

#include "banned.h"

/* After a lost connection: reconnect with backoff, take the repository's lock again (the server
   dropped it with the session) and make sure no other run took the snapshot over meanwhile. */
int sp_run_snapshot_int(sp_run *r, const char *sql, int64_t snapshot_id, int64_t *out)
{
	sp_param p[] = {SP_PARAM_INT(r->repo_id), SP_PARAM_INT(snapshot_id)};
	return sp_sink_query_int(r->sink, sql, p, 2, out);
}

int sp_run_regain(sp_run *r)
{
	char why[512] = "";
	for (int attempt = 0; attempt < r->o->retries; attempt++) {
		double delay = 0.5 * (double)(1 << (attempt < 5 ? attempt : 5));
		if (delay > 8)
			delay = 8;
		sp_log_field f[] = {SP_LF_S("repository", r->sum->name), SP_LF_I("attempt", attempt + 1),
				    SP_LF_I("of", r->o->retries), SP_LF_F("delay_s", delay)};
		if (!sp_log_event("warning", "retry", f, 4) && !r->o->quiet)
			sp_say("database connection lost; reconnecting in %.1f s (%d of %d)", delay,
			       attempt + 1, r->o->retries);
		struct timespec ts = {(time_t)delay, (long)((delay - (double)(time_t)delay) * 1e9)};
		nanosleep(&ts, NULL);
		int64_t running = 0;
		if (sp_sink_reconnect(r->sink) || sp_sink_repo_lock(r->sink, r->repo_id, true) ||
		    sp_run_snapshot_int(r, sp_sql_snapshot_running, r->snap_id, &running)) {
			snprintf(why, sizeof why, "%s", sp_sink_errmsg(r->sink));
			continue;
		}
		if (!running)
			return sp_run_fatal(r, SP_EXIT_DB,
					    "snapshot %lld was marked failed by another run while the "
					    "connection was down",
					    (long long)r->snap_id);
		/* the message of what failed stays: the caller clears it once its retry succeeds */
		return 0;
	}
	return sp_run_fatal(r, SP_EXIT_DB,
			    "database connection lost and %d reconnect attempts failed%s%s",
			    r->o->retries, *why ? ": " : "", why);
}

/* Every file the run could not index goes to file_errors, in one transaction: those whose rows
   the database refused (stage "load") and those that could not be read or parsed ("extract"). */
static int record_file_errors(sp_run *r)
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

#define CALLS_THREAD_FILES 64 /* files extracted by the run, at least */

/* The call resolution of a snapshot on a connection of its own (load/calls.c reads and resolves
   before it takes the writer's lock), with the planner statistics of calls first, while the run's
   connection analyses the other tables and writes the summaries. */
typedef struct calls_job {
	pthread_t thread;
	const sp_run *r; /* read only */
	bool stats; /* calls' statistics to refresh first */
	bool analysed; /* they were (or the refresh failed: warning says why) */
	char *warning;
	sp_calls_fed *fed;
	int rc; /* 0: resolved and committed */
	bool started;
	sp_calls_counts counts;
} calls_job;

static void analyse_calls(calls_job *j, sp_sink *s)
{
	j->warning = sp_run_refresh_stats_on(j->r, s, SP_STATS_CALLS);
	j->analysed = !sp_sink_lost(s);
}

static void *calls_thread(void *arg)
{
	calls_job *j = arg;
	pthread_setname_np(pthread_self(), "sp-calls"); /* top -H, perf: which thread is whose */
	sp_sink *s = NULL;
	j->rc = sp_sink_open(j->r->o->db, &s);
	/* Fed, the resolution reads no row of the run's (their statistics can wait): it resolves
	   first, beside the summaries, and analyses calls after. SQLite has one writer: analysing
	   first waited for the summaries to commit, then resolved (stdlib: 0.09-0.13 -> 0.07-0.09 s) */
	bool later = j->fed != NULL;
	if (!j->rc && j->stats && !later)
		analyse_calls(j, s);
	if (!j->rc)
		j->rc = sp_sink_resolve_calls_fed(s, j->r->repo_id, j->r->snap_id, j->fed);
	if (!j->rc && j->stats && later)
		analyse_calls(j, s);
	/* the resolution's rows counted before the run's connection analyses them (a closed
	   connection's server process reports them only as it exits, after the close returned) */
	if (!j->rc)
		(void)sp_sink_flush_stats(s);
	if (s)
		j->counts = sp_sink_calls_counts(s);
	sp_sink_close(s);
	return NULL;
}

/* The calls' own connection, when a second one pays off; the batches' rows counted first, since it
   analyses calls (a failure shows again in the statistics' refresh). */
static void start_calls(const sp_run *r, calls_job *cj, bool second)
{
	if (!second)
		return;
	if (cj->stats)
		(void)sp_sink_flush_stats(r->sink);
	cj->started = !pthread_create(&cj->thread, NULL, calls_thread, cj);
}

/* The snapshot's summaries and dependency components; false when the connection was lost. A
   snapshot whose files are exactly those of the latest complete one (nothing parsed: a push that
   touched no source, a history step between such commits) copies that one's. */
static bool summaries_and_components(sp_run *r, bool *complete_p)
{
	bool complete = *complete_p;
	int64_t same = 0;
	if (complete && !r->sum->parsed &&
	    (sp_sink_same_files_snapshot(r->sink, r->repo_id, r->snap_id, &same) ||
	     (same && sp_sink_copy_summaries(r->sink, r->repo_id, r->snap_id, same)))) {
		if (sp_sink_lost(r->sink))
			return false;
		sp_run_fatal(r, SP_EXIT_DB, "copying the snapshot's summaries: %s",
			     sp_sink_errmsg(r->sink));
		complete = false;
	}
	if (complete && same) {
		*complete_p = complete;
		return true;
	}
	if (complete && sp_sink_record_summaries(r->sink, r->repo_id, r->snap_id)) {
		if (sp_sink_lost(r->sink))
			return false;
		sp_run_fatal(r, SP_EXIT_DB, "recording the snapshot's summaries: %s",
			     sp_sink_errmsg(r->sink));
		complete = false;
	}
	if (complete && r->sum->rows)
		sp_run_refresh_stats(r, SP_STATS_GRAPH);
	if (complete && sp_run_record_components(r)) {
		if (sp_sink_lost(r->sink))
			return false;
		sp_run_fatal(r, SP_EXIT_DB, "recording dependency components: %s",
			     sp_sink_errmsg(r->sink));
		complete = false;
	}
	*complete_p = complete;
	return true;
}

/* One attempt at closing the snapshot; false when the connection was lost on the way (nothing
   of it committed: each step is its own transaction and the status is written last). */
static bool finish_once(sp_run *r, bool complete)
{
	sp_snapshot_counts c = {r->sum->files_listed, r->sum->parsed,  r->sum->reused,
				r->sum->skipped,      r->sum->failed,  r->sum->functions,
				r->sum->classes,      r->sum->imports, r->sum->rows};
	/* every files row the run saw committed must be there, or the snapshot is not what it claims */
	int64_t have = -1;
	if (complete && sp_run_snapshot_int(r, sp_sql_snapshot_file_count, r->snap_id, &have)) {
		if (sp_sink_lost(r->sink))
			return false;
		sp_run_fatal(r, SP_EXIT_DB, "counting the snapshot's files: %s",
			     sp_sink_errmsg(r->sink));
		complete = false;
	} else if (complete && have != r->files_committed) {
		sp_run_fatal(r, SP_EXIT_DB,
			     "snapshot %lld holds %lld files but the run committed %lld: rows were "
			     "lost (a server crash with synchronous_commit off?); run again",
			     (long long)r->snap_id, (long long)have, (long long)r->files_committed);
		complete = false;
	}
	/* the paths table learns the snapshot's new paths (none when every path was there before) */
	int64_t ignored;
	if (complete && r->new_paths &&
	    sp_run_snapshot_int(r, sp_sql_paths_record, r->snap_id, &ignored)) {
		if (sp_sink_lost(r->sink))
			return false;
		sp_run_fatal(r, SP_EXIT_DB, "recording paths: %s", sp_sink_errmsg(r->sink));
		complete = false;
	}
	/* the run's rows go to the first attempt only: a failed one may have used them in part */
	sp_calls_fed *fed = r->fed;
	r->fed = NULL;
	bool stats = complete && r->sum->rows;
	calls_job cj = {.r = r, .stats = stats, .fed = fed};
	double t0 = sp_now();
	/* a second connection pays off when much is new (its setup is some milliseconds on
	   PostgreSQL: a history step or a small change resolves on this one); watch keeps its one.
	   Fed, the resolution reads only the blobs older than the run, whose statistics the tables
	   have: it starts at once, beside this connection's statistics of the batches' tables; not
	   fed, it reads the run's rows too, and starts after them. */
	bool second = complete && !r->o->sink && r->sum->parsed >= CALLS_THREAD_FILES;
	if (fed)
		start_calls(r, &cj, second);
	/* each step's queries are planned on what the steps before wrote (cli/index_history.c) */
	if (stats)
		sp_run_refresh_stats(r, SP_STATS_BATCHES);
	if (!fed)
		start_calls(r, &cj, second);
	bool kept = summaries_and_components(r, &complete);
	if (cj.started)
		pthread_join(cj.thread, NULL);
	sp_run_warn(r, cj.warning);
	if (!kept) {
		sp_calls_fed_free(fed);
		return false;
	}
	/* what the other connection could not do (not opened, or failed) is done here, again */
	bool own = cj.started && !cj.rc;
	if (complete && !own && stats && !cj.analysed)
		sp_run_refresh_stats(r, SP_STATS_CALLS);
	int resolved = complete && !own ? sp_sink_resolve_calls_fed(r->sink, r->repo_id, r->snap_id,
								    cj.started ? NULL : fed)
					: 0;
	sp_calls_fed_free(fed);
	if (resolved) {
		if (sp_sink_lost(r->sink))
			return false;
		sp_run_fatal(r, SP_EXIT_DB, "resolving calls: %s", sp_sink_errmsg(r->sink));
		complete = false;
	}
	if (complete) { /* the summaries' time included: they run beside it */
		sp_calls_counts n = own ? cj.counts : sp_sink_calls_counts(r->sink);
		sp_log_field f[] = {SP_LF_S("repository", r->sum->name),
				    SP_LF_S("connection", own ? "own" : "run's"),
				    SP_LF_F("ms", (sp_now() - t0) * 1000),
				    SP_LF_I("files_resolved", n.resolved),
				    SP_LF_I("files_kept", n.kept)};
		sp_log_event("info", "calls_resolved", f, 5);
	}
	if (record_file_errors(r)) {
		if (sp_sink_lost(r->sink))
			return false;
		if (complete)
			sp_run_fatal(r, SP_EXIT_DB, "recording failed files: %s",
				     sp_sink_errmsg(r->sink));
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
		sp_run_fatal(r, SP_EXIT_DB, "finishing snapshot: %s", sp_sink_errmsg(r->sink));
	return true;
}

/* Closes the snapshot, complete or failed; after a lost connection it reconnects and closes it
   again, keeping the message of what went wrong before. */
void sp_run_finish(sp_run *r, bool complete)
{
	if (!r->snap_id)
		return;
	char *before = r->sum->fatal.len ? strdup(sp_buf_cstr(&r->sum->fatal)) : NULL;
	for (int attempt = 0;; attempt++) {
		if (finish_once(r, complete))
			break;
		if (attempt >= r->o->retries) {
			sp_run_fatal(r, SP_EXIT_DB, "finishing snapshot: %s", sp_sink_errmsg(r->sink));
			break;
		}
		if (sp_run_regain(r)) {
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
