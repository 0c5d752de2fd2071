/* cli/commands.c: the commands built on `index`: history (a range of commits, oldest first) and
   gc (retention); the one-run report history and scan (cli/scan.c) share. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_p.h"
#include "sp_extract.h"
#include "sp_sink.h"

#include "banned.h"

int sp_index_one(const sp_options *o, const char *db_shown, sp_buf *json, bool *first,
		 sp_index_result *res)
{
	sp_summary sum;
	sp_summary_init(&sum);
	int code = sp_cmd_index(o, &sum);
	sp_log_run(&sum, o->repo, true, code);
	if (o->metrics)
		sp_metrics_add_run(o->metrics, &sum, code);
	if (res) {
		res->repository_id = sum.repository_id;
		res->snapshot_id = sum.snapshot_id;
		res->fatal = sum.fatal.len ? strdup(sp_buf_cstr(&sum.fatal)) : NULL;
	}
	if (code == SP_EXIT_USAGE && !o->json) {
		/* the message above says it all; a usage error has no snapshot to summarise */
	} else if (o->json) {
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

int sp_worse(int a, int b)
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
	if (sp_git_commits(o->repo, o->range, o->since, o->last, o->all_parents, &commits, &err)) {
		sp_say("%s", sp_buf_cstr(&err));
		code = SP_EXIT_USAGE;
		goto out;
	}
	/* every snapshot of the walk belongs to the branch being walked: the range's end, else HEAD's */
	const char *end = o->range ? strstr(o->range, "..") + 2 : NULL;
	while (end && *end == '.') /* A...B */
		end++;
	char *walked = o->ref ? NULL : sp_git_ref_of(o->repo, end && *end ? end : NULL);
	bool first = true;
	size_t done = 0;
	sp_buf_puts(&json, "{\"snapshots\": [");
	for (char *c = commits.data; c && *c;) {
		char *nl = strchr(c, '\n');
		if (nl)
			*nl = '\0';
		sp_options one = *o;
		one.rev = c;
		if (!o->ref)
			one.ref = walked;
		int rc = sp_index_one(&one, db_shown, &json, &first, NULL);
		code = sp_worse(code, rc);
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
	free(walked);
out:
	sp_buf_release(&commits);
	sp_buf_release(&err);
	sp_buf_release(&json);
	return code;
}

/* ---- retention ---- */

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS" (UTC) to seconds since the epoch, -1 when neither or
   when the fields are out of range (2026-13-45, 99:99:99). */
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
	/* timegm normalises (month 13 becomes January of the next year): a date it had to change
	   was not a date; years stay within 1970..9999 */
	struct tm want = tm;
	want.tm_year -= 1900;
	want.tm_mon -= 1;
	struct tm back = want;
	time_t t = timegm(&back);
	if (t < 0 || tm.tm_year > 9999 || back.tm_year != want.tm_year || back.tm_mon != want.tm_mon ||
	    back.tm_mday != want.tm_mday || back.tm_hour != want.tm_hour || back.tm_min != want.tm_min ||
	    back.tm_sec != want.tm_sec)
		return -1;
	return (int64_t)t;
}

int sp_cmd_gc(const sp_options *o, const char *db_shown)
{
	sp_gc_policy p = {o->keep, 0};
	if (o->older_than && (p.older_than = parse_date(o->older_than)) < 0) {
		sp_say("--older-than wants a valid date YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS (UTC, from "
		       "1970), not '%s'",
		       o->older_than);
		return SP_EXIT_USAGE;
	}
	if ((p.keep > 0) == (o->older_than != NULL)) {
		sp_say("gc needs exactly one of --keep N and --older-than DATE");
		return SP_EXIT_USAGE;
	}
	sp_sink *s = NULL;
	sp_gc_counts c;
	int code = SP_EXIT_OK;
	if (sp_sink_open(o->db, &s) || sp_sink_migrate(s) || sp_sink_gc(s, &p, &c)) {
		sp_say("%s: %s", db_shown, sp_sink_errmsg(s));
		code = SP_EXIT_DB;
	} else if (o->json) {
		printf("{\"repositories\": %lld, \"snapshots_deleted\": %lld, \"dependencies_deleted\": "
		       "%lld, "
		       "\"blobs_deleted\": %lld, \"bytes_reclaimed\": %lld}\n",
		       (long long)c.repositories, (long long)c.snapshots, (long long)c.dependencies,
		       (long long)c.blobs, (long long)c.bytes_reclaimed);
	} else if (!o->quiet) {
		printf("gc: %lld repositories, deleted %lld snapshots, %lld dependency rows, %lld "
		       "blobs; %lld bytes given back to the file system\n",
		       (long long)c.repositories, (long long)c.snapshots, (long long)c.dependencies,
		       (long long)c.blobs, (long long)c.bytes_reclaimed);
	}
	if (!code && o->metrics)
		sp_metrics_add_gc(o->metrics, &c);
	sp_sink_close(s);
	return code;
}
