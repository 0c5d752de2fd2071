/* gate/writers.c: the CI gate's output formats, one row of a table each (text, json, sarif,
   codeclimate, junit, github, markdown); each turns an sp_gate_result into bytes, cli/ writes them. */
#include "sp_gate.h"

#include <stdio.h>
#include <string.h>

#include "banned.h"

/* The project's home and its README's section on the gate (SARIF's informationUri and helpUri). */
#define SP_GATE_INFO_URI "https://github.com/snakepipe/snakepipe"
#define SP_GATE_HELP_URI SP_GATE_INFO_URI "#use-in-ci"

/* How a finding is shown, by state and verdict: one table instead of a switch per format.
   Failing findings are errors; others that the change introduced are warnings; findings the
   base already had are notes (GitHub's workflow commands have warning for both, as asked). */
typedef struct level_row {
	const char *level; /* text and SARIF level */
	const char *severity; /* Code Climate */
	const char *color; /* ANSI SGR for the text format */
	const char *icon; /* GitHub emoji shortcode for the Markdown table */
} level_row;

static const level_row LEVELS[] = {
	{"error", "major", "\033[1;31m", ":x:"},
	{"warning", "minor", "\033[1;35m", ":warning:"},
	{"note", "info", "\033[1;36m", ":information_source:"},
};

static const level_row *level_of(const sp_finding *f)
{
	if (f->fails)
		return &LEVELS[0];
	return f->state == SP_FINDING_UNCHANGED ? &LEVELS[2] : &LEVELS[1];
}

/* SARIF's baselineState spelling; "worse" is SARIF's "updated". */
static const char *const STATE_SARIF[] = {"new", "updated", "unchanged"};
static const char *const STATE_NAME[] = {"new", "worse", "unchanged"};

static void json_str(sp_buf *b, const char *s)
{
	if (s)
		sp_buf_json_str(b, s, strlen(s));
	else
		sp_buf_puts(b, "null");
}

/* A stable identity for a finding across runs: its rule, file and function, not its line. */
static void fingerprint(const sp_finding *f, char out[SP_HASH_HEX_LEN + 1])
{
	sp_buf k;
	sp_buf_init(&k);
	sp_buf_puts(&k, f->rule);
	sp_buf_putc(&k, '\n');
	sp_buf_puts(&k, f->path);
	sp_buf_putc(&k, '\n');
	sp_buf_puts(&k, f->function ? f->function : "");
	sp_hash128_hex(k.data ? k.data : "", k.len, out);
	sp_buf_release(&k);
}

/* "function: message", or the message alone for a file-level finding. */
static const char *describe(sp_buf *tmp, const sp_finding *f)
{
	sp_buf_reset(tmp);
	if (f->function)
		sp_buf_printf(tmp, "%s: ", f->function);
	sp_buf_puts(tmp, f->message);
	return sp_buf_cstr(tmp);
}

/* ---- text: compiler style, colours only when asked (cli/ asks on a TTY) ---- */
static int write_text(const sp_gate_result *r, sp_buf *out, bool color)
{
	size_t counts[3] = {0, 0, 0};
	for (size_t i = 0; i < r->findings.n; i++) {
		const sp_finding *f = &r->findings.v[i];
		const level_row *l = level_of(f);
		counts[f->state]++;
		sp_buf_puts(out, color ? "\033[1m" : "");
		sp_buf_term_str(out, f->path, strlen(f->path));
		sp_buf_printf(out, ":%d:%s %s%s%s: ", f->line, color ? "\033[0m" : "",
			      color ? l->color : "", l->level, color ? "\033[0m" : "");
		if (f->function) {
			sp_buf_term_str(out, f->function, strlen(f->function));
			sp_buf_puts(out, ": ");
		}
		sp_buf_term_str(out, f->message, strlen(f->message));
		sp_buf_puts(out, " [");
		sp_buf_term_str(out, f->rule, strlen(f->rule));
		sp_buf_printf(out, ", %s]\n", STATE_NAME[f->state]);
	}
	sp_buf_printf(out,
		      "%zu finding%s (%zu new, %zu worse, %zu unchanged): %zu fail%s the gate: %s\n",
		      r->findings.n, r->findings.n == 1 ? "" : "s", counts[0], counts[1], counts[2],
		      r->failing, r->failing == 1 ? "s" : "", r->failing ? "FAILED" : "passed");
	return out->err;
}

/* ---- json: one object, for scripts ---- */
static void json_finding(sp_buf *out, const sp_finding *f)
{
	sp_buf_puts(out, "{\"path\": ");
	json_str(out, f->path);
	sp_buf_printf(out, ", \"line\": %d, \"end_line\": %d, \"function\": ", f->line, f->end_line);
	json_str(out, f->function);
	sp_buf_puts(out, ", \"language\": ");
	json_str(out, f->language);
	sp_buf_puts(out, ", \"rule\": ");
	json_str(out, f->rule);
	sp_buf_puts(out, ", \"metric\": ");
	json_str(out, f->metric);
	sp_buf_printf(out, ", \"value\": %lld, \"base_value\": ", (long long)f->value);
	if (f->has_base)
		sp_buf_printf(out, "%lld", (long long)f->base_value);
	else
		sp_buf_puts(out, "null");
	sp_buf_printf(out, ", \"state\": \"%s\", \"fails\": %s, \"message\": ", STATE_NAME[f->state],
		      f->fails ? "true" : "false");
	json_str(out, f->message);
	sp_buf_putc(out, '}');
}

static int write_json(const sp_gate_result *r, sp_buf *out, bool color)
{
	(void)color;
	size_t counts[3] = {0, 0, 0};
	for (size_t i = 0; i < r->findings.n; i++)
		counts[r->findings.v[i].state]++;
	sp_buf_puts(out, "{\n  \"repository\": ");
	json_str(out, r->repository);
	sp_buf_puts(out, ",\n  \"base_commit\": ");
	json_str(out, r->base_commit);
	sp_buf_puts(out, ",\n  \"head_commit\": ");
	json_str(out, r->head_commit);
	sp_buf_printf(out, ",\n  \"base_snapshot\": %lld,\n  \"head_snapshot\": %lld,\n",
		      (long long)r->base_snapshot, (long long)r->head_snapshot);
	sp_buf_printf(
		out,
		"  \"summary\": {\"findings\": %zu, \"failing\": %zu, \"new\": %zu, \"worse\": %zu, "
		"\"unchanged\": %zu, \"passed\": %s},\n  \"findings\": [",
		r->findings.n, r->failing, counts[0], counts[1], counts[2],
		r->failing ? "false" : "true");
	for (size_t i = 0; i < r->findings.n; i++) {
		sp_buf_puts(out, i ? ",\n    " : "\n    ");
		json_finding(out, &r->findings.v[i]);
	}
	sp_buf_puts(out, r->findings.n ? "\n  ]\n}\n" : "]\n}\n");
	return out->err;
}

/* ---- sarif: SARIF 2.1.0 for GitHub code scanning ---- */

/* A SARIF rule id from the rule as written: "cyclomatic > 15" -> "cyclomatic-gt-15". */
static void rule_id(sp_buf *out, const char *rule)
{
	static const struct {
		char c;
		const char *word;
	} OPS[] = {{'>', "gt"}, {'<', "lt"}, {'=', "eq"}, {'!', "not"}, {'*', "star"}};
	bool dash = false;
	for (const char *p = rule; *p; p++) {
		const char *word = NULL;
		for (size_t i = 0; i < sizeof OPS / sizeof *OPS; i++)
			if (*p == OPS[i].c)
				word = OPS[i].word;
		bool keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_';
		if (keep) {
			if (dash && out->len)
				sp_buf_putc(out, '-');
			dash = false;
			sp_buf_putc(out, *p);
		} else if (word) {
			if (out->len)
				sp_buf_putc(out, '-');
			sp_buf_puts(out, word);
			dash = true;
		} else {
			dash = true;
		}
	}
}

/* A stored path as a relative URI reference: the file's bytes, percent-encoded outside RFC 3986's
   unreserved characters and '/'. */
static void path_uri(sp_buf *out, const char *path)
{
	sp_buf raw;
	sp_buf_init(&raw);
	if (sp_path_unescape(&raw, path, strlen(path)) != 0) {
		sp_buf_reset(&raw);
		sp_buf_puts(&raw, path);
	}
	for (size_t i = 0; i < raw.len; i++) {
		unsigned char c = (unsigned char)raw.data[i];
		bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			    strchr("-._~/", c) != NULL;
		if (keep && c)
			sp_buf_putc(out, (char)c);
		else
			sp_buf_printf(out, "%%%02X", c);
	}
	sp_buf_release(&raw);
}

static void json_str_buf(sp_buf *out, sp_buf *s)
{
	sp_buf_json_str(out, s->data ? s->data : "", s->len);
}

/* Index of f's rule among the distinct rules, in order of first appearance. */
static size_t rule_index(const sp_gate_result *r, size_t upto, const char *rule, bool *first)
{
	size_t idx = 0;
	for (size_t i = 0; i < upto; i++) {
		const char *other = r->findings.v[i].rule;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(r->findings.v[j].rule, other) == 0;
		if (seen)
			continue;
		if (strcmp(other, rule) == 0) {
			*first = false;
			return idx;
		}
		idx++;
	}
	*first = true;
	return idx;
}

static void sarif_rule(sp_buf *out, const sp_finding *f, bool comma)
{
	sp_buf id, text;
	sp_buf_init(&id);
	sp_buf_init(&text);
	rule_id(&id, f->rule);
	sp_buf_printf(&text, "%s fails the gate when it holds for a new or grown value", f->rule);
	sp_buf_puts(out, comma ? ",\n            {\"id\": " : "\n            {\"id\": ");
	json_str_buf(out, &id); /* no "name": SARIF wants it omitted when it would equal the id */
	sp_buf_puts(out, ",\n             \"shortDescription\": {\"text\": ");
	json_str(out, f->rule);
	sp_buf_puts(out, "}, \"fullDescription\": {\"text\": ");
	json_str_buf(out, &text);
	sp_buf_puts(out, "},\n             \"helpUri\": \"" SP_GATE_HELP_URI
			 "\", \"properties\": {\"metric\": ");
	json_str(out, f->metric);
	sp_buf_puts(out, "}}");
	sp_buf_release(&text);
	sp_buf_release(&id);
}

static void sarif_result(sp_buf *out, const sp_finding *f, size_t idx)
{
	sp_buf id, t;
	sp_buf_init(&id);
	sp_buf_init(&t);
	rule_id(&id, f->rule);
	char fp[SP_HASH_HEX_LEN + 1];
	fingerprint(f, fp);
	sp_buf_puts(out, "\n        {\"ruleId\": ");
	json_str_buf(out, &id);
	sp_buf_printf(out, ", \"ruleIndex\": %zu, \"level\": \"%s\", \"message\": {\"text\": ", idx,
		      level_of(f)->level);
	json_str(out, describe(&t, f));
	sp_buf_puts(out, "},\n         \"locations\": [{\"physicalLocation\": {\"artifactLocation\": "
			 "{\"uri\": \"");
	path_uri(out, f->path);
	sp_buf_printf(
		out,
		"\", \"uriBaseId\": \"%%SRCROOT%%\"}, \"region\": {\"startLine\": %d, \"endLine\": %d}}",
		f->line > 0 ? f->line : 1, f->end_line >= f->line && f->line > 0 ? f->end_line : 1);
	if (f->function) {
		sp_buf_puts(out, ", \"logicalLocations\": [{\"fullyQualifiedName\": ");
		json_str(out, f->function);
		sp_buf_puts(out, ", \"kind\": \"function\"}]");
	}
	sp_buf_printf(out,
		      "}],\n         \"baselineState\": \"%s\", \"partialFingerprints\": "
		      "{\"snakepipe/v1\": \"%s\"}",
		      STATE_SARIF[f->state], fp);
	sp_buf_printf(out, ",\n         \"properties\": {\"metric\": ");
	json_str(out, f->metric);
	sp_buf_printf(out, ", \"value\": %lld", (long long)f->value);
	if (f->has_base)
		sp_buf_printf(out, ", \"baseValue\": %lld", (long long)f->base_value);
	sp_buf_printf(out, ", \"fails\": %s}}", f->fails ? "true" : "false");
	sp_buf_release(&t);
	sp_buf_release(&id);
}

static int write_sarif(const sp_gate_result *r, sp_buf *out, bool color)
{
	(void)color;
	sp_buf_puts(out,
		    "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
		    "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": {\"driver\": {"
		    "\"name\": \"snakepipe\", \"version\": \"" SP_VERSION
		    "\", \"semanticVersion\": \"" SP_VERSION
		    "\",\n        \"informationUri\": \"" SP_GATE_INFO_URI "\",\n        \"rules\": [");
	size_t nrules = 0;
	for (size_t i = 0; i < r->findings.n; i++) {
		bool first;
		rule_index(r, i, r->findings.v[i].rule, &first);
		if (first)
			sarif_rule(out, &r->findings.v[i], nrules++ > 0);
	}
	sp_buf_puts(out, nrules ? "\n        ]}},\n" : "]}},\n");
	if (r->head_commit || r->base_commit) {
		sp_buf_puts(out, "      \"properties\": {\"repository\": ");
		json_str(out, r->repository);
		sp_buf_puts(out, ", \"baseCommit\": ");
		json_str(out, r->base_commit);
		sp_buf_puts(out, ", \"headCommit\": ");
		json_str(out, r->head_commit);
		sp_buf_puts(out, "},\n");
	}
	sp_buf_puts(out, "      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [");
	for (size_t i = 0; i < r->findings.n; i++) {
		bool first;
		size_t idx = rule_index(r, i, r->findings.v[i].rule, &first);
		if (i)
			sp_buf_putc(out, ',');
		sarif_result(out, &r->findings.v[i], idx);
	}
	sp_buf_puts(out, r->findings.n ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n");
	return out->err;
}

/* ---- codeclimate: GitLab's code quality report (a JSON array of issues) ---- */
static int write_codeclimate(const sp_gate_result *r, sp_buf *out, bool color)
{
	(void)color;
	sp_buf_putc(out, '[');
	for (size_t i = 0; i < r->findings.n; i++) {
		const sp_finding *f = &r->findings.v[i];
		char fp[SP_HASH_HEX_LEN + 1];
		fingerprint(f, fp);
		sp_buf_puts(out, i ? ",\n  {\"type\": \"issue\", \"check_name\": "
				   : "\n  {\"type\": \"issue\", \"check_name\": ");
		json_str(out, f->rule);
		sp_buf_puts(out, ", \"description\": ");
		sp_buf t;
		sp_buf_init(&t);
		json_str(out, describe(&t, f));
		sp_buf_release(&t);
		sp_buf_printf(out,
			      ", \"categories\": [\"Complexity\"], \"fingerprint\": \"%s\", "
			      "\"severity\": \"%s\",\n"
			      "   \"location\": {\"path\": ",
			      fp, level_of(f)->severity);
		json_str(out, f->path);
		sp_buf_printf(out, ", \"lines\": {\"begin\": %d, \"end\": %d}}}", f->line, f->end_line);
	}
	sp_buf_puts(out, r->findings.n ? "\n]\n" : "]\n");
	return out->err;
}

/* ---- junit: one testcase per finding, a failure for each failing one ---- */

/* XML 1.0 text or attribute value: markup characters as entities, invalid UTF-8 and the control
   characters XML forbids as U+FFFD, line breaks in attributes as character references. */
static void xml_str(sp_buf *out, const char *s)
{
	sp_buf clean;
	sp_buf_init(&clean);
	sp_buf_utf8_clean(&clean, s, strlen(s));
	static const struct {
		char c;
		const char *ent;
	} ENT[] = {{'&', "&amp;"},   {'<', "&lt;"},   {'>', "&gt;"},   {'"', "&quot;"},
		   {'\'', "&apos;"}, {'\n', "&#10;"}, {'\r', "&#13;"}, {'\t', "&#9;"}};
	for (size_t i = 0; i < clean.len; i++) {
		char c = clean.data[i];
		const char *ent = NULL;
		for (size_t j = 0; j < sizeof ENT / sizeof *ENT && !ent; j++)
			if (c == ENT[j].c)
				ent = ENT[j].ent;
		if (ent)
			sp_buf_puts(out, ent);
		else if ((unsigned char)c < 0x20 || c == 0x7f)
			sp_buf_puts(out, "\xef\xbf\xbd");
		else
			sp_buf_putc(out, c);
	}
	sp_buf_release(&clean);
}

static int write_junit(const sp_gate_result *r, sp_buf *out, bool color)
{
	(void)color;
	sp_buf_puts(out,
		    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"snakepipe check\"");
	sp_buf_printf(out, " tests=\"%zu\" failures=\"%zu\">\n  <testsuite name=\"snakepipe check: ",
		      r->findings.n, r->failing);
	xml_str(out, r->repository ? r->repository : "");
	sp_buf_printf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
		      r->findings.n, r->failing);
	sp_buf t;
	sp_buf_init(&t);
	for (size_t i = 0; i < r->findings.n; i++) {
		const sp_finding *f = &r->findings.v[i];
		sp_buf_puts(out, "    <testcase classname=\"");
		xml_str(out, f->path);
		sp_buf_puts(out, "\" name=\"");
		xml_str(out, f->function ? f->function : "(file)");
		sp_buf_puts(out, ": ");
		xml_str(out, f->rule);
		sp_buf_puts(out, "\" file=\"");
		xml_str(out, f->path);
		sp_buf_printf(out, "\" line=\"%d\">\n", f->line);
		if (f->fails) {
			sp_buf_puts(out, "      <failure message=\"");
			xml_str(out, f->message);
			sp_buf_puts(out, "\" type=\"");
			xml_str(out, f->rule);
			sp_buf_puts(out, "\">");
		} else {
			sp_buf_puts(out, "      <system-out>");
		}
		xml_str(out, f->path);
		sp_buf_printf(out, ":%d: %s: ", f->line, level_of(f)->level);
		xml_str(out, describe(&t, f));
		sp_buf_printf(out, " [%s]", STATE_NAME[f->state]);
		sp_buf_puts(out, f->fails ? "</failure>\n" : "</system-out>\n");
		sp_buf_puts(out, "    </testcase>\n");
	}
	sp_buf_release(&t);
	sp_buf_puts(out, "  </testsuite>\n</testsuites>\n");
	return out->err;
}

/* ---- github: workflow commands, escaped as actions/toolkit's command.ts escapes them ---- */
static void gh_escape(sp_buf *out, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			sp_buf_puts(out, "%25");
		else if (*s == '\r')
			sp_buf_puts(out, "%0D");
		else if (*s == '\n')
			sp_buf_puts(out, "%0A");
		else if (property && *s == ':')
			sp_buf_puts(out, "%3A");
		else if (property && *s == ',')
			sp_buf_puts(out, "%2C");
		else
			sp_buf_putc(out, *s);
	}
}

static int write_github(const sp_gate_result *r, sp_buf *out, bool color)
{
	(void)color;
	for (size_t i = 0; i < r->findings.n; i++) {
		const sp_finding *f = &r->findings.v[i];
		sp_buf_puts(out, f->fails ? "::error file=" : "::warning file=");
		gh_escape(out, f->path, true);
		sp_buf_printf(out, ",line=%d,endLine=%d,title=", f->line, f->end_line);
		sp_buf t;
		sp_buf_init(&t);
		sp_buf_printf(&t, "snakepipe: %s (%s)", f->rule, STATE_NAME[f->state]);
		gh_escape(out, sp_buf_cstr(&t), true);
		sp_buf_puts(out, "::");
		gh_escape(out, describe(&t, f), false);
		sp_buf_release(&t);
		sp_buf_putc(out, '\n');
	}
	return out->err;
}

/* ---- markdown: a table for $GITHUB_STEP_SUMMARY (GitHub-flavoured Markdown) ---- */
static void md_str(sp_buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			sp_buf_puts(out, "&amp;");
		else if (*s == '<')
			sp_buf_puts(out, "&lt;");
		else if (*s == '>')
			sp_buf_puts(out, "&gt;");
		else if (*s == '\n' || *s == '\r')
			sp_buf_putc(out, ' ');
		else if (strchr("\\`*_[]|#~", *s))
			sp_buf_printf(out, "\\%c", *s);
		else
			sp_buf_putc(out, *s);
	}
}

static int write_markdown(const sp_gate_result *r, sp_buf *out, bool color)
{
	(void)color;
	sp_buf_printf(out, "### snakepipe check: %s\n\n", r->failing ? "failed" : "passed");
	sp_buf_puts(out, "Repository ");
	md_str(out, r->repository ? r->repository : "");
	if (r->base_commit && r->head_commit) {
		sp_buf_puts(out, ", base ");
		md_str(out, r->base_commit);
		sp_buf_puts(out, ", head ");
		md_str(out, r->head_commit);
	}
	sp_buf_printf(out, ": %zu finding%s, %zu fail%s the gate.\n", r->findings.n,
		      r->findings.n == 1 ? "" : "s", r->failing, r->failing == 1 ? "s" : "");
	if (!r->findings.n)
		return out->err;
	sp_buf_puts(out, "\n| | File | Line | Function | Rule | Value | Base | State | Message |\n"
			 "|---|---|--:|---|---|--:|--:|---|---|\n");
	for (size_t i = 0; i < r->findings.n; i++) {
		const sp_finding *f = &r->findings.v[i];
		sp_buf_printf(out, "| %s | ", level_of(f)->icon);
		md_str(out, f->path);
		sp_buf_printf(out, " | %d | ", f->line);
		md_str(out, f->function ? f->function : "");
		sp_buf_puts(out, " | ");
		md_str(out, f->rule);
		sp_buf_printf(out, " | %lld | ", (long long)f->value);
		if (f->has_base)
			sp_buf_printf(out, "%lld", (long long)f->base_value);
		sp_buf_printf(out, " | %s | ", STATE_NAME[f->state]);
		md_str(out, f->message);
		sp_buf_puts(out, " |\n");
	}
	return out->err;
}

/* ---- the table ---- */
static const sp_gate_writer WRITERS[] = {
	{"text", write_text},         {"json", write_json},
	{"sarif", write_sarif},       {"codeclimate", write_codeclimate},
	{"junit", write_junit},       {"github", write_github},
	{"markdown", write_markdown},
};

const sp_gate_writer *sp_gate_writer_find(const char *name)
{
	for (size_t i = 0; name && i < sizeof WRITERS / sizeof *WRITERS; i++)
		if (strcmp(WRITERS[i].name, name) == 0)
			return &WRITERS[i];
	return NULL;
}

const char *sp_gate_writer_names(void)
{
	/* kept beside the table; tests/unit/test_gate_writers.c checks that the two agree */
	return "text, json, sarif, codeclimate, junit, github, markdown";
}
