/* extract/macros.c: blanks C/C++ annotation macros that the file does not define, so that
   tree-sitter (which sees no preprocessor) parses the declarations around them. ctags skips such
   identifiers the same way. Bytes are replaced by spaces in a copy: offsets and lines stay. */
#include <string.h>

#include "macros_p.h"

#include "banned.h"

static bool ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool ident_char(char c)
{
	return ident_start(c) || (c >= '0' && c <= '9');
}

/* A macro by convention: upper case, digits and '_', with at least one '_' and two letters. */
static bool macro_like(const char *s, size_t n)
{
	size_t letters = 0;
	bool underscore = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			letters++;
		else if (c == '_')
			underscore = true;
		else if (!(c >= '0' && c <= '9'))
			return false;
	}
	return underscore && letters >= 2;
}

typedef struct tok {
	size_t start, end; /* end == start: none */
} tok;

typedef struct scan {
	const char *s;
	size_t n, i;
} scan;

/* Skips blanks, comments and preprocessor lines; stops at the next token. */
static void skip_space(scan *sc)
{
	const char *s = sc->s;
	while (sc->i < sc->n) {
		char c = s[sc->i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
			sc->i++;
		} else if (c == '/' && sc->i + 1 < sc->n && s[sc->i + 1] == '/') {
			while (sc->i < sc->n && s[sc->i] != '\n')
				sc->i++;
		} else if (c == '/' && sc->i + 1 < sc->n && s[sc->i + 1] == '*') {
			sc->i += 2;
			while (sc->i + 1 < sc->n && !(s[sc->i] == '*' && s[sc->i + 1] == '/'))
				sc->i++;
			sc->i = sc->i + 2 < sc->n ? sc->i + 2 : sc->n;
		} else if (c == '#') {
			/* a directive, with its continuation lines */
			while (sc->i < sc->n && s[sc->i] != '\n')
				sc->i += (s[sc->i] == '\\' && sc->i + 1 < sc->n) ? 2 : 1;
		} else {
			break;
		}
	}
}

/* The next token: an identifier, a literal, or one punctuation byte. */
static tok next_tok(scan *sc)
{
	skip_space(sc);
	tok t = {sc->i, sc->i};
	if (sc->i >= sc->n)
		return t;
	const char *s = sc->s;
	char c = s[sc->i];
	if (ident_start(c)) {
		while (sc->i < sc->n && ident_char(s[sc->i]))
			sc->i++;
	} else if (c == '"' || c == '\'') {
		sc->i++;
		while (sc->i < sc->n && s[sc->i] != c && s[sc->i] != '\n')
			sc->i += s[sc->i] == '\\' ? 2 : 1;
		if (sc->i < sc->n)
			sc->i++;
	} else {
		sc->i++;
	}
	if (sc->i > sc->n)
		sc->i = sc->n;
	t.end = sc->i;
	return t;
}

static bool tok_is(const scan *sc, tok t, const char *w)
{
	size_t n = strlen(w);
	return t.end - t.start == n && !memcmp(sc->s + t.start, w, n);
}

static bool tok_any(const scan *sc, tok t, const char *const *words)
{
	for (; *words; words++)
		if (tok_is(sc, t, *words))
			return true;
	return false;
}

static bool tok_macro(const scan *sc, tok t)
{
	return t.end > t.start && ident_start(sc->s[t.start]) &&
	       macro_like(sc->s + t.start, t.end - t.start);
}

static bool tok_ident(const scan *sc, tok t)
{
	return t.end > t.start && ident_start(sc->s[t.start]);
}

static void blank(char *out, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (out[i] != '\n')
			out[i] = ' ';
}

/* After a macro token: its balanced "(...)" if one follows; returns where it ends. */
static size_t with_args(scan *sc, size_t end)
{
	scan peek = *sc;
	tok t = next_tok(&peek);
	if (!tok_is(&peek, t, "("))
		return end;
	int depth = 1;
	while (depth > 0 && peek.i < peek.n) {
		t = next_tok(&peek);
		if (t.end == t.start)
			break;
		depth += tok_is(&peek, t, "(") - tok_is(&peek, t, ")");
	}
	if (depth)
		return end;
	*sc = peek;
	return peek.i;
}

/* Nothing but blanks around t on its line (`_GLIBCXX_BEGIN_NAMESPACE_VERSION`). */
static bool alone_on_line(const char *s, size_t n, tok t)
{
	for (size_t i = t.start; i > 0 && s[i - 1] != '\n'; i--)
		if (s[i - 1] != ' ' && s[i - 1] != '\t')
			return false;
	for (size_t i = t.end; i < n && s[i] != '\n'; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* nx is an identifier that starts a type: `std::string f(`, `Foo* f(`, `T<int> f(`, `T f(` (the
   token after it is "::", '<', '*', '&' or a further identifier), not `X x;` of a macro-like type
   such as `LARGE_INTEGER li;`, whose next token is ';' or '='. */
static bool type_then_declarator(const scan *after, tok nx)
{
	if (!tok_ident(after, nx) || tok_macro(after, nx))
		return false;
	scan peek = *after;
	tok t2 = next_tok(&peek);
	if (tok_is(&peek, t2, ":")) {
		tok t3 = next_tok(&peek);
		return tok_is(&peek, t3, ":");
	}
	if (tok_is(&peek, t2, "<") || tok_is(&peek, t2, "*") || tok_is(&peek, t2, "&"))
		return true;
	if (!tok_ident(&peek, t2))
		return false;
	tok t3 = next_tok(&peek); /* `T f(`: a declarator follows the type */
	return tok_is(&peek, t3, "(");
}

/* A call's argument that is a type (`va_arg(ap, void *)`, `container_of(p, struct s, m)`): it
   starts with a type keyword, or it is a name and stars only (`foo_t *`). Such an argument
   becomes `0` and spaces, an expression tree-sitter reads; the call stays. Returns the edits. */
static size_t type_args(scan *sc, char *out)
{
	static const char *const type_words[] = {
		"void",     "char",  "short",    "int",    "long",  "float", "double", "signed",
		"unsigned", "const", "volatile", "struct", "union", "enum",  "_Bool",  NULL};
	scan peek = *sc;
	size_t edits = 0;
	for (;;) {
		tok first = next_tok(&peek), last = first, t = first;
		int depth = 0;
		size_t ntok = 0, stars = 0;
		bool type = tok_any(&peek, first, type_words);
		while (t.end > t.start) {
			if (depth == 0 && (tok_is(&peek, t, ",") || tok_is(&peek, t, ")")))
				break;
			depth += tok_is(&peek, t, "(") + tok_is(&peek, t, "[") + tok_is(&peek, t, "{") -
				 tok_is(&peek, t, ")") - tok_is(&peek, t, "]") - tok_is(&peek, t, "}");
			if (depth < 0)
				return edits;
			ntok++;
			stars += tok_is(&peek, t, "*");
			last = t;
			t = next_tok(&peek);
		}
		if (t.end == t.start)
			return edits;
		if (ntok && (type || (tok_ident(&peek, first) && stars && stars + 1 == ntok))) {
			blank(out, first.start, last.end);
			out[first.start] = '0';
			edits++;
		}
		if (tok_is(&peek, t, ")"))
			return edits;
	}
}

#define MAX_DEPTH 256

size_t sp_blank_macros(const char *src, size_t len, char *out)
{
	static const char *const after_declarator[] = {")",     "const",    "noexcept", "override",
						       "final", "volatile", "&",        NULL};
	static const char *const before_body[] = {"{",        ";",        ":",     "=",  "const",
						  "override", "noexcept", "final", "->", NULL};
	static const char *const decl_start[] = {
		"static", "inline",   "constexpr", "virtual", "explicit", "const",  "void",  "bool",
		"int",    "char",     "unsigned",  "long",    "short",    "double", "float", "auto",
		"friend", "typename", "template",  "class",   "struct",   "~",      NULL};
	static const char *const storage[] = {"static",   "extern",     "inline",
					      "__inline", "__inline__", NULL};
	static const char *const not_calls[] = {"if",
						"while",
						"for",
						"switch",
						"return",
						"sizeof",
						"alignof",
						"_Alignof",
						"typeof",
						"__typeof__",
						"__typeof",
						"decltype",
						"catch",
						"typeid",
						"noexcept",
						"static_assert",
						"_Static_assert",
						"_Generic",
						"offsetof",
						"__builtin_offsetof",
						"__builtin_types_compatible_p",
						NULL};
	if (out != src)
		memcpy(out, src, len);
	scan sc = {src, len, 0};
	bool code[MAX_DEPTH] = {false}; /* per brace depth: inside a function body or initializer */
	size_t depth = 0, blanked = 0;
	tok prev2 = {0, 0}, prev = {0, 0};
	for (;;) {
		tok t = next_tok(&sc);
		if (t.end == t.start)
			break;
		if (tok_is(&sc, t, "{") && tok_ident(&sc, prev) &&
		    (tok_is(&sc, prev2, "namespace") || tok_is(&sc, prev, "namespace"))) {
			/* a namespace body holds declarations, whatever the depth count says */
			depth++;
			if (depth < MAX_DEPTH)
				code[depth] = false;
		} else if (tok_is(&sc, t, "{")) {
			/* a body after ")", "const" &c. or "=" holds code; class, namespace and enum
			   bodies (after a name) do not */
			bool in = depth < MAX_DEPTH && code[depth];
			bool opens_code = in || tok_any(&sc, prev, after_declarator) ||
					  tok_is(&sc, prev, "=") || tok_is(&sc, prev, "(") ||
					  tok_is(&sc, prev, ",") || tok_is(&sc, prev, "]");
			depth++;
			if (depth < MAX_DEPTH)
				code[depth] = opens_code;
		} else if (tok_is(&sc, t, "}")) {
			depth -= depth > 0;
		} else if (tok_is(&sc, t, "(") && depth < MAX_DEPTH && code[depth] &&
			   tok_ident(&sc, prev) && !tok_any(&sc, prev, not_calls) &&
			   !tok_any(&sc, prev, decl_start)) {
			blanked += type_args(&sc, out);
		} else if (tok_macro(&sc, t) &&
			   (!(depth < MAX_DEPTH && code[depth]) ||
			    /* no function body holds a namespace: braces of #if branches may
			       have misled the depth, never this rule */
			    (tok_is(&sc, prev2, "namespace") && tok_ident(&sc, prev)))) {
			scan peek = sc;
			size_t end = with_args(&peek, t.end);
			scan after = peek;
			tok nx = next_tok(&after);
			bool drop =
				/* namespace std MACRO(default) { */
				(tok_is(&sc, prev2, "namespace") && tok_ident(&sc, prev)) ||
				/* class MACRO Name */
				((tok_is(&sc, prev, "class") || tok_is(&sc, prev, "struct") ||
				  tok_is(&sc, prev, "union")) &&
				 tok_ident(&after, nx) && !tok_macro(&after, nx)) ||
				/* f(...) const MACRO(x) { */
				(tok_any(&sc, prev, after_declarator) &&
				 (tok_any(&after, nx, before_body) || tok_macro(&after, nx))) ||
				/* MACRO before a declaration keyword, or alone on its line */
				((prev.end == prev.start || tok_is(&sc, prev, ";") ||
				  tok_is(&sc, prev, "{") || tok_is(&sc, prev, "}") ||
				  tok_is(&sc, prev, ":") || tok_is(&sc, prev, ">")) &&
				 (tok_any(&after, nx, decl_start) || tok_macro(&after, nx) ||
				  type_then_declarator(&after, nx) ||
				  (end == t.end && alone_on_line(src, len, t)))) ||
				/* static MACRO(x) int f(): after a storage keyword, before the type */
				(tok_any(&sc, prev, storage) &&
				 (tok_any(&after, nx, decl_start) || tok_macro(&after, nx) ||
				  type_then_declarator(&after, nx)));
			if (drop) {
				blank(out, t.start, end);
				blanked++;
				sc = peek;
				continue; /* the macro leaves prev as it was */
			}
		}
		prev2 = prev;
		prev = t;
	}
	return blanked;
}
