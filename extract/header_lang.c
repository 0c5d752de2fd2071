/* extract/header_lang.c: is a `.h` C or C++? The content's evidence (syntax only C++ has, outside
   `#ifdef __cplusplus` blocks) and the includes a file names; cli/index_headers.c weighs them. */
#include <string.h>

#include "sp_extract.h"

#include "banned.h"

/* One token of the little lexer: identifiers, string literals and punctuation ("::" is one). */
typedef enum tok_type { T_NONE, T_IDENT, T_STRING, T_PUNCT } tok_type;

typedef struct tok {
	tok_type type;
	const char *s;
	size_t n;
} tok;

typedef struct lexer {
	const char *s;
	size_t n, i;
	bool line_start; /* only blanks since the last newline: a '#' starts a directive */
	/* #if nesting: bit d of cpp_only is set when the branch taken at depth d is C++-only */
	unsigned depth;
	uint64_t cpp_only, c_only_else; /* c_only_else: the #else of depth d is C++-only */
	unsigned attr; /* inside [[ ... ]] (C23 attributes have `::` too) */
	tok last[3]; /* last[0] the newest */
} lexer;

static bool ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool ident_char(char c)
{
	return ident_start(c) || (c >= '0' && c <= '9');
}

static bool tok_is(const tok *t, const char *text)
{
	size_t n = strlen(text);
	return t->type != T_NONE && t->n == n && !memcmp(t->s, text, n);
}

/* GTEST_API_-style annotation macros between `class` and its name are not the name. */
static bool macro_like(const tok *t)
{
	bool underscore = false, lower = false;
	for (size_t i = 0; i < t->n; i++) {
		underscore = underscore || t->s[i] == '_';
		lower = lower || (t->s[i] >= 'a' && t->s[i] <= 'z');
	}
	return t->type == T_IDENT && underscore && !lower;
}

/* The condition of an #if/#ifdef/#ifndef/#elif names __cplusplus: which branch is C++-only. */
static void directive(lexer *lx, const char *d, size_t n)
{
	size_t k = 0;
	while (k < n && (d[k] == ' ' || d[k] == '\t'))
		k++;
	size_t w = k;
	while (w < n && ident_char(d[w]))
		w++;
	const char *word = d + k, *rest = d + w;
	size_t wn = w - k, rn = n - w;
	bool names = false;
	for (size_t i = 0; i + 11 <= rn && !names; i++)
		names = !memcmp(rest + i, "__cplusplus", 11);
	bool negated = false;
	for (size_t i = 0; i < rn && names; i++)
		if (rest[i] == '!' && (i + 1 >= rn || rest[i + 1] != '='))
			negated = true;
	uint64_t bit = lx->depth < 64 ? (uint64_t)1 << lx->depth : 0;
	if ((wn == 2 && !memcmp(word, "if", 2)) || (wn == 5 && !memcmp(word, "ifdef", 5)) ||
	    (wn == 6 && !memcmp(word, "ifndef", 6))) {
		lx->depth++;
		bit = lx->depth < 64 ? (uint64_t)1 << lx->depth : 0;
		bool neg = negated || (wn == 6);
		lx->cpp_only &= ~bit;
		lx->c_only_else &= ~bit;
		if (names && !neg)
			lx->cpp_only |= bit;
		else if (names && neg)
			lx->c_only_else |= bit;
	} else if (wn == 4 && !memcmp(word, "elif", 4)) {
		lx->cpp_only &= ~bit;
		if (names && !negated)
			lx->cpp_only |= bit;
	} else if (wn == 4 && !memcmp(word, "else", 4)) {
		lx->cpp_only = (lx->c_only_else & bit) ? lx->cpp_only | bit : lx->cpp_only & ~bit;
	} else if (wn == 5 && !memcmp(word, "endif", 5) && lx->depth) {
		lx->cpp_only &= ~bit;
		lx->c_only_else &= ~bit;
		lx->depth--;
	}
}

/* Skips a directive line (continuations included), handing it to directive(). */
static void skip_directive(lexer *lx)
{
	size_t start = ++lx->i;
	while (lx->i < lx->n) {
		char c = lx->s[lx->i];
		if (c == '\n' && !(lx->i > start && lx->s[lx->i - 1] == '\\') &&
		    !(lx->i > start + 1 && lx->s[lx->i - 1] == '\r' && lx->s[lx->i - 2] == '\\'))
			break;
		if (c == '/' && lx->i + 1 < lx->n && lx->s[lx->i + 1] == '*') {
			lx->i += 2;
			while (lx->i + 1 < lx->n && !(lx->s[lx->i] == '*' && lx->s[lx->i + 1] == '/'))
				lx->i++;
			lx->i += 2;
			continue;
		}
		lx->i++;
	}
	if (lx->i > lx->n)
		lx->i = lx->n;
	directive(lx, lx->s + start, lx->i - start);
}

/* The next token, or T_NONE at the end; comments, blanks and directives are skipped. */
static tok next_token(lexer *lx)
{
	const char *s = lx->s;
	while (lx->i < lx->n) {
		char c = s[lx->i];
		if (c == '\n') {
			lx->line_start = true;
			lx->i++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\\') {
			lx->i++;
		} else if (c == '#' && lx->line_start) {
			skip_directive(lx);
		} else if (c == '/' && lx->i + 1 < lx->n && s[lx->i + 1] == '/') {
			while (lx->i < lx->n && s[lx->i] != '\n')
				lx->i++;
		} else if (c == '/' && lx->i + 1 < lx->n && s[lx->i + 1] == '*') {
			lx->i += 2;
			while (lx->i + 1 < lx->n && !(s[lx->i] == '*' && s[lx->i + 1] == '/'))
				lx->i++;
			lx->i = lx->i + 2 < lx->n ? lx->i + 2 : lx->n;
		} else {
			break;
		}
	}
	tok t = {T_NONE, s + lx->i, 0};
	if (lx->i >= lx->n)
		return t;
	lx->line_start = false;
	size_t b = lx->i;
	char c = s[b];
	if (ident_start(c)) {
		while (lx->i < lx->n && ident_char(s[lx->i]))
			lx->i++;
		t.type = T_IDENT;
	} else if (c == '"' || c == '\'') {
		lx->i++;
		while (lx->i < lx->n && s[lx->i] != c && s[lx->i] != '\n')
			lx->i += s[lx->i] == '\\' ? 2 : 1;
		lx->i = lx->i < lx->n ? lx->i + 1 : lx->n;
		t.type = T_STRING;
	} else if (c == ':' && b + 1 < lx->n && s[b + 1] == ':') {
		lx->i += 2;
		t.type = T_PUNCT;
	} else {
		lx->i++;
		t.type = T_PUNCT;
	}
	t.n = lx->i - b;
	return t;
}

/* Whether t, after the tokens already seen, completes a construct only C++ has. */
static bool cpp_construct(lexer *lx, const tok *t)
{
	const tok *p1 = &lx->last[0], *p2 = &lx->last[1];
	if (tok_is(t, "[") && tok_is(p1, "["))
		lx->attr++;
	else if (tok_is(t, "]") && tok_is(p1, "]") && lx->attr)
		lx->attr--;
	if (tok_is(t, "::"))
		return !lx->attr; /* A::b, ::f(), std::vector */
	if (tok_is(t, "<")) /* where a declaration starts: not `x = template < y` in C */
		return tok_is(p1, "template") &&
		       (p2->type == T_NONE || tok_is(p2, ";") || tok_is(p2, "{") || tok_is(p2, "}") ||
			tok_is(p2, ">") || tok_is(p2, ")") || tok_is(p2, "export") ||
			tok_is(p2, "extern"));
	if (t->type == T_STRING)
		return tok_is(p1, "extern") && (tok_is(t, "\"C\"") || tok_is(t, "\"C++\""));
	if (tok_is(t, "{"))
		return tok_is(p1, "namespace") ||
		       (p1->type == T_IDENT && (tok_is(p2, "class") || tok_is(p2, "namespace")));
	if (tok_is(t, ":") || tok_is(t, "final"))
		return p1->type == T_IDENT && tok_is(p2, "class");
	if (tok_is(t, "="))
		return p1->type == T_IDENT && (tok_is(p2, "namespace") || tok_is(p2, "using"));
	if (tok_is(t, "namespace"))
		return tok_is(p1, "using");
	return false;
}

bool sp_header_is_cpp(const char *src, size_t len)
{
	lexer lx = {.s = src, .n = len, .line_start = true};
	for (;;) {
		tok t = next_token(&lx);
		if (t.type == T_NONE)
			return false;
		/* the C++ side of `#ifdef __cplusplus` is what a C header shows C++ compilers */
		if (lx.cpp_only)
			continue;
		if (cpp_construct(&lx, &t))
			return true;
		if (macro_like(&t) && (tok_is(&lx.last[0], "class") || tok_is(&lx.last[0], "struct")))
			continue;
		lx.last[2] = lx.last[1];
		lx.last[1] = lx.last[0];
		lx.last[0] = t;
	}
}

int sp_include_scan(const char *src, size_t len, sp_include_cb cb, void *ctx)
{
	size_t i = 0;
	while (i < len) {
		/* memchr, not a byte loop: every C and C++ file of a tree is scanned on every run (the
		   Linux tree's 0.9 GB) */
		const char *nl = memchr(src + i, '\n', len - i);
		size_t eol = nl ? (size_t)(nl - src) : len;
		size_t k = i;
		while (k < eol && (src[k] == ' ' || src[k] == '\t'))
			k++;
		if (k < eol && src[k] == '#') {
			k++;
			while (k < eol && (src[k] == ' ' || src[k] == '\t'))
				k++;
			if (eol - k > 7 && !memcmp(src + k, "include", 7)) {
				k += 7;
				while (k < eol && (src[k] == ' ' || src[k] == '\t'))
					k++;
				char close = k < eol && src[k] == '"'   ? '"'
					     : k < eol && src[k] == '<' ? '>'
									: 0;
				size_t e = k + 1;
				while (close && e < eol && src[e] != close)
					e++;
				if (close && e < eol && e > k + 1) {
					int rc = cb(ctx, src + k + 1, e - k - 1);
					if (rc)
						return rc;
				}
			}
		}
		i = eol + 1;
	}
	return 0;
}
