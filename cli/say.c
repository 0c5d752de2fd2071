/* cli/say.c: every message and text line the command line prints goes through here, so names
   from the repository (paths, commits, server messages) can never drive the terminal. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli_p.h"

#include "banned.h"

/* Formats, escapes control characters (sp_buf_term_str) and writes one line to f. */
static void say_line(FILE *f, const char *prefix, const char *fmt, va_list ap)
{
	sp_buf raw, out;
	sp_buf_init(&raw);
	sp_buf_init(&out);
	sp_buf_vprintf(&raw, fmt, ap);
	size_t n = raw.len;
	while (n && raw.data[n - 1] == '\n')
		n--;
	sp_buf_puts(&out, prefix);
	sp_buf_term_str(&out, raw.data ? raw.data : "", n);
	sp_buf_putc(&out, '\n');
	if (raw.err || out.err)
		fprintf(f, "%s(out of memory formatting a message)\n", prefix);
	else
		fwrite(out.data, 1, out.len, f);
	sp_buf_release(&raw);
	sp_buf_release(&out);
}

void sp_say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (sp_log_get_format() == SP_LOG_JSON) { /* log systems read JSON lines only */
		sp_buf msg;
		sp_buf_init(&msg);
		sp_buf_vprintf(&msg, fmt, ap);
		sp_log_field f[] = {SP_LF_S("message", msg.err ? "(out of memory)" : sp_buf_cstr(&msg))};
		sp_log_event("warning", "message", f, 1);
		sp_buf_release(&msg);
	} else {
		say_line(stderr, "snakepipe: ", fmt, ap);
	}
	va_end(ap);
}

void sp_outf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say_line(stdout, "", fmt, ap);
	va_end(ap);
}
