/* core/path.c: the reversible spelling of a file path in the database. Paths are bytes; stored
   paths are text, so bytes that are not UTF-8 are written as \xNN and a backslash as \\. */
#include "sp_core.h"

#include <string.h>

#include "banned.h"

void sp_path_escape(sp_buf *out, const char *raw, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	while (n) {
		size_t ok = sp_utf8_valid_prefix(raw, n);
		for (size_t i = 0; i < ok; i++) {
			if (raw[i] == '\\')
				sp_buf_putc(out, '\\');
			sp_buf_putc(out, raw[i]);
		}
		if (ok == n)
			return;
		unsigned char c = (unsigned char)raw[ok]; /* one byte that starts no valid character */
		char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
		sp_buf_append(out, esc, sizeof esc);
		raw += ok + 1;
		n -= ok + 1;
	}
}

bool sp_path_needs_escape(const char *raw, size_t n)
{
	return sp_utf8_valid_prefix(raw, n) != n || memchr(raw, '\\', n) != NULL;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

int sp_path_unescape(sp_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\') {
			sp_buf_putc(out, s[i]);
			continue;
		}
		if (i + 1 < n && s[i + 1] == '\\') {
			sp_buf_putc(out, '\\');
			i++;
		} else if (i + 3 < n && s[i + 1] == 'x' && hexval(s[i + 2]) >= 0 &&
			   hexval(s[i + 3]) >= 0) {
			sp_buf_putc(out, (char)(hexval(s[i + 2]) * 16 + hexval(s[i + 3])));
			i += 3;
		} else {
			return SP_EUSAGE; /* no escape of ours: not a stored path */
		}
	}
	return out->err;
}
