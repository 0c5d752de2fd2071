/* tests/unit/test_transform.c: facts -> rows (qualified names, kinds, attrs JSON, NLOC, metrics,
   normalised imports) and Python import resolution against a snapshot's paths; the other
   languages' resolution is tests/unit/test_resolve.c. */
#include <criterion/criterion.h>
#include <string.h>

#include "transform_fixture.h"

TestSuite(rows, .init = sp_test_transform_setup, .fini = sp_test_transform_teardown);
TestSuite(resolve, .init = sp_test_transform_setup, .fini = sp_test_transform_teardown);

static sp_import_row *imports;
static size_t nimports;

static void transform(const char *src)
{
	const sp_language *py = sp_extractor_by_name(ex, "python");
	cr_assert_eq(sp_parser_run(parser, py, src, strlen(src), &facts), 0);
	sp_blob_key key = {1,   10, "00112233445566778899aabbccddeeff", "python", (int64_t)strlen(src),
			   NULL};
	cr_assert_eq(sp_transform_blob(tr, &batch, &key, py, &facts, &imports, &nimports), 0);
	cr_assert_eq(batch.err, 0);
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

static const snapshot_files python_files = {paths, sizeof paths / sizeof paths[0], NULL, NULL};

static void resolve_one(const char *path, sp_import_row im, const char *kind, const char *target,
			const char *module)
{
	resolve_in(&python_files, "python", path, im, kind, target, module);
}

Test(resolve, absolute_modules_and_packages)
{
	resolve_one("top.py", (sp_import_row){1, "app.core", NULL, 0, "import"}, "internal",
		    "app/core.py", "app.core");
	resolve_one("top.py", (sp_import_row){1, "app", "sub", 0, "import"}, "internal",
		    "app/sub/__init__.py", "app.sub");
	resolve_one("top.py", (sp_import_row){1, "app.core", "func", 0, "import"}, "internal",
		    "app/core.py", "app.core");
	resolve_one("top.py", (sp_import_row){1, "app.core.deep", NULL, 0, "import"}, "internal",
		    "app/core.py", NULL);
	/* a submodule the package lacks is unresolved, not the package itself */
	resolve_one("top.py", (sp_import_row){1, "app.missing", "thing", 0, "import"}, "unresolved",
		    NULL, "app.missing");
	resolve_one("top.py", (sp_import_row){1, "app.missing", NULL, 0, "import"}, "unresolved", NULL,
		    NULL);
	/* src/lib is a package whose parent src/ is not: its module name is "lib" */
	resolve_one("top.py", (sp_import_row){1, "lib.thing", NULL, 0, "import"}, "internal",
		    "src/lib/thing.py", NULL);
	/* a script's directory is its own root */
	resolve_one("scripts/run.py", (sp_import_row){1, "util", NULL, 0, "import"}, "internal",
		    "scripts/util.py", NULL);
}

Test(resolve, relative_imports)
{
	resolve_one("app/sub/leaf.py", (sp_import_row){1, "", "leaf", 1, "import"}, "internal",
		    "app/sub/leaf.py", ".leaf");
	resolve_one("app/sub/leaf.py", (sp_import_row){1, "core", "x", 2, "import"}, "internal",
		    "app/core.py", "..core");
	resolve_one("app/sub/leaf.py", (sp_import_row){1, "", "nothing", 2, "import"}, "internal",
		    "app/__init__.py", "..");
	resolve_one("app/core.py", (sp_import_row){1, "missing", NULL, 1, "import"}, "unresolved", NULL,
		    ".missing");
	resolve_one("top.py", (sp_import_row){1, "x", NULL, 3, "import"}, "unresolved", NULL, "...x");
}

Test(resolve, stdlib_and_external)
{
	resolve_one("top.py", (sp_import_row){1, "os.path", NULL, 0, "import"}, "stdlib", NULL,
		    "os.path");
	resolve_one("top.py", (sp_import_row){1, "__future__", "annotations", 0, "import"}, "stdlib",
		    NULL, NULL);
	resolve_one("top.py", (sp_import_row){1, "requests.adapters", NULL, 0, "import"}, "external",
		    NULL, NULL);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "package"), "requests");
}
