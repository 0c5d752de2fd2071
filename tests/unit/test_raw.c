/* tests/unit/test_raw.c: the maintainability index's inputs (extract/raw.c) on in-memory sources:
   radon's logical lines, comment and source lines and complexity term for Python, statement
   nodes and line counting for the other languages. */
#include <criterion/criterion.h>
#include <string.h>

#include "extract_fixture.h"

/* The raw figures of the function called name. */
static sp_raw raw(const char *name)
{
	for (size_t i = 0; i < sp_facts_count(&facts, SP_FACT_DEF); i++) {
		const sp_def *d = &sp_facts_defs(&facts)[i];
		if (d->name.n == strlen(name) && !memcmp(d->name.p, name, d->name.n))
			return d->raw;
	}
	cr_assert_fail("no definition %s", name);
	return (sp_raw){0};
}

TestSuite(raw, .init = sp_test_extractor_new, .fini = sp_test_extractor_free);

/* radon's raw.py: a colon before a line's last token counts the line twice; `;` splits */
Test(raw, python_logical_lines_as_radon)
{
	sp_test_extract("python", "def f(d):\n" /* 1 */
				  "    if d: return d[1:]\n" /* 2 */
				  "    x = {1: 2}; y = 3\n" /* 2 + 1 */
				  "    s = (1 +\n"
				  "         2)\n" /* 1: brackets join lines */
				  "    t = 1 + \\\n"
				  "        2\n" /* 1: a backslash joins lines */
				  "    # a comment\n" /* 0 */
				  "    return lambda q: q\n"); /* 2 */
	sp_raw r = raw("f");
	cr_assert_eq(r.lloc, 10);
	cr_assert_eq(r.comments, 1);
	cr_assert_eq(r.sloc, 8);
	cr_assert_eq(facts.raw.lloc, 10);
}

/* a piece ended by `;` compares its colon with its last token but one, as radon does */
Test(raw, python_semicolon_piece_quirk)
{
	sp_test_extract("python", "def f(a):\n"
				  "    if a: b; c\n" /* radon: 1 + 1 */
				  "    x = a[1:]; y = 2\n"); /* radon: 1 + 1 */
	cr_assert_eq(raw("f").lloc, 5);
}

/* a comment after a function's last statement is no line of the function (radon reads the
   function's lines up to its end_line), even where the tree puts it inside the node */
Test(raw, python_trailing_comment_is_the_files)
{
	sp_test_extract("python", "def f(i):\n"
				  "    if i == 5:\n"
				  "        return 1\n"
				  "    # cannot get here\n"
				  "x = 1\n");
	cr_assert_eq(raw("f").comments, 0);
	cr_assert_eq(facts.raw.comments, 1);
}

/* a docstring's lines are comment lines; a one-line string alone is neither */
Test(raw, python_docstrings_are_comments)
{
	sp_test_extract("python", "def f():\n"
				  "    \"\"\"One\n"
				  "\n"
				  "    two.\"\"\"\n"
				  "    'one line'\n"
				  "    return 1  # inline\n");
	sp_raw r = raw("f");
	cr_assert_eq(r.lloc, 4);
	cr_assert_eq(r.comments, 2 + 1); /* the docstring's non-blank lines, the inline comment */
	cr_assert_eq(r.sloc, 2);
}

/* radon's complexity term: assert counts but not what it asserts; f-strings' expressions count;
   a nested function's decisions are its own */
Test(raw, python_complexity_term)
{
	sp_test_extract("python", "def f(a, b):\n"
				  "    assert a and b\n" /* 1 */
				  "    if a or b:\n" /* 2 */
				  "        pass\n"
				  "    for x in a:\n" /* 2 with the else */
				  "        pass\n"
				  "    else:\n"
				  "        pass\n"
				  "    def g():\n"
				  "        return 1 if a else 2\n" /* g's */
				  "    return f\"{[y for y in b if y]}\"\n"); /* 2 */
	cr_assert_eq(raw("f").mi_complexity, 1 + 7);
	cr_assert_eq(raw("g").mi_complexity, 2);
	/* the file: radon's total, nested functions apart */
	cr_assert_eq(facts.raw.mi_complexity, 1 + 7);
}

/* radon visits only a def's body: decisions in decorators, parameter defaults and a class's bases
   count nowhere (before, they counted in the enclosing scope: the file's total was 8) */
Test(raw, python_def_headers_count_no_decision)
{
	sp_test_extract("python", "@dec(1 if os else 2)\n"
				  "class A(object if os else int, metaclass=type if os else type):\n"
				  "    def m(self, a=1 if os else 2, *, b=os and os):\n"
				  "        return a or b\n" /* 1 */
				  "def f(x=[y for y in os.environ if y]):\n"
				  "    return x\n");
	cr_assert_eq(raw("m").mi_complexity, 1 + 1);
	cr_assert_eq(raw("f").mi_complexity, 1);
	cr_assert_eq(facts.raw.mi_complexity, 1 + 1 + 1, "%u", facts.raw.mi_complexity); /* m: 1 */
}

/* radon's file total: a top-level class's methods count 1 each; a class in a class nothing */
Test(raw, python_file_total_as_radon)
{
	sp_test_extract("python", "class A:\n"
				  "    x = 1 if y else 2\n" /* 1 */
				  "    def m(self):\n" /* 1 */
				  "        if self: pass\n" /* 1 */
				  "    class B:\n"
				  "        def n(self):\n"
				  "            if self: pass\n"); /* nothing */
	cr_assert_eq(facts.raw.mi_complexity, 1 + 3);
}

/* the MI's volume: the empty string '' is one operand wherever it occurs, as in radon (its two
   quotes do not open a triple-quoted string); before, each '' was an operand of its own */
Test(raw, python_empty_string_is_one_operand)
{
	sp_test_extract("python", "def f(s):\n"
				  "    a = s == ''\n"
				  "    b = s != ''\n"
				  "    return a + \"\"\n");
	const sp_def *d = &sp_facts_defs(&facts)[0];
	cr_assert_eq(sp_facts_count(&facts, SP_FACT_DEF), 1);
	/* operators ==, !=, +; operands s, '' (three times, "" too), s, a: radon's 3 3 3 6 */
	cr_assert_eq(d->halstead.h1, 3);
	cr_assert_eq(d->halstead.n1, 3);
	cr_assert_eq(d->halstead.n2, 6);
	cr_assert_eq(d->halstead.h2, 3, "h2 %u", d->halstead.h2);
	cr_assert_eq(facts.halstead.h2, 3);
}

/* implicitly concatenated strings are one string, as in Python's AST: 'a' 'b' equals 'ab' (before,
   each concatenation was an operand of its own) */
Test(raw, python_concatenated_string_is_its_value)
{
	sp_test_extract("python", "def f(s):\n"
				  "    a = s == 'x' 'y'\n"
				  "    b = s != ('x'\n"
				  "              \"y\")\n"
				  "    return a + 'xy' + b\"\" b''\n");
	const sp_def *d = &sp_facts_defs(&facts)[0];
	cr_assert_eq(sp_facts_count(&facts, SP_FACT_DEF), 1);
	/* radon's 3 5 4 8: operands s, 'xy' (three times), a, the inner sum, b'' */
	cr_assert_eq(d->halstead.n2, 8);
	cr_assert_eq(d->halstead.h2, 5, "h2 %u", d->halstead.h2);
}

/* the other languages: one logical line per statement node, comments from line counting */
Test(raw, c_statements_and_comment_lines)
{
	sp_test_extract("c", "int f(int n)\n"
			     "{\n"
			     "\t/* a comment */\n"
			     "\tint s = 0;\n"
			     "\tif (n && s)\n"
			     "\t\ts++;\n"
			     "\treturn s;\n"
			     "}\n");
	sp_raw r = raw("f");
	cr_assert_eq(r.lloc, 5); /* the definition, the declaration, if, s++, return */
	cr_assert_eq(r.comments, 1);
	cr_assert_eq(r.sloc, 7);
	cr_assert_eq(r.mi_complexity, 3); /* the cyclomatic complexity */
}

/* A file recorded without parsing (over the size limit, generated: sp_parser_lines) has no
   logical lines; before, it kept the figures of the file its parser read before it, so a blob's
   lloc depended on which worker thread took it (test_cli's pool test failed now and then). */
Test(raw, a_file_read_for_its_lines_only_has_no_logical_lines)
{
	sp_test_extract("python", "def f(x):\n    return x\n");
	cr_assert_gt(facts.raw.lloc, 0);
	static const char src[] = "x = 1\ny = 2\n";
	cr_assert_eq(sp_parser_lines(parser, sp_test_prepared("python"), src, sizeof src - 1, &facts),
		     0);
	cr_assert_eq(facts.raw.lloc, 0);
	cr_assert_eq(facts.raw.sloc, 0);
	cr_assert_eq(facts.raw.comments, 0);
	cr_assert_eq(facts.raw.mi_complexity, 0);
}
