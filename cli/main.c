/* cli/main.c: the snakepipe command line: one subcommand table, one option table that also
   prints --help, environment defaults, and the only place that prints and chooses exit codes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_p.h"
#include "sp_sink.h"

#include "banned.h"

#ifndef SP_VERSION
#define SP_VERSION "0.0.0"
#endif

enum { CMD_INDEX = 1, CMD_MIGRATE = 2, CMD_ALL = 3 };

typedef struct option {
	const char *name;
	const char *arg; /* NULL for a flag */
	unsigned commands;
	const char *help;
} option;

/* Sorted by name; this table is the parser and the help text. */
static const option options[] = {
	{"batch-size", "N", CMD_INDEX, "files per database transaction (default 256)"},
	{"db", "URL", CMD_ALL,
	 "postgresql://… or a libpq conninfo for PostgreSQL, else a SQLite file "
	 "(default: $SNAKEPIPE_DB, else snakepipe.db)"},
	{"help", NULL, CMD_ALL, "show this help"},
	{"jobs", "N", CMD_INDEX, "extraction threads (default: the number of CPUs, at most 16)"},
	{"json", NULL, CMD_INDEX, "print the run summary as one JSON object on stdout"},
	{"no-wait", NULL, CMD_INDEX, "exit with code 5 instead of waiting when another run holds the repository"},
	{"quiet", NULL, CMD_INDEX, "no progress and no text summary (errors still go to stderr)"},
	{"retries", "N", CMD_INDEX, "reconnect N times (with backoff) after a lost database connection (default 3)"},
	{"rev", "COMMIT", CMD_INDEX, "index this commit-ish from git's object store, not the work tree"},
	{"status", NULL, CMD_MIGRATE, "list applied and pending migrations, change nothing"},
	{"version", NULL, CMD_ALL, "print the version"},
};

static const struct {
	const char *name;
	unsigned id;
	const char *usage;
	const char *help;
} commands[] = {
	{"index", CMD_INDEX, "index <repo> [--rev COMMIT] [options]",
	 "index a source tree (git work tree or directory) into a new snapshot"},
	{"migrate", CMD_MIGRATE, "migrate [--db URL] [--status]",
	 "apply pending schema migrations (index does this too)"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: snakepipe <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  snakepipe %-32s %s\n", commands[i].usage, commands[i].help);
	fprintf(out, "\noptions:\n");
	for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
		char left[40];
		snprintf(left, sizeof left, "--%s%s%s", options[i].name, options[i].arg ? " " : "",
		         options[i].arg ? options[i].arg : "");
		fprintf(out, "  %-18s %s\n", left, options[i].help);
	}
	fprintf(out, "\nexit codes:\n"
	             "  0  success\n"
	             "  1  indexed and committed, but some files could not be read or parsed\n"
	             "  2  usage error\n"
	             "  3  database error (unreachable, write refused and rolled back, schema mismatch)\n"
	             "  4  system error (repository unreadable, out of memory)\n"
	             "  5  another run holds the repository (with --no-wait)\n");
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "snakepipe: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'snakepipe --help'.\n");
	return SP_EXIT_USAGE;
}

static int parse(int argc, char **argv, sp_options *o, unsigned *cmd)
{
	*cmd = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--", 2) || !a[2]) {
			if (!*cmd) {
				for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
					if (!strcmp(a, commands[k].name)) {
						*cmd = commands[k].id;
						o->command = a;
					}
				if (!*cmd)
					return usage_error("unknown command '%s'", a);
			} else if (*cmd == CMD_INDEX && !o->repo) {
				o->repo = a;
			} else {
				return usage_error("unexpected argument '%s'", a);
			}
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
		if (!strcmp(opt->name, "help")) {
			usage(stdout);
			exit(SP_EXIT_OK);
		} else if (!strcmp(opt->name, "version")) {
			printf("snakepipe %s\n", SP_VERSION);
			exit(SP_EXIT_OK);
		} else if (!strcmp(opt->name, "db")) {
			o->db = val;
		} else if (!strcmp(opt->name, "batch-size")) {
			char *end;
			errno = 0;
			o->batch_size = strtol(val, &end, 10);
			if (errno || *end || o->batch_size < 1 || o->batch_size > 1000000)
				return usage_error("--batch-size wants a number from 1 to 1000000, not '%s'", val);
		} else if (!strcmp(opt->name, "jobs")) {
			char *end;
			errno = 0;
			long j = strtol(val, &end, 10);
			if (errno || *end || j < 1 || j > 64)
				return usage_error("--jobs wants a number from 1 to 64, not '%s'", val);
			o->jobs = (int)j;
		} else if (!strcmp(opt->name, "json")) {
			o->json = true;
		} else if (!strcmp(opt->name, "no-wait")) {
			o->no_wait = true;
		} else if (!strcmp(opt->name, "retries")) {
			char *end;
			errno = 0;
			long n = strtol(val, &end, 10);
			if (errno || *end || n < 0 || n > 100)
				return usage_error("--retries wants a number from 0 to 100, not '%s'", val);
			o->retries = (int)n;
		} else if (!strcmp(opt->name, "rev")) {
			o->rev = val;
		} else if (!strcmp(opt->name, "quiet")) {
			o->quiet = true;
		} else if (!strcmp(opt->name, "status")) {
			o->status = true;
		}
		if (*cmd && !(opt->commands & *cmd))
			return usage_error("option '%s' does not apply to this command", a);
	}
	if (!*cmd)
		return usage_error("%s", "no command given");
	if (*cmd == CMD_INDEX && !o->repo)
		return usage_error("%s", "index needs a repository path");
	return 0;
}

static int cmd_migrate(const sp_options *o, const char *db_shown)
{
	sp_sink *s = NULL;
	int rc = sp_sink_open(o->db, &s);
	int code = SP_EXIT_OK;
	if (rc) {
		fprintf(stderr, "snakepipe: %s: %s\n", db_shown, sp_sink_errmsg(s));
		code = SP_EXIT_DB;
		goto out;
	}
	if (!o->status)
		rc = sp_sink_migrate(s);
	sp_buf report;
	sp_buf_init(&report);
	int pending = 0;
	if (!rc)
		rc = sp_sink_migration_status(s, &report, &pending);
	if (rc) {
		fprintf(stderr, "snakepipe: %s: %s\n", db_shown, sp_sink_errmsg(s));
		code = SP_EXIT_DB;
	} else {
		fputs(sp_buf_cstr(&report), stdout);
	}
	sp_buf_release(&report);
out:
	sp_sink_close(s);
	return code;
}

int main(int argc, char **argv)
{
	sp_options o = {.retries = 3};
	unsigned cmd;
	int code = parse(argc, argv, &o, &cmd);
	if (code)
		return code;
	if (!o.jobs) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		o.jobs = cpus < 1 ? 1 : cpus > 16 ? 16 : (int)cpus;
	}
	if (!o.db)
		o.db = getenv("SNAKEPIPE_DB");
	if (!o.db || !*o.db)
		o.db = "snakepipe.db";
	sp_buf shown;
	sp_buf_init(&shown);
	sp_sink_redact(o.db, &shown);
	const char *db_shown = sp_buf_cstr(&shown);
	if (cmd == CMD_MIGRATE) {
		code = cmd_migrate(&o, db_shown);
	} else {
		sp_summary sum;
		sp_summary_init(&sum);
		code = sp_cmd_index(&o, &sum);
		for (size_t i = 0; i < sum.errors.n; i++)
			fprintf(stderr, "snakepipe: %s: %s\n", sum.errors.v[i].path, sum.errors.v[i].message);
		if (sum.fatal.len)
			fprintf(stderr, "snakepipe: %s\n", sp_buf_cstr(&sum.fatal));
		if (o.json || !o.quiet)
			sp_summary_print(&sum, db_shown, o.json);
		sp_summary_release(&sum);
	}
	sp_buf_release(&shown);
	return code;
}
