/* cli/summary.c: the end-of-run summary, as text for people or one JSON object for CI. */
#include <stdio.h>
#include <string.h>

#include "cli_p.h"

#include "banned.h"

const char *const sp_phase_names[SP_PHASES] = {"list", "detect", "open", "carry", "index"};

const char *const sp_skip_reason_names[SP_SKIP_REASONS] = {
	"no language", "not selected", "outside the repository", "not a regular file", "vanished"};

/* At most this many skipped files are named in the text summary (all of them in JSON). */
#define TEXT_SKIPPED_FILES 20

static void print_skipped(const sp_summary *s)
{
	sp_buf b;
	sp_buf_init(&b);
	for (int i = 0; i < SP_SKIP_REASONS; i++)
		if (s->skipped_by[i])
			sp_buf_printf(&b, "%s%s %lld", b.len ? ", " : "", sp_skip_reason_names[i],
				      (long long)s->skipped_by[i]);
	if (b.len)
		printf("  skipped: %s\n", sp_buf_cstr(&b));
	sp_buf_release(&b);
	for (size_t i = 0; i < s->skipped_files.n && i < TEXT_SKIPPED_FILES; i++)
		sp_outf("  skipped %s: %s", s->skipped_files.v[i].path, s->skipped_files.v[i].message);
	if (s->skipped_files.n > TEXT_SKIPPED_FILES)
		printf("  ... and %zu more skipped files (all in --json's skipped_files)\n",
		       s->skipped_files.n - TEXT_SKIPPED_FILES);
	for (size_t i = 0; i < s->warnings.n; i++)
		sp_outf("  warning: %s", s->warnings.v[i]);
}

static void json_field(sp_buf *b, const char *key, const char *val)
{
	sp_buf_printf(b, ", \"%s\": ", key);
	if (val)
		sp_buf_json_str(b, val, strlen(val));
	else
		sp_buf_puts(b, "null");
}

/* `, "key": [{"path": …, "<what>": …}, …]` */
static void json_files(sp_buf *b, const char *key, const char *what, const sp_file_error *v, size_t n)
{
	sp_buf_printf(b, ", \"%s\": [", key);
	for (size_t i = 0; i < n; i++) {
		sp_buf_puts(b, i ? ", {\"path\": " : "{\"path\": ");
		sp_buf_json_str(b, v[i].path, strlen(v[i].path));
		sp_buf_printf(b, ", \"%s\": ", what);
		sp_buf_json_str(b, v[i].message, strlen(v[i].message));
		sp_buf_putc(b, '}');
	}
	sp_buf_putc(b, ']');
}

void sp_summary_print(const sp_summary *s, const char *db, bool json)
{
	double rate = s->seconds > 0 ? (double)s->rows / s->seconds : 0;
	if (!json) {
		/* the name alone when it is the path (no remote, no --repo-name), as before names */
		const char *name = s->name ? s->name : s->location ? s->location : "?";
		bool same = !s->location || !strcmp(name, s->location);
		if (s->taken) { /* no snapshot of this run: the other run's will be there */
			sp_outf("taken: %s%s%s is being indexed by another run (--no-wait)", name,
				same ? "" : " at ", same ? "" : s->location);
			return;
		}
		sp_outf("%s: %s snapshot %lld of %s%s%s", s->complete ? "indexed" : "FAILED",
			s->complete ? "complete" : "failed", (long long)s->snapshot_id, name,
			same ? "" : " at ", same ? "" : s->location);
		printf("  files %lld (source %lld: parsed %lld, reused %lld of which %lld unread, "
		       "failed %lld; "
		       "skipped %lld)\n",
		       (long long)s->files_listed, (long long)s->source_files, (long long)s->parsed,
		       (long long)s->reused, (long long)s->carried, (long long)s->failed,
		       (long long)s->skipped);
		print_skipped(s);
		printf("  functions %lld, classes %lld, imports %lld, syntax errors %lld\n",
		       (long long)s->functions, (long long)s->classes, (long long)s->imports,
		       (long long)s->syntax_errors);
		sp_outf("  rows %lld in %.2f s (%.0f rows/s) into %s", (long long)s->rows, s->seconds,
			rate, db);
		return;
	}
	sp_buf b;
	sp_buf_init(&b);
	sp_summary_json(s, db, &b);
	sp_buf_putc(&b, '\n');
	fputs(sp_buf_cstr(&b), stdout);
	sp_buf_release(&b);
}

void sp_summary_json(const sp_summary *s, const char *db, sp_buf *out)
{
	double rate = s->seconds > 0 ? (double)s->rows / s->seconds : 0;
	sp_buf *b = out;
	sp_buf_printf(b, "{\"status\": \"%s\"",
		      s->complete ? "complete"
		      : s->taken  ? "taken"
				  : "failed");
	json_field(b, "repository", s->name ? s->name : s->location);
	json_field(b, "location", s->location);
	json_field(b, "commit", s->commit);
	json_field(b, "ref", s->ref);
	json_field(b, "default_branch", s->default_branch);
	json_field(b, "database", db);
	sp_buf_printf(b, ", \"repository_id\": %lld, \"snapshot_id\": %lld", (long long)s->repository_id,
		      (long long)s->snapshot_id);
	sp_buf_printf(
		b,
		", \"files\": %lld, \"source_files\": %lld, \"parsed\": %lld, \"reused\": %lld"
		", \"carried\": %lld, \"skipped\": %lld, \"failed\": %lld, \"syntax_errors\": %lld",
		(long long)s->files_listed, (long long)s->source_files, (long long)s->parsed,
		(long long)s->reused, (long long)s->carried, (long long)s->skipped, (long long)s->failed,
		(long long)s->syntax_errors);
	sp_buf_puts(b, ", \"skipped_by_reason\": {");
	for (int i = 0; i < SP_SKIP_REASONS; i++)
		sp_buf_printf(b, "%s\"%s\": %lld", i ? ", " : "", sp_skip_reason_names[i],
			      (long long)s->skipped_by[i]);
	sp_buf_putc(b, '}');
	sp_buf_printf(b,
		      ", \"functions\": %lld, \"classes\": %lld, \"imports\": %lld, \"rows\": %lld"
		      ", \"bytes\": %lld, \"seconds\": %.3f, \"rows_per_second\": %.0f",
		      (long long)s->functions, (long long)s->classes, (long long)s->imports,
		      (long long)s->rows, (long long)s->bytes, s->seconds, rate);
	sp_buf_puts(b, ", \"phases\": {");
	for (int i = 0; i < SP_PHASES; i++)
		sp_buf_printf(b, "%s\"%s\": %.3f", i ? ", " : "", sp_phase_names[i], s->phase[i]);
	sp_buf_putc(b, '}');
	json_files(b, "errors", "error", s->errors.v, s->errors.n);
	json_files(b, "skipped_files", "reason", s->skipped_files.v, s->skipped_files.n);
	sp_buf_puts(b, ", \"warnings\": [");
	for (size_t i = 0; i < s->warnings.n; i++) {
		if (i)
			sp_buf_puts(b, ", ");
		sp_buf_json_str(b, s->warnings.v[i], strlen(s->warnings.v[i]));
	}
	sp_buf_putc(b, ']');
	json_field(b, "fatal", s->fatal.len ? s->fatal.data : NULL);
	sp_buf_putc(b, '}');
}
