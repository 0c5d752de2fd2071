/* extract/pp.c: preprocessor recovery before a C/C++ parse (tree-sitter sees no preprocessor).
   Edits the parser's copy in place, byte for byte, so offsets and line numbers stay:
   - a conditional (#if/#ifdef/#ifndef … #endif) with a branch that is not a whole construct
     (unbalanced braces or parentheses, or code that ends with ')' or a name and a '{' after the
     #endif: a signature chosen by #ifdef) keeps
     its first branch as plain code: its directive lines and its other branches are blanked, as a
     compiler with the first condition true would read it; so does one right after a label
     (`out:` then `#ifdef`), since a label needs a statement;
   - a comment inside a continued #define is blanked, and a line it ends without the
     backslash-newline gets one, so the definition stays one directive. */
#include <stdbool.h>
#include <string.h>

#include "pp_p.h"

#include "banned.h"

#define MAX_GROUPS 64

typedef struct branch {
	long brace, paren;
	char last; /* the last significant byte of its code, 0 if none */
	bool broken;
} branch;

typedef struct group {
	size_t if_start, if_end; /* the #if directive's lines */
	size_t else_start; /* the first #elif/#else line, 0 if none (never the #if line) */
	size_t nbranch; /* the branch being read is nbranch - 1 */
	bool broken; /* some earlier branch is not a whole construct */
	bool open_end; /* some earlier branch ends as a declarator or a type might */
	branch cur;
} group;

typedef struct pp {
	char *s;
	size_t n, i, edits;
	group g[MAX_GROUPS];
	size_t depth; /* groups open; beyond MAX_GROUPS only counted */
	/* the statement being read: its words so far, whether the first is case, default or an
	   access specifier; a label (`out:`) was the last code read */
	size_t words;
	bool not_label, label;
	char last; /* the last code byte read */
	/* a group whose branches end with ')' or a name: blanked if '{' is the next code */
	bool pending;
	size_t pend_if[2], pend_rest[2];
} pp;

static void blank(pp *p, size_t a, size_t b)
{
	for (size_t i = a; i < b && i < p->n; i++)
		if (p->s[i] != '\n')
			p->s[i] = ' ';
	p->edits++;
}

/* A branch that ends with ',' is part of a list (`: a(x),` / `#endif` / `b(y)`). */
static bool branch_broken(const branch *b)
{
	return b->brace || b->paren || b->last == ',';
}

/* Code that ends with an operator, ',', '(' or '[' is in the middle of an expression or a list:
   a conditional there splits it (`using t =` / `#ifdef X` / `a;` / `#else` / `b;` / `#endif`). */
static bool mid_expression(char c)
{
	return c && strchr(",(=|&+-*/?<[!%^~", c) != NULL;
}

static bool ident_byte(char c);

/* Code that ends with ')' or a name (`int f(int a)`, `unsigned`) is whole unless a body follows
   the #endif: that is decided at the next code byte. */
static bool branch_open_end(const branch *b)
{
	return b->last && (b->last == ')' || b->last == '>' || ident_byte(b->last));
}

static bool ident_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static const char *const not_label_words[] = {"case", "default", "public", "private", "protected", NULL};

static bool word_in(const char *w, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) == n && !memcmp(w, *words, n))
			return true;
	return false;
}

/* The next code byte after a pending group: '{' is a body, so the group was a signature. */
static void resolve_pending(pp *p, char c)
{
	if (!p->pending)
		return;
	p->pending = false;
	if (c != '{')
		return;
	blank(p, p->pend_if[0], p->pend_if[1]);
	blank(p, p->pend_rest[0], p->pend_rest[1]);
}

/* One byte of code: counted into the innermost group's branch and outwards, as long as each
   inner group is in its first branch (the only one that stays if it is blanked). */
static void code_byte(pp *p, char c)
{
	size_t top = p->depth < MAX_GROUPS ? p->depth : MAX_GROUPS;
	p->last = c;
	for (size_t k = top; k > 0; k--) {
		branch *b = &p->g[k - 1].cur;
		b->brace += (c == '{') - (c == '}');
		b->paren += (c == '(') - (c == ')');
		b->last = c;
		if (p->g[k - 1].nbranch > 1)
			break;
	}
}

/* Skips a block comment from p->i (at its opening slash-star); in a #define, blanks it and keeps the directive
   one line per line by ending each line it covers with a backslash. */
static void block_comment(pp *p, bool in_define)
{
	size_t a = p->i;
	p->i += 2;
	while (p->i + 1 < p->n && !(p->s[p->i] == '*' && p->s[p->i + 1] == '/'))
		p->i++;
	p->i = p->i + 2 <= p->n ? p->i + 2 : p->n;
	if (!in_define)
		return;
	bool multi = memchr(p->s + a, '\n', p->i - a) != NULL;
	blank(p, a, p->i);
	if (multi)
		for (size_t k = a + 1; k < p->i; k++)
			if (p->s[k] == '\n')
				p->s[k - 1] = '\\';
}

/* In a #if or #elif condition, a call's argument that is a header name or a string
   (`__has_include(<version>)`, `HAS_INCLUDE("x.h")`) becomes `0`: the parser reads conditions as
   expressions, where neither is one. */
static void condition_headers(pp *p, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		if (p->s[i] != '(')
			continue;
		size_t k = i + 1;
		while (k < b && (p->s[k] == ' ' || p->s[k] == '\t'))
			k++;
		if (k >= b || (p->s[k] != '<' && p->s[k] != '"'))
			continue;
		char close = p->s[k] == '<' ? '>' : '"';
		size_t e = k + 1;
		while (e < b && p->s[e] != close && p->s[e] != '\n')
			e++;
		size_t r = e + 1;
		while (r < b && (p->s[r] == ' ' || p->s[r] == '\t'))
			r++;
		if (e >= b || p->s[e] != close || r >= b || p->s[r] != ')')
			continue;
		blank(p, k, e + 1);
		p->s[k] = '0';
		i = r;
	}
}

/* A directive from p->i (at '#') to the end of its last continued line. */
static void directive(pp *p)
{
	size_t start = p->i;
	size_t k = start + 1;
	while (k < p->n && (p->s[k] == ' ' || p->s[k] == '\t'))
		k++;
	size_t w = k;
	while (k < p->n && ((p->s[k] >= 'a' && p->s[k] <= 'z')))
		k++;
	size_t wn = k - w;
	const char *word = p->s + w;
	bool define = wn == 6 && !memcmp(word, "define", 6);
	p->i = k;
	while (p->i < p->n && p->s[p->i] != '\n') {
		if (p->s[p->i] == '/' && p->i + 1 < p->n && p->s[p->i + 1] == '*')
			block_comment(p, define);
		else if (p->s[p->i] == '\\' && p->i + 1 < p->n)
			p->i += 2;
		else
			p->i++;
	}
	size_t end = p->i < p->n ? p->i + 1 : p->n;
	p->i = end;
	bool opens = (wn == 2 && !memcmp(word, "if", 2)) || (wn == 5 && !memcmp(word, "ifdef", 5)) ||
		     (wn == 6 && !memcmp(word, "ifndef", 6));
	bool next = (wn == 4 && (!memcmp(word, "elif", 4) || !memcmp(word, "else", 4))) ||
		    (wn == 7 && (!memcmp(word, "elifdef", 7))) ||
		    (wn == 8 && !memcmp(word, "elifndef", 8));
	bool closes = wn == 5 && !memcmp(word, "endif", 5);
	if ((wn == 2 && !memcmp(word, "if", 2)) || (wn == 4 && !memcmp(word, "elif", 4)))
		condition_headers(p, k, end);
	if (opens) {
		if (p->depth < MAX_GROUPS) {
			group *g = &p->g[p->depth];
			memset(g, 0, sizeof *g);
			g->if_start = start, g->if_end = end;
			/* `out:` then `#ifdef`: a label needs a statement */
			g->broken = p->label || mid_expression(p->last);
			g->nbranch = 1;
		}
		p->depth++;
	} else if (next && p->depth && p->depth <= MAX_GROUPS) {
		group *g = &p->g[p->depth - 1];
		g->broken |= branch_broken(&g->cur);
		g->open_end |= branch_open_end(&g->cur);
		if (!g->else_start)
			g->else_start = start;
		memset(&g->cur, 0, sizeof g->cur);
		g->nbranch++;
	} else if (closes && p->depth) {
		p->depth--;
		if (p->depth >= MAX_GROUPS)
			return;
		group *g = &p->g[p->depth];
		if (!g->broken && !branch_broken(&g->cur)) {
			if (g->open_end || branch_open_end(&g->cur)) {
				p->pending = true;
				p->pend_if[0] = g->if_start, p->pend_if[1] = g->if_end;
				p->pend_rest[0] = g->else_start ? g->else_start : start;
				p->pend_rest[1] = end;
			}
			return;
		}
		/* keep the first branch: blank the #if line, the other branches and the #endif */
		blank(p, g->if_start, g->if_end);
		blank(p, g->else_start ? g->else_start : start, end);
	}
}

size_t sp_pp_recover(char *s, size_t n)
{
	pp p = {.s = s, .n = n};
	bool line_start = true;
	while (p.i < p.n) {
		char c = s[p.i];
		if (c == '\n') {
			line_start = true;
			p.i++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			p.i++;
		} else if (c == '#' && line_start) {
			directive(&p);
			line_start = true;
		} else if (c == '/' && p.i + 1 < p.n && s[p.i + 1] == '/') {
			while (p.i < p.n && s[p.i] != '\n')
				p.i += (s[p.i] == '\\' && p.i + 1 < p.n) ? 2 : 1;
		} else if (c == '/' && p.i + 1 < p.n && s[p.i + 1] == '*') {
			block_comment(&p, false); /* a comment keeps the line's start */
		} else if (c == '"' || c == '\'') {
			resolve_pending(&p, c);
			line_start = false;
			code_byte(&p, c);
			p.i++;
			while (p.i < p.n && s[p.i] != c && s[p.i] != '\n')
				p.i += (s[p.i] == '\\' && p.i + 1 < p.n) ? 2 : 1;
			if (p.i < p.n && s[p.i] == c)
				p.i++;
		} else if (c == '\\' && p.i + 1 < p.n && s[p.i + 1] == '\n') {
			p.i += 2;
		} else if (ident_byte(c)) {
			resolve_pending(&p, c);
			size_t a = p.i;
			while (p.i < p.n && ident_byte(s[p.i]))
				code_byte(&p, s[p.i++]);
			if (!p.words++)
				p.not_label = word_in(s + a, p.i - a, not_label_words);
			line_start = p.label = false;
		} else {
			resolve_pending(&p, c);
			line_start = false;
			code_byte(&p, c);
			p.label = c == ':' && p.words == 1 && !p.not_label;
			if (c == ';' || c == '{' || c == '}' || c == ':')
				p.words = 0;
			p.i++;
		}
	}
	return p.edits;
}
