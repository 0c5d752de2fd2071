/* cli/yamlfile.c: reading a YAML file through libcyaml with limits: a size cap and an
   alias-expansion cap measured on libyaml's events first, then messages that name the key's line. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "yamlfile_p.h"

#include "banned.h"

/* libcyaml reports problems through its log function; keep them for one clear message. */
static void collect_log(cyaml_log_t level, void *ctx, const char *fmt, va_list args)
{
	if (level < CYAML_LOG_WARNING)
		return;
	sp_buf *b = ctx;
	char line[512];
	vsnprintf(line, sizeof line, fmt, args);
	char *t = line;
	if (!strncmp(t, "Load: ", 6))
		t += 6;
	while (*t == ' ')
		t++;
	size_t n = strlen(t);
	while (n && (t[n - 1] == '\n' || t[n - 1] == ' '))
		t[--n] = '\0';
	if (!n || !strcmp(t, "Backtrace:"))
		return;
	sp_buf_puts(b, t);
	sp_buf_puts(b, "; ");
}

long sp_yaml_key_line(const char *path, const char *key)
{
	size_t klen = strcspn(key, ";");
	FILE *f = fopen(path, "r");
	if (!f || klen == 0 || klen > 200) {
		if (f)
			fclose(f);
		return 0;
	}
	char line[1024];
	long n = 0, found = 0;
	while (!found && fgets(line, sizeof line, f)) {
		n++;
		const char *p = line + strspn(line, " \t-");
		if (!strncmp(p, key, klen) && p[klen] == ':')
			found = n;
	}
	fclose(f);
	return found;
}

/* ---- what the document expands to: every alias counts its anchor's weight again ---- */

typedef struct open_node {
	uint64_t weight;
	char *anchor;
} open_node;

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* The weight of the document (each node: its scalar's bytes + 1) once every alias is replaced
   by a copy of its anchor (saturating), or SP_EUSAGE with libyaml's message when it does not
   parse. */
static int expanded_weight(FILE *f, uint64_t *total, sp_buf *err)
{
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		return SP_ENOMEM;
	yaml_parser_set_input_file(&parser, f);
	sp_strmap anchors; /* anchor -> weight (saturated to INT64_MAX) */
	sp_strmap_init(&anchors);
	sp_array(open_node) stack = {0};
	uint64_t sum = 0;
	int rc = 0;
	for (bool done = false; !done && !rc;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			sp_buf_printf(err, "line %lu: %s", (unsigned long)parser.problem_mark.line + 1,
				      parser.problem ? parser.problem : "not YAML");
			rc = SP_EUSAGE;
			break;
		}
		uint64_t add = 0;
		const char *anchor = NULL;
		bool close = false;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT: done = true; break;
		case YAML_SCALAR_EVENT:
			add = (uint64_t)ev.data.scalar.length + 1;
			anchor = (const char *)ev.data.scalar.anchor;
			break;
		case YAML_ALIAS_EVENT: {
			int64_t v = 0;
			const char *a = (const char *)ev.data.alias.anchor;
			add = sp_strmap_get(&anchors, a, strlen(a), &v) ? (uint64_t)v : 1;
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			const yaml_char_t *a = ev.type == YAML_SEQUENCE_START_EVENT
						       ? ev.data.sequence_start.anchor
						       : ev.data.mapping_start.anchor;
			open_node n = {1, a ? strdup((const char *)a) : NULL};
			if ((a && !n.anchor) || sp_array_push(&stack, n)) {
				free(n.anchor);
				rc = SP_ENOMEM;
			}
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: close = true; break;
		default: break;
		}
		char *closed_anchor = NULL;
		if (close && stack.n) {
			open_node n = stack.v[--stack.n];
			add = n.weight;
			closed_anchor = n.anchor;
			anchor = closed_anchor;
		}
		if (anchor && !rc)
			rc = sp_strmap_put(&anchors, anchor, strlen(anchor),
					   add > INT64_MAX ? INT64_MAX : (int64_t)add);
		free(closed_anchor);
		if (stack.n)
			stack.v[stack.n - 1].weight = sat_add(stack.v[stack.n - 1].weight, add);
		else
			sum = sat_add(sum, add);
		yaml_event_delete(&ev);
	}
	for (size_t i = 0; i < stack.n; i++)
		free(stack.v[i].anchor);
	sp_array_release(&stack);
	sp_strmap_release(&anchors);
	yaml_parser_delete(&parser);
	*total = sum;
	return rc;
}

int sp_yaml_check(const char *path, const sp_yaml_limits *lim, bool *empty, sp_buf *err)
{
	*empty = false;
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st)) {
		sp_buf_printf(err, "cannot read: %s", strerror(errno));
		if (f)
			fclose(f);
		return SP_EUSAGE;
	}
	int rc = 0;
	uint64_t weight = 0;
	if (!S_ISREG(st.st_mode)) {
		sp_buf_puts(err, "not a regular file");
		rc = SP_EUSAGE;
	} else if ((uint64_t)st.st_size > lim->max_bytes) {
		sp_buf_printf(err, "%lld bytes; %s may hold at most %llu", (long long)st.st_size,
			      lim->what, (unsigned long long)lim->max_bytes);
		rc = SP_EUSAGE;
	} else if (st.st_size == 0) {
		*empty = true;
	} else if (!(rc = expanded_weight(f, &weight, err)) && weight > lim->max_expanded) {
		sp_buf_printf(err, "its anchors and aliases expand to more than %llu MiB; %s",
			      (unsigned long long)(lim->max_expanded >> 20), lim->expand_hint);
		rc = SP_EUSAGE;
	}
	fclose(f);
	return rc;
}

int sp_yaml_load(const char *path, const cyaml_schema_value_t *schema, cyaml_data_t **out, sp_buf *err)
{
	*out = NULL;
	sp_buf log;
	sp_buf_init(&log);
	cyaml_config_t cfg = {
		.log_fn = collect_log,
		.log_ctx = &log,
		.mem_fn = cyaml_mem,
		.log_level = CYAML_LOG_WARNING,
	};
	cyaml_err_t cerr = cyaml_load_file(path, &cfg, schema, out, NULL);
	if (cerr != CYAML_OK) {
		while (log.len && (log.data[log.len - 1] == ' ' || log.data[log.len - 1] == ';'))
			log.data[--log.len] = '\0';
		/* libcyaml places an unknown key at its mapping's line; point at the key itself */
		const char *uk = strstr(sp_buf_cstr(&log), "Unexpected key: ");
		long at = uk ? sp_yaml_key_line(path, uk + 16) : 0;
		if (at > 0)
			sp_buf_printf(&log, " (the key is on line %ld)", at);
		sp_buf_printf(err, "%s%s%s", cyaml_strerror(cerr), log.len ? ": " : "",
			      sp_buf_cstr(&log));
		sp_buf_release(&log);
		*out = NULL;
		return cerr == CYAML_ERR_OOM ? SP_ENOMEM : SP_EUSAGE;
	}
	sp_buf_release(&log);
	return 0;
}

int sp_yaml_language_table(sp_extractor **ex, sp_buf *err)
{
	*ex = NULL;
	int rc = sp_extractor_new(ex, SP_EXTRACTOR_LAZY);
	if (rc) {
		sp_buf_puts(err, sp_extractor_errmsg(*ex));
		sp_extractor_free(*ex);
		*ex = NULL;
	}
	return rc;
}

int sp_yaml_document(const char *path, yaml_document_t *d, sp_buf *err)
{
	FILE *in = fopen(path, "rb");
	if (!in) {
		sp_buf_printf(err, "cannot read: %s", strerror(errno));
		return SP_EUSAGE;
	}
	yaml_parser_t p;
	int rc = 0;
	if (!yaml_parser_initialize(&p)) {
		fclose(in);
		return SP_ENOMEM;
	}
	yaml_parser_set_input_file(&p, in);
	if (!yaml_parser_load(&p, d)) {
		sp_buf_puts(err, p.problem ? p.problem : "not YAML");
		rc = SP_EUSAGE;
	}
	yaml_parser_delete(&p);
	fclose(in);
	return rc;
}

yaml_node_t *sp_yaml_mapping_get(yaml_document_t *d, yaml_node_t *map, const char *key,
				 yaml_node_t **key_node)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < map->data.mapping.pairs.top; q++) {
		yaml_node_t *k = yaml_document_get_node(d, q->key);
		if (k && k->type == YAML_SCALAR_NODE &&
		    !strcmp((const char *)k->data.scalar.value, key)) {
			*key_node = k;
			return yaml_document_get_node(d, q->value);
		}
	}
	return NULL;
}

/* One "glob: language" pair, checked against the language table. */
static int add_rule(sp_extractor *ex, yaml_node_t *k, yaml_node_t *v, sp_lang_rules *out, sp_buf *err)
{
	if (!k || !v || k->type != YAML_SCALAR_NODE || v->type != YAML_SCALAR_NODE ||
	    !k->data.scalar.length) {
		yaml_node_t *at = k ? k : v;
		sp_buf_printf(err, "language_map: each entry is \"glob: language\" (line %lu)",
			      at ? (unsigned long)at->start_mark.line + 1 : 0ul);
		return SP_EUSAGE;
	}
	const char *lang = (const char *)v->data.scalar.value;
	if (!sp_extractor_by_name(ex, lang)) {
		sp_buf_printf(err, "language_map: no language '%s' (", lang);
		sp_language_names(err);
		sp_buf_printf(err, ") on line %lu", (unsigned long)v->start_mark.line + 1);
		return SP_EUSAGE;
	}
	sp_lang_rule r = {strdup((const char *)k->data.scalar.value), strdup(lang)};
	if (!r.glob || !r.language || sp_array_push(out, r)) {
		free((char *)r.glob);
		free((char *)r.language);
		return SP_ENOMEM;
	}
	return 0;
}

int sp_yaml_lang_rules(yaml_document_t *d, yaml_node_t *k, yaml_node_t *v, sp_extractor *ex,
		       sp_lang_rules *out, sp_buf *err)
{
	if (v->type == YAML_SCALAR_NODE && !v->data.scalar.length)
		return 0; /* "language_map:" with nothing after it */
	if (v->type != YAML_MAPPING_NODE) {
		sp_buf_printf(err, "language_map: wants a mapping of glob: language (line %lu)",
			      (unsigned long)k->start_mark.line + 1);
		return SP_EUSAGE;
	}
	int rc = 0;
	for (yaml_node_pair_t *e = v->data.mapping.pairs.start; !rc && e < v->data.mapping.pairs.top;
	     e++)
		rc = add_rule(ex, yaml_document_get_node(d, e->key), yaml_document_get_node(d, e->value),
			      out, err);
	return rc;
}

void sp_lang_rules_release(sp_lang_rules *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free((char *)r->v[i].glob);
		free((char *)r->v[i].language);
	}
	sp_array_release(r);
}
