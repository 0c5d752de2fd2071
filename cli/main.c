/* cli/main.c: the snakepipe command line: one subcommand table, one option table that also
   prints --help, environment defaults, and the only place that prints and chooses exit codes. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_p.h"
#include "sp_gate.h"
#include "sp_sink.h"

#include "banned.h"

#ifndef SP_VERSION
#define SP_VERSION "0.0.0"
#endif

enum {
	CMD_INDEX = 1,
	CMD_MIGRATE = 2,
	CMD_HISTORY = 4,
	CMD_GC = 8,
	CMD_SCAN = 16,
	CMD_CHECK = 32,
	CMD_DOCTOR = 64,
	CMD_REPORT = 128,
	CMD_WATCH = 256,
	/* commands that index */
	CMD_RUNS = CMD_INDEX | CMD_HISTORY | CMD_SCAN | CMD_CHECK | CMD_WATCH,
	/* commands that choose files */
	CMD_SELECT = CMD_INDEX | CMD_HISTORY | CMD_CHECK | CMD_WATCH,
	CMD_ALL = 511,
};

typedef struct option {
	const char *name;
	const char *arg; /* NULL for a flag */
	unsigned commands;
	const char *help;
} option;

/* Sorted by name; this table is the parser and the help text. */
static const option options[] = {
	{"all-parents", NULL, CMD_HISTORY,
	 "walk every parent of merges (default: the first-parent main line only)"},
	{"base", "REV", CMD_CHECK,
	 "the commit-ish the change is compared with (default: check.base of .snakepipe.yaml, else "
	 "the default branch)"},
	{"batch-size", "N", CMD_RUNS, "files per database transaction, at most (default 256)"},
	{"db", "URL", CMD_ALL,
	 "postgresql://… or a libpq conninfo for PostgreSQL, else a SQLite file "
	 "(default: $SNAKEPIPE_DB, else snakepipe.db)"},
	{"default-branch", "NAME", CMD_RUNS,
	 "the repository's default branch, whose snapshots current_* show (default: origin/HEAD's "
	 "branch, else main, else master)"},
	{"enqueue", NULL, CMD_SCAN,
	 "scan: put the manifest's repositories in the database's shared queue (PostgreSQL) for "
	 "`scan --worker` processes, instead of indexing them"},
	{"exclude", "GLOB", CMD_SELECT, "skip paths matching GLOB ('*' crosses '/'); repeatable"},
	{"fail-on", "RULES", CMD_CHECK,
	 "comma-separated rules, e.g. 'cyclomatic > 15, nloc grew by > 20 for python in src/*' "
	 "(default: check.fail_on of .snakepipe.yaml, else " SP_GATE_DEFAULT_RULES ")"},
	{"format", "F", CMD_CHECK,
	 "the report's format: text (default), json, sarif, codeclimate, junit, github, markdown"},
	{"flush-files", "N", CMD_WATCH, "watch: flush at once when N paths changed (default 100)"},
	{"flush-interval", "SECONDS", CMD_WATCH,
	 "watch: flush this long after the first unwritten change (default 5)"},
	{"help", NULL, CMD_ALL, "show this help"},
	{"include", "GLOB", CMD_SELECT, "index only paths matching GLOB; repeatable"},
	{"include-dir", "DIR", CMD_SELECT,
	 "C/C++: resolve #include against DIR (relative to the repository; default: include/ when "
	 "it exists); repeatable"},
	{"jobs", "N", CMD_RUNS, "extraction threads (default: the number of CPUs, at most 16)"},
	{"json", NULL, CMD_INDEX | CMD_HISTORY | CMD_SCAN | CMD_GC | CMD_DOCTOR | CMD_WATCH,
	 "print the summary as one JSON object on stdout"},
	{"keep", "N", CMD_GC, "keep the N newest complete snapshots of each repository"},
	{"lang-map", "GLOB=LANG", CMD_SELECT | CMD_SCAN,
	 "read paths matching GLOB as LANG ('*.h=cpp', 'Rakefile=ruby'; a GLOB with '/' matches the "
	 "path, else the base name); repeatable; the first matching rule wins, and these come before "
	 "the manifest's and .snakepipe.yaml's language_map"},
	{"macro", "DEF", CMD_SELECT | CMD_SCAN,
	 "C/C++: read a macro as ctags' -D does: NAME (as nothing), NAME() (nothing, with its "
	 "arguments), NAME=TEXT or NAME()=TEXT; repeatable; after .snakepipe.yaml's and the "
	 "manifest's macros, and the last definition of a name wins"},
	{"language", "NAME", CMD_SELECT,
	 "index only this language (c, cpp, go, java, javascript, python, ruby, rust, tsx, "
	 "typescript); repeatable"},
	{"last", "N", CMD_HISTORY, "the last N commits"},
	{"lease", "SECONDS", CMD_SCAN,
	 "scan --enqueue: a worker that stops renewing its claim for this long (it died) loses "
	 "the repository to another worker (default 60)"},
	{"log-format", "F", CMD_RUNS | CMD_GC,
	 "events as lines on stderr: text or json (JSON lines: ts, level, event, fields): batches "
	 "committed, retries, reconnects, file errors, lock waits, runs finished"},
	{"max-file-size", "BYTES", CMD_RUNS,
	 "record larger files with skip_reason 'too large' instead of parsing them (default 2097152)"},
	{"metrics-file", "PATH", CMD_INDEX | CMD_HISTORY | CMD_SCAN | CMD_GC,
	 "write the run's figures to PATH in the Prometheus text format (atomically; for "
	 "node_exporter's textfile collector)"},
	{"no-catch-up", NULL, CMD_WATCH, "watch: no index at the start, only the changes from then on"},
	{"no-wait", NULL, CMD_RUNS,
	 "exit with code 5 instead of waiting when another run holds the repository"},
	{"older-than", "DATE", CMD_GC,
	 "delete snapshots finished before DATE (YYYY-MM-DD[THH:MM:SS], UTC)"},
	{"output", "PATH", CMD_CHECK | CMD_REPORT,
	 "check: write the findings to this file instead of stdout; report: the directory to write "
	 "index.html into (created if missing)"},
	{"progress", "WHEN", CMD_RUNS,
	 "auto (default: a live line on a terminal, else a line every 10 s; none with --quiet), "
	 "always, never"},
	{"quiet", NULL, CMD_RUNS | CMD_GC | CMD_REPORT,
	 "no progress and no text summary (errors still go to stderr)"},
	{"ref", "NAME", CMD_INDEX | CMD_HISTORY,
	 "record the snapshot under this ref (branch or tag name) instead of the one git names "
	 "(a detached CI checkout)"},
	{"repo", "NAME", CMD_REPORT,
	 "report only on this repository (its name, repositories.name; default: all)"},
	{"repo-name", "NAME", CMD_SELECT,
	 "the repository's identity, shared by its clones (default: remote origin's URL as "
	 "host/org/x, else the path)"},
	{"retries", "N", CMD_RUNS,
	 "reconnect N times (with backoff) after a lost database connection (default 3)"},
	{"rev", "COMMIT", CMD_INDEX | CMD_CHECK,
	 "index this commit-ish from git's object store, not the work tree"},
	{"since", "DATE", CMD_HISTORY, "commits after DATE (any date git understands)"},
	{"stale-after", "AGE", CMD_DOCTOR,
	 "warn about repositories without a complete snapshot this recent: 90s, 30m, 12h, 7d, 2w "
	 "(default 7d)"},
	{"status", NULL, CMD_MIGRATE, "list applied and pending migrations, change nothing"},
	{"version", NULL, CMD_ALL, "print the version"},
	{"worker", NULL, CMD_SCAN,
	 "scan: index repositories from the database's shared queue until it is drained; run any "
	 "number, on any machines"},
};

static const struct {
	const char *name;
	unsigned id;
	const char *usage;
	const char *help;
} commands[] = {
	{"check", CMD_CHECK, "check <repo> [--base REV] [--rev REV] [--fail-on RULES] [--format F]",
	 "the CI gate: index base and change, fail (exit 6) on findings the change introduced"},
	{"doctor", CMD_DOCTOR, "doctor [--stale-after AGE] [--json]",
	 "check the database's health: ok, warning (exit 1) or error (exit 3) per check"},
	{"gc", CMD_GC, "gc --keep N | --older-than DATE",
	 "delete old snapshots, then dependencies and blobs no snapshot uses"},
	{"history", CMD_HISTORY, "history <repo> [A..B] [--since DATE | --last N] [--all-parents]",
	 "index commits of a git repository as snapshots, oldest first"},
	{"index", CMD_INDEX, "index <repo> [--rev COMMIT] [options]",
	 "index a source tree (git work tree, commit or directory) into a new snapshot"},
	{"migrate", CMD_MIGRATE, "migrate [--status]",
	 "apply pending schema migrations (index does this too)"},
	{"report", CMD_REPORT, "report --output DIR [--repo NAME]",
	 "write a static HTML report of the database (charts, sortable tables) to DIR/index.html"},
	{"scan", CMD_SCAN, "scan <manifest.yaml> [--enqueue] | --worker",
	 "index every repository a manifest lists, or share the work through a queue"},
	{"watch", CMD_WATCH, "watch <repo> [--flush-interval S] [--flush-files N]",
	 "re-index a work tree as files change, a snapshot per batch of changes"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: snakepipe <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  snakepipe %-48s %s\n", commands[i].usage, commands[i].help);
	fprintf(out, "\noptions:\n");
	for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
		char left[40];
		snprintf(left, sizeof left, "--%s%s%s", options[i].name, options[i].arg ? " " : "",
			 options[i].arg ? options[i].arg : "");
		fprintf(out, "  %-18s %s\n", left, options[i].help);
	}
	fprintf(out,
		"\nexit codes:\n"
		"  0  success\n"
		"  1  indexed and committed, but some files could not be read or parsed\n"
		"  2  usage error (including a manifest that does not fit its schema)\n"
		"  3  database error (unreachable, write refused and rolled back, schema mismatch)\n"
		"  4  system error (repository unreadable, out of memory)\n"
		"  5  another run holds the repository (with --no-wait)\n"
		"  6  check: the gate failed (a finding the change introduced breaks a rule)\n"
		"history and scan exit with the worst code of their runs (with scan --no-wait a\n"
		"repository another run holds is reported as taken by it, not failed, and leaves the\n"
		"exit code alone); doctor: 0 all ok, 1 a warning, 3 an error; watch: 0 when stopped\n"
		"by SIGINT/SIGTERM.\n");
}

static int usage_error(const char *fmt, const char *arg) __attribute__((format(printf, 1, 0)));
static int usage_error(const char *fmt, const char *arg)
{
	char msg[512];
	/* cppcheck-suppress wrongPrintfScanfArgNum ; fmt holds exactly one %s */
	snprintf(msg, sizeof msg, fmt, arg);
	sp_say("%s", msg);
	fputs("Try 'snakepipe --help'.\n", stderr);
	return SP_EXIT_USAGE;
}

/* Repeatable options collect into fixed lists; more than this many is a usage error. */
#define MAX_REPEAT 64
static const char *includes[MAX_REPEAT], *excludes[MAX_REPEAT], *languages[MAX_REPEAT],
	*include_dirs[MAX_REPEAT], *macro_defs[MAX_REPEAT];
static sp_lang_rule lang_rules[MAX_REPEAT];
static char lang_rule_text[MAX_REPEAT][512];

/* --lang-map GLOB=LANG, split at the last '=' (the language is checked with the table later). */
static int push_lang_rule(sp_options *o, const char *val)
{
	const char *eq = strrchr(val, '=');
	size_t n = o->lang_map_flags_count;
	if (!eq || eq == val || !eq[1] || strlen(val) >= sizeof lang_rule_text[0])
		return usage_error("--lang-map wants GLOB=LANG ('*.h=cpp'), not '%s'", val);
	if (n >= MAX_REPEAT)
		return usage_error("too many '%s' options", val);
	memcpy(lang_rule_text[n], val, strlen(val) + 1);
	lang_rule_text[n][eq - val] = 0;
	lang_rules[n] = (sp_lang_rule){lang_rule_text[n], lang_rule_text[n] + (eq - val) + 1};
	o->lang_map_flags_count = n + 1;
	return 0;
}

static int number(const char *val, long lo, long hi, long *out, const char *what)
{
	char *end;
	errno = 0;
	*out = strtol(val, &end, 10);
	if (errno || *end || !*val || *out < lo || *out > hi) {
		char msg[96];
		snprintf(msg, sizeof msg, "%s wants a number from %ld to %ld, not '%%s'", what, lo, hi);
		return usage_error(msg, val);
	}
	return 0;
}

static int push(const char **list, size_t *n, const char *val)
{
	if (*n >= MAX_REPEAT)
		return usage_error("too many '%s' options", val);
	list[(*n)++] = val;
	return 0;
}

static int set_option(const option *opt, const char *val, sp_options *o)
{
	long n;
	const char *name = opt->name;
	int rc = 0;
	if (!strcmp(name, "help")) {
		usage(stdout);
		exit(SP_EXIT_OK);
	} else if (!strcmp(name, "version")) {
		printf("snakepipe %s\n", SP_VERSION);
		exit(SP_EXIT_OK);
	} else if (!strcmp(name, "db")) {
		if (!*val)
			return usage_error("%s",
					   "--db wants a database URL or file, not an empty string");
		o->db = val;
	} else if (!strcmp(name, "batch-size")) {
		if (!(rc = number(val, 1, 1000000, &n, "--batch-size")))
			o->batch_size = n;
	} else if (!strcmp(name, "max-file-size")) {
		if (!(rc = number(val, 1, 1L << 31, &n, "--max-file-size")))
			o->max_file_size = n;
	} else if (!strcmp(name, "jobs")) {
		if (!(rc = number(val, 1, 64, &n, "--jobs")))
			o->jobs = (int)n, o->jobs_given = true;
	} else if (!strcmp(name, "retries")) {
		if (!(rc = number(val, 0, 100, &n, "--retries")))
			o->retries = (int)n, o->retries_given = true;
	} else if (!strcmp(name, "lease")) {
		if (!(rc = number(val, 2, 86400, &n, "--lease")))
			o->lease = (int)n;
	} else if (!strcmp(name, "keep")) {
		if (!(rc = number(val, 1, 1000000, &n, "--keep")))
			o->keep = (int)n;
	} else if (!strcmp(name, "last")) {
		if (!(rc = number(val, 1, 100000000, &n, "--last")))
			o->last = n;
	} else if (!strcmp(name, "include")) {
		rc = push(includes, &o->include_count, val);
	} else if (!strcmp(name, "exclude")) {
		rc = push(excludes, &o->exclude_count, val);
	} else if (!strcmp(name, "include-dir")) {
		rc = push(include_dirs, &o->include_dir_count, val);
	} else if (!strcmp(name, "macro")) {
		rc = push(macro_defs, &o->macro_flag_count, val);
	} else if (!strcmp(name, "lang-map")) {
		rc = push_lang_rule(o, val);
	} else if (!strcmp(name, "language")) {
		rc = push(languages, &o->languages_count, val);
	} else if (!strcmp(name, "rev")) {
		o->rev = val;
	} else if (!strcmp(name, "repo")) {
		if (!*val)
			return usage_error("%s", "--repo wants a repository name");
		o->repo_name = val;
	} else if (!strcmp(name, "repo-name")) {
		if (!*val)
			return usage_error("%s", "--repo-name wants a name");
		o->repo_name = val;
	} else if (!strcmp(name, "ref")) {
		if (!*val)
			return usage_error("%s", "--ref wants a branch or tag name");
		o->ref = val;
	} else if (!strcmp(name, "default-branch")) {
		if (!*val)
			return usage_error("%s", "--default-branch wants a branch name");
		o->default_branch = val;
	} else if (!strcmp(name, "base")) {
		o->base = val;
	} else if (!strcmp(name, "fail-on")) {
		o->fail_on = val;
	} else if (!strcmp(name, "format")) {
		o->format = val;
	} else if (!strcmp(name, "output")) {
		o->output = val;
	} else if (!strcmp(name, "stale-after")) {
		if (sp_parse_duration(val, &o->stale_after) || !o->stale_after)
			return usage_error(
				"--stale-after wants an age such as 90s, 30m, 12h or 7d, not '%s'", val);
	} else if (!strcmp(name, "log-format")) {
		if (strcmp(val, "text") && strcmp(val, "json"))
			return usage_error("--log-format is text or json, not '%s'", val);
		sp_log_set_format(!strcmp(val, "json") ? SP_LOG_JSON : SP_LOG_TEXT);
	} else if (!strcmp(name, "metrics-file")) {
		if (!*val)
			return usage_error("%s", "--metrics-file wants a file name");
		o->metrics_file = val;
	} else if (!strcmp(name, "since")) {
		o->since = val;
	} else if (!strcmp(name, "older-than")) {
		o->older_than = val;
	} else if (!strcmp(name, "flush-interval")) {
		char *end;
		double v = strtod(val, &end);
		if (end == val || *end || !(v >= 0.05 && v <= 86400))
			return usage_error("--flush-interval wants seconds from 0.05 to 86400, not '%s'",
					   val);
		o->flush_interval = v;
	} else if (!strcmp(name, "flush-files")) {
		if (!(rc = number(val, 1, 10000000, &n, "--flush-files")))
			o->flush_files = n;
	} else if (!strcmp(name, "no-catch-up")) {
		o->no_catch_up = true;
	} else if (!strcmp(name, "enqueue")) {
		o->enqueue = true;
	} else if (!strcmp(name, "worker")) {
		o->worker = true;
	} else if (!strcmp(name, "no-wait")) {
		o->no_wait = true;
	} else if (!strcmp(name, "all-parents")) {
		o->all_parents = true;
	} else if (!strcmp(name, "json")) {
		o->json = true;
	} else if (!strcmp(name, "quiet")) {
		o->quiet = true;
	} else if (!strcmp(name, "progress")) {
		if (!strcmp(val, "auto"))
			o->progress = SP_PROGRESS_MODE_AUTO;
		else if (!strcmp(val, "always"))
			o->progress = SP_PROGRESS_MODE_ALWAYS;
		else if (!strcmp(val, "never"))
			o->progress = SP_PROGRESS_MODE_NEVER;
		else
			return usage_error("--progress %s: use auto, always or never", val);
	} else if (!strcmp(name, "status")) {
		o->status = true;
	}
	return rc;
}

static int positional(const char *a, sp_options *o, unsigned *cmd)
{
	if (!*cmd) {
		for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
			if (!strcmp(a, commands[k].name)) {
				*cmd = commands[k].id;
				o->command = a;
			}
		return *cmd ? 0 : usage_error("unknown command '%s'", a);
	}
	if ((*cmd & CMD_SELECT) && !o->repo)
		o->repo = a;
	else if (*cmd == CMD_HISTORY && !o->range && strstr(a, ".."))
		o->range = a;
	else if (*cmd == CMD_SCAN && !o->manifest)
		o->manifest = a;
	else
		return usage_error("unexpected argument '%s'", a);
	return 0;
}

static int parse(int argc, char **argv, sp_options *o, unsigned *cmd)
{
	*cmd = 0;
	const option *used[sizeof options / sizeof options[0]];
	size_t nused = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--", 2) || !a[2]) {
			int rc = positional(a, o, cmd);
			if (rc)
				return rc;
			continue;
		}
		const char *name = a + 2;
		const char *eq = strchr(name, '=');
		size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
		const option *opt = NULL;
		for (size_t k = 0; k < sizeof options / sizeof options[0]; k++)
			if (strlen(options[k].name) == nlen && !strncmp(options[k].name, name, nlen))
				opt = &options[k];
		if (!opt)
			return usage_error("unknown option '%s'", a);
		const char *val = NULL;
		if (opt->arg) {
			if (eq)
				val = eq + 1;
			else if (i + 1 < argc)
				val = argv[++i];
			else
				return usage_error("option '%s' needs a value", a);
		} else if (eq) {
			return usage_error("option '%s' takes no value", a);
		}
		int rc = set_option(opt, val, o);
		if (rc)
			return rc;
		used[nused < sizeof used / sizeof used[0] ? nused++ : nused - 1] = opt;
	}
	if (!*cmd)
		return usage_error("%s", "no command given");
	for (size_t i = 0; i < nused; i++)
		if (!(used[i]->commands & *cmd))
			return usage_error("option '--%s' does not apply to this command",
					   used[i]->name);
	if ((*cmd & CMD_SELECT) && !o->repo)
		return usage_error("%s needs a repository path", o->command);
	if (*cmd == CMD_SCAN && o->enqueue && o->worker)
		return usage_error("%s", "scan takes one of --enqueue and --worker");
	if (*cmd == CMD_SCAN && o->worker && o->manifest)
		return usage_error("scan --worker takes no manifest ('%s'): it reads each run's from "
				   "the database",
				   o->manifest);
	if (*cmd == CMD_SCAN && !o->manifest && !o->worker)
		return usage_error("%s", "scan needs a manifest file");
	if (o->lease && !o->enqueue)
		return usage_error("%s", "--lease applies to scan --enqueue");
	if (*cmd == CMD_HISTORY && (!!o->range + !!o->since + !!o->last) > 1)
		return usage_error("%s", "history takes one of A..B, --since and --last");
	o->include = includes;
	o->exclude = excludes;
	o->languages = languages;
	o->include_dirs = include_dirs;
	o->lang_map_flags = lang_rules;
	o->macro_flags = macro_defs;
	return 0;
}

static int cmd_migrate(const sp_options *o, const char *db_shown)
{
	sp_sink *s = NULL;
	int rc = sp_sink_open(o->db, &s);
	int code = SP_EXIT_OK;
	sp_buf report;
	sp_buf_init(&report);
	int pending = 0;
	if (!rc && !o->status)
		rc = sp_sink_migrate(s);
	if (!rc)
		rc = sp_sink_migration_status(s, &report, &pending);
	if (rc) {
		sp_say("%s: %s", db_shown, sp_sink_errmsg(s));
		code = SP_EXIT_DB;
	} else {
		fputs(sp_buf_cstr(&report), stdout);
	}
	sp_buf_release(&report);
	sp_sink_close(s);
	return code;
}

static int cmd_index(const sp_options *o, const char *db_shown)
{
	sp_summary sum;
	sp_summary_init(&sum);
	int code = sp_cmd_index(o, &sum);
	sp_log_run(&sum, o->repo, false, code);
	if (o->metrics)
		sp_metrics_add_run(o->metrics, &sum, code);
	/* a usage error is about the command, not a run: no summary of a snapshot that never was */
	if (code != SP_EXIT_USAGE && (o->json || !o->quiet))
		sp_summary_print(&sum, db_shown, o->json);
	sp_summary_release(&sum);
	return code;
}

/* --metrics-file: its directory must take the file before any work is done */
static int metrics_begin(sp_options *o)
{
	char *dir = strdup(o->metrics_file);
	if (!dir || !(o->metrics = sp_metrics_new(o->command))) {
		free(dir);
		sp_say("%s", sp_strerror(SP_ENOMEM));
		return SP_EXIT_SYSTEM;
	}
	int bad = access(dirname(dir), W_OK);
	free(dir);
	if (!bad)
		return SP_EXIT_OK;
	sp_metrics_free(o->metrics);
	o->metrics = NULL;
	return usage_error("--metrics-file: cannot write in the directory of '%s'", o->metrics_file);
}

/* Writes the metrics; a file that cannot be written turns a success into a system error. */
static int metrics_end(sp_options *o, int code, double seconds)
{
	sp_buf err;
	sp_buf_init(&err);
	if (sp_metrics_write(o->metrics, o->metrics_file, code, seconds, &err)) {
		sp_say("--metrics-file: %s", err.len ? sp_buf_cstr(&err) : sp_strerror(SP_ENOMEM));
		if (code == SP_EXIT_OK)
			code = SP_EXIT_SYSTEM;
	}
	sp_buf_release(&err);
	sp_metrics_free(o->metrics);
	return code;
}

int main(int argc, char **argv)
{
	sp_run_heap_setup();
	sp_options o = {.retries = 3, .flush_interval = 5, .flush_files = 100};
	unsigned cmd;
	int code = parse(argc, argv, &o, &cmd);
	if (code)
		return code;
	if (!o.lease)
		o.lease = 60;
	if (!o.jobs) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		o.jobs = cpus < 1 ? 1 : cpus > 16 ? 16 : (int)cpus;
	}
	bool db_given = o.db != NULL;
	if (!o.db)
		o.db = getenv("SNAKEPIPE_DB");
	db_given = db_given || (o.db && *o.db);
	if (!o.db || !*o.db)
		o.db = "snakepipe.db";
	sp_buf shown;
	sp_buf_init(&shown);
	sp_sink_redact(o.db, &shown);
	const char *db_shown = sp_buf_cstr(&shown);
	double t0 = sp_now();
	if (o.metrics_file && (code = metrics_begin(&o)))
		goto out;
	switch (cmd) {
	case CMD_MIGRATE: code = cmd_migrate(&o, db_shown); break;
	case CMD_HISTORY: code = sp_cmd_history(&o, db_shown); break;
	case CMD_GC: code = sp_cmd_gc(&o, db_shown); break;
	case CMD_SCAN:
		code = o.worker    ? sp_cmd_scan_worker(&o)
		       : o.enqueue ? sp_cmd_scan_enqueue(&o, db_given)
				   : sp_cmd_scan(&o, db_given);
		break;
	case CMD_CHECK: code = sp_cmd_check(&o, db_shown); break;
	case CMD_DOCTOR: code = sp_cmd_doctor(&o, db_shown); break;
	case CMD_WATCH: code = sp_cmd_watch(&o, db_shown); break;
	case CMD_REPORT: code = sp_cmd_report(&o, db_shown); break;
	default: code = cmd_index(&o, db_shown); break;
	}
	if (o.metrics)
		code = metrics_end(&o, code, sp_now() - t0);
out:
	sp_buf_release(&shown);
	return code;
}
