/* cli/index_history.c: what a run records about its commit beside the snapshot: the commit's
   metadata (commits) and the lines each file gained and lost against its first parent
   (file_churn), once per commit, whichever run indexes it first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "index_p.h"

#include "banned.h"

#define TEXT_FIELDS 8

typedef struct churn_ctx {
	sp_run *r;
	const char *sha;
	sp_buf path;
} churn_ctx;

static int churn_row(void *ctx, const char *path, int64_t added, int64_t removed)
{
	churn_ctx *c = ctx;
	sp_buf_reset(&c->path);
	sp_path_escape(&c->path, path, strlen(path)); /* stored as files.path is */
	if (c->path.err)
		return SP_ENOMEM;
	sp_param p[] = {SP_PARAM_INT(c->r->repo_id), SP_PARAM_TEXT(c->sha),
			SP_PARAM_TEXT(sp_buf_cstr(&c->path)),
			added < 0 ? (sp_param){NULL, 0, true} : SP_PARAM_INT(added),
			removed < 0 ? (sp_param){NULL, 0, true} : SP_PARAM_INT(removed)};
	int64_t ignored;
	c->r->churn_rows++;
	return sp_sink_query_int(c->r->sink, sp_sql_churn_record, p, 5, &ignored);
}

/* seconds since the epoch as UTC text that sorts as it compares: 2026-11-30T01:02:03Z */
static void utc_text(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, 32, "1970-01-01T00:00:00Z");
}

/* commits row and file_churn rows of c in one transaction */
static int write_commit(sp_run *r, const sp_git_commit *c, sp_buf *why)
{
	const char *raw[TEXT_FIELDS] = {
		c->sha,          c->parents,        c->first_parent,    c->author_name,
		c->author_email, c->committer_name, c->committer_email, c->subject};
	sp_buf text[TEXT_FIELDS];
	for (int i = 0; i < TEXT_FIELDS; i++) {
		sp_buf_init(&text[i]);
		if (raw[i])
			sp_path_escape(&text[i], raw[i], strlen(raw[i]));
	}
	char authored[32], committed[32];
	utc_text(c->authored_at, authored);
	utc_text(c->committed_at, committed);
	churn_ctx cc = {r, c->sha, {0}};
	sp_buf_init(&cc.path);
	int rc = 0;
	for (int i = 0; i < TEXT_FIELDS; i++)
		if (text[i].err)
			rc = SP_ENOMEM;
	if (rc || (rc = sp_sink_begin(r->sink)))
		goto out;
	sp_param p[] = {SP_PARAM_INT(r->repo_id),
			SP_PARAM_TEXT(c->sha),
			SP_PARAM_TEXT(sp_buf_cstr(&text[1])),
			SP_PARAM_TEXT(raw[2] ? sp_buf_cstr(&text[2]) : NULL),
			SP_PARAM_TEXT(sp_buf_cstr(&text[3])),
			SP_PARAM_TEXT(sp_buf_cstr(&text[4])),
			SP_PARAM_TEXT(authored),
			SP_PARAM_TEXT(sp_buf_cstr(&text[5])),
			SP_PARAM_TEXT(sp_buf_cstr(&text[6])),
			SP_PARAM_TEXT(committed),
			SP_PARAM_TEXT(sp_buf_cstr(&text[7]))};
	int64_t ignored;
	if (!(rc = sp_sink_query_int(r->sink, sp_sql_commit_record, p, 11, &ignored)))
		rc = sp_git_numstat(r->files.root, c, churn_row, &cc, why);
	if (!rc)
		rc = sp_sink_commit(r->sink);
	if (rc)
		sp_sink_abort(r->sink);
	else
		r->commit_rows = 1;
out:
	sp_buf_release(&cc.path);
	for (int i = 0; i < TEXT_FIELDS; i++)
		sp_buf_release(&text[i]);
	return rc;
}

/* Planner statistics of what the run changed (load/stats.c); a failure is a warning, the
   snapshot is complete. In the order the snapshot's closing reads the tables: what batches fill
   before the import graph is stored (without statistics PostgreSQL planned that join as a nested
   loop over files x dependencies: 0.37 s of 2.4 on the stdlib, quadratic in the tree), the
   stored graph before its components are computed from it, the rest at the end. */
char *sp_run_refresh_stats_on(const sp_run *r, sp_sink *sink, sp_stats_stage stage)
{
	enum { ROWS, COMMITS, CHURN, COMPONENTS, SNAPSHOT };
	static const struct {
		const char *table;
		sp_stats_stage stage;
		int written; /* which of the run's counts says how much the table grew */
	} tables[] = {
		{"blobs", SP_STATS_BATCHES, ROWS},
		{"functions", SP_STATS_BATCHES, ROWS},
		{"classes", SP_STATS_BATCHES, ROWS},
		{"imports", SP_STATS_BATCHES, ROWS},
		/* read by the calls' resolution (load/calls.c) only: analysed by the connection that
		   resolves, beside the summaries (index_snapshot.c) */
		{"calls", SP_STATS_CALLS, ROWS},
		{"function_metrics", SP_STATS_BATCHES, ROWS},
		{"file_metrics", SP_STATS_BATCHES, ROWS},
		{"dependencies", SP_STATS_BATCHES, ROWS},
		{"files", SP_STATS_BATCHES, ROWS},
		{"paths", SP_STATS_BATCHES, ROWS},
		{"dependency_edges", SP_STATS_GRAPH, ROWS},
		{"snapshots", SP_STATS_CLOSING, SNAPSHOT}, /* the history views' joins start there */
		{"commits", SP_STATS_CLOSING, COMMITS},
		{"file_churn", SP_STATS_CLOSING, CHURN},
		{"components", SP_STATS_CLOSING, COMPONENTS},
		{"component_files", SP_STATS_CLOSING, COMPONENTS},
		{"call_resolutions", SP_STATS_CLOSING, ROWS},
		{"call_links", SP_STATS_CLOSING, ROWS},
		{"call_link_files", SP_STATS_CLOSING, ROWS},
		/* the summaries: small tables, analysed whenever the run wrote */
		{"snapshot_languages", SP_STATS_CLOSING, ROWS},
		{"snapshot_packages", SP_STATS_CLOSING, ROWS},
		{"snapshot_importers", SP_STATS_CLOSING, ROWS},
		{"snapshot_top_functions", SP_STATS_CLOSING, ROWS},
		{"snapshot_top_classes", SP_STATS_CLOSING, ROWS},
		{"snapshot_file_roles", SP_STATS_CLOSING, ROWS},
		{"current_snapshot_ids", SP_STATS_CLOSING, ROWS},
	};
	const char *names[sizeof tables / sizeof tables[0]];
	int64_t written[sizeof tables / sizeof tables[0]];
	size_t n = 0;
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		if (tables[i].stage != stage)
			continue;
		names[n] = tables[i].table;
		/* only the stage's counts are read: the calls' stage runs on another thread while
		   this one writes the components (component_rows) */
		switch (tables[i].written) {
		case ROWS: written[n++] = r->sum->rows; break;
		case COMMITS: written[n++] = r->commit_rows; break;
		case CHURN: written[n++] = r->churn_rows; break;
		case COMPONENTS: written[n++] = r->component_rows; break;
		case SNAPSHOT: written[n++] = 1; break;
		}
	}
	/* A repository's first snapshot on PostgreSQL: a table it grew by less than 10 % keeps
	   statistics that know no row of it, and the planner took each statement of the summaries
	   and the call resolution for one row, nesting loops over the repository's every fact
	   (minutes for Go's standard library after the Linux kernel). So every table the batches
	   filled is analysed then, once (the summaries analysed them again: 0.21 s of server time on
	   the stdlib, perf/README.md issue 11). */
	bool every = false;
	if ((stage == SP_STATS_BATCHES || stage == SP_STATS_CALLS) &&
	    !strcmp(sp_sink_dialect(sink), "postgresql")) {
		sp_param p[] = {SP_PARAM_INT(r->repo_id)};
		int64_t snapshots = 0;
		every = !sp_sink_query_int(sink, sp_sql_repo_snapshot_count, p, 1, &snapshots) &&
			snapshots == 1;
	}
	char *text = NULL;
	sp_buf done;
	sp_buf_init(&done);
	if (sp_sink_refresh_stats(sink, names, written, n, every, &done) &&
	    !sp_sink_lost(sink)) { /* lost: the caller's next step notices and retries */
		sp_buf w;
		sp_buf_init(&w);
		sp_buf_printf(&w, "planner statistics not refreshed: %s", sp_sink_errmsg(sink));
		text = w.err ? NULL : strdup(sp_buf_cstr(&w));
		sp_buf_release(&w);
	}
	sp_buf_release(&done);
	return text;
}

void sp_run_warn(sp_run *r, char *text)
{
	if (text && sp_array_push(&r->sum->warnings, text))
		free(text);
}

void sp_run_refresh_stats(sp_run *r, sp_stats_stage stage)
{
	sp_run_warn(r, sp_run_refresh_stats_on(r, r->sink, stage));
}

int sp_run_record_commit(sp_run *r)
{
	if (!r->files.commit)
		return SP_EXIT_OK;
	int64_t known = 0;
	sp_param k[] = {SP_PARAM_INT(r->repo_id), SP_PARAM_TEXT(r->files.commit)};
	if (sp_sink_query_int(r->sink, sp_sql_commit_known, k, 2, &known))
		return sp_run_fatal(r, SP_EXIT_DB, "reading commits: %s", sp_sink_errmsg(r->sink));
	if (known)
		return SP_EXIT_OK;
	sp_git_commit c;
	sp_buf why;
	sp_buf_init(&why);
	int code = SP_EXIT_OK;
	int rc = sp_git_commit_read(r->files.root, r->files.commit, &c, &why);
	if (!rc)
		rc = write_commit(r, &c, &why);
	if (rc == SP_ENOMEM)
		code = sp_run_fatal(r, SP_EXIT_SYSTEM, "%s", sp_strerror(rc));
	else if (rc == SP_EIO) /* git failed: the snapshot stands without its commit's history */
		code = sp_run_fatal(r, SP_EXIT_SYSTEM, "reading commit %s: git: %s", r->files.commit,
				    why.len ? sp_buf_cstr(&why) : "unreadable output");
	else if (rc)
		code = sp_run_fatal(r, SP_EXIT_DB, "recording commit %s: %s", r->files.commit,
				    sp_sink_errmsg(r->sink));
	sp_buf_release(&why);
	sp_git_commit_release(&c);
	return code;
}
