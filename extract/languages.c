/* extract/languages.c: the language table, one row per language, sorted by name.
   Adding a language is a row here, a .scm file and a grammar in package.json; nothing else. */
#include "lang_p.h"

#include "embedded.h"

#include "banned.h"

const TSLanguage *tree_sitter_python(void);

static const char *const python_ext[] = {".py", ".pyi", ".pyw", NULL};
static const char *const python_shebang[] = {"python", NULL};

const sp_language sp_languages[] = {
	{
		.name = "python",
		.extensions = python_ext,
		.shebangs = python_shebang,
		.grammar = tree_sitter_python,
		.query = sp_embedded_python_scm,
		.query_len = sizeof sp_embedded_python_scm - 1,
		/* mccabe 0.7: if/elif, loops, try (+1) and each except handler (+1), and each nested
		   def (a closure adds a path). Boolean operators, comprehensions, lambdas, with and
		   conditional expressions add nothing. mccabe never visits `finally` bodies nor the
		   inside of `match`, so decisions there do not count for the enclosing function. */
		.decision_nodes = "if_statement elif_clause for_statement while_statement try_statement "
				  "except_clause except_group_clause function_definition",
		.opaque_nodes = "finally_clause match_statement",
		.nesting_nodes = "if_statement for_statement while_statement try_statement "
				 "with_statement match_statement",
		.container_nodes = "module block if_statement elif_clause else_clause for_statement "
				   "while_statement try_statement except_clause except_group_clause "
				   "finally_clause with_statement match_statement case_clause "
				   "function_definition class_definition decorated_definition",
		.comments = &sp_comment_syntax_python,
		.relative_prefix = '.',
	},
};

const size_t sp_languages_count = sizeof sp_languages / sizeof sp_languages[0];

const char *sp_language_name(const sp_language *l)
{
	return l->name;
}

char sp_language_relative_prefix(const sp_language *l)
{
	return l->relative_prefix;
}
