/* tests/unit/test_ops.c: the operators' modules: doctor's runner and checks on a real SQLite file
   (ops/), the Prometheus text of --metrics-file and the duration parser (cli/metrics.c, doctor.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_p.h"
#include "doctor_p.h"
#include "sp_ops.h"
#include "sp_sink.h"

static const sp_check_result *find(const sp_doctor_report *r, const char *name)
{
	for (size_t i = 0; i < r->checks.n; i++)
		if (!strcmp(r->checks.v[i].name, name))
			return &r->checks.v[i];
	return NULL;
}

static char dir[64];

static void make_dir(void)
{
	snprintf(dir, sizeof dir, "/tmp/sp-ops-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

Test(doctor, fresh_database_is_healthy_and_never_created, .init = make_dir)
{
	char path[128];
	snprintf(path, sizeof path, "%s/t.db", dir);
	sp_doctor_options o = SP_DOCTOR_DEFAULTS;
	sp_doctor_report r;
	cr_assert_eq(sp_doctor_run(path, &o, &r), 0);
	cr_assert_eq(r.worst, SP_CHECK_ERROR, "a missing file is an error");
	cr_assert_eq(access(path, F_OK), -1, "doctor created the database");
	sp_doctor_release(&r);

	sp_sink *s = NULL;
	cr_assert_eq(sp_sink_open(path, &s), 0);
	cr_assert_eq(sp_sink_migrate(s), 0, "%s", sp_sink_errmsg(s));
	sp_sink_close(s);
	cr_assert_eq(sp_doctor_run(path, &o, &r), 0);
	cr_assert_str_eq(r.dialect, "sqlite");
	const char *names[] = {"database",   "schema", "running", "stale",
			       "statistics", "size",   "disk",    "garbage"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const sp_check_result *c = find(&r, names[i]);
		cr_assert_not_null(c, "no %s check", names[i]);
		cr_expect_eq(c->status, SP_CHECK_OK, "%s: %s", c->name, c->reason);
	}
	cr_assert_null(find(&r, "settings"), "PostgreSQL's settings are not checked on SQLite");
	cr_assert_str_eq(find(&r, "stale")->reason,
			 "all 0 repositories have a complete snapshot within 7d");
	sp_doctor_release(&r);
	unlink(path);
	rmdir(dir);
}

Test(doctor, sizes_read_as_people_write_them)
{
	char b[32];
	sp_doctor_bytes(17, b, sizeof b);
	cr_assert_str_eq(b, "17 B");
	sp_doctor_bytes(1536, b, sizeof b);
	cr_assert_str_eq(b, "1.5 KiB");
	sp_doctor_bytes(3LL << 30, b, sizeof b);
	cr_assert_str_eq(b, "3.0 GiB");
	cr_assert_str_eq(sp_check_status_name(SP_CHECK_WARNING), "warning");
}

Test(doctor, durations)
{
	int64_t s = 0;
	cr_assert_eq(sp_parse_duration("7d", &s), 0);
	cr_assert_eq(s, 7 * 86400);
	cr_assert_eq(sp_parse_duration("90", &s), 0);
	cr_assert_eq(s, 90);
	cr_assert_eq(sp_parse_duration("2w", &s), 0);
	cr_assert_eq(s, 14 * 86400);
	cr_assert_eq(sp_parse_duration("12x", &s), -1);
	cr_assert_eq(sp_parse_duration("", &s), -1);
	cr_assert_eq(sp_parse_duration("-3d", &s), -1);
}

Test(metrics, families_grouped_and_labels_escaped)
{
	sp_metrics *m = sp_metrics_new("scan");
	cr_assert_not_null(m);
	sp_summary a, b;
	sp_summary_init(&a);
	sp_summary_init(&b);
	a.name = strdup("plain");
	b.name = strdup("q\"b\\s\nx");
	a.parsed = 3;
	b.parsed = 5;
	a.phase[SP_PHASE_LIST] = 0.5;
	a.phase[SP_PHASE_DETECT] = 0.75;
	a.db.rows[SP_TBL_FUNCTIONS] = 11;
	cr_assert_eq(sp_metrics_add_run(m, &a, 0), 0);
	cr_assert_eq(sp_metrics_add_run(m, &b, 1), 0);
	b.parsed = 6; /* the same repository again (history): its runs add up, the worst code stays */
	cr_assert_eq(sp_metrics_add_run(m, &b, 0), 0);
	sp_buf out;
	sp_buf_init(&out);
	sp_metrics_render(m, 0, 2.5, &out);
	const char *t = sp_buf_cstr(&out);
	cr_assert(strstr(t, "snakepipe_files{command=\"scan\",repository=\"q\\\"b\\\\s\\nx\",outcome="
			    "\"parsed\"} 11\n"),
		  "%s", t);
	cr_assert(strstr(t, "snakepipe_repository_exit_code{command=\"scan\",repository="
			    "\"q\\\"b\\\\s\\nx\"} 1\n"),
		  "the worst code of the repository's runs: %s", t);
	cr_assert(strstr(t, "snakepipe_repository_runs{command=\"scan\",repository=\"plain\"} 1\n"));
	cr_assert(strstr(
		t, "snakepipe_files{command=\"scan\",repository=\"plain\",outcome=\"parsed\"} 3\n"));
	cr_assert(strstr(
		t, "snakepipe_rows{command=\"scan\",repository=\"plain\",table=\"functions\"} 11\n"));
	cr_assert(strstr(t, "phase=\"detect\"} 0.250000\n"), "phases are durations");
	cr_assert(strstr(t, "snakepipe_duration_seconds{command=\"scan\"} 2.500000\n"));
	/* each family's TYPE line appears once, before its first sample */
	const char *type = strstr(t, "# TYPE snakepipe_files gauge\n");
	cr_assert(type && type < strstr(t, "snakepipe_files{"));
	cr_assert_null(strstr(type + 1, "# TYPE snakepipe_files gauge\n"));
	sp_buf_release(&out);
	sp_summary_release(&a);
	sp_summary_release(&b);
	sp_metrics_free(m);
}
