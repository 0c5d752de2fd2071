/* cli/watch.c: `snakepipe watch <repo>`: re-indexes a work tree as it changes, in batches. Changes
   (extract/watch.c) collect until --flush-interval seconds after the first of them or until
   --flush-files paths changed and the burst pauses, then one incremental index writes one snapshot over the one kept
   connection, holding the repository's lock only meanwhile. A flush the database refused keeps
   its changes for the next try; SIGINT/SIGTERM end the watch after the flush under way. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_p.h"
#include "sp_extract.h"
#include "sp_sink.h"
#include "sp_transform.h"

#include "banned.h"

static volatile sig_atomic_t stop_signal;

/* With --flush-files changes pending, the flush waits for this long a pause in the events. */
#define QUIET_SECONDS 0.1

static void on_signal(int sig)
{
	stop_signal = sig;
}

/* A change worth a snapshot: a file some language reads (by name; without an extension it may
   be a script with a shebang), a configuration file the dependency rules read, a directory, or
   anything when events were lost. Editors' swap and backup files are not. */
static bool relevant(const sp_extractor *ex, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!strchr(base, '.') || !strcmp(base, ".snakepipe.yaml") || sp_resolver_is_config(path))
		return true;
	return sp_extractor_by_path(ex, path) != NULL;
}

/* One flush: an incremental index of the tree; returns its exit code. */
static int flush(const sp_options *o, size_t changed, const char *db_shown)
{
	sp_summary sum;
	sp_summary_init(&sum);
	sp_log_field f[] = {SP_LF_S("repository", o->repo), SP_LF_I("changed", (int64_t)changed)};
	sp_log_event("info", "flush_started", f, 2);
	int code = sp_cmd_index(o, &sum);
	sp_log_run(&sum, o->repo, false, code);
	if (code != SP_EXIT_USAGE && (o->json || !o->quiet))
		sp_summary_print(&sum, db_shown, o->json);
	fflush(stdout);
	sp_summary_release(&sum);
	return code;
}

static int watch_loop(const sp_options *o, sp_watch *w, const sp_extractor *ex, const char *db_shown)
{
	double first = 0; /* when the oldest unflushed change was seen (0: none) */
	double last = 0; /* when the latest change was seen */
	size_t waiting = 0; /* relevant changes taken but not yet written */
	int code = SP_EXIT_OK;
	while (!stop_signal) {
		bool many = sp_watch_pending(w) + waiting >= (size_t)o->flush_files;
		double left = first ? first + o->flush_interval - sp_now() : 1;
		if (many && left > QUIET_SECONDS)
			left = QUIET_SECONDS;
		int rc = sp_watch_poll(w, left > 0 ? (int)(left * 1000) + 1 : 0);
		if (rc < 0) {
			sp_say("watch: %s", sp_watch_errmsg(w));
			return SP_EXIT_SYSTEM;
		}
		if (rc > 0) {
			last = sp_now();
			if (!first)
				first = last;
		}
		/* --flush-files changes flush early, once the burst they belong to pauses: a checkout
		   of a thousand files is one snapshot, not ten */
		many = sp_watch_pending(w) + waiting >= (size_t)o->flush_files;
		bool due = first && (sp_now() >= first + o->flush_interval ||
				     (many && sp_now() - last >= QUIET_SECONDS));
		if (!due || stop_signal)
			continue;
		sp_watch_paths p;
		if (sp_watch_take(w, &p)) {
			sp_watch_paths_release(&p);
			sp_say("watch: %s", sp_strerror(SP_ENOMEM));
			return SP_EXIT_SYSTEM;
		}
		for (size_t i = 0; i < p.paths.n; i++)
			waiting += relevant(ex, p.paths.v[i]);
		waiting += p.overflow;
		sp_watch_paths_release(&p);
		if (!waiting) { /* swap files, ignored files: nothing to index */
			first = 0;
			continue;
		}
		code = flush(o, waiting, db_shown);
		if (code == SP_EXIT_DB || code == SP_EXIT_LOCKED) {
			/* the changes stay on disk and in `waiting`: the next flush writes them */
			sp_log_field f[] = {SP_LF_S("repository", o->repo),
					    SP_LF_F("retry_in_s", o->flush_interval)};
			if (!sp_log_event("warning", "flush_deferred", f, 2))
				sp_say("watch: flush failed; trying again in %.1f s", o->flush_interval);
			first = sp_now();
			continue;
		}
		waiting = 0;
		first = 0;
	}
	if (stop_signal) {
		sp_log_field f[] = {SP_LF_S("repository", o->repo), SP_LF_I("signal", stop_signal),
				    SP_LF_I("unflushed", (int64_t)(sp_watch_pending(w) + waiting))};
		if (!sp_log_event("info", "watch_stopped", f, 3) && !o->quiet)
			sp_say("watch: stopped by signal %d (%zu changes not written; the next index "
			       "or watch picks them up)",
			       (int)stop_signal, sp_watch_pending(w) + waiting);
	}
	return code == SP_EXIT_FILE_ERRORS ? SP_EXIT_OK : code;
}

int sp_cmd_watch(const sp_options *o, const char *db_shown)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART; /* a flush under way goes on; poll() wakes up */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sp_options run = *o;
	sp_sink *sink = NULL;
	sp_watch *w = NULL;
	sp_extractor *ex = NULL;
	int code = SP_EXIT_OK;
	if (sp_sink_open(o->db, &sink) || sp_sink_migrate(sink)) {
		sp_say("%s: %s", db_shown, sp_sink_errmsg(sink));
		code = SP_EXIT_DB;
		goto out;
	}
	run.sink = sink;
	/* watches first: a change made while the catch-up runs is then seen */
	if (sp_watch_open(o->repo, &w) || sp_extractor_new(&ex, SP_EXTRACTOR_LAZY)) {
		sp_say("watch: %s",
		       w && *sp_watch_errmsg(w) ? sp_watch_errmsg(w) : sp_strerror(SP_ENOMEM));
		code = SP_EXIT_SYSTEM;
		goto out;
	}
	sp_log_field f[] = {SP_LF_S("repository", o->repo),
			    SP_LF_I("directories", (int64_t)sp_watch_dirs(w))};
	if (!sp_log_event("info", "watching", f, 2) && !o->quiet && !o->json)
		sp_say("watching %zu directories of %s (flush after %.1f s or %ld changes)",
		       sp_watch_dirs(w), o->repo, o->flush_interval, o->flush_files);
	if (!o->no_catch_up)
		code = flush(&run, 0, db_shown);
	if (code == SP_EXIT_OK || code == SP_EXIT_FILE_ERRORS)
		code = watch_loop(&run, w, ex, db_shown);
out:
	sp_extractor_free(ex);
	sp_watch_close(w);
	sp_sink_close(sink);
	return code;
}
