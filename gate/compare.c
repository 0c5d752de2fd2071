/* gate/compare.c: the CI gate's comparison: a change's snapshot against its base's, read back
   with the read API (gate/sql), each touched function and file checked against the rules. */
#include <stdlib.h>
#include <string.h>

#include "sp_gate.h"
#include "sp_sink.h"

#include "banned.h"

/* The function metrics in sp_gate_metric order (file_lines is the file's). */
#define FN_METRICS SP_METRIC_FILE_LINES

typedef struct file_row {
	const char *path, *language;
	int64_t blob, lines;
} file_row;

typedef struct fn_row {
	const char *qname;
	int line, end_line;
	int64_t m[FN_METRICS];
} fn_row;

typedef sp_array(file_row) file_list;
typedef sp_array(fn_row) fn_list;

typedef struct cmp {
	sp_sink *s;
	int64_t repo;
	const sp_gate_rules *rules;
	sp_gate_result *out;
	sp_buf *err;
	sp_arena *a; /* the result's: every string a finding names */
} cmp;

static const char *const metric_text[SP_METRICS] = {"cyclomatic complexity", "NLOC",
						    "nesting depth",         "parameter count",
						    "cognitive complexity",  "Halstead volume",
						    "Halstead effort",       "logical lines",
						    "maintainability index", "file lines"};

static char *dup(cmp *c, const char *s)
{
	return s ? sp_arena_strndup(c->a, s, strlen(s)) : NULL;
}

static int db_error(cmp *c)
{
	sp_buf_puts(c->err, sp_sink_errmsg(c->s));
	return SP_EDB;
}

static int load_files(cmp *c, int64_t snapshot, file_list *out)
{
	sp_param p[] = {SP_PARAM_INT(c->repo), SP_PARAM_INT(snapshot)};
	sp_rows *r;
	if (sp_sink_query(c->s, sp_sql_gate_files, p, 2, &r))
		return db_error(c);
	int rc;
	while ((rc = sp_rows_next(r)) == 1) {
		file_row f = {dup(c, sp_rows_text(r, 0)), dup(c, sp_rows_text(r, 2)), sp_rows_int(r, 1),
			      sp_rows_int(r, 3)};
		if (!f.path || !f.language || sp_array_push(out, f)) {
			rc = SP_ENOMEM;
			break;
		}
	}
	sp_rows_free(r);
	return rc < 0 ? (rc == SP_ENOMEM ? rc : db_error(c)) : 0;
}

static int load_functions(cmp *c, int64_t blob, fn_list *out)
{
	sp_param p[] = {SP_PARAM_INT(c->repo), SP_PARAM_INT(blob)};
	sp_rows *r;
	out->n = 0;
	if (sp_sink_query(c->s, sp_sql_gate_functions, p, 2, &r))
		return db_error(c);
	int rc;
	while ((rc = sp_rows_next(r)) == 1) {
		fn_row f = {
			dup(c, sp_rows_text(r, 0)), (int)sp_rows_int(r, 1), (int)sp_rows_int(r, 2), {0}};
		for (int m = 0; m < FN_METRICS; m++)
			f.m[m] = sp_rows_int(r, 3 + m);
		if (!f.qname || sp_array_push(out, f)) {
			rc = SP_ENOMEM;
			break;
		}
	}
	sp_rows_free(r);
	return rc < 0 ? (rc == SP_ENOMEM ? rc : db_error(c)) : 0;
}

/* Applies one rule to one value; appends a finding when it is broken. */
static int judge(cmp *c, const sp_gate_rule *rule, const file_row *f, const fn_row *fn, int64_t value,
		 bool has_base, int64_t base_value)
{
	if (!sp_gate_rule_breaks(rule, value, has_base, base_value))
		return 0;
	sp_finding x = {.rule = rule->text,
			.metric = sp_gate_metric_names[rule->metric],
			.path = f->path,
			.line = fn ? fn->line : 1,
			.end_line = fn ? fn->end_line : (int)(f->lines > 0 ? f->lines : 1),
			.function = fn ? fn->qname : NULL,
			.language = f->language,
			.value = value,
			.base_value = has_base ? base_value : 0,
			.has_base = has_base};
	if (rule->growth)
		x.state = SP_FINDING_WORSE;
	else if (has_base && sp_gate_rule_breaks(rule, base_value, false, 0))
		x.state = value > base_value ? SP_FINDING_WORSE : SP_FINDING_UNCHANGED;
	else
		x.state = SP_FINDING_NEW;
	x.fails = x.state != SP_FINDING_UNCHANGED;
	sp_buf msg;
	sp_buf_init(&msg);
	const char *op = rule->below ? (rule->or_equal ? "<=" : "<") : rule->or_equal ? ">=" : ">";
	if (rule->growth)
		sp_buf_printf(&msg, "%s grew by %lld %s %lld (%lld -> %lld)", metric_text[rule->metric],
			      (long long)(value - base_value), op, (long long)rule->limit,
			      (long long)base_value, (long long)value);
	else
		sp_buf_printf(&msg, "%s %lld %s %lld", metric_text[rule->metric], (long long)value, op,
			      (long long)rule->limit);
	if (!rule->growth && has_base)
		sp_buf_printf(&msg, " (was %lld)", (long long)base_value);
	x.message = msg.err ? NULL : sp_arena_strndup(c->a, msg.data, msg.len);
	sp_buf_release(&msg);
	if (!x.message || sp_array_push(&c->out->findings, x))
		return SP_ENOMEM;
	c->out->failing += x.fails;
	return 0;
}

/* The key matching a function across snapshots: its qualified name and its occurrence among
   functions of that name in the file (overloads, duplicates). */
static int fn_key(sp_buf *k, const char *qname, sp_strmap *seen)
{
	int64_t n = 0;
	sp_strmap_get(seen, qname, strlen(qname), &n);
	if (sp_strmap_put(seen, qname, strlen(qname), n + 1))
		return SP_ENOMEM;
	sp_buf_reset(k);
	sp_buf_printf(k, "%s#%lld", qname, (long long)n);
	return k->err;
}

typedef struct fn_scratch {
	fn_list head, base;
	sp_strmap index, seen;
	sp_buf key;
} fn_scratch;

static int check_functions(cmp *c, const file_row *f, const file_row *b, fn_scratch *w)
{
	int rc = load_functions(c, f->blob, &w->head);
	if (!rc && b)
		rc = load_functions(c, b->blob, &w->base);
	sp_strmap_release(&w->index);
	sp_strmap_release(&w->seen);
	sp_strmap_init(&w->index);
	sp_strmap_init(&w->seen);
	for (size_t i = 0; !rc && b && i < w->base.n; i++)
		if (!(rc = fn_key(&w->key, w->base.v[i].qname, &w->seen)))
			rc = sp_strmap_put(&w->index, w->key.data, w->key.len, (int64_t)i);
	sp_strmap_release(&w->seen);
	sp_strmap_init(&w->seen);
	for (size_t i = 0; !rc && i < w->head.n; i++) {
		const fn_row *fn = &w->head.v[i];
		int64_t at = -1;
		if ((rc = fn_key(&w->key, fn->qname, &w->seen)))
			break;
		bool has_base = b && sp_strmap_get(&w->index, w->key.data, w->key.len, &at);
		for (size_t r = 0; !rc && r < c->rules->v.n; r++) {
			const sp_gate_rule *rule = &c->rules->v.v[r];
			if (rule->metric == SP_METRIC_FILE_LINES ||
			    !sp_gate_rule_applies(rule, f->language, f->path))
				continue;
			rc = judge(c, rule, f, fn, fn->m[rule->metric], has_base,
				   has_base ? w->base.v[at].m[rule->metric] : 0);
		}
	}
	return rc;
}

static int check_file(cmp *c, const file_row *f, const file_row *b, fn_scratch *w)
{
	for (size_t r = 0; r < c->rules->v.n; r++) {
		const sp_gate_rule *rule = &c->rules->v.v[r];
		if (rule->metric != SP_METRIC_FILE_LINES ||
		    !sp_gate_rule_applies(rule, f->language, f->path))
			continue;
		int rc = judge(c, rule, f, NULL, f->lines, b != NULL, b ? b->lines : 0);
		if (rc)
			return rc;
	}
	return check_functions(c, f, b, w);
}

static int by_place(const void *pa, const void *pb)
{
	const sp_finding *a = pa, *b = pb;
	int d = strcmp(a->path, b->path);
	if (!d)
		d = (a->line > b->line) - (a->line < b->line);
	return d ? d : strcmp(a->rule, b->rule);
}

static int describe(cmp *c, int64_t snapshot, const char **commit)
{
	sp_param p[] = {SP_PARAM_INT(c->repo), SP_PARAM_INT(snapshot)};
	sp_rows *r;
	if (sp_sink_query(c->s, sp_sql_gate_snapshot, p, 2, &r))
		return db_error(c);
	int rc = sp_rows_next(r);
	if (rc == 1) {
		*commit = dup(c, sp_rows_text(r, 0));
		c->out->repository = dup(c, sp_rows_text(r, 1));
	}
	sp_rows_free(r);
	return rc < 0 ? db_error(c) : 0;
}

static int compare_files(cmp *c, const sp_gate_rename *renames, size_t nrenames, file_list *base,
			 file_list *head)
{
	sp_strmap by_path, renamed;
	fn_scratch w = {0};
	sp_strmap_init(&by_path);
	sp_strmap_init(&renamed);
	sp_strmap_init(&w.index);
	sp_strmap_init(&w.seen);
	sp_buf_init(&w.key);
	int rc = 0;
	for (size_t i = 0; !rc && i < base->n; i++)
		rc = sp_strmap_put(&by_path, base->v[i].path, strlen(base->v[i].path), (int64_t)i);
	for (size_t i = 0; !rc && i < nrenames; i++)
		rc = sp_strmap_put(&renamed, renames[i].head_path, strlen(renames[i].head_path),
				   (int64_t)i);
	for (size_t i = 0; !rc && i < head->n; i++) {
		const file_row *f = &head->v[i];
		const char *from = f->path;
		int64_t k;
		if (sp_strmap_get(&renamed, f->path, strlen(f->path), &k))
			from = renames[k].base_path;
		const file_row *b = sp_strmap_get(&by_path, from, strlen(from), &k) ? &base->v[k] : NULL;
		if (!b || b->blob != f->blob) /* untouched files are not the change's to report */
			rc = check_file(c, f, b, &w);
	}
	sp_array_release(&w.head);
	sp_array_release(&w.base);
	sp_strmap_release(&w.index);
	sp_strmap_release(&w.seen);
	sp_buf_release(&w.key);
	sp_strmap_release(&by_path);
	sp_strmap_release(&renamed);
	return rc;
}

int sp_gate_compare(sp_sink *s, int64_t repository_id, int64_t base, int64_t head,
		    const sp_gate_rules *rules, const sp_gate_rename *renames, size_t nrenames,
		    sp_gate_result *out, sp_buf *err)
{
	cmp c = {s, repository_id, rules, out, err, &out->arena};
	file_list files[2] = {{0}, {0}};
	out->base_snapshot = base;
	out->head_snapshot = head;
	int rc = describe(&c, base, &out->base_commit);
	if (!rc)
		rc = describe(&c, head, &out->head_commit);
	if (!rc)
		rc = load_files(&c, base, &files[0]);
	if (!rc)
		rc = load_files(&c, head, &files[1]);
	if (!rc)
		rc = compare_files(&c, renames, nrenames, &files[0], &files[1]);
	if (!rc && out->findings.n)
		qsort(out->findings.v, out->findings.n, sizeof *out->findings.v, by_place);
	sp_array_release(&files[0]);
	sp_array_release(&files[1]);
	if (rc == SP_ENOMEM && !err->len)
		sp_buf_puts(err, sp_strerror(rc));
	return rc;
}

void sp_gate_result_init(sp_gate_result *r)
{
	memset(r, 0, sizeof *r);
	sp_arena_init(&r->arena);
}

void sp_gate_result_release(sp_gate_result *r)
{
	sp_array_release(&r->findings);
	sp_arena_release(&r->arena);
}

int sp_gate_pin(sp_sink *s, int64_t repository_id, int64_t snapshot)
{
	sp_param p[] = {SP_PARAM_INT(repository_id), SP_PARAM_INT(snapshot)};
	int64_t ignored;
	int rc = sp_sink_query_int(s, sp_sql_gate_unpin_superseded, p, 2, &ignored);
	return rc ? rc : sp_sink_query_int(s, sp_sql_gate_pin, p, 2, &ignored);
}

int sp_gate_snapshot_of_commit(sp_sink *s, int64_t repository_id, const char *commit, int64_t *snapshot)
{
	sp_param p[] = {SP_PARAM_INT(repository_id), SP_PARAM_TEXT(commit)};
	*snapshot = 0;
	return sp_sink_query_int(s, sp_sql_gate_snapshot_of_commit, p, 2, snapshot);
}
