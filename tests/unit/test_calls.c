/* tests/unit/test_calls.c: the call-site fact kind (extract/calls.c): one record per call node
   whatever patterns matched it, the most specific kind, the innermost enclosing function, the
   receiver's cap, and the #match? predicate the C and C++ queries use for macro-like calls. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "extract_fixture.h"
#include "query_p.h"

TestSuite(calls, .init = sp_test_extractor_new, .fini = sp_test_extractor_free);

/* The name of the function call i is in, "" at file level. */
static const char *caller(size_t i, char *buf, size_t cap)
{
	const sp_call *c = &sp_facts_calls(&facts)[i];
	if (c->func < 0)
		return "";
	sp_str n = sp_facts_defs(&facts)[c->func].name;
	snprintf(buf, cap, "%.*s", (int)n.n, n.p);
	return buf;
}

static void expect(size_t i, const char *name, const char *receiver, const char *kind, const char *in,
		   uint32_t line, uint32_t col)
{
	cr_assert_lt(i, sp_facts_count(&facts, SP_FACT_CALL));
	const sp_call *c = &sp_facts_calls(&facts)[i];
	char buf[64];
	cr_assert(sp_test_str_is(c->name, name), "call %zu: name %.*s, want %s", i, (int)c->name.n,
		  c->name.p, name);
	cr_assert(sp_test_str_is(c->receiver, receiver), "call %zu: receiver %.*s, want %s", i,
		  (int)c->receiver.n, c->receiver.p, receiver);
	cr_assert_str_eq(c->kind, kind, "call %zu", i);
	cr_assert_str_eq(caller(i, buf, sizeof buf), in, "call %zu", i);
	cr_assert_eq(c->line, line, "call %zu", i);
	cr_assert_eq(c->col, col, "call %zu", i);
}

Test(calls, python_nested_functions_keep_their_calls)
{
	sp_test_extract("python", "import os\n"
				  "def outer(x):\n"
				  "    def inner(y):\n"
				  "        return len(y)\n"
				  "    print(inner(x), os.path.join('a'))\n"
				  "    return f(x)(1)\n"
				  "class C:\n"
				  "    z = compute()\n"
				  "    def m(self):\n"
				  "        self.helper()\n"
				  "run()\n");
	cr_assert_eq(sp_facts_count(&facts, SP_FACT_CALL), 9);
	expect(0, "len", "", "call", "inner", 4, 15);
	expect(1, "print", "", "call", "outer", 5, 4);
	expect(2, "inner", "", "call", "outer", 5, 10);
	expect(3, "join", "os.path", "method", "outer", 5, 20);
	/* `f(x)(1)`: two call nodes starting together, the outer (no name) first */
	expect(4, "", "", "call", "outer", 6, 11);
	expect(5, "f", "", "call", "outer", 6, 11);
	expect(6, "compute", "", "call", "", 8, 8);
	expect(7, "helper", "self", "method", "m", 10, 8);
	expect(8, "run", "", "call", "", 11, 0);
}

Test(calls, most_specific_kind_wins_whatever_the_match_order)
{
	sp_test_extract("ruby", "def f\n  Foo.new(2)\n  self.h\n  g(1)\nend\n");
	cr_assert_eq(sp_facts_count(&facts, SP_FACT_CALL), 3);
	expect(0, "new", "Foo", "new", "f", 2, 2);
	expect(1, "h", "self", "method", "f", 3, 2);
	expect(2, "g", "", "call", "f", 4, 2);
}

Test(calls, c_macro_like_calls_by_match_predicate)
{
	sp_test_extract("c", "int g(int x) { return MAX(x, 1) + Max(x) + f_2(x) + p->cb(x); }\n");
	cr_assert_eq(sp_facts_count(&facts, SP_FACT_CALL), 4);
	expect(0, "MAX", "", "macro", "g", 1, 22);
	expect(1, "Max", "", "call", "g", 1, 34);
	expect(2, "f_2", "", "call", "g", 1, 43);
	expect(3, "cb", "p", "method", "g", 1, 52);
}

Test(calls, receiver_of_a_long_chain_is_capped_at_a_character_boundary)
{
	/* 300 bytes of receiver, a two-byte character straddling the cap */
	char src[512];
	size_t n = 0;
	n += (size_t)snprintf(src + n, sizeof src - n, "x = a");
	while (n < 5 + SP_CALL_RECEIVER_MAX - 2)
		src[n++] = 'b';
	memcpy(src + n, "\xc3\xa9", 2); /* é over bytes 199 and 200 of the receiver */
	n += 2;
	while (n < 310)
		src[n++] = 'c';
	memcpy(src + n, ".f()\n", 6);
	sp_test_extract("python", src);
	cr_assert_eq(sp_facts_count(&facts, SP_FACT_CALL), 1);
	const sp_call *c = &sp_facts_calls(&facts)[0];
	cr_assert_eq(c->receiver.n, SP_CALL_RECEIVER_MAX - 1, "cut before the character: %zu",
		     c->receiver.n);
	cr_assert(sp_test_str_is(c->name, "f"));
}

Test(calls, every_language_extracts_calls)
{
	static const struct {
		const char *lang, *src;
		size_t n;
	} cases[] = {
		{"c", "void f(void) { g(); }", 1},
		{"cpp", "void f() { ns::g(); auto *a = new A(); }", 2},
		{"go", "package m\nfunc f() { fmt.Println(g()) }", 2},
		{"java", "class A { void f() { g(); new A(); } }", 2},
		{"javascript", "function f() { g(); new A(); o.m(); }", 3},
		{"python", "def f():\n    g()\n", 1},
		{"ruby", "def f\n  g(1)\nend\n", 1},
		{"rust", "fn f() { g(); println!(\"x\"); }", 2},
		{"tsx", "function f() { return g(<a/>); }", 1},
		{"typescript", "function f(): void { g<number>(1); }", 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sp_test_extract(cases[i].lang, cases[i].src);
		cr_assert_eq(sp_facts_count(&facts, SP_FACT_CALL), cases[i].n, "%s: %zu calls",
			     cases[i].lang, sp_facts_count(&facts, SP_FACT_CALL));
		for (size_t k = 0; k < cases[i].n; k++)
			cr_assert_geq(sp_facts_calls(&facts)[k].func, 0, "%s: call %zu in f",
				      cases[i].lang, k);
	}
}
