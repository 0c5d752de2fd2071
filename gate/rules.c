/* gate/rules.c: the CI gate's rules (--fail-on, the config's thresholds): parsed once into
   sp_gate_rule rows that gate/compare.c applies to each function and file of a change.

   Grammar (a list is comma-separated; words are case-sensitive, spaces free between tokens):
     rules  := rule { "," rule }
     rule   := metric op N [ "for" LANGUAGE ] [ "in" GLOB ]          absolute threshold
             | metric "grew" "by" op N [ "for" LANGUAGE ] [ "in" GLOB ]  growth since the base
     op     := ">" | ">=" | "<" | "<="
     metric := cyclomatic | nloc | max_nesting | param_count    (per function, function_metrics)
             | cognitive | halstead_volume | halstead_effort  (the two rounded to integers)
             | lloc | mi                       (mi rounded; "mi < 20": hard to maintain)
             | file_lines                                        (per file, blobs.total_lines)
     N      := a decimal integer from 0
     GLOB   := fnmatch pattern on the stored path, '*' also crosses '/' (no spaces or commas)
   Default when nothing is configured: "cyclomatic > 15, cyclomatic grew by > 5".
   Examples: "nloc > 100 for python in src*", "file_lines >= 2000", "max_nesting grew by > 1",
   "mi < 20". */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "sp_gate.h"

#include "banned.h"

const char *const sp_gate_metric_names[SP_METRICS] = {
	"cyclomatic",      "nloc", "max_nesting", "param_count", "cognitive", "halstead_volume",
	"halstead_effort", "lloc", "mi",          "file_lines"};

void sp_gate_rules_init(sp_gate_rules *r)
{
	memset(r, 0, sizeof *r);
	sp_arena_init(&r->arena);
}

void sp_gate_rules_release(sp_gate_rules *r)
{
	sp_array_release(&r->v);
	sp_arena_release(&r->arena);
}

typedef struct lexer {
	const char *all, *p, *end; /* the whole list; the rule being read is p..end */
	sp_str tok;
} lexer;

static bool word_char(char c)
{
	return c && c != ',' && !isspace((unsigned char)c) && c != '>' && c != '<' && c != '=';
}

/* Next token: a word, ">", ">=", "<", "<=" or empty at the end of the rule. */
static sp_str next(lexer *l)
{
	while (l->p < l->end && isspace((unsigned char)*l->p))
		l->p++;
	const char *s = l->p;
	if (l->p < l->end && (*l->p == '>' || *l->p == '<')) {
		l->p += l->p + 1 < l->end && l->p[1] == '=' ? 2 : 1;
	} else if (l->p < l->end && *l->p == '=') {
		l->p++;
	} else {
		while (l->p < l->end && word_char(*l->p))
			l->p++;
	}
	l->tok = (sp_str){s, (size_t)(l->p - s)};
	return l->tok;
}

static bool is(sp_str t, const char *w)
{
	return t.n == strlen(w) && !memcmp(t.p, w, t.n);
}

static int fail(const lexer *l, const char *rule, size_t rule_len, const char *what, sp_buf *err)
{
	sp_buf_printf(err, "rule '%.*s': %s at position %zu", (int)rule_len, rule, what,
		      (size_t)(l->tok.p - l->all) + 1);
	return SP_EUSAGE;
}

/* The rule's text with runs of spaces made one. */
static const char *collapse(sp_arena *a, const char *s, size_t n)
{
	char *out = sp_arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool sp = isspace((unsigned char)s[i]);
		if (sp && (k == 0 || out[k - 1] == ' '))
			continue;
		out[k++] = sp ? ' ' : s[i];
	}
	while (k && out[k - 1] == ' ')
		k--;
	out[k] = 0;
	return out;
}

static int parse_rule(sp_gate_rules *r, lexer *l, const char *rule, size_t len, sp_buf *err)
{
	sp_gate_rule g = {0};
	sp_str t = next(l);
	if (!t.n)
		return fail(l, rule, len, "empty rule", err);
	size_t m = 0;
	while (m < SP_METRICS && !is(t, sp_gate_metric_names[m]))
		m++;
	if (m == SP_METRICS)
		return fail(l, rule, len,
			    "unknown metric (cyclomatic, nloc, max_nesting, param_count, cognitive, "
			    "halstead_volume, halstead_effort, lloc, mi, file_lines)",
			    err);
	g.metric = (sp_gate_metric)m;
	t = next(l);
	if (is(t, "grew")) {
		if (!is(next(l), "by"))
			return fail(l, rule, len, "'by' expected after 'grew'", err);
		g.growth = true;
		t = next(l);
	}
	if (!is(t, ">") && !is(t, ">=") && !is(t, "<") && !is(t, "<="))
		return fail(l, rule, len, "'>', '>=', '<' or '<=' expected", err);
	g.or_equal = is(t, ">=") || is(t, "<=");
	g.below = *t.p == '<';
	t = next(l);
	char num[24];
	char *e;
	if (!t.n || t.n >= sizeof num || !isdigit((unsigned char)*t.p))
		return fail(l, rule, len, "a number expected", err);
	memcpy(num, t.p, t.n);
	num[t.n] = 0;
	errno = 0;
	g.limit = strtoll(num, &e, 10);
	if (*e || errno)
		return fail(l, rule, len, "a number expected", err);
	for (t = next(l); t.n; t = next(l)) {
		const char **slot = is(t, "for") ? &g.language : is(t, "in") ? &g.glob : NULL;
		if (!slot)
			return fail(l, rule, len, "'for LANGUAGE', 'in GLOB' or ',' expected", err);
		if (*slot)
			return fail(l, rule, len, "given twice", err);
		sp_str v = next(l);
		if (!v.n || !word_char(*v.p))
			return fail(l, rule, len,
				    slot == &g.glob ? "a glob expected" : "a language expected", err);
		if (!(*slot = sp_arena_strndup(&r->arena, v.p, v.n)))
			return SP_ENOMEM;
	}
	if (!(g.text = collapse(&r->arena, rule, len)))
		return SP_ENOMEM;
	return sp_array_push(&r->v, g);
}

int sp_gate_rules_parse(sp_gate_rules *r, const char *text, sp_buf *err)
{
	lexer l = {.all = text, .p = text};
	for (;;) {
		const char *comma = strchr(l.p, ',');
		l.end = comma ? comma : l.p + strlen(l.p);
		const char *rule = l.p;
		while (rule < l.end && isspace((unsigned char)*rule))
			rule++;
		size_t len = (size_t)(l.end - rule);
		while (len && isspace((unsigned char)rule[len - 1]))
			len--;
		int rc = parse_rule(r, &l, rule, len, err);
		if (rc)
			return rc;
		if (!comma)
			return 0;
		l.p = comma + 1;
	}
}

bool sp_gate_rule_breaks(const sp_gate_rule *rule, int64_t value, bool has_base, int64_t base_value)
{
	if (rule->growth) {
		if (!has_base)
			return false;
		value -= base_value;
	}
	if (rule->below)
		return rule->or_equal ? value <= rule->limit : value < rule->limit;
	return rule->or_equal ? value >= rule->limit : value > rule->limit;
}

bool sp_gate_rule_applies(const sp_gate_rule *rule, const char *language, const char *path)
{
	if (rule->language && (!language || strcmp(rule->language, language)))
		return false;
	return !rule->glob || fnmatch(rule->glob, path, 0) == 0;
}
