/* tests/unit/test_macros.c: the rewrites of a C/C++ source before it is parsed, each on its own:
   annotation macros blanked (extract/macros.c) and preprocessor recovery (extract/pp.c) -- exactly
   what changes, what never does, and that byte offsets stay. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "macros_p.h"
#include "pp_p.h"

/* ---- extract/macros.c on its own: exactly what is blanked, and what never is ---- */

/* Blanks src and compares with want (same length: every blanked byte becomes a space). */
static void blanks(const char *src, const char *want, size_t count)
{
	size_t n = strlen(src);
	cr_assert_eq(strlen(want), n, "test case lengths differ: %s", src);
	char *out = malloc(n + 1);
	cr_assert_not_null(out);
	out[n] = '\0';
	size_t got = sp_blank_macros(src, n, out, NULL);
	cr_assert_str_eq(out, want);
	cr_assert_eq(got, count, "%zu macros blanked, wanted %zu in: %s", got, count, src);
	free(out);
}

Test(macros, each_rule_blanks_the_macro_and_its_arguments)
{
	/* after `namespace name` */
	blanks("namespace std _GLIBCXX_VISIBILITY(default) {\n}\n",
	       "namespace std                              {\n}\n", 1);
	/* between class/struct/union and the name */
	blanks("class GTEST_API_ Cardinality {};\n", "class            Cardinality {};\n", 1);
	blanks("struct MY_EXPORT S {};\n", "struct           S {};\n", 1);
	/* after a declarator's ')' or const, before the body, ';' or another such macro */
	blanks("int f() const GTEST_LOCK_EXCLUDED_(mu) {}\n",
	       "int f() const                          {}\n", 1);
	blanks("void g() A_NOEXCEPT B_LOCKS(m);\n", "void g()                      ;\n", 2);
	/* at the start of a declaration, before a keyword */
	blanks("_GLIBCXX_NODISCARD bool empty();\n", "                   bool empty();\n", 1);
	/* alone on its line; the newline stays, so every line keeps its number */
	blanks("_GLIBCXX_BEGIN_NAMESPACE_VERSION\nint x;\n",
	       "                                \nint x;\n", 1);
}

Test(macros, what_is_never_blanked)
{
	/* inside a function body: a macro call is code */
	blanks("int f() { MY_CHECK(x); return 0; }\n", "int f() { MY_CHECK(x); return 0; }\n", 0);
	/* strings, comments and directives */
	blanks("const char *s = \"class GTEST_API_ X\";\n", "const char *s = \"class GTEST_API_ X\";\n",
	       0);
	blanks("// class GTEST_API_ X {\n/* _GLIBCXX_NODISCARD bool */\n",
	       "// class GTEST_API_ X {\n/* _GLIBCXX_NODISCARD bool */\n", 0);
	blanks("#define GTEST_API_ __attribute__((visibility(\"default\")))\n",
	       "#define GTEST_API_ __attribute__((visibility(\"default\")))\n", 0);
	/* names that are not annotation macros: no '_', or not upper case */
	blanks("class EXPORT X {};\n", "class EXPORT X {};\n", 0);
	blanks("class my_api X {};\n", "class my_api X {};\n", 0);
	/* an unbalanced argument list is left alone rather than blanking to the end */
	blanks("class GTEST_API_(x X {};\n", "class GTEST_API_(x X {};\n", 0);
	/* empty input */
	blanks("", "", 0);
}

/* A type as a call's argument becomes `0` in a function body, never outside one. */
Test(macros, type_arguments_become_zero)
{
	blanks("int f(void) { void *p = va_arg(ap, void *); }\n",
	       "int f(void) { void *p = va_arg(ap, 0     ); }\n", 1);
	blanks("int f(void) { x = container_of(p, struct s, m); y = g(ap, foo_t **); }\n",
	       "int f(void) { x = container_of(p, 0       , m); y = g(ap, 0       ); }\n", 2);
	/* sizeof, casts, control statements and a product are left alone */
	blanks("int f(void) { n = sizeof(struct s); if ((int)a * b) return (long)a * b; }\n",
	       "int f(void) { n = sizeof(struct s); if ((int)a * b) return (long)a * b; }\n", 0);
	/* a prototype's parameters outside a body */
	blanks("int g(const char *s, foo_t *);\n", "int g(const char *s, foo_t *);\n", 0);
}

/* Issue 10's C++ header rules: constructors, template parameters, code-position macros. */
Test(macros, constructors_template_parameters_and_code_statements)
{
	/* an upper-case macro before the class's own name, also after constexpr or alone */
	blanks("struct rgb { FMT_CONSTEXPR rgb() : r(0) {} };\n",
	       "struct rgb {               rgb() : r(0) {} };\n", 1);
	blanks("class B { constexpr MY_INLINE B(int v) {} };\n",
	       "class B { constexpr           B(int v) {} };\n", 1);
	blanks("class B {\n MY_WARN(x : 1)\n B(int v) {} };\n",
	       "class B {\n               \n B(int v) {} };\n", 1);
	/* ... but not before another name: `MACRO f(` may be a return type */
	const char *keep = "struct rgb { LRESULT_T f() {} };\n";
	blanks(keep, keep, 0);
	/* a conversion operator, an operator after a type, after virtual */
	blanks("struct S { MY_INLINE operator int() const; };\n",
	       "struct S {           operator int() const; };\n", 1);
	blanks("struct S { virtual MY_CX20 void g() = 0; };\n",
	       "struct S { virtual         void g() = 0; };\n", 1);
	/* a macro call that is a whole template parameter becomes `int` */
	blanks("template <typename T, EN_IF(sizeof(T) > 1)> void f(T);\n",
	       "template <typename T, int                 > void f(T);\n", 1);
	/* `extern template` loses `extern` */
	blanks("extern template int f<char>(char);\n", "       template int f<char>(char);\n", 1);
	/* in code: an iterator macro heading a block gets a ';' (the call stays), a statement
	   macro alone on its line and a macro before a declaration keyword are blanked */
	blanks("void f(void) {\n\tlist_for_each(p, h) {\n\t}\n}\n",
	       "void f(void) {\n\tlist_for_each(p, h);{\n\t}\n}\n", 1);
	/* a single statement as the body, after a condition's ')' too */
	blanks("void f(void) {\n\tif (a) for_each(p)\n\t\tg(p);\n}\n",
	       "void f(void) {\n\tif (a) for_each(p)\n;\tg(p);\n}\n", 1);
	/* with no space or tab before the '{', the head is blanked: a newline always stays */
	blanks("void f(void) {\n\tfor_each(p)\n{\n\t}\n}\n",
	       "void f(void) {\n\t           \n{\n\t}\n}\n", 1);
	blanks("int f() -> int {\n  MY_WARN(x : 1)\n  return 0;\n}\n",
	       "int f() -> int {\n                \n  return 0;\n}\n", 1);
	blanks("int f() { MY_CX bool ok = 1; }\n", "int f() {       bool ok = 1; }\n", 1);
	/* never a keyword, a call with ';', or a macro in an expression */
	keep = "int f() { if (x) { } while (y) { } g(x); return A_B(x) + 1; }\n";
	blanks(keep, keep, 0);
	/* a local class's body holds declarations: its constructor is no loop macro */
	keep = "int f() { struct G { G(int v) {} }; }\n";
	blanks(keep, keep, 0);
}

/* ---- extract/pp.c: conditionals that split a construct, comments in a continued #define ---- */

static void recovers(const char *src, const char *want, size_t count)
{
	size_t n = strlen(src);
	cr_assert_eq(strlen(want), n, "test case lengths differ: %s", src);
	char *s = strdup(src);
	cr_assert_not_null(s);
	size_t got = sp_pp_recover(s, n);
	cr_assert_str_eq(s, want);
	cr_assert_eq(got, count, "%zu edits, wanted %zu in: %s", got, count, src);
	free(s);
}

Test(pp, a_conditional_that_splits_a_statement_keeps_its_first_branch)
{
	recovers("{\n#if A\nif (a && b) {\n#else\nif (a) {\n#endif\n}\n}\n",
		 "{\n     \nif (a && b) {\n     \n        \n      \n}\n}\n", 2);
	/* a signature chosen by #ifdef, its body after #endif */
	recovers("#ifdef A\nint f(int a)\n#else\nint f(void)\n#endif\n{}\n",
		 "        \nint f(int a)\n     \n           \n      \n{}\n", 2);
	/* without #else: the directives go, the code stays */
	recovers("#ifdef __cplusplus\nextern \"C\" {\n#endif\n",
		 "                  \nextern \"C\" {\n      \n", 2);
	/* right after a label, but not after case or default */
	recovers("{\nout:\n#ifdef W\ng();\n#else\nh();\n#endif\n}\n",
		 "{\nout:\n        \ng();\n     \n    \n      \n}\n", 2);
	const char *keep = "{\ncase 1:\n#ifdef W\ng();\n#else\nh();\n#endif\n}\n";
	recovers(keep, keep, 0);
}

Test(pp, whole_constructs_and_nested_groups_stay)
{
	const char *keep = "#ifdef A\nint a;\n#else\nlong a;\n#endif\n#if B\n#define X 1\n#endif\n";
	recovers(keep, keep, 0);
	/* a broken inner group of a first branch is fixed; the outer group is whole */
	recovers("#if A\nint f(void) {\n#if B\nif (x) {\n#else\nif (y) {\n#endif\n}\n}\n#endif\n",
		 "#if A\nint f(void) {\n     \nif (x) {\n     \n        \n      \n}\n}\n#endif\n", 2);
	/* a branch that ends with a macro call and no body after the #endif (googletest's
	   `#else` / `GTEST_DISABLE_MSC_WARNINGS_PUSH_(4251)` / `class Notification {…};` / `…POP_()`) */
	keep = "#if A\n#else\nM_PUSH(1)\nclass C {};\nM_POP()\n#endif\nint y;\n";
	recovers(keep, keep, 0);
	/* strings and comments hold no braces */
	keep = "#if A\nchar *s = \"{(\"; /* { */\n#endif\n";
	recovers(keep, keep, 0);
}

Test(pp, lists_expressions_and_header_names_in_conditions)
{
	/* a branch that ends with ',' (a list) keeps the first branch */
	recovers("A() :\n#if X\n b(1),\n#endif\n c(2) {}\n", "A() :\n     \n b(1),\n      \n c(2) {}\n",
		 2);
	/* a conditional after '=' splits a declaration */
	recovers("using t =\n#ifdef X\n a;\n#else\n b;\n#endif\n",
		 "using t =\n        \n a;\n     \n   \n      \n", 2);
	/* a class head's base clause ends with '>' and a body follows */
	recovers("class C\n#if X\n : public B<int>\n#endif\n{};\n",
		 "class C\n     \n : public B<int>\n      \n{};\n", 2);
	/* a header name or a string as a call's argument in #if / #elif is `0` */
	recovers("#if HAS(<a.h>) && HAS( \"b.h\" )\n#elif HAS(<c>)\n#endif\n",
		 "#if HAS(0    ) && HAS( 0     )\n#elif HAS(0  )\n#endif\n", 3);
}

Test(pp, comments_in_a_continued_define_are_blanked)
{
	recovers("#define A(x) do { /* c */ \\\n\tf(x); /* two\n lines */ \\\n} while (0)\nint y;\n",
		 "#define A(x) do {         \\\n\tf(x);      \\\n          \\\n} while (0)\nint y;\n",
		 2);
	/* a comment outside a #define stays */
	const char *keep = "/* a\n b */\n#define B 1 // c\nint z;\n";
	recovers(keep, keep, 0);
}

/* ---- the user's macro map (extract/macros_map.c), applied before every rule ---- */

static void mapped(const char *const *defs, size_t ndefs, const char *src, const char *want)
{
	sp_macro_map m = {0};
	sp_buf err;
	sp_buf_init(&err);
	cr_assert_eq(sp_macro_map_parse(&m, defs, ndefs, &err), 0, "%s", sp_buf_cstr(&err));
	size_t n = strlen(src);
	cr_assert_eq(strlen(want), n, "test case lengths differ: %s", src);
	char *out = calloc(1, n + 1);
	cr_assert_not_null(out);
	sp_blank_macros(src, n, out, &m);
	cr_assert_str_eq(out, want);
	free(out);
	sp_macro_map_release(&m);
	sp_buf_release(&err);
}

Test(macro_map, names_arguments_and_replacements)
{
	const char *kernel[] = {"__rcu", "__printf()", "__init", "STATIC=static", "Z_C()=const"};
	/* lower-case annotations no rule claims, in declarations and in code */
	mapped(kernel, 5, "struct s __rcu *p;\nint __init f(void) { int __rcu *q = 0; }\n",
	       "struct s       *p;\nint        f(void) { int       *q = 0; }\n");
	/* NAME() takes its argument list; NAME alone leaves one that follows */
	mapped(kernel, 5, "int f(const char *s, ...) __printf(1, 2);\n__init(x);\n",
	       "int f(const char *s, ...)               ;\n      (x);\n");
	/* a replacement padded with spaces, with its arguments when defined with () */
	mapped(kernel, 5, "STATIC int g(Z_C(x) char *s);\n", "static int g(const  char *s);\n");
	/* strings, comments and directives are never touched; a longer replacement reads as nothing */
	const char *longer[] = {"AB=static"};
	mapped(longer, 1, "AB int x; /* AB */ const char *s = \"AB\";\n#define AB\n",
	       "   int x; /* AB */ const char *s = \"AB\";\n#define AB\n");
	/* the last definition of a name wins */
	const char *twice[] = {"LOCAL=static", "LOCAL"};
	mapped(twice, 2, "LOCAL int x;\n", "      int x;\n");
}

Test(macro_map, a_bad_definition_is_named)
{
	const char *bad[][1] = {{"X("}, {"A B"}, {"=1"}, {"A(x=1"}, {"A=b\nc"}};
	const char *want[] = {"'X(': no ')'", "'A B': ' ' after", "'=1': wants NAME", "'A(x=1': no ')'",
			      "one line"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		sp_macro_map m = {0};
		sp_buf err;
		sp_buf_init(&err);
		cr_assert_eq(sp_macro_map_parse(&m, bad[i], 1, &err), SP_EUSAGE, "%s", bad[i][0]);
		cr_assert(strstr(sp_buf_cstr(&err), want[i]), "%s: %s", bad[i][0], sp_buf_cstr(&err));
		cr_assert_eq(m.n, 0);
		sp_buf_release(&err);
	}
}
