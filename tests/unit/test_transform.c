/* tests/unit/test_transform.c: facts -> rows (qualified names, kinds, attrs JSON, NLOC, metrics,
   normalised imports) and Python import resolution against a snapshot's paths. */
#include <criterion/criterion.h>
#include <string.h>

#include "sp_transform.h"

static sp_extractor *ex;
static sp_parser *parser;
static sp_transformer *tr;
static sp_facts facts;
static sp_batch batch;

static void setup(void)
{
	cr_assert_eq(sp_extractor_new(&ex, 0), 0);
	cr_assert_eq(sp_parser_new(ex, &parser), 0);
	cr_assert_eq(sp_transformer_new(&tr), 0);
	sp_facts_init(&facts);
	sp_batch_init(&batch);
}

static void teardown(void)
{
	sp_batch_release(&batch);
	sp_facts_release(&facts);
	sp_transformer_free(tr);
	sp_parser_free(parser);
	sp_extractor_free(ex);
}

TestSuite(rows, .init = setup, .fini = teardown);
TestSuite(resolve, .init = setup, .fini = teardown);

static sp_import_row *imports;
static size_t nimports;

static void transform(const char *src)
{
	const sp_language *py = sp_extractor_by_name(ex, "python");
	cr_assert_eq(sp_parser_run(parser, py, src, strlen(src), &facts), 0);
	sp_blob_key key = {1, 10, "00112233445566778899aabbccddeeff", "python", (int64_t)strlen(src),
			   NULL};
	cr_assert_eq(sp_transform_blob(tr, &batch, &key, py, &facts, &imports, &nimports), 0);
	cr_assert_eq(batch.err, 0);
}

/* Column index by name, so the tests do not hard-code positions. */
static size_t col(sp_table_id t, const char *name)
{
	for (size_t c = 0; c < sp_tables[t].ncols; c++)
		if (!strcmp(sp_tables[t].cols[c].name, name))
			return c;
	cr_assert_fail("no column %s", name);
	return 0;
}

static const char *text(sp_table_id t, size_t row, const char *name)
{
	const sp_value *v = &sp_batch_row(&batch, t, row)[col(t, name)];
	return v->null ? NULL : v->s;
}

static int64_t num(sp_table_id t, size_t row, const char *name)
{
	return sp_batch_row(&batch, t, row)[col(t, name)].i;
}

Test(rows, qualified_names_kinds_and_classes)
{
	transform("class Outer:\n"
		  "    class Inner:\n"
		  "        def m(self):\n"
		  "            def local():\n"
		  "                pass\n"
		  "def top():\n"
		  "    pass\n");
	cr_assert_eq(batch.rows[SP_TBL_FUNCTIONS], 3);
	cr_assert_eq(batch.rows[SP_TBL_CLASSES], 2);
	cr_assert_str_eq(text(SP_TBL_CLASSES, 1, "qualified_name"), "Outer.Inner");
	cr_assert_str_eq(text(SP_TBL_FUNCTIONS, 0, "qualified_name"), "Outer.Inner.m");
	cr_assert_str_eq(text(SP_TBL_FUNCTIONS, 0, "kind"), "method");
	cr_assert_str_eq(text(SP_TBL_FUNCTIONS, 0, "class_name"), "Outer.Inner");
	cr_assert_str_eq(text(SP_TBL_FUNCTIONS, 1, "qualified_name"), "Outer.Inner.m.local");
	cr_assert_str_eq(text(SP_TBL_FUNCTIONS, 1, "kind"), "function");
	cr_assert_str_eq(text(SP_TBL_FUNCTIONS, 2, "qualified_name"), "top");
	cr_assert_null(text(SP_TBL_FUNCTIONS, 2, "class_name"));
	cr_assert_eq(num(SP_TBL_FUNCTIONS, 2, "function_id"), 3);
	cr_assert_eq(batch.rows[SP_TBL_FUNCTION_METRICS], 3);
	cr_assert_eq(batch.rows[SP_TBL_BLOBS], 1);
	cr_assert_eq(batch.rows[SP_TBL_FILE_METRICS], 1);
	cr_assert_eq(num(SP_TBL_FILE_METRICS, 0, "function_count"), 3);
	cr_assert_eq(num(SP_TBL_FILE_METRICS, 0, "class_count"), 2);
}

Test(rows, attrs_json_and_parameters)
{
	transform("@app.route(\"/x\",\n    methods=[\"GET\"])\n"
		  "async def view(req, *args, **kw):\n"
		  "    r'''  First \"line\".\n\n    rest'''\n"
		  "    return 1\n"
		  "def nodoc(): f\"not {a} doc\"\n");
	cr_assert_str_eq(text(SP_TBL_FUNCTIONS, 0, "parameters"), "req, args, kw");
	cr_assert_eq(num(SP_TBL_FUNCTIONS, 0, "param_count"), 3);
	cr_assert_str_eq(
		text(SP_TBL_FUNCTIONS, 0, "attrs"),
		"{\"async\": true, \"decorators\": [\"app.route(\\\"/x\\\", methods=[\\\"GET\\\"])\"], "
		"\"docstring\": \"First \\\"line\\\".\"}");
	cr_assert_str_eq(text(SP_TBL_FUNCTIONS, 1, "attrs"),
			 "{\"async\": false, \"decorators\": [], \"docstring\": null}");
	cr_assert_eq(num(SP_TBL_FUNCTIONS, 0, "def_line"), 3);
	cr_assert_eq(num(SP_TBL_FUNCTIONS, 0, "start_line"), 1);
}

Test(rows, nloc_counts_code_lines_of_the_definition)
{
	transform("def f():\n"
		  "    \"\"\"Doc.\"\"\"\n"
		  "    # comment\n"
		  "\n"
		  "    x = 1\n"
		  "    return x\n");
	cr_assert_eq(num(SP_TBL_FUNCTION_METRICS, 0, "nloc"), 3);
	cr_assert_eq(num(SP_TBL_BLOBS, 0, "code_lines"), 3);
	cr_assert_eq(num(SP_TBL_BLOBS, 0, "comment_lines"), 2);
	cr_assert_eq(num(SP_TBL_BLOBS, 0, "blank_lines"), 1);
}

Test(rows, imports_are_normalised)
{
	transform("import os.path as p\nfrom ..a.b import c\nfrom . import d\n");
	cr_assert_eq(nimports, 3);
	cr_assert_str_eq(imports[0].module, "os.path");
	cr_assert_null(imports[0].name);
	cr_assert_eq(imports[0].level, 0);
	cr_assert_str_eq(imports[1].module, "a.b");
	cr_assert_str_eq(imports[1].name, "c");
	cr_assert_eq(imports[1].level, 2);
	cr_assert_str_eq(imports[2].module, "");
	cr_assert_eq(imports[2].level, 1);
	cr_assert_str_eq(text(SP_TBL_IMPORTS, 0, "alias"), "p");
	cr_assert_null(text(SP_TBL_IMPORTS, 1, "alias"));
}

/* ---- resolution ---- */

static const char *const paths[] = {
	"app/__init__.py",     "app/core.py",      "app/sub/__init__.py",
	"app/sub/leaf.py",     "scripts/run.py",   "scripts/util.py",
	"src/lib/__init__.py", "src/lib/thing.py", "top.py",
};

static void resolve_one(const char *path, sp_import_row im, const char *kind, const char *target,
			const char *module)
{
	sp_resolver *r;
	cr_assert_eq(sp_resolver_new(paths, sizeof paths / sizeof paths[0], &r), 0);
	sp_batch_clear(&batch);
	cr_assert_eq(sp_transform_dependencies(tr, &batch, r, 1, 2, path, 10, &im, 1), 0);
	cr_assert_eq(batch.rows[SP_TBL_DEPENDENCIES], 1);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "kind"), kind, "%s from %s", im.module, path);
	if (target)
		cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "target_path"), target);
	else
		cr_assert_null(text(SP_TBL_DEPENDENCIES, 0, "target_path"));
	if (module)
		cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "target_module"), module);
	sp_resolver_free(r);
}

Test(resolve, absolute_modules_and_packages)
{
	resolve_one("top.py", (sp_import_row){1, "app.core", NULL, 0}, "internal", "app/core.py",
		    "app.core");
	resolve_one("top.py", (sp_import_row){1, "app", "sub", 0}, "internal", "app/sub/__init__.py",
		    "app.sub");
	resolve_one("top.py", (sp_import_row){1, "app.core", "func", 0}, "internal", "app/core.py",
		    "app.core");
	resolve_one("top.py", (sp_import_row){1, "app.core.deep", NULL, 0}, "internal", "app/core.py",
		    NULL);
	/* a submodule the package lacks is unresolved, not the package itself */
	resolve_one("top.py", (sp_import_row){1, "app.missing", "thing", 0}, "unresolved", NULL,
		    "app.missing");
	resolve_one("top.py", (sp_import_row){1, "app.missing", NULL, 0}, "unresolved", NULL, NULL);
	/* src/lib is a package whose parent src/ is not: its module name is "lib" */
	resolve_one("top.py", (sp_import_row){1, "lib.thing", NULL, 0}, "internal", "src/lib/thing.py",
		    NULL);
	/* a script's directory is its own root */
	resolve_one("scripts/run.py", (sp_import_row){1, "util", NULL, 0}, "internal", "scripts/util.py",
		    NULL);
}

Test(resolve, relative_imports)
{
	resolve_one("app/sub/leaf.py", (sp_import_row){1, "", "leaf", 1}, "internal", "app/sub/leaf.py",
		    ".leaf");
	resolve_one("app/sub/leaf.py", (sp_import_row){1, "core", "x", 2}, "internal", "app/core.py",
		    "..core");
	resolve_one("app/sub/leaf.py", (sp_import_row){1, "", "nothing", 2}, "internal",
		    "app/__init__.py", "..");
	resolve_one("app/core.py", (sp_import_row){1, "missing", NULL, 1}, "unresolved", NULL,
		    ".missing");
	resolve_one("top.py", (sp_import_row){1, "x", NULL, 3}, "unresolved", NULL, "...x");
}

Test(resolve, stdlib_and_external)
{
	resolve_one("top.py", (sp_import_row){1, "os.path", NULL, 0}, "stdlib", NULL, "os.path");
	resolve_one("top.py", (sp_import_row){1, "__future__", "annotations", 0}, "stdlib", NULL, NULL);
	resolve_one("top.py", (sp_import_row){1, "requests.adapters", NULL, 0}, "external", NULL, NULL);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "package"), "requests");
}
