/* cli/commands.c: the commands built on `index`: history (a range of commits, oldest first),
   scan (many repositories from a libcyaml manifest) and gc (retention). */
#include <cyaml/cyaml.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_p.h"
#include "sp_extract.h"
#include "sp_sink.h"

#include "banned.h"

/* Runs one index and reports it; returns its exit code. Text mode prints each summary at once;
   JSON mode appends each to the array being built. */
static int index_one(const sp_options *o, const char *db_shown, sp_buf *json, bool *first)
{
	sp_summary sum;
	sp_summary_init(&sum);
	int code = sp_cmd_index(o, &sum);
	for (size_t i = 0; i < sum.errors.n; i++)
		fprintf(stderr, "snakepipe: %s: %s: %s\n", o->repo, sum.errors.v[i].path,
			sum.errors.v[i].message);
	if (sum.fatal.len)
		fprintf(stderr, "snakepipe: %s: %s\n", o->repo, sp_buf_cstr(&sum.fatal));
	if (o->json) {
		if (!*first)
			sp_buf_puts(json, ", ");
		sp_summary_json(&sum, db_shown, json);
		*first = false;
	} else if (!o->quiet) {
		sp_summary_print(&sum, db_shown, false);
	}
	sp_summary_release(&sum);
	return code;
}

/* The worse of two exit codes: a database or system error outranks file-level errors. */
static int worse(int a, int b)
{
	return a == SP_EXIT_OK ? b : b == SP_EXIT_OK ? a : a > b ? a : b;
}

int sp_cmd_history(const sp_options *o, const char *db_shown)
{
	sp_buf commits, err, json;
	sp_buf_init(&commits);
	sp_buf_init(&err);
	sp_buf_init(&json);
	int code = SP_EXIT_OK;
	if (sp_git_commits(o->repo, o->range, o->since, o->last, &commits, &err)) {
		fprintf(stderr, "snakepipe: %s\n", sp_buf_cstr(&err));
		code = SP_EXIT_USAGE;
		goto out;
	}
	bool first = true;
	size_t done = 0;
	sp_buf_puts(&json, "{\"snapshots\": [");
	for (char *c = commits.data; c && *c;) {
		char *nl = strchr(c, '\n');
		if (nl)
			*nl = '\0';
		sp_options one = *o;
		one.rev = c;
		int rc = index_one(&one, db_shown, &json, &first);
		code = worse(code, rc);
		done++;
		/* file-level errors are facts of that commit; anything worse stops the walk */
		if (rc != SP_EXIT_OK && rc != SP_EXIT_FILE_ERRORS)
			break;
		c = nl ? nl + 1 : c + strlen(c);
	}
	if (o->json)
		printf("%s], \"commits\": %zu}\n", sp_buf_cstr(&json), done);
	else if (!o->quiet)
		printf("history: %zu commit(s) indexed\n", done);
out:
	sp_buf_release(&commits);
	sp_buf_release(&err);
	sp_buf_release(&json);
	return code;
}

/* ---- retention ---- */

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS" (UTC) to seconds since the epoch, -1 when neither. */
static int64_t parse_date(const char *s)
{
	struct tm tm = {0};
	int n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) != 3)
		return -1;
	if (s[n] == 'T' || s[n] == ' ') {
		int m = 0;
		if (sscanf(s + n + 1, "%2d:%2d:%2d%n", &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &m) != 3)
			return -1;
		n += 1 + m;
	}
	if (s[n] != '\0' && strcmp(s + n, "Z"))
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm);
}

int sp_cmd_gc(const sp_options *o, const char *db_shown)
{
	sp_gc_policy p = {o->keep, 0};
	if (o->older_than && (p.older_than = parse_date(o->older_than)) < 0) {
		fprintf(stderr,
			"snakepipe: --older-than wants YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, not '%s'\n",
			o->older_than);
		return SP_EXIT_USAGE;
	}
	if ((p.keep > 0) == (o->older_than != NULL)) {
		fprintf(stderr, "snakepipe: gc needs exactly one of --keep N and --older-than DATE\n");
		return SP_EXIT_USAGE;
	}
	sp_sink *s = NULL;
	sp_gc_counts c;
	int code = SP_EXIT_OK;
	if (sp_sink_open(o->db, &s) || sp_sink_migrate(s) || sp_sink_gc(s, &p, &c)) {
		fprintf(stderr, "snakepipe: %s: %s\n", db_shown, sp_sink_errmsg(s));
		code = SP_EXIT_DB;
	} else if (o->json) {
		printf("{\"repositories\": %lld, \"snapshots_deleted\": %lld, \"dependencies_deleted\": "
		       "%lld, "
		       "\"blobs_deleted\": %lld}\n",
		       (long long)c.repositories, (long long)c.snapshots, (long long)c.dependencies,
		       (long long)c.blobs);
	} else if (!o->quiet) {
		printf("gc: %lld repositories, deleted %lld snapshots, %lld dependency rows, %lld "
		       "blobs\n",
		       (long long)c.repositories, (long long)c.snapshots, (long long)c.dependencies,
		       (long long)c.blobs);
	}
	sp_sink_close(s);
	return code;
}

/* ---- scheduled scans: the manifest ---- */

typedef struct m_repo {
	char *path;
	char *rev;
	char **include;
	unsigned include_count;
	char **exclude;
	unsigned exclude_count;
	char **languages;
	unsigned languages_count;
	char **include_dirs;
	unsigned include_dirs_count;
} m_repo;

typedef struct m_defaults {
	char *database;
	unsigned batch_size;
	unsigned retries;
	unsigned jobs;
} m_defaults;

typedef struct manifest {
	m_defaults *defaults;
	m_repo *repositories;
	unsigned repositories_count;
} manifest;

static const cyaml_schema_value_t string_entry = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 1, CYAML_UNLIMITED),
};

static const cyaml_schema_field_t repo_fields[] = {
	CYAML_FIELD_STRING_PTR("path", CYAML_FLAG_POINTER, m_repo, path, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("rev", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, m_repo, rev, 1,
			       CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("include", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, m_repo, include,
			     &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("exclude", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, m_repo, exclude,
			     &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("languages", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, m_repo, languages,
			     &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("include_dirs", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, m_repo,
			     include_dirs, &string_entry, 0, CYAML_UNLIMITED),
	CYAML_FIELD_END,
};

static const cyaml_schema_value_t repo_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, m_repo, repo_fields),
};

static const cyaml_schema_field_t defaults_fields[] = {
	CYAML_FIELD_STRING_PTR("database", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, m_defaults,
			       database, 1, CYAML_UNLIMITED),
	CYAML_FIELD_UINT("batch_size", CYAML_FLAG_OPTIONAL, m_defaults, batch_size),
	CYAML_FIELD_UINT("retries", CYAML_FLAG_OPTIONAL, m_defaults, retries),
	CYAML_FIELD_UINT("jobs", CYAML_FLAG_OPTIONAL, m_defaults, jobs),
	CYAML_FIELD_END,
};

static const cyaml_schema_field_t manifest_fields[] = {
	CYAML_FIELD_MAPPING_PTR("defaults", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, manifest, defaults,
				defaults_fields),
	CYAML_FIELD_SEQUENCE("repositories", CYAML_FLAG_POINTER, manifest, repositories, &repo_entry, 1,
			     CYAML_UNLIMITED),
	CYAML_FIELD_END,
};

static const cyaml_schema_value_t manifest_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, manifest, manifest_fields),
};

/* libcyaml reports problems through its log function; keep them for one clear message. */
static void collect_log(cyaml_log_t level, void *ctx, const char *fmt, va_list args)
{
	if (level < CYAML_LOG_WARNING)
		return;
	sp_buf *b = ctx;
	char line[512];
	vsnprintf(line, sizeof line, fmt, args);
	char *t = line;
	if (!strncmp(t, "Load: ", 6))
		t += 6;
	while (*t == ' ')
		t++;
	size_t n = strlen(t);
	while (n && (t[n - 1] == '\n' || t[n - 1] == ' '))
		t[--n] = '\0';
	if (!n || !strcmp(t, "Backtrace:"))
		return;
	sp_buf_puts(b, t);
	sp_buf_puts(b, "; ");
}

/* The line of the first "KEY:" in the file (KEY ends at ';' or the end of the message), or 0. */
static long key_line(const char *path, const char *key)
{
	size_t klen = strcspn(key, ";");
	FILE *f = fopen(path, "r");
	if (!f || klen == 0 || klen > 200) {
		if (f)
			fclose(f);
		return 0;
	}
	char line[1024];
	long n = 0, found = 0;
	while (!found && fgets(line, sizeof line, f)) {
		n++;
		const char *p = line + strspn(line, " \t-");
		if (!strncmp(p, key, klen) && p[klen] == ':')
			found = n;
	}
	fclose(f);
	return found;
}

int sp_cmd_scan(const sp_options *o, bool db_given)
{
	sp_buf log;
	sp_buf_init(&log);
	cyaml_config_t cfg = {
		.log_fn = collect_log,
		.log_ctx = &log,
		.mem_fn = cyaml_mem,
		.log_level = CYAML_LOG_WARNING,
	};
	manifest *m = NULL;
	cyaml_err_t err =
		cyaml_load_file(o->manifest, &cfg, &manifest_schema, (cyaml_data_t **)&m, NULL);
	if (err != CYAML_OK) {
		while (log.len && (log.data[log.len - 1] == ' ' || log.data[log.len - 1] == ';'))
			log.data[--log.len] = '\0';
		/* libcyaml places an unknown key at its mapping's line; point at the key itself */
		const char *uk = strstr(sp_buf_cstr(&log), "Unexpected key: ");
		long at = uk ? key_line(o->manifest, uk + 16) : 0;
		if (at > 0)
			sp_buf_printf(&log, " (the key is on line %ld)", at);
		fprintf(stderr, "snakepipe: %s: %s%s%s\n", o->manifest, cyaml_strerror(err),
			log.len ? ": " : "", sp_buf_cstr(&log));
		sp_buf_release(&log);
		return SP_EXIT_USAGE;
	}
	sp_buf_release(&log);
	/* flags beat the manifest's defaults, which beat the built-in ones */
	sp_options base = *o;
	if (!db_given && m->defaults && m->defaults->database)
		base.db = m->defaults->database;
	if (!o->batch_size && m->defaults && m->defaults->batch_size)
		base.batch_size = m->defaults->batch_size;
	if (!o->retries_given && m->defaults && m->defaults->retries)
		base.retries = (int)m->defaults->retries;
	if (!o->jobs_given && m->defaults && m->defaults->jobs)
		base.jobs = (int)m->defaults->jobs > 64 ? 64 : (int)m->defaults->jobs;
	sp_buf shown, json;
	sp_buf_init(&shown);
	sp_buf_init(&json);
	sp_sink_redact(base.db, &shown);
	int code = SP_EXIT_OK;
	unsigned failed = 0;
	bool first = true;
	sp_buf_puts(&json, "{\"repositories\": [");
	for (unsigned i = 0; i < m->repositories_count; i++) {
		const m_repo *r = &m->repositories[i];
		sp_options one = base;
		one.repo = r->path;
		one.rev = r->rev;
		one.include = (const char *const *)r->include;
		one.include_count = r->include_count;
		one.exclude = (const char *const *)r->exclude;
		one.exclude_count = r->exclude_count;
		one.languages = (const char *const *)r->languages;
		one.languages_count = r->languages_count;
		one.include_dirs = (const char *const *)r->include_dirs;
		one.include_dir_count = r->include_dirs_count;
		int rc = index_one(&one, sp_buf_cstr(&shown), &json, &first);
		failed += rc != SP_EXIT_OK;
		code = worse(code, rc);
	}
	if (o->json)
		printf("%s], \"failed\": %u}\n", sp_buf_cstr(&json), failed);
	else if (!o->quiet)
		printf("scan: %u repositories, %u failed\n", m->repositories_count, failed);
	sp_buf_release(&shown);
	sp_buf_release(&json);
	cyaml_free(&cfg, &manifest_schema, m, 0);
	return code;
}
