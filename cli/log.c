/* cli/log.c: --log-format text|json. One line per event on stderr (a batch committed with its
   rows and milliseconds, a retry, a reconnect, a file error, a lock wait, a run's end), JSON lines
   with stable keys (ts, level, event, then the event's fields) for log systems. Without the
   option nothing here prints: messages stay sp_say's plain lines. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli_p.h"
#include "sp_sink.h"

#include "banned.h"

static sp_log_format format = SP_LOG_DEFAULT;

void sp_log_set_format(sp_log_format f)
{
	format = f;
}

sp_log_format sp_log_get_format(void)
{
	return format;
}

static void timestamp(sp_buf *b)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	struct tm tm;
	gmtime_r(&t.tv_sec, &tm);
	char s[40];
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S", &tm);
	sp_buf_printf(b, "%s.%03ldZ", s, t.tv_nsec / 1000000);
}

static void value(sp_buf *b, const sp_log_field *f, bool json)
{
	if (f->type == 'i') {
		sp_buf_printf(b, "%lld", (long long)f->i);
	} else if (f->type == 'f') {
		sp_buf_printf(b, "%.3f", f->d);
	} else if (json) {
		const char *s = f->text ? f->text : "";
		sp_buf_json_str(b, s, strlen(s));
	} else {
		const char *s = f->text ? f->text : "";
		sp_buf_term_str(b, s, strlen(s));
	}
}

bool sp_log_event(const char *level, const char *event, const sp_log_field *f, size_t n)
{
	if (format == SP_LOG_DEFAULT)
		return false;
	bool json = format == SP_LOG_JSON;
	sp_buf b;
	sp_buf_init(&b);
	if (json) {
		sp_buf_puts(&b, "{\"ts\": \"");
		timestamp(&b);
		sp_buf_printf(&b, "\", \"level\": \"%s\", \"event\": \"%s\"", level, event);
		for (size_t i = 0; i < n; i++) {
			sp_buf_printf(&b, ", \"%s\": ", f[i].key);
			value(&b, &f[i], true);
		}
		sp_buf_puts(&b, "}\n");
	} else {
		sp_buf_puts(&b, "snakepipe: ");
		timestamp(&b);
		sp_buf_printf(&b, " %s %s", level, event);
		for (size_t i = 0; i < n; i++) {
			sp_buf_printf(&b, " %s=", f[i].key);
			value(&b, &f[i], false);
		}
		sp_buf_putc(&b, '\n');
	}
	if (!b.err)
		fwrite(b.data, 1, b.len, stderr); /* one write: lines of threads never interleave */
	sp_buf_release(&b);
	return true;
}

void sp_log_sink_event(void *ctx, const sp_sink_event *e)
{
	const char *repo = ctx;
	switch (e->kind) {
	case SP_SINK_COMMITTED: {
		sp_log_field f[] = {SP_LF_S("repository", repo), SP_LF_I("rows", e->rows),
				    SP_LF_F("ms", e->ms)};
		sp_log_event("info", "batch_committed", f, 3);
		break;
	}
	case SP_SINK_RECONNECTED: {
		sp_log_field f[] = {SP_LF_S("repository", repo), SP_LF_F("ms", e->ms)};
		sp_log_event("info", "reconnected", f, 2);
		break;
	}
	case SP_SINK_RECONNECT_FAILED: {
		sp_log_field f[] = {SP_LF_S("repository", repo), SP_LF_F("ms", e->ms),
				    SP_LF_S("message", e->message)};
		sp_log_event("warning", "reconnect_failed", f, 3);
		break;
	}
	}
}

void sp_log_run(const sp_summary *sum, const char *repo, bool prefix, int code)
{
	const char *pre = prefix ? repo : "", *sep = prefix ? ": " : "";
	const char *name = sum->name ? sum->name : repo;
	for (size_t i = 0; i < sum->errors.n; i++) {
		const sp_file_error *e = &sum->errors.v[i];
		sp_log_field f[] = {SP_LF_S("repository", name), SP_LF_S("path", e->path),
				    SP_LF_S("message", e->message)};
		if (!sp_log_event("error", "file_error", f, 3))
			sp_say("%s%s%s: %s", pre, sep, e->path, e->message);
	}
	if (sum->fatal.len) {
		sp_log_field f[] = {SP_LF_S("repository", name), SP_LF_S("message", sum->fatal.data)};
		if (!sp_log_event("error", "run_failed", f, 2))
			sp_say("%s%s%s", pre, sep, sum->fatal.data);
	}
	sp_log_field f[] = {SP_LF_S("repository", name),    SP_LF_I("snapshot", sum->snapshot_id),
			    SP_LF_I("exit", code),          SP_LF_I("files", sum->source_files),
			    SP_LF_I("parsed", sum->parsed), SP_LF_I("failed", sum->failed),
			    SP_LF_I("rows", sum->rows),     SP_LF_F("seconds", sum->seconds)};
	sp_log_event(code == SP_EXIT_OK ? "info" : "error", "run_finished", f, sizeof f / sizeof f[0]);
}
