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
	/* the first byte first: most tokens differ there, and the word lists are long */
	if (t.end > t.start && sc->s[t.start] != w[0])
		return false;
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
	if (tok_is(&peek, t2, "<") || tok_is(&peek, t2, "*") || tok_is(&peek, t2, "&") ||
	    tok_is(&peek, t2, "operator"))
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
		"void",  "char",     "short",  "int",   "long", "float", "double", "signed", "unsigned",
		"const", "volatile", "struct", "union", "enum", "_Bool", "bool",   NULL};
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

/* Words that take a parenthesis but are no call: a statement-position `name(args) {` never
   starts with one. */
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
					"__attribute__",
					"__attribute",
					"asm",
					"__asm__",
					"__asm",
					"__extension__",
					"defined",
					"_Atomic",
					"_Alignas",
					"alignas",
					"__alignof__",
					"__declspec",
					"typeof_unqual",
					"__typeof_unqual__",
					NULL};

/* Where a statement starts: after ';', '{', '}', a condition's ')' or else. */
static bool stmt_boundary(const scan *sc, tok prev)
{
	return tok_is(sc, prev, ";") || tok_is(sc, prev, "{") || tok_is(sc, prev, "}") ||
	       tok_is(sc, prev, ")") || tok_is(sc, prev, "else");
}

/* The state of the walk over a file: brace depth, and per depth whether it holds code (a
   function body or initializer) and the name of the class it is the body of (none: start==end). */
typedef struct walk {
	scan sc;
	char *out;
	size_t depth, blanked;
	bool code[MAX_DEPTH];
	tok cls[MAX_DEPTH];
	tok head; /* the name after class/struct/union/enum, until its body or a ';' */
	bool arrow; /* a trailing return type (`auto f() -> int {`) is being read */
	/* a template parameter list being read: its '<' nesting (0: none) and parentheses */
	int tpl_angle, tpl_paren;
} walk;

static bool in_code(const walk *w)
{
	return w->depth < MAX_DEPTH && w->code[w->depth];
}

static bool same_name(const scan *sc, tok a, tok b)
{
	return a.end > a.start && a.end - a.start == b.end - b.start &&
	       !memcmp(sc->s + a.start, sc->s + b.start, a.end - a.start);
}

/* nx is the name of the class whose body is being read, and a '(' follows: a constructor. */
static bool constructor_next(const walk *w, const scan *after, tok nx)
{
	if (w->depth == 0 || w->depth >= MAX_DEPTH || !same_name(after, nx, w->cls[w->depth]))
		return false;
	scan peek = *after;
	return tok_is(&peek, next_tok(&peek), "(");
}

/* Code rules at a statement's start (after ';', '{', '}', a condition's ')' or else), t an
   identifier:
   - `name(args) {` or `name(args) stmt`: a call never heads a block or a statement, so name is
     a loop-like macro (`list_for_each_entry(pos, head, member) {`): a ';' takes a space or tab
     after the ')' (the call stays a call) or, with none, name and arguments are blanked; the
     body stays a plain block or statement (no decision, as pmccabe reads it);
   - `MACRO(args)` alone on its line and followed by a name (`FMT_MSC_WARNING(x)` then
     `return …`): a statement macro without ';', blanked;
   - `MACRO` before a declaration keyword (`FMT_CONSTEXPR bool ok = …;`): blanked.
   Returns whether t was blanked (the walk then resumes after it). */
static bool code_statement(walk *w, tok t, const char *const *decl_words)
{
	scan *sc = &w->sc;
	if (tok_any(sc, t, not_calls))
		return false;
	scan peek = *sc;
	size_t end = with_args(&peek, t.end);
	if (end == t.end) {
		tok nx = next_tok(&peek);
		if (!tok_macro(sc, t) || !tok_ident(&peek, nx) || !tok_any(&peek, nx, decl_words))
			return false;
		blank(w->out, t.start, t.end); /* `MACRO bool x = …;`: a declaration's annotation */
		w->blanked++;
		return true;
	}
	scan after = peek;
	tok nx = next_tok(&after);
	bool stmt_macro = tok_macro(sc, t) && tok_ident(&after, nx) &&
			  alone_on_line(sc->s, sc->n, (tok){t.start, end});
	/* a call followed by '{' or by a name (`list_for_each(p, h)` / `\tf(p);`) is no
	   expression: a loop-like macro with a block or a single statement as its body */
	bool loop = !stmt_macro && (tok_is(&after, nx, "{") || tok_ident(&after, nx));
	if (!loop && !stmt_macro)
		return false;
	size_t gap = end; /* a space or tab between ')' and '{' (never a newline: lines stay) */
	while (gap < nx.start && w->out[gap] != ' ' && w->out[gap] != '\t')
		gap++;
	if (loop && gap < nx.start) {
		/* `name(args) {` -> `name(args);{`: the call stays a call */
		w->out[gap] = ';';
		w->blanked++;
		*sc = peek;
		return true;
	}
	blank(w->out, t.start, end);
	w->blanked++;
	*sc = peek;
	return true;
}

/* A macro call that is a whole template parameter (`template <typename T, ENABLE_IF(x)>`, which
   expands to an unnamed non-type parameter) becomes `int` and spaces. */
static bool template_parameter(walk *w, tok t, tok prev)
{
	scan *sc = &w->sc;
	if (w->tpl_angle != 1 || w->tpl_paren || !tok_macro(sc, t) ||
	    !(tok_is(sc, prev, ",") || tok_is(sc, prev, "<")))
		return false;
	scan peek = *sc;
	size_t end = with_args(&peek, t.end);
	scan after = peek;
	tok nx = next_tok(&after);
	if (end == t.end || !(tok_is(&after, nx, ">") || tok_is(&after, nx, ",")))
		return false;
	blank(w->out, t.start, end);
	memcpy(w->out + t.start, "int", 3); /* a macro-like name has 3 bytes or more */
	w->blanked++;
	*sc = peek;
	return true;
}

/* Template parameter lists: entered at `template <`, left at its closing '>'. */
static void template_list(walk *w, tok t, tok prev)
{
	scan *sc = &w->sc;
	if (!w->tpl_angle) {
		if (tok_is(sc, t, "<") && tok_is(sc, prev, "template"))
			w->tpl_angle = 1, w->tpl_paren = 0;
		return;
	}
	w->tpl_paren += tok_is(sc, t, "(") - tok_is(sc, t, ")");
	if (w->tpl_paren == 0)
		w->tpl_angle += tok_is(sc, t, "<") - tok_is(sc, t, ">");
	if (tok_is(sc, t, "{") || tok_is(sc, t, ";") || w->tpl_paren < 0)
		w->tpl_angle = 0; /* never past a body or a declaration's end */
}

/* A name of the user's map: its use (with its argument list when the definition has one and the
   use has one) becomes the replacement padded with spaces, or spaces. */
static bool user_macro(walk *w, tok t, const sp_macro_map *map)
{
	scan *sc = &w->sc;
	const sp_macro_def *d = sp_macro_map_find(map, sc->s + t.start, t.end - t.start);
	if (!d)
		return false;
	scan peek = *sc;
	size_t end = d->args ? with_args(&peek, t.end) : t.end;
	blank(w->out, t.start, end);
	if (d->repl && d->repl_len <= end - t.start) {
		/* the use may span lines: the text goes where it fits before a newline */
		size_t room = 0;
		while (t.start + room < end && w->out[t.start + room] != '\n')
			room++;
		if (d->repl_len <= room)
			memcpy(w->out + t.start, d->repl, d->repl_len);
	}
	w->blanked++;
	*sc = peek;
	return true;
}

size_t sp_blank_macros(const char *src, size_t len, char *out, const sp_macro_map *map)
{
	static const char *const after_declarator[] = {")",     "const",    "noexcept", "override",
						       "final", "volatile", "&",        NULL};
	static const char *const before_body[] = {"{",        ";",        ":",     "=",  "const",
						  "override", "noexcept", "final", "->", NULL};
	static const char *const decl_start[] = {
		"static", "inline",   "constexpr", "virtual", "explicit", "const",  "void",     "bool",
		"int",    "char",     "unsigned",  "long",    "short",    "double", "float",    "auto",
		"friend", "typename", "template",  "class",   "struct",   "~",      "operator", NULL};
	static const char *const storage[] = {"static",     "extern",    "inline",   "__inline",
					      "__inline__", "constexpr", "explicit", "virtual",
					      "friend",     "template",  NULL};
	static const char *const class_keys[] = {"class", "struct", "union", "enum", NULL};
	if (out != src)
		memcpy(out, src, len);
	walk *w = &(walk){.sc = {src, len, 0}, .out = out};
	scan *scp = &w->sc;
	tok prev2 = {0, 0}, prev = {0, 0};
	for (;;) {
		tok t = next_tok(scp);
		if (t.end == t.start)
			break;
		const scan *sc = scp;
		if (map && tok_ident(sc, t) && user_macro(w, t, map))
			continue; /* prev stays: the use was read as nothing, or as its text */
		template_list(w, t, prev);
		if (tok_is(sc, t, "template") && tok_is(sc, prev, "extern")) {
			/* `extern template …;` declares an instantiation, which the grammar
			   only reads without `extern`; it defines nothing either way */
			blank(out, prev.start, prev.end);
			w->blanked++;
		}
		if (tok_any(sc, prev, class_keys) && tok_ident(sc, t) && !tok_macro(sc, t))
			w->head = t;
		if (tok_is(sc, t, "{") && tok_ident(sc, prev) &&
		    (tok_is(sc, prev2, "namespace") || tok_is(sc, prev, "namespace"))) {
			/* a namespace body holds declarations, whatever the depth count says */
			w->depth++;
			if (w->depth < MAX_DEPTH)
				w->code[w->depth] = false, w->cls[w->depth] = (tok){0, 0};
		} else if (tok_is(sc, t, "{")) {
			/* a body after ")", "const" &c. or "=" holds code; class, namespace and enum
			   bodies (after a name) do not, even inside a function (a local class) */
			bool in = in_code(w);
			bool class_body = w->head.end > w->head.start;
			bool opens_code =
				!class_body && (in || w->arrow || tok_any(sc, prev, after_declarator) ||
						tok_is(sc, prev, "=") || tok_is(sc, prev, "(") ||
						tok_is(sc, prev, ",") || tok_is(sc, prev, "]"));
			w->depth++;
			if (w->depth < MAX_DEPTH)
				w->code[w->depth] = opens_code, w->cls[w->depth] = w->head;
			w->head = (tok){0, 0};
		} else if (tok_is(sc, t, "}")) {
			w->depth -= w->depth > 0;
		} else if (tok_is(sc, t, "(") && in_code(w) && tok_ident(sc, prev) &&
			   !tok_any(sc, prev, not_calls) && !tok_any(sc, prev, decl_start)) {
			w->blanked += type_args(scp, out);
		} else if (in_code(w) && tok_ident(sc, t) && stmt_boundary(sc, prev) &&
			   code_statement(w, t, decl_start)) {
			continue; /* prev stays the statement boundary */
		} else if (template_parameter(w, t, prev)) {
			continue;
		} else if (tok_macro(sc, t) &&
			   (!in_code(w) ||
			    /* no function body holds a namespace: braces of #if branches may
			       have misled the depth, never this rule */
			    (tok_is(sc, prev2, "namespace") && tok_ident(sc, prev)))) {
			scan peek = *scp;
			size_t end = with_args(&peek, t.end);
			scan after = peek;
			tok nx = next_tok(&after);
			bool decl_boundary = prev.end == prev.start || tok_is(sc, prev, ";") ||
					     tok_is(sc, prev, "{") || tok_is(sc, prev, "}") ||
					     tok_is(sc, prev, ":") || tok_is(sc, prev, ">");
			bool drop =
				/* namespace std MACRO(default) { */
				(tok_is(sc, prev2, "namespace") && tok_ident(sc, prev)) ||
				/* class MACRO Name */
				((tok_is(sc, prev, "class") || tok_is(sc, prev, "struct") ||
				  tok_is(sc, prev, "union")) &&
				 tok_ident(&after, nx) && !tok_macro(&after, nx)) ||
				/* f(...) const MACRO(x) { */
				(tok_any(sc, prev, after_declarator) &&
				 (tok_any(&after, nx, before_body) || tok_macro(&after, nx))) ||
				/* MACRO before a declaration keyword, or alone on its line */
				(decl_boundary &&
				 (tok_any(&after, nx, decl_start) || tok_macro(&after, nx) ||
				  type_then_declarator(&after, nx) ||
				  (end == t.end && alone_on_line(src, len, t)))) ||
				/* static MACRO(x) int f(): after a storage keyword, before the type */
				(tok_any(sc, prev, storage) &&
				 (tok_any(&after, nx, decl_start) || tok_macro(&after, nx) ||
				  type_then_declarator(&after, nx))) ||
				/* MACRO Name( in the body of class Name: a constructor */
				((decl_boundary || tok_any(sc, prev, storage)) &&
				 constructor_next(w, &after, nx));
			if (drop) {
				blank(out, t.start, end);
				w->blanked++;
				*scp = peek;
				continue; /* the macro leaves prev as it was */
			}
		}
		if (tok_is(sc, t, ";") || tok_is(sc, t, "(") || tok_is(sc, t, ")") ||
		    tok_is(sc, t, "=") || tok_is(sc, t, "}"))
			w->head = (tok){0, 0};
		if (tok_is(sc, t, "-") && !in_code(w)) {
			scan peek = *scp;
			w->arrow |= tok_is(&peek, next_tok(&peek), ">") && peek.i == t.end + 1;
		}
		if (tok_is(sc, t, ";") || tok_is(sc, t, "{") || tok_is(sc, t, "}"))
			w->arrow = false;
		prev2 = prev;
		prev = t;
	}
	return w->blanked;
}
