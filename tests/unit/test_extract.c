/* tests/unit/test_extract.c: the extract stage on in-memory sources (definitions, items, imports,
   complexity, nesting, syntax errors, language detection, fact kinds); the file walk is
   tests/unit/test_walk.c, macro blanking and preprocessor recovery tests/unit/test_macros.c, the
   queries compiled from several threads tests/unit/test_prepare.c. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract_fixture.h"

static const sp_def *def_named(const char *name)
{
	for (size_t i = 0; i < sp_facts_count(&facts, SP_FACT_DEF); i++)
		if (sp_test_str_is(sp_facts_defs(&facts)[i].name, name))
			return &sp_facts_defs(&facts)[i];
	cr_assert_fail("no definition %s", name);
	return NULL;
}

TestSuite(extract, .init = sp_test_extractor_new, .fini = sp_test_extractor_free);

Test(extract, definitions_parents_and_positions)
{
	sp_test_extract("python", "class A(B, metaclass=M):\n"
				  "    @staticmethod\n"
				  "    @other(1)\n"
				  "    def f(x, /, y=1, *args, z: int, **kw):\n"
				  "        \"\"\"Doc line.\n\n        more\"\"\"\n"
				  "        def g():\n"
				  "            pass\n"
				  "async def h(): pass\n");
	cr_assert_eq(sp_facts_count(&facts, SP_FACT_DEF), 4);
	const sp_def *a = def_named("A"), *f = def_named("f"), *g = def_named("g"), *h = def_named("h");
	cr_assert_eq(a->kind, SP_DEF_CLASS);
	cr_assert_eq(a->parent, -1);
	cr_assert_eq(f->parent, 0);
	cr_assert_eq(g->parent, 1);
	cr_assert_eq(f->def_line, 4, "def line, not the decorator's");
	cr_assert_eq(f->start_line, 2, "span starts at the first decorator");
	cr_assert_eq(f->start_col, 4);
	cr_assert_eq(f->item_n[SP_ITEM_PARAM], 5);
	const sp_str *p = sp_def_items(&facts, f, SP_ITEM_PARAM);
	cr_assert(sp_test_str_is(p[0], "x") && sp_test_str_is(p[1], "y") &&
		  sp_test_str_is(p[2], "args") && sp_test_str_is(p[3], "z") &&
		  sp_test_str_is(p[4], "kw"));
	cr_assert_eq(f->item_n[SP_ITEM_DECORATOR], 2);
	cr_assert(sp_test_str_is(sp_def_items(&facts, f, SP_ITEM_DECORATOR)[1], "other(1)"));
	cr_assert_eq(a->item_n[SP_ITEM_BASE], 1, "keyword arguments are not bases");
	cr_assert(sp_test_str_is(sp_def_items(&facts, a, SP_ITEM_BASE)[0], "B"));
	cr_assert(sp_test_str_is(f->doc, "\"\"\"Doc line.\n\n        more\"\"\""), "doc: %.*s",
		  (int)f->doc.n, f->doc.p);
	cr_assert(h->is_async);
	cr_assert_not(f->is_async);
	cr_assert_eq(facts.parse_error, false);
}

Test(extract, lambdas_are_not_functions)
{
	sp_test_extract("python", "f = lambda x: x\nclass C:\n    g = lambda self: 1\n");
	cr_assert_eq(sp_facts_count(&facts, SP_FACT_DEF), 1);
}

Test(extract, mccabe_complexity_rules)
{
	sp_test_extract("python", "def f(a, b):\n"
				  "    if a and b:\n" /* +1, `and` adds nothing */
				  "        pass\n"
				  "    elif b:\n" /* +1 */
				  "        pass\n"
				  "    else:\n"
				  "        pass\n"
				  "    for i in a:\n" /* +1 */
				  "        while b:\n" /* +1 */
				  "            break\n"
				  "    try:\n" /* +1 */
				  "        pass\n"
				  "    except A:\n" /* +1 */
				  "        pass\n"
				  "    except B:\n" /* +1 */
				  "        pass\n"
				  "    finally:\n"
				  "        if a: pass\n" /* finally is not visited by mccabe */
				  "    x = [i for i in a if i]\n"
				  "    y = a if b else 0\n"
				  "    with a:\n"
				  "        pass\n"
				  "    def inner():\n" /* +1 for the closure */
				  "        if a: pass\n" /* +1, counted for f too */
				  "    match a:\n"
				  "        case 1:\n"
				  "            if b: pass\n" /* match is not visited by mccabe */
				  "    return inner\n");
	const sp_def *f = def_named("f"), *inner = def_named("inner");
	cr_assert_eq(f->complexity, 10);
	cr_assert_eq(inner->complexity, 2);
	cr_assert_eq(f->max_nesting, 2, "for > while");
	cr_assert_eq(inner->max_nesting, 1);
}

Test(extract, imports_every_form)
{
	sp_test_extract("python", "import a.b.c, d as e\n"
				  "from . import x\n"
				  "from ..pkg import y as z, w\n"
				  "from m import *\n"
				  "from __future__ import annotations\n"
				  "def f():\n    import inside\n");
	cr_assert_eq(sp_facts_count(&facts, SP_FACT_IMPORT), 8);
	const sp_import *im = sp_facts_imports(&facts);
	cr_assert(sp_test_str_is(im[0].module, "a.b.c") && im[0].name.n == 0);
	cr_assert(sp_test_str_is(im[1].module, "d") && sp_test_str_is(im[1].alias, "e"));
	cr_assert(sp_test_str_is(im[2].module, ".") && sp_test_str_is(im[2].name, "x"));
	cr_assert(sp_test_str_is(im[3].module, "..pkg") && sp_test_str_is(im[3].name, "y") &&
		  sp_test_str_is(im[3].alias, "z"));
	cr_assert(sp_test_str_is(im[4].module, "..pkg") && sp_test_str_is(im[4].name, "w"));
	cr_assert(sp_test_str_is(im[5].module, "m") && sp_test_str_is(im[5].name, "*"));
	cr_assert(sp_test_str_is(im[6].module, "__future__") &&
		  sp_test_str_is(im[6].name, "annotations"));
	cr_assert(sp_test_str_is(im[7].module, "inside") && im[7].line == 7);
}

Test(extract, syntax_error_keeps_recovered_definitions)
{
	sp_test_extract("python",
			"def good():\n    return 1\n\ndef bad(:\n    pass\n\nclass Later:\n    pass\n");
	cr_assert(facts.parse_error);
	cr_assert_eq(facts.parse_error_line, 4);
	def_named("good");
	def_named("Later");
}

Test(extract, line_counts_follow_cloc)
{
	sp_test_extract("python", "# comment\n\n\"\"\"doc\nstring\"\"\"\nx = 1  # trailing\n");
	cr_assert_eq(facts.lines.total, 5);
	cr_assert_eq(facts.lines.blank, 1);
	cr_assert_eq(facts.lines.comment, 3);
	cr_assert_eq(facts.lines.code, 1);
	cr_assert_eq(facts.line_kinds.n, 5);
}

Test(extract, empty_and_binary_input)
{
	sp_test_extract("python", "");
	cr_assert_eq(sp_facts_count(&facts, SP_FACT_DEF), 0);
	cr_assert_eq(facts.lines.total, 0);
	const char bin[] = "def f(\xff\x00\xfe):\n\x00\x01 pass\n";
	const sp_language *py = sp_test_prepared("python");
	cr_assert_eq(sp_parser_run(parser, py, bin, sizeof bin - 1, &facts), 0);
	cr_assert(facts.parse_error);
}

static const char *lang_of_path(const char *path)
{
	const sp_language *l = sp_extractor_by_path(ex, path);
	return l ? sp_language_name(l) : "(none)";
}

static const char *lang_of_head(const char *head)
{
	const sp_language *l = sp_extractor_by_shebang(ex, head, strlen(head));
	return l ? sp_language_name(l) : "(none)";
}

Test(extract, language_detection)
{
	/* every extension of the README's language table, each to its own language */
	static const struct {
		const char *path, *lang;
	} by_path[] = {
		{"a/b/c.py", "python"},
		{"stubs/x.pyi", "python"},
		{"w.pyw", "python"},
		{"a.js", "javascript"},
		{"a.mjs", "javascript"},
		{"a.cjs", "javascript"},
		{"a.jsx", "javascript"},
		{"a.ts", "typescript"},
		{"a.mts", "typescript"},
		{"a.cts", "typescript"},
		{"a.tsx", "tsx"},
		{"main.go", "go"},
		{"lib.rs", "rust"},
		{"A.java", "java"},
		{"x.c", "c"},
		{"x.h", "c"},
		{"x.cc", "cpp"},
		{"x.cpp", "cpp"},
		{"x.cxx", "cpp"},
		{"x.c++", "cpp"},
		{"x.hh", "cpp"},
		{"x.hpp", "cpp"},
		{"x.hxx", "cpp"},
		{"x.h++", "cpp"},
		{"x.ipp", "cpp"},
		{"x.tpp", "cpp"},
		{"a.rb", "ruby"},
		{"Rakefile.rake", "ruby"},
		{"g.gemspec", "ruby"},
		{"config.ru", "ruby"},
		{"a/b/c.pyc", "(none)"},
		{"a/.py/README", "(none)"},
		{".py", "(none)"},
		{"x.d.ts.map", "(none)"},
		{"noext", "(none)"},
		{"x.", "(none)"},
	};
	for (size_t i = 0; i < sizeof by_path / sizeof by_path[0]; i++)
		cr_assert_str_eq(lang_of_path(by_path[i].path), by_path[i].lang, "%s", by_path[i].path);
	static const struct {
		const char *head, *lang;
	} by_shebang[] = {
		{"#!/usr/bin/env python3\nprint(1)\n", "python"},
		{"#!/usr/bin/python3.11 -u\n", "python"},
		{"#!/usr/bin/env node\n", "javascript"},
		{"#!/usr/bin/ruby -w\n", "ruby"},
		{"#!/bin/sh\necho python\n", "(none)"},
		{"# not a shebang python\n", "(none)"},
		{"", "(none)"},
	};
	for (size_t i = 0; i < sizeof by_shebang / sizeof by_shebang[0]; i++)
		cr_assert_str_eq(lang_of_head(by_shebang[i].head), by_shebang[i].lang, "%s",
				 by_shebang[i].head);
}

/* ---- what every language shares (exercised through JavaScript's row and query) ---- */

Test(extract, every_language_compiles_and_parses)
{
	static const char *const names[] = {"c",      "cpp",  "go",   "java", "javascript",
					    "python", "ruby", "rust", "tsx",  "typescript"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		sp_test_extract(names[i], "");
		cr_assert_eq(sp_facts_count(&facts, SP_FACT_DEF), 0, "%s", names[i]);
	}
}

Test(extract, decision_tokens_count_for_the_innermost_function_only)
{
	/* JavaScript: if, &&, ||, ??, ?: each add 1; the arrow's own decision counts only for it */
	sp_test_extract("javascript", "function f(a, b) {\n"
				      "  if (a && b || (a ?? b)) { return 1; }\n"
				      "  const g = (x) => (x ? 1 : 2);\n"
				      "  return a ? g(a) : 0;\n"
				      "}\n");
	const sp_def *f = def_named("f"), *g = def_named("g");
	cr_assert_eq(f->complexity, 6, "f: %u", f->complexity);
	cr_assert_eq(g->complexity, 2, "g: %u", g->complexity);
	cr_assert_eq(g->parent, 0);
	cr_assert_eq(g->name_line, 3);
}

Test(extract, predicates_select_matches)
{
	/* require("m") is an import (an #eq? predicate on the callee); other calls are not */
	sp_test_extract("javascript", "const a = require('left-pad');\nconst b = load('nothing');\n");
	cr_assert_eq(sp_facts_count(&facts, SP_FACT_IMPORT), 1);
	cr_assert(sp_test_str_is(sp_facts_imports(&facts)[0].module, "left-pad"), "quotes are stripped");
	cr_assert_str_eq(sp_facts_imports(&facts)[0].kind, "require");
	cr_assert_eq(sp_facts_imports(&facts)[0].line, 1);
}

/* #parent-any-of? (extract/compile.c) keeps a pattern to the parents it names: a constructor is
   an unqualified name without a return type in a class body, while at a file's top level the same
   shape is a macro heading a block, a function (cpp.scm); both patterns match the node itself. */
Test(extract, parent_predicate_selects_by_the_parent_type)
{
	sp_test_extract("cpp", "TEST(a, b) {\n  run();\n}\nstruct A {\n  A(int x) {}\n};\n");
	const sp_def *macro = def_named("TEST"), *ctor = def_named("A");
	cr_assert_not_null(macro);
	cr_assert_str_eq(macro->subkind, "function", "at the top level: not a constructor");
	const sp_def *ctor_def = NULL;
	for (size_t i = 0; i < sp_facts_count(&facts, SP_FACT_DEF); i++)
		if (sp_test_str_is(sp_facts_defs(&facts)[i].name, "A") &&
		    !strcmp(sp_facts_defs(&facts)[i].subkind, "constructor"))
			ctor_def = &sp_facts_defs(&facts)[i];
	cr_assert_not_null(ctor, "struct A");
	cr_assert_not_null(ctor_def, "in the class body: a constructor");
}

Test(extract, skip_reasons)
{
	cr_assert_null(sp_skip_reason("int x;\n", 7, 100));
	cr_assert_str_eq(sp_skip_reason("int x;\n", 7, 6), "too large");
	const char gen[] = "// Code generated by protoc-gen-go. DO NOT EDIT.\npackage x\n";
	cr_assert_str_eq(sp_skip_reason(gen, sizeof gen - 1, 1000), "generated");
	const char gen2[] = "/* @generated SignedSource<<x>> */\n";
	cr_assert_str_eq(sp_skip_reason(gen2, sizeof gen2 - 1, 1000), "generated");
	/* one long line holding most bytes: minified; a few long lines in a big file: not */
	size_t n = 3 * SP_MINIFIED_LINE;
	char *buf = malloc(n * 4);
	cr_assert_not_null(buf);
	memset(buf, 'a', n);
	buf[n - 1] = '\n';
	cr_assert_str_eq(sp_skip_reason(buf, n, n * 4), "minified");
	for (size_t i = n; i < n * 4; i++)
		buf[i] = (i % 40 == 39) ? '\n' : 'b';
	cr_assert_null(sp_skip_reason(buf, n * 4, n * 4), "long lines hold a quarter of the bytes");
	free(buf);
	/* the marker counts only near the top */
	char late[SP_GENERATED_HEAD + 64];
	memset(late, ' ', sizeof late);
	memcpy(late + SP_GENERATED_HEAD + 10, "@generated", 10);
	cr_assert_null(sp_skip_reason(late, sizeof late, 1 << 20));
}

Test(extract, lines_only_for_skipped_files)
{
	const sp_language *js = sp_test_prepared("javascript");
	const char src[] = "// a comment\nfunction f() {}\n\n";
	cr_assert_eq(sp_parser_lines(parser, js, src, sizeof src - 1, &facts), 0);
	cr_assert_eq(sp_facts_count(&facts, SP_FACT_DEF), 0);
	cr_assert_eq(facts.lines.total, 3);
	cr_assert_eq(facts.lines.comment, 1);
	cr_assert_eq(facts.lines.code, 1);
	cr_assert_eq(facts.lines.blank, 1);
}

Test(extract, cpp_annotation_macros_are_blanked)
{
	/* an export macro before the name, a trailing lock annotation, a namespace visibility macro
	   and a macro alone on its line: tree-sitter sees none of them; offsets and lines stay */
	sp_test_extract("cpp",
			"namespace std _GLIBCXX_VISIBILITY(default) {\n"
			"_GLIBCXX_BEGIN_NAMESPACE_VERSION\n"
			"class GTEST_API_ Widget {\n"
			" public:\n"
			"  int size() const GTEST_LOCK_EXCLUDED_(mu_) { return n_ > 0 && n_ < 9; }\n"
			"  _GLIBCXX_NODISCARD bool empty() const { return true; }\n"
			"};\n"
			"}\n"
			"int f() { if (A_MACRO(x) && y) { return 1; } return 0; }\n");
	cr_assert(!facts.parse_error, "line %u", facts.parse_error_line);
	const sp_def *w = def_named("Widget"), *sz = def_named("size"), *em = def_named("empty");
	cr_assert_eq(w->name_line, 3);
	cr_assert_eq(sz->name_line, 5);
	cr_assert_eq(sz->complexity, 2, "the && in the body still counts");
	cr_assert_eq(em->name_line, 6);
	/* inside a function body nothing is blanked: the macro call keeps its place */
	cr_assert_eq(def_named("f")->complexity, 3);
	cr_assert(sp_test_str_is(def_named("std")->name, "std"));
}

/* Issue 9: input nested beyond SP_MAX_TREE_DEPTH fails the file with a reason, never a crash, and
   the parser goes on with the next file. Lines of 60 brackets: a single line would read as
   minified and never be parsed. */
static char *nested(const char *head, char open, char close, const char *tail, size_t depth)
{
	size_t cap = strlen(head) + strlen(tail) + 2 * (depth + depth / 60 + 4);
	char *s = malloc(cap), *w = s;
	cr_assert_not_null(s);
	w += snprintf(w, cap, "%s", head);
	for (size_t i = 0; i < depth; i++)
		*w++ = open, i % 60 == 59 ? *w++ = '\n' : 0;
	*w++ = '1', *w++ = '\n';
	for (size_t i = 0; i < depth; i++)
		*w++ = close, i % 60 == 59 ? *w++ = '\n' : 0;
	snprintf(w, cap - (size_t)(w - s), "%s", tail);
	return s;
}

Test(extract, nesting_beyond_the_budget_fails_the_file)
{
	static const struct {
		const char *lang, *head, *tail, *ok;
		char open, close;
	} cases[] = {
		{"python", "x = ", "\n", "def f():\n    return ((1))\n", '(', ')'},
		{"c", "int f(void) { return ", "; }\n", "int g(void) { return ((1)); }\n", '(', ')'},
		{"javascript", "var x = ", ";\n", "function g() { return [[1]]; }\n", '[', ']'},
		{"javascript", "var x = ", ";\n", "function g() { return ((1)); }\n", '(', ')'},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const sp_language *lang = sp_test_prepared(cases[i].lang);
		cr_assert_not_null(lang);
		char *src = nested(cases[i].head, cases[i].open, cases[i].close, cases[i].tail, 100000);
		cr_assert_eq(sp_parser_run(parser, lang, src, strlen(src), &facts), SP_EPARSE, "%s",
			     cases[i].lang);
		cr_assert(strstr(sp_parser_errmsg(parser), "nested deeper than 10000 levels"), "%s: %s",
			  cases[i].lang, sp_parser_errmsg(parser));
		free(src);
		/* the same parser goes on with the next file */
		cr_assert_eq(sp_parser_run(parser, lang, cases[i].ok, strlen(cases[i].ok), &facts), 0,
			     "%s", sp_parser_errmsg(parser));
		cr_assert_eq(sp_facts_count(&facts, SP_FACT_DEF), 1, "%s", cases[i].lang);
		/* nesting within the budget parses */
		src = nested(cases[i].head, cases[i].open, cases[i].close, cases[i].tail, 1000);
		cr_assert_eq(sp_parser_run(parser, lang, src, strlen(src), &facts), 0, "%s: %s",
			     cases[i].lang, sp_parser_errmsg(parser));
		free(src);
	}
}

/* Issue 9: 17,000 chained conditional expressions aborted tree-sitter 0.20.7 (free(): invalid
   size); the file now parses. */
Test(extract, long_conditional_chain_parses)
{
	static const char line[] = "1 if x else\n";
	size_t n = 17000, cap = 64 + n * (sizeof line - 1);
	char *src = malloc(cap), *w = src;
	cr_assert_not_null(src);
	w += snprintf(w, cap, "def f(x):\n    return (");
	for (size_t i = 0; i < n; i++)
		memcpy(w, line, sizeof line - 1), w += sizeof line - 1;
	snprintf(w, cap - (size_t)(w - src), "0)\n");
	const sp_language *py = sp_test_prepared("python");
	int rc = sp_parser_run(parser, py, src, strlen(src), &facts);
	cr_assert(rc == 0 || rc == SP_EPARSE, "rc %d: %s", rc, sp_parser_errmsg(parser));
	if (rc == 0)
		cr_assert_eq(sp_facts_count(&facts, SP_FACT_DEF), 1);
	else
		cr_assert(*sp_parser_errmsg(parser));
	free(src);
}

/* The capture vocabulary: which capture makes or fills which fact kind's record. */
#include "query_p.h"

Test(fact_kinds, capture_vocabulary_maps_names_to_kind_and_role)
{
	static const struct {
		const char *name;
		int kind, role, variant;
		const char *subkind;
	} known[] = {
		{"definition.function", SP_FACT_DEF, SP_ROLE_ANCHOR, SP_DEF_FUNCTION, "function"},
		{"definition.method", SP_FACT_DEF, SP_ROLE_ANCHOR, SP_DEF_FUNCTION, "method"},
		{"definition.struct", SP_FACT_DEF, SP_ROLE_ANCHOR, SP_DEF_CLASS, "struct"},
		{"definition.annotation", SP_FACT_DEF, SP_ROLE_ANCHOR, SP_DEF_CLASS, "annotation"},
		{"import", SP_FACT_IMPORT, SP_ROLE_ANCHOR, 0, "import"},
		{"import.require_relative", SP_FACT_IMPORT, SP_ROLE_ANCHOR, 0, "require_relative"},
		{"metric.opaque", -1, SP_ROLE_OPAQUE, 0, NULL},
	};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		sp_capture c;
		cr_assert(sp_capture_lookup(known[i].name, strlen(known[i].name), &c), "%s",
			  known[i].name);
		cr_assert_eq(c.kind, known[i].kind, "%s", known[i].name);
		cr_assert_eq(c.role, known[i].role, "%s", known[i].name);
		cr_assert_eq(c.variant, known[i].variant, "%s", known[i].name);
		if (known[i].subkind)
			cr_assert_str_eq(c.subkind, known[i].subkind, "%s", known[i].name);
		else
			cr_assert_null(c.subkind, "%s", known[i].name);
	}
	/* fields belong to one kind each, with a role of their own */
	static const struct {
		const char *name;
		int kind;
	} fields[] = {{"name", SP_FACT_DEF},
		      {"scope", SP_FACT_DEF},
		      {"span", SP_FACT_DEF},
		      {"parameter", SP_FACT_DEF},
		      {"decorator", SP_FACT_DEF},
		      {"base", SP_FACT_DEF},
		      {"doc", SP_FACT_DEF},
		      {"async", SP_FACT_DEF},
		      {"import.module", SP_FACT_IMPORT},
		      {"import.name", SP_FACT_IMPORT},
		      {"import.alias", SP_FACT_IMPORT},
		      {"call.name", SP_FACT_CALL},
		      {"call.receiver", SP_FACT_CALL}};
	uint8_t seen[SP_FACT_KINDS][16] = {{0}};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		sp_capture c;
		cr_assert(sp_capture_lookup(fields[i].name, strlen(fields[i].name), &c), "%s",
			  fields[i].name);
		cr_assert_eq(c.kind, fields[i].kind, "%s", fields[i].name);
		cr_assert_geq(c.role, SP_ROLE_FIELD, "%s", fields[i].name);
		cr_assert_lt(c.role, 16);
		cr_assert_not(seen[c.kind][c.role]++, "%s shares its role", fields[i].name);
	}
	/* lengths count: a prefix or an extension of a known name is unknown */
	static const char *const unknown[] = {"definition.",
					      "definition.bogus",
					      "definitions.class",
					      "importx",
					      "import.",
					      "import.modules",
					      "nam",
					      "names",
					      "metric",
					      "reference.call",
					      "call.",
					      "call.bogus",
					      "calls"};
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		sp_capture c;
		cr_assert_not(sp_capture_lookup(unknown[i], strlen(unknown[i]), &c), "%s", unknown[i]);
		cr_assert_eq(c.role, SP_ROLE_NONE);
	}
	sp_capture c;
	cr_assert(sp_capture_lookup("name!", 4, &c), "length, not NUL, ends a name");
	cr_assert_eq(c.kind, SP_FACT_DEF);
}

Test(fact_kinds, every_kind_has_a_builder_and_a_store)
{
	sp_facts f;
	sp_facts_init(&f);
	for (int k = 0; k < SP_FACT_KINDS; k++) {
		const sp_fact_ops *ops = &sp_fact_kinds[k];
		cr_assert_not_null(ops->name, "kind %d", k);
		cr_assert_str_eq(sp_fact_kind_name((sp_fact_kind)k), ops->name);
		cr_assert_not_null(ops->begin, "%s", ops->name);
		cr_assert_not_null(ops->field, "%s", ops->name);
		cr_assert_eq(sp_fact_kind_size((sp_fact_kind)k), ops->size);
		for (size_t i = 0; i < 100; i++) {
			unsigned char *r = sp_facts_push(&f, (sp_fact_kind)k);
			cr_assert_not_null(r);
			for (size_t b = 0; b < ops->size; b++)
				cr_assert_eq(r[b], 0, "%s: a new record is zeroed", ops->name);
			memset(r, 0xab, ops->size);
		}
		cr_assert_eq(sp_facts_count(&f, (sp_fact_kind)k), 100);
	}
	cr_assert_str_eq(sp_fact_kind_name(SP_FACT_DEF), "definition");
	cr_assert_str_eq(sp_fact_kind_name(SP_FACT_IMPORT), "import");
	cr_assert_eq(sp_fact_kind_size(SP_FACT_DEF), sizeof(sp_def));
	cr_assert_eq(sp_fact_kind_size(SP_FACT_IMPORT), sizeof(sp_import));
	sp_facts_release(&f);
	cr_assert_eq(sp_facts_count(&f, SP_FACT_DEF), 0);
}
