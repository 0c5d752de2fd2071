/* tests/unit/test_header_lang.c: extract/header_lang.c: the C++-only syntax that makes a `.h` C++
   (and what is no evidence: comments, strings, directives, the __cplusplus side), and the include
   scanner the includer evidence reads. */
#include <criterion/criterion.h>
#include <string.h>

#include "sp_extract.h"

static bool cpp(const char *src)
{
	return sp_header_is_cpp(src, strlen(src));
}

Test(header_lang, cpp_only_syntax_is_evidence)
{
	cr_assert(cpp("namespace fmt {\nint x;\n}\n"));
	cr_assert(cpp("namespace {\n}\n"));
	cr_assert(cpp("namespace fs = std::filesystem;\n"));
	cr_assert(cpp("template <typename T> T max(T a, T b);\n"));
	cr_assert(cpp("template<class T> struct s;\n"));
	cr_assert(cpp("class buffer {\n int n;\n};\n"));
	cr_assert(cpp("class GTEST_API_ Test : public Base {};\n"),
		  "an annotation macro before the name");
	cr_assert(cpp("class widget final {};\n"));
	cr_assert(cpp("int n = std::max(1, 2);\n"));
	cr_assert(cpp("using namespace std;\n"));
	cr_assert(cpp("using size_type = unsigned;\n"));
	cr_assert(cpp("extern \"C\" {\nint f(void);\n}\n"), "an unguarded extern \"C\"");
}

Test(header_lang, c_headers_show_no_evidence)
{
	cr_assert(!cpp(""));
	cr_assert(!cpp("struct point { int x, y; };\nint area(struct point *p);\n"));
	/* the usual C header made for C++ callers */
	cr_assert(
		!cpp("#ifdef __cplusplus\nextern \"C\" {\n#endif\nint f(void);\n#ifdef __cplusplus\n}\n"
		     "template <class T> class wrap {};\n#endif\n"));
	cr_assert(!cpp("#if defined(__cplusplus) && __cplusplus >= 201103L\nnamespace a {}\n#endif\n"));
	cr_assert(
		!cpp("#ifndef __cplusplus\ntypedef int bool;\n#else\nnamespace a {}\n#endif\nint g;\n"),
		"the #else of #ifndef __cplusplus is C++'s");
	cr_assert(cpp("#ifndef __cplusplus\nint c_only;\n#endif\nnamespace a {}\n"),
		  "after the block, C++ syntax counts again");
	/* C that looks like C++ to a careless reader */
	cr_assert(!cpp("struct device { unsigned class : 4; int namespace; };\n"));
	cr_assert(!cpp("int class; void f(int template, int b) { int x = template < b; }\n"));
	cr_assert(!cpp("/* namespace a { class b {}; } std::x */\n// template <T>\n"));
	cr_assert(!cpp("const char *s = \"a::b namespace x {\"; char c = ':';\n"));
	cr_assert(!cpp("#define CAT(a, b) a::b\n#define NS namespace x {\n"), "directives are skipped");
	cr_assert(!cpp("[[gnu::unused]] static int x;\n"), "a C23 attribute's ::");
	cr_assert(!cpp("label:\n\tgoto label;\n"));
}

static int collect(void *ctx, const char *path, size_t n)
{
	char *out = ctx;
	strncat(out, path, n);
	strcat(out, "|");
	return 0;
}

static int stop(void *ctx, const char *path, size_t n)
{
	(void)path;
	(void)n;
	++*(int *)ctx;
	return 7;
}

Test(header_lang, include_scan)
{
	const char *src = "#include \"a.h\"\n  #  include <fmt/core.h>\n#include MACRO\n#include \"\"\n"
			  "// #include \"no.h\" is a comment line\n#import \"x.h\"\n#include \"last.h\"";
	char out[256] = "";
	cr_assert_eq(sp_include_scan(src, strlen(src), collect, out), 0);
	cr_assert_str_eq(out, "a.h|fmt/core.h|last.h|");
	int calls = 0;
	cr_assert_eq(sp_include_scan(src, strlen(src), stop, &calls), 7,
		     "the callback's result stops it");
	cr_assert_eq(calls, 1);
}
