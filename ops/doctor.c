/* ops/doctor.c: `snakepipe doctor`'s runner: opens the database (timing it), then runs each check
   of the table below that applies to the engine; the checks are in doctor_checks.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doctor_p.h"

#include "banned.h"

static const sp_doctor_check checks[] = {
	{"schema", true, true, false, sp_doctor_schema},
	{"running", true, true, true, sp_doctor_running},
	{"stale", true, true, true, sp_doctor_stale},
	{"statistics", true, true, true, sp_doctor_statistics},
	{"size", true, true, false, sp_doctor_sizes},
	{"disk", false, true, false, sp_doctor_disk},
	{"garbage", true, true, true, sp_doctor_garbage},
	{"settings", true, false, false, sp_doctor_settings},
};

const char *sp_check_status_name(sp_check_status s)
{
	return s == SP_CHECK_OK ? "ok" : s == SP_CHECK_WARNING ? "warning" : "error";
}

int sp_doctor_add(sp_doctor_ctx *c, const char *name, sp_check_status st, const char *fmt, ...)
{
	sp_buf b;
	sp_buf_init(&b);
	va_list ap;
	va_start(ap, fmt);
	sp_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	sp_check_result res = {name, st, b.err ? NULL : strdup(sp_buf_cstr(&b))};
	sp_buf_release(&b);
	if (!res.reason || sp_array_push(&c->r->checks, res)) {
		free(res.reason);
		return SP_ENOMEM;
	}
	if (st > c->r->worst)
		c->r->worst = st;
	return 0;
}

int sp_doctor_query_failed(sp_doctor_ctx *c, const char *name)
{
	return sp_doctor_add(c, name, SP_CHECK_ERROR, "query failed: %s", sp_sink_errmsg(c->sink));
}

void sp_doctor_bytes(int64_t n, char *out, size_t size)
{
	static const char *const unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	double v = (double)n;
	size_t u = 0;
	while (v >= 1024 && u + 1 < sizeof unit / sizeof unit[0])
		v /= 1024, u++;
	if (u == 0)
		snprintf(out, size, "%lld B", (long long)n);
	else
		snprintf(out, size, "%.1f %s", v, unit[u]);
}

int sp_doctor_run(const char *url, const sp_doctor_options *o, sp_doctor_report *out)
{
	memset(out, 0, sizeof *out);
	sp_doctor_ctx c = {.o = o, .r = out};
	const char *file = sp_sink_sqlite_path(url);
	if (file && access(file, F_OK)) /* opening would create it */
		return sp_doctor_add(&c, "database", SP_CHECK_ERROR, "no SQLite database at %s", file);
	double t0 = sp_now();
	int64_t one = 0;
	int rc = sp_sink_open(url, &c.sink);
	if (!rc)
		rc = sp_sink_query_int(c.sink, sp_sql_doctor_ping, NULL, 0, &one);
	double ms = (sp_now() - t0) * 1e3;
	if (rc) {
		const char *why = c.sink ? sp_sink_errmsg(c.sink) : sp_strerror(rc);
		rc = sp_doctor_add(&c, "database", SP_CHECK_ERROR, "does not answer: %s", why);
		sp_sink_close(c.sink);
		return rc;
	}
	out->dialect = sp_sink_dialect(c.sink);
	c.postgres = !strcmp(out->dialect, "postgresql");
	/* a healthy local or LAN server answers in milliseconds; a second means trouble */
	rc = sp_doctor_add(&c, "database", ms < 1000 ? SP_CHECK_OK : SP_CHECK_WARNING,
			   "%s answered in %.0f ms", out->dialect, ms);
	for (size_t i = 0; !rc && i < sizeof checks / sizeof checks[0]; i++) {
		const sp_doctor_check *k = &checks[i];
		if (!(c.postgres ? k->postgres : k->sqlite))
			continue;
		if (k->needs_schema && !c.schema_usable)
			rc = sp_doctor_add(&c, k->name, SP_CHECK_WARNING,
					   "not checked: the schema is not at this snakepipe's version");
		else
			rc = k->run(&c);
	}
	sp_sink_close(c.sink);
	return rc;
}

void sp_doctor_release(sp_doctor_report *r)
{
	for (size_t i = 0; i < r->checks.n; i++)
		free(r->checks.v[i].reason);
	sp_array_release(&r->checks);
}
