/* cli/check.c: `snakepipe check`, the CI quality gate: indexes the base (from git's object store,
   unless a snapshot of that commit is stored) and the change, compares them (gate/), writes the
   findings in the chosen format and exits 6 when a finding the change introduced breaks a rule. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_p.h"
#include "config_p.h"
#include "sp_extract.h"
#include "sp_gate.h"
#include "sp_sink.h"

#include "banned.h"

typedef struct check_run {
	const sp_options *o;
	const char *db_shown;
	sp_config *cfg; /* the repository's .snakepipe.yaml: check.base, check.fail_on */
	const char *default_branch; /* --default-branch, else the config's */
	char *base_rev, *base_commit; /* as given (or the default branch), and its commit id */
	int64_t repository_id, base_snapshot, head_snapshot;
	int index_code; /* the worse of the index runs' codes (0 or SP_EXIT_FILE_ERRORS) */
} check_run;

typedef sp_array(sp_gate_rename) rename_list;

/* Runs `index` quietly with rev (NULL: the work tree); its errors go to stderr as index's do. */
static int index_quietly(check_run *c, const char *rev, int64_t *snapshot)
{
	sp_options io = *c->o;
	io.rev = rev;
	io.quiet = true;
	io.json = false;
	sp_summary sum;
	sp_summary_init(&sum);
	int code = sp_cmd_index(&io, &sum);
	for (size_t i = 0; i < sum.errors.n; i++)
		sp_say("%s: %s", sum.errors.v[i].path, sum.errors.v[i].message);
	if (sum.fatal.len)
		sp_say("%s", sp_buf_cstr(&sum.fatal));
	*snapshot = sum.snapshot_id;
	c->repository_id = sum.repository_id;
	sp_summary_release(&sum);
	if (code == SP_EXIT_FILE_ERRORS)
		c->index_code = code;
	return code == SP_EXIT_FILE_ERRORS ? 0 : code;
}

static int resolve_base(check_run *c)
{
	const sp_options *o = c->o;
	const char *base = o->base ? o->base : c->cfg ? c->cfg->check_base : NULL;
	base = base ? base : c->default_branch;
	c->base_rev = base ? strdup(base) : sp_git_default_branch(o->repo);
	if (!c->base_rev) {
		sp_say("%s: no base to compare with: give --base (no default branch found)", o->repo);
		return SP_EXIT_USAGE;
	}
	if (!(c->base_commit = sp_git_commit_of(o->repo, c->base_rev))) {
		sp_say("%s: the base '%s' names no commit", o->repo, c->base_rev);
		return SP_EXIT_USAGE;
	}
	return 0;
}

/* The change, then the base unless a complete snapshot of its commit is stored; pins the base. */
static int index_both(check_run *c, sp_sink *s)
{
	int code = index_quietly(c, c->o->rev, &c->head_snapshot);
	if (code)
		return code;
	int64_t found = 0;
	if (sp_gate_snapshot_of_commit(s, c->repository_id, c->base_commit, &found)) {
		sp_say("%s: %s", c->db_shown, sp_sink_errmsg(s));
		return SP_EXIT_DB;
	}
	c->base_snapshot = found;
	if (!found && (code = index_quietly(c, c->base_rev, &c->base_snapshot)))
		return code;
	if (sp_gate_pin(s, c->repository_id, c->base_snapshot)) {
		sp_say("%s: %s", c->db_shown, sp_sink_errmsg(s));
		return SP_EXIT_DB;
	}
	return 0;
}

/* Renames between base and head as stored path spellings, owned by a. */
static int renames_of(check_run *c, sp_arena *a, rename_list *out)
{
	sp_buf raw, err, esc;
	sp_buf_init(&raw);
	sp_buf_init(&err);
	sp_buf_init(&esc);
	int rc = sp_git_renames(c->o->repo, c->base_commit, c->o->rev, &raw, &err);
	for (size_t at = 0; !rc && at < raw.len;) {
		const char *p[2];
		for (int k = 0; k < 2; k++) {
			size_t n = strlen(raw.data + at);
			sp_buf_reset(&esc);
			sp_path_escape(&esc, raw.data + at, n);
			p[k] = esc.err ? NULL : sp_arena_strndup(a, esc.data, esc.len);
			at += n + 1;
		}
		sp_gate_rename r = {p[0], p[1]};
		if (!p[0] || !p[1] || sp_array_push(out, r))
			rc = SP_ENOMEM;
	}
	if (rc)
		sp_say("%s", err.len ? sp_buf_cstr(&err) : sp_strerror(rc));
	sp_buf_release(&raw);
	sp_buf_release(&err);
	sp_buf_release(&esc);
	return rc == SP_ENOMEM ? SP_EXIT_SYSTEM : rc ? SP_EXIT_USAGE : 0;
}

static int write_report(const sp_options *o, const sp_gate_writer *w, const sp_gate_result *r)
{
	bool color = !o->output && isatty(1) && !getenv("NO_COLOR");
	sp_buf out;
	sp_buf_init(&out);
	int code = w->write(r, &out, color) || out.err ? SP_EXIT_SYSTEM : 0;
	FILE *f = code ? NULL : o->output ? fopen(o->output, "w") : stdout;
	if (!code && (!f || fwrite(out.data, 1, out.len, f) != out.len || fflush(f))) {
		sp_say("%s: cannot write the report", o->output ? o->output : "stdout");
		code = SP_EXIT_SYSTEM;
	}
	if (f && f != stdout && fclose(f) && !code) {
		sp_say("%s: cannot write the report", o->output);
		code = SP_EXIT_SYSTEM;
	}
	sp_buf_release(&out);
	return code;
}

static int compare_and_report(check_run *c, sp_sink *s, const sp_gate_rules *rules,
			      const sp_gate_writer *w)
{
	sp_gate_result r;
	sp_gate_result_init(&r);
	rename_list renames = {0};
	sp_buf err;
	sp_buf_init(&err);
	int code = renames_of(c, &r.arena, &renames);
	if (!code && sp_gate_compare(s, c->repository_id, c->base_snapshot, c->head_snapshot, rules,
				     renames.v, renames.n, &r, &err)) {
		sp_say("%s: %s", c->db_shown, sp_buf_cstr(&err));
		code = SP_EXIT_DB;
	}
	if (!code)
		code = write_report(c->o, w, &r);
	if (!code)
		code = r.failing ? SP_EXIT_GATE : c->index_code;
	sp_buf_release(&err);
	sp_array_release(&renames);
	sp_gate_result_release(&r);
	return code;
}

/* --fail-on, else the config's check.fail_on, else the defaults. */
static int parse_rules(const check_run *c, sp_gate_rules *rules)
{
	sp_buf err;
	sp_buf_init(&err);
	const sp_config *cfg = c->cfg;
	bool from_cfg = !c->o->fail_on && cfg && cfg->fail_on_count;
	int rc = 0;
	if (from_cfg)
		for (size_t i = 0; !rc && i < cfg->fail_on_count; i++)
			rc = sp_gate_rules_parse(rules, cfg->fail_on[i], &err);
	else
		rc = sp_gate_rules_parse(rules, c->o->fail_on ? c->o->fail_on : SP_GATE_DEFAULT_RULES,
					 &err);
	if (rc)
		sp_say("%s: %s", from_cfg ? cfg->path : "--fail-on",
		       rc == SP_EUSAGE ? sp_buf_cstr(&err) : sp_strerror(rc));
	sp_buf_release(&err);
	return rc == SP_EUSAGE ? SP_EXIT_USAGE : rc ? SP_EXIT_SYSTEM : 0;
}

/* The config, for check's own keys; index reads it again for its own. */
static int load_config(check_run *c)
{
	sp_options merged;
	sp_buf err;
	sp_buf_init(&err);
	int rc = sp_config_merge(c->o, &c->cfg, &merged, &err);
	c->default_branch = rc ? NULL : merged.default_branch;
	if (rc)
		sp_say("%s", rc == SP_EUSAGE ? sp_buf_cstr(&err) : sp_strerror(rc));
	sp_buf_release(&err);
	return rc == SP_EUSAGE ? SP_EXIT_USAGE : rc ? SP_EXIT_SYSTEM : 0;
}

int sp_cmd_check(const sp_options *o, const char *db_shown)
{
	check_run c = {.o = o, .db_shown = db_shown};
	sp_gate_rules rules;
	sp_gate_rules_init(&rules);
	sp_sink *s = NULL;
	const sp_gate_writer *w = sp_gate_writer_find(o->format ? o->format : "text");
	int code = load_config(&c);
	if (!code)
		code = parse_rules(&c, &rules);
	if (!code && !w) {
		sp_say("--format: unknown format '%s' (%s)", o->format, sp_gate_writer_names());
		code = SP_EXIT_USAGE;
	}
	if (!code)
		code = resolve_base(&c);
	if (!code && sp_sink_open(o->db, &s)) {
		sp_say("%s: %s", db_shown, sp_sink_errmsg(s));
		code = SP_EXIT_DB;
	}
	if (!code)
		code = index_both(&c, s);
	if (!code)
		code = compare_and_report(&c, s, &rules, w);
	sp_sink_close(s);
	sp_gate_rules_release(&rules);
	sp_config_free(c.cfg);
	free(c.base_rev);
	free(c.base_commit);
	return code;
}
