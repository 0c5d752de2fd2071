/* cli/metrics.c: --metrics-file PATH: the run's figures in the Prometheus text exposition format
   (version 0.0.4) for node_exporter's textfile collector, written atomically (a temporary file
   in the same directory, then rename). One family per figure, every sample of a family together
   after its HELP and TYPE lines; a scan or history has one set of per-repository samples per
   repository, added up over its runs (a history runs once per commit). All gauges: each file
   describes one command. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_p.h"

#include "banned.h"

typedef struct repo_figures {
	char *name;
	int code, runs;
	double seconds, phase[SP_PHASES];
	int64_t parsed, reused, carried, failed, syntax_errors, bytes, skipped_by[SP_SKIP_REASONS];
	sp_sink_stats db;
} repo_figures;

struct sp_metrics {
	char *command;
	sp_array(repo_figures) repos;
	bool has_gc;
	sp_gc_counts gc;
};

sp_metrics *sp_metrics_new(const char *command)
{
	sp_metrics *m = calloc(1, sizeof *m);
	if (m && !(m->command = strdup(command))) {
		free(m);
		return NULL;
	}
	return m;
}

void sp_metrics_free(sp_metrics *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->repos.n; i++)
		free(m->repos.v[i].name);
	sp_array_release(&m->repos);
	free(m->command);
	free(m);
}

int sp_metrics_add_run(sp_metrics *m, const sp_summary *s, int code)
{
	const char *name = s->name ? s->name : "";
	repo_figures *f = NULL;
	for (size_t i = 0; i < m->repos.n && !f; i++)
		if (!strcmp(m->repos.v[i].name, name))
			f = &m->repos.v[i];
	if (!f) {
		repo_figures blank = {.name = strdup(name)};
		if (!blank.name || sp_array_push(&m->repos, blank)) {
			free(blank.name);
			return SP_ENOMEM;
		}
		f = &m->repos.v[m->repos.n - 1];
	}
	/* a history runs once per commit: the repository's figures add up over its runs, its exit
	   code is the worst (a database or system error outranks file errors) */
	f->code = f->runs ? sp_worse(f->code, code) : code;
	f->runs++;
	f->seconds += s->seconds;
	f->parsed += s->parsed;
	f->reused += s->reused;
	f->carried += s->carried;
	f->failed += s->failed;
	f->syntax_errors += s->syntax_errors;
	f->bytes += s->bytes;
	f->db.write_seconds += s->db.write_seconds;
	f->db.commit_seconds += s->db.commit_seconds;
	f->db.commits += s->db.commits;
	f->db.reconnect_attempts += s->db.reconnect_attempts;
	f->db.reconnects += s->db.reconnects;
	for (int t = 0; t < SP_TBL_COUNT; t++)
		f->db.rows[t] += s->db.rows[t];
	for (int k = 0; k < SP_SKIP_REASONS; k++)
		f->skipped_by[k] += s->skipped_by[k];
	/* the summary's phases are seconds since the start at each phase's end: durations here */
	double prev = 0;
	for (int i = 0; i < SP_PHASES; i++) {
		if (s->phase[i] >= prev) {
			f->phase[i] += s->phase[i] - prev;
			prev = s->phase[i];
		}
	}
	return 0;
}

void sp_metrics_add_gc(sp_metrics *m, const sp_gc_counts *c)
{
	m->has_gc = true;
	m->gc = *c;
}

/* A label value: backslash, double quote and line feed escaped (the format's only escapes). */
static void label(sp_buf *b, const char *key, const char *v, bool first)
{
	sp_buf_printf(b, "%s%s=\"", first ? "" : ",", key);
	for (const char *p = v; *p; p++) {
		if (*p == '\\' || *p == '"')
			sp_buf_putc(b, '\\'), sp_buf_putc(b, *p);
		else if (*p == '\n')
			sp_buf_puts(b, "\\n");
		else
			sp_buf_putc(b, *p);
	}
	sp_buf_putc(b, '"');
}

static void family(sp_buf *b, const char *name, const char *help)
{
	sp_buf_printf(b, "# HELP snakepipe_%s %s\n# TYPE snakepipe_%s gauge\n", name, help, name);
}

/* One sample: name{command="…"[,repository="…"][,key="value"]} value */
static void sample(sp_buf *b, const sp_metrics *m, const char *name, const char *repo, const char *key,
		   const char *value, double v)
{
	sp_buf_printf(b, "snakepipe_%s{", name);
	label(b, "command", m->command, true);
	if (repo)
		label(b, "repository", repo, false);
	if (key)
		label(b, key, value, false);
	if (v == (double)(int64_t)v)
		sp_buf_printf(b, "} %lld\n", (long long)v);
	else
		sp_buf_printf(b, "} %.6f\n", v);
}

typedef struct per_repo {
	const char *name, *help;
	double (*get)(const repo_figures *f);
} per_repo;

#define GETTER(field)                                                                                   \
	static double get_##field(const repo_figures *f)                                                \
	{                                                                                               \
		return (double)f->field;                                                                \
	}
GETTER(code)
GETTER(runs)
GETTER(seconds)
GETTER(syntax_errors)
GETTER(bytes)
static double get_commits(const repo_figures *f)
{
	return (double)f->db.commits;
}
static double get_attempts(const repo_figures *f)
{
	return (double)f->db.reconnect_attempts;
}
static double get_reconnects(const repo_figures *f)
{
	return (double)f->db.reconnects;
}

static const per_repo simple[] = {
	{"repository_exit_code", "The worst exit code of the repository's runs (0 success).", get_code},
	{"repository_runs", "Runs of the repository (history: one per commit).", get_runs},
	{"repository_duration_seconds", "Wall time of the repository's runs.", get_seconds},
	{"syntax_errors", "Parsed files with syntax errors.", get_syntax_errors},
	{"read_bytes", "Bytes of source read and hashed.", get_bytes},
	{"db_transactions", "Transactions committed.", get_commits},
	{"db_reconnect_attempts", "Reconnects tried after a lost connection (retries).", get_attempts},
	{"db_reconnects", "Reconnects that succeeded.", get_reconnects},
};

void sp_metrics_render(const sp_metrics *m, int code, double seconds, sp_buf *b)
{
	family(b, "exit_code", "The command's exit code (0 success; see snakepipe --help).");
	sample(b, m, "exit_code", NULL, NULL, NULL, code);
	family(b, "duration_seconds", "Wall time of the command.");
	sample(b, m, "duration_seconds", NULL, NULL, NULL, seconds);
	family(b, "last_run_timestamp_seconds", "When the command finished (Unix time).");
	sample(b, m, "last_run_timestamp_seconds", NULL, NULL, NULL, (double)time(NULL));
	if (m->repos.n) {
		family(b, "phase_seconds", "Duration of each phase of the repository's run.");
		for (size_t i = 0; i < m->repos.n; i++)
			for (int p = 0; p < SP_PHASES; p++)
				sample(b, m, "phase_seconds", m->repos.v[i].name, "phase",
				       sp_phase_names[p], m->repos.v[i].phase[p]);
		family(b, "files",
		       "Source files by outcome: parsed, reused (same contents), carried "
		       "(unchanged, not read), failed, skipped.");
		for (size_t i = 0; i < m->repos.n; i++) {
			const repo_figures *f = &m->repos.v[i];
			int64_t skipped = 0;
			for (int k = 0; k < SP_SKIP_REASONS; k++)
				skipped += f->skipped_by[k];
			const struct {
				const char *outcome;
				int64_t n;
			} o[] = {{"parsed", f->parsed},
				 {"reused", f->reused},
				 {"carried", f->carried},
				 {"failed", f->failed},
				 {"skipped", skipped}};
			for (size_t k = 0; k < sizeof o / sizeof o[0]; k++)
				sample(b, m, "files", f->name, "outcome", o[k].outcome, (double)o[k].n);
		}
		family(b, "files_skipped", "Skipped files by reason.");
		for (size_t i = 0; i < m->repos.n; i++)
			for (int k = 0; k < SP_SKIP_REASONS; k++)
				sample(b, m, "files_skipped", m->repos.v[i].name, "reason",
				       sp_skip_reason_names[k], (double)m->repos.v[i].skipped_by[k]);
		family(b, "rows", "Rows committed per table.");
		for (size_t i = 0; i < m->repos.n; i++)
			for (int t = 0; t < SP_TBL_COUNT; t++)
				sample(b, m, "rows", m->repos.v[i].name, "table", sp_tables[t].name,
				       (double)m->repos.v[i].db.rows[t]);
		family(b, "db_seconds",
		       "Time spent in the database: writes (COPY or inserts) and commits.");
		for (size_t i = 0; i < m->repos.n; i++) {
			sample(b, m, "db_seconds", m->repos.v[i].name, "operation", "write",
			       m->repos.v[i].db.write_seconds);
			sample(b, m, "db_seconds", m->repos.v[i].name, "operation", "commit",
			       m->repos.v[i].db.commit_seconds);
		}
		for (size_t k = 0; k < sizeof simple / sizeof simple[0]; k++) {
			family(b, simple[k].name, simple[k].help);
			for (size_t i = 0; i < m->repos.n; i++)
				sample(b, m, simple[k].name, m->repos.v[i].name, NULL, NULL,
				       simple[k].get(&m->repos.v[i]));
		}
	}
	if (m->has_gc) {
		family(b, "gc_deleted", "What gc deleted: snapshots, dependency rows, blobs.");
		sample(b, m, "gc_deleted", NULL, "kind", "snapshots", (double)m->gc.snapshots);
		sample(b, m, "gc_deleted", NULL, "kind", "dependencies", (double)m->gc.dependencies);
		sample(b, m, "gc_deleted", NULL, "kind", "blobs", (double)m->gc.blobs);
		family(b, "gc_repositories", "Repositories gc went through.");
		sample(b, m, "gc_repositories", NULL, NULL, NULL, (double)m->gc.repositories);
	}
}

int sp_metrics_write(const sp_metrics *m, const char *path, int code, double seconds, sp_buf *err)
{
	sp_buf text, tmp;
	sp_buf_init(&text);
	sp_buf_init(&tmp);
	sp_metrics_render(m, code, seconds, &text);
	/* the collector reads *.prom files: the temporary name must not end in .prom */
	sp_buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	int rc = text.err || tmp.err ? SP_ENOMEM : 0;
	FILE *f = rc ? NULL : fopen(tmp.data, "w");
	if (!rc && !f) {
		sp_buf_printf(err, "%s: %s", tmp.data, strerror(errno));
		rc = SP_EIO;
	}
	if (f) {
		bool ok = fwrite(text.data, 1, text.len, f) == text.len;
		ok = !fflush(f) && !fsync(fileno(f)) && ok;
		ok = !fclose(f) && ok;
		if (!ok || rename(tmp.data, path)) {
			sp_buf_printf(err, "%s: %s", path, strerror(errno));
			unlink(tmp.data);
			rc = SP_EIO;
		}
	}
	sp_buf_release(&text);
	sp_buf_release(&tmp);
	return rc;
}
