/* extract/macros_map.c: the user's macro map (`--macro`, `macros:` of .snakepipe.yaml and of a
   manifest entry), as ctags' -D/-I: a C/C++ name that the parser's copy reads as nothing or as a
   replacement of no more bytes than the use (macros_p.h). */
#include <stdlib.h>
#include <string.h>

#include "macros_p.h"
#include "query_p.h"

#include "banned.h"

static bool ident_byte(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (!first && c >= '0' && c <= '9');
}

static int by_name(const void *a, const void *b)
{
	const sp_macro_def *x = a, *y = b;
	size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
	int c = memcmp(x->name, y->name, n);
	return c ? c : (x->name_len > y->name_len) - (x->name_len < y->name_len);
}

/* One definition: NAME, NAME(), NAME=text, NAME()=text (the parentheses may hold parameter
   names, which are not used: the use's arguments are blanked or replaced with it). */
static int parse_one(const char *s, sp_macro_def *d, sp_buf *err)
{
	size_t n = 0;
	while (s[n] && ident_byte(s[n], n == 0))
		n++;
	const char *p = s + n;
	if (!n) {
		sp_buf_printf(err, "macro '%s': wants NAME, NAME(), NAME=TEXT or NAME()=TEXT", s);
		return SP_EUSAGE;
	}
	bool args = *p == '(';
	if (args) {
		const char *close = strchr(p, ')');
		if (!close || memchr(p + 1, '(', (size_t)(close - p - 1))) {
			sp_buf_printf(err, "macro '%s': no ')' closes the parameter list", s);
			return SP_EUSAGE;
		}
		p = close + 1;
	}
	if (*p && *p != '=') {
		sp_buf_printf(err, "macro '%s': '%c' after the name; wants NAME, NAME(), NAME=TEXT", s,
			      *p);
		return SP_EUSAGE;
	}
	const char *repl = *p == '=' ? p + 1 : NULL;
	if (repl && strpbrk(repl, "\n\r")) {
		sp_buf_printf(err, "macro '%.*s': the replacement is one line", (int)n, s);
		return SP_EUSAGE;
	}
	d->name = strndup(s, n);
	d->repl = repl && *repl ? strdup(repl) : NULL;
	if (!d->name || (repl && *repl && !d->repl)) {
		free(d->name);
		free(d->repl);
		return SP_ENOMEM;
	}
	d->name_len = n;
	d->repl_len = d->repl ? strlen(d->repl) : 0;
	d->args = args;
	return 0;
}

int sp_macro_map_parse(sp_macro_map *m, const char *const *defs, size_t n, sp_buf *err)
{
	sp_macro_map_release(m);
	if (!n)
		return 0;
	m->v = calloc(n, sizeof *m->v);
	if (!m->v)
		return SP_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		int rc = parse_one(defs[i], &m->v[m->n], err);
		if (rc) {
			sp_macro_map_release(m);
			return rc;
		}
		m->n++;
	}
	qsort(m->v, m->n, sizeof *m->v, by_name);
	/* a later definition of a name replaces an earlier one: keep the last of each run */
	size_t k = 0;
	for (size_t i = 0; i < m->n; i++) {
		if (k && by_name(&m->v[k - 1], &m->v[i]) == 0) {
			free(m->v[k - 1].name);
			free(m->v[k - 1].repl);
			m->v[k - 1] = m->v[i];
		} else {
			m->v[k++] = m->v[i];
		}
	}
	m->n = k;
	return 0;
}

void sp_macro_map_release(sp_macro_map *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].name);
		free(m->v[i].repl);
	}
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

const sp_macro_def *sp_macro_map_find(const sp_macro_map *m, const char *name, size_t n)
{
	if (!m || !m->n)
		return NULL;
	sp_macro_def key = {.name = (char *)name, .name_len = n};
	return bsearch(&key, m->v, m->n, sizeof *m->v, by_name);
}

int sp_extractor_set_macros(sp_extractor *ex, const char *const *defs, size_t n)
{
	sp_buf_reset(&ex->err);
	int rc = sp_macro_map_parse(&ex->macros, defs, n, &ex->err);
	if (rc == SP_ENOMEM)
		sp_buf_puts(&ex->err, "out of memory");
	return rc;
}
