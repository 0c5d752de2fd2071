/* extract/raw.c: the maintainability index's inputs besides Halstead's volume: logical lines,
   comment and source lines, the complexity term; read in the cognitive walk (no walk of its own). */
#include "query_p.h"

#include "banned.h"

/* The rules (schema/README.md "Maintainability index"), from the language row (lang_p.h):
   - radon_lines (Python, radon's raw.py): a logical line is what Python's tokenizer reads as one
     (a line break inside brackets, a string or after a backslash does not end it); split at `;`,
     each piece counts 0 when empty, 2 when a colon lies before its last token (`if x: y`,
     `d[1:]`, `{k: v}`; a piece ended by `;` compares with its last but one, as radon does), else
     1. A line that is one string spanning lines (a docstring) counts its non-blank lines as
     comment lines, one string on one line or one comment is neither code nor comment, any other
     line counts its non-blank lines as source lines; every comment token is a comment line.
   - otherwise: one logical line per SP_RAW_STATEMENT node; comment and code lines as line
     counting classified them (lines.c).
   A function counts what lies inside its node, nested functions included; the file everything.
   The complexity term: SP_RAW_DECISION nodes for the innermost function (nested functions and
   classes apart; none inside an SP_RAW_OPAQUE node or an SP_RAW_OPAQUE_CHILD of an
   SP_RAW_OPAQUE_PARENT: Python's assert and a def's header) plus 1; the file 1 + decisions
   outside any function or class, in a top-level function, in a top-level class or its methods,
   + 1 per such method (radon's total_complexity).
   No SP_RAW_DECISION list: a function's cyclomatic complexity, the file 1 + every function's
   decisions. */

static bool in(const compiled *c, int set, TSSymbol sym)
{
	return symset_has(&c->raw[set], sym);
}

void sp_raw_begin(sp_rawwalk *w, sp_parser *p, const compiled *c, const char *src, sp_facts *f)
{
	*w = (sp_rawwalk){.p = p, .c = c, .src = src, .f = f, .owner = -1, .opaque_depth = UINT32_MAX};
	w->defs = sp_facts_defs(f);
	w->ndefs = sp_facts_count(f, SP_FACT_DEF);
	for (size_t i = 0; i < w->ndefs; i++)
		w->defs[i].raw = (sp_raw){0};
	f->raw = (sp_raw){0};
	p->raw_scopes.n = 0;
}

/* Adds r, starting on 0-based row `row`, to the file and to every function that holds definition
   `owner` (itself included) and whose lines reach that row: a function's lines end at its last
   statement (end_line), a trailing comment its node holds is no line of it, as radon sees it. */
static void credit(sp_rawwalk *w, int32_t owner, uint32_t row, sp_raw r)
{
	for (int32_t d = owner; d >= 0; d = w->defs[d].parent)
		if (w->defs[d].kind == SP_DEF_FUNCTION && row < w->defs[d].end_line) {
			w->defs[d].raw.lloc += r.lloc;
			w->defs[d].raw.comments += r.comments;
			w->defs[d].raw.sloc += r.sloc;
		}
	w->f->raw.lloc += r.lloc;
	w->f->raw.comments += r.comments;
	w->f->raw.sloc += r.sloc;
}

/* radon's count of the piece just read: last says whether the line ends it (else a `;` does). */
static uint32_t piece(const sp_rawwalk *w, bool last)
{
	if (!w->ptok)
		return 0;
	if (w->pcolon < 0)
		return 1;
	return w->pcolon == (int32_t)w->ptok - (last ? 1 : 2) ? 1 : 2;
}

static bool blank_char(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v' ||
	       (ch >= 0x1c && ch <= 0x1f);
}

/* Lines of [start, end) that hold more than white space; the first and last hold tokens. */
static uint32_t nonblank_lines(const char *s, uint32_t start, uint32_t end)
{
	uint32_t n = 1;
	bool seen = true;
	for (uint32_t i = start; i < end; i++) {
		if (s[i] == '\n') {
			seen = false;
			continue;
		}
		if (!seen && !blank_char(s[i])) {
			seen = true;
			n++;
		}
	}
	return n;
}

static void close_line(sp_rawwalk *w)
{
	if (!w->open)
		return;
	w->open = false;
	sp_raw r = {.lloc = w->lloc + piece(w, true), .comments = w->ncomments};
	if (!w->ntok && w->ncomments) {
		/* a comment alone: a comment line, counted above */
	} else if (w->ntok == 1 && !w->ncomments && w->first_token) {
		uint32_t lines = nonblank_lines(w->src, w->start_byte, w->end_byte);
		if (lines > 1)
			r.comments += lines; /* a docstring: radon's multi */
	} else {
		r.sloc = nonblank_lines(w->src, w->start_byte, w->end_byte);
	}
	credit(w, w->owner, w->first_row, r);
}

/* One token of a logical line (radon_lines). */
static void token(sp_rawwalk *w, TSNode n, TSSymbol sym)
{
	const compiled *c = w->c;
	TSPoint at = ts_node_start_point(n);
	uint32_t start = ts_node_start_byte(n), end = ts_node_end_byte(n);
	if (start == end)
		return; /* a MISSING token */
	/* a backslash between two tokens joins their lines (Python's scanner takes it for white
	   space: the tree seldom holds it) */
	for (uint32_t i = w->end_byte; w->open && i < start; i++)
		w->continued |= w->src[i] == '\\';
	if (!w->open || (at.row > w->last_row && !w->brackets && !w->continued)) {
		close_line(w);
		const raw_scope *top =
			w->p->raw_scopes.n ? &w->p->raw_scopes.v[w->p->raw_scopes.n - 1] : NULL;
		w->open = true;
		w->first_token = false;
		w->owner = top ? top->def : -1;
		w->start_byte = start;
		w->first_row = at.row;
		w->brackets = w->ntok = w->ncomments = w->lloc = w->ptok = 0;
		w->pcolon = -1;
	}
	w->continued = false;
	w->end_byte = end;
	w->last_row = ts_node_end_point(n).row;
	if (in(c, SP_RAW_COMMENT, sym)) {
		w->ncomments++;
		return;
	}
	w->first_token = !w->ntok && in(c, SP_RAW_TOKEN, sym);
	w->ntok++;
	if (in(c, SP_RAW_SEMI, sym)) {
		w->lloc += piece(w, false);
		w->ptok = 0;
		w->pcolon = -1;
		return;
	}
	if (in(c, SP_RAW_COLON, sym))
		w->pcolon = (int32_t)w->ptok;
	w->ptok++;
	if (in(c, SP_RAW_OPEN, sym))
		w->brackets++;
	else if (in(c, SP_RAW_CLOSE, sym) && w->brackets)
		w->brackets--;
}

/* A decision of the MI's complexity term at the current scope. */
static void decision(sp_rawwalk *w)
{
	const sp_parser *p = w->p;
	const raw_scope *top = p->raw_scopes.n ? &p->raw_scopes.v[p->raw_scopes.n - 1] : NULL;
	if (top && w->defs[top->def].kind == SP_DEF_FUNCTION)
		w->defs[top->def].raw.mi_complexity++;
	if (!top || top->counted)
		w->f->raw.mi_complexity++;
}

int sp_raw_node(sp_rawwalk *w, const sp_node *x, TSSymbol parent, int32_t def)
{
	sp_parser *p = w->p;
	const compiled *c = w->c;
	TSNode n = x->node;
	uint32_t depth = x->depth;
	while (p->raw_scopes.n && p->raw_scopes.v[p->raw_scopes.n - 1].depth >= depth)
		p->raw_scopes.n--;
	if (depth <= w->opaque_depth)
		w->opaque_depth = UINT32_MAX;
	TSSymbol sym = x->sym;
	bool named = x->named;
	if (named) {
		if (def >= 0) {
			const raw_scope *top =
				p->raw_scopes.n ? &p->raw_scopes.v[p->raw_scopes.n - 1] : NULL;
			bool func = w->defs[def].kind == SP_DEF_FUNCTION;
			/* radon: a method of a top-level class counts 1 in the file's total */
			bool method = top && p->raw_scopes.n == 1 && top->counted &&
				      w->defs[top->def].kind != SP_DEF_FUNCTION && func;
			raw_scope s = {depth, def, !top || method};
			if (method)
				w->f->raw.mi_complexity++;
			if (sp_array_push(&p->raw_scopes, s))
				return SP_ENOMEM;
		}
		if (c->raw_decisions && w->opaque_depth == UINT32_MAX &&
		    (in(c, SP_RAW_DECISION, sym) ||
		     (in(c, SP_RAW_DECISION_CHILD, sym) && in(c, SP_RAW_DECISION_PARENT, parent))))
			decision(w);
		if (w->opaque_depth == UINT32_MAX &&
		    (in(c, SP_RAW_OPAQUE, sym) ||
		     (in(c, SP_RAW_OPAQUE_CHILD, sym) && in(c, SP_RAW_OPAQUE_PARENT, parent))))
			w->opaque_depth = depth;
		if (in(c, SP_RAW_STATEMENT, sym)) {
			const raw_scope *top =
				p->raw_scopes.n ? &p->raw_scopes.v[p->raw_scopes.n - 1] : NULL;
			credit(w, top ? top->def : -1, ts_node_start_point(n).row, (sp_raw){.lloc = 1});
		}
	}
	/* the expressions of an f-string count their decisions, but the string is one token */
	if (!c->lang->radon_lines || ts_node_start_byte(n) < w->skip_end)
		return 0;
	if (named && in(c, SP_RAW_TOKEN, sym))
		w->skip_end = ts_node_end_byte(n);
	else if (named && ts_node_child_count(n))
		return 0;
	token(w, n, sym);
	return 0;
}

/* Comment and code lines of lines first..last, as line counting classified them. */
static void lines_between(const sp_facts *f, uint32_t first, uint32_t last, sp_raw *r)
{
	for (uint32_t l = first; l <= last && l <= f->line_kinds.n; l++) {
		r->comments += f->line_kinds.v[l - 1] == 1;
		r->sloc += f->line_kinds.v[l - 1] == 2;
	}
}

void sp_raw_end(sp_rawwalk *w)
{
	sp_facts *f = w->f;
	if (w->c->lang->radon_lines)
		close_line(w);
	else
		lines_between(f, 1, (uint32_t)f->line_kinds.n, &f->raw);
	uint32_t file = 1;
	for (size_t i = 0; i < w->ndefs; i++) {
		sp_def *d = &w->defs[i];
		if (d->kind != SP_DEF_FUNCTION)
			continue;
		if (!w->c->lang->radon_lines)
			lines_between(f, d->def_line, d->end_line, &d->raw);
		if (w->c->raw_decisions) {
			d->raw.mi_complexity++;
		} else {
			d->raw.mi_complexity = d->complexity;
			file += d->complexity ? d->complexity - 1 : 0;
		}
	}
	f->raw.mi_complexity += w->c->raw_decisions ? 1 : file;
}
