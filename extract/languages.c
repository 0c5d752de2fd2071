/* extract/languages.c: the language table, one row per language, sorted by name.
   Adding a language is a row here, a .scm file and a grammar in package.json; nothing else.
   The complexity rule of each row is documented in schema/README.md ("Counting rules"). */
#include "lang_p.h"

#include "embedded.h"

#include "banned.h"

const TSLanguage *tree_sitter_c(void);
const TSLanguage *tree_sitter_cpp(void);
const TSLanguage *tree_sitter_go(void);
const TSLanguage *tree_sitter_java(void);
const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_ruby(void);
const TSLanguage *tree_sitter_rust(void);
const TSLanguage *tree_sitter_tsx(void);
const TSLanguage *tree_sitter_typescript(void);

static const char *const no_shebang[] = {NULL};

#define QUERY(lang) .query = sp_embedded_##lang##_scm, .query_len = sizeof sp_embedded_##lang##_scm - 1

/* JavaScript, TypeScript and TSX share node names for control flow, and every rule but the
   grammar and the query. */
#define JS_FAMILY                                                                                       \
	.decision_nodes = "if_statement for_statement for_in_statement while_statement do_statement "   \
			  "switch_case catch_clause ternary_expression && || ??",                       \
	.opaque_nodes = "",                                                                             \
	.nesting_nodes = "if_statement for_statement for_in_statement while_statement do_statement "    \
			 "switch_statement try_statement",                                              \
	.cognitive = {[SP_COG_STRUCTURE] =                                                              \
			      "if_statement for_statement for_in_statement while_statement "            \
			      "do_statement switch_statement catch_clause ternary_expression",          \
		      [SP_COG_IF] = "if_statement",                                                     \
		      [SP_COG_JUMP] = "break_statement continue_statement",                             \
		      [SP_COG_LABEL] = "statement_identifier",                                          \
		      [SP_COG_LOGICAL] = "binary_expression",                                           \
		      [SP_COG_LOGICAL_OP] = "&& || ??",                                                 \
		      [SP_COG_LOGICAL_ADDS] = "&&", /* as sonarjs 4: || and ?? add nothing */           \
		      [SP_COG_FUNCTION] = "function_declaration generator_function_declaration "        \
					  "function_expression generator_function arrow_function "      \
					  "method_definition",                                          \
		      [SP_COG_PAREN] = "parenthesized_expression"},                                     \
	.halstead = {[SP_HAL_OPERATOR] = "binary_expression unary_expression update_expression "        \
					 "augmented_assignment_expression",                             \
		     [SP_HAL_UNARY] = "unary_expression",                                               \
		     [SP_HAL_ASSIGN] = "augmented_assignment_expression",                               \
		     [SP_HAL_NAME] = "identifier property_identifier private_property_identifier "      \
				     "shorthand_property_identifier this",                              \
		     [SP_HAL_MEMBER] = "member_expression",                                             \
		     [SP_HAL_NUMBER] = "number true false",                                             \
		     [SP_HAL_STRING] = "string",                                                        \
		     [SP_HAL_KEYWORD] = "null undefined"},                                              \
	.container_nodes = "", .comments = &sp_comment_syntax_c, .scope_separator = ".",                \
	.resolver = "js"

static const char *const c_ext[] = {".c", ".h", NULL};
static const char *const cpp_ext[] = {".cc",  ".cpp", ".cxx", ".c++", ".hh", ".hpp",
				      ".hxx", ".h++", ".ipp", ".tpp", NULL};
static const char *const go_ext[] = {".go", NULL};
static const char *const java_ext[] = {".java", NULL};
static const char *const js_ext[] = {".js", ".mjs", ".cjs", ".jsx", NULL};
static const char *const js_shebang[] = {"node", "nodejs", NULL};
static const char *const python_ext[] = {".py", ".pyi", ".pyw", NULL};
static const char *const python_shebang[] = {"python", NULL};
static const char *const ruby_ext[] = {".rb", ".rake", ".gemspec", ".ru", NULL};
static const char *const ruby_shebang[] = {"ruby", NULL};
static const char *const rust_ext[] = {".rs", NULL};
static const char *const tsx_ext[] = {".tsx", NULL};
static const char *const ts_ext[] = {".ts", ".mts", ".cts", NULL};

/* Logical lines (raw.c) of the C family and of JavaScript/TypeScript: statements (a block is
   none; an `export` wrapping a declaration is that declaration), declarations, definitions. */
#define C_STATEMENTS                                                                                    \
	"expression_statement return_statement break_statement continue_statement goto_statement "      \
	"if_statement for_statement while_statement do_statement switch_statement case_statement "      \
	"declaration type_definition field_declaration function_definition"
#define JS_STATEMENTS                                                                                   \
	"break_statement continue_statement debugger_statement do_statement expression_statement "      \
	"for_in_statement for_statement if_statement import_statement return_statement "                \
	"switch_statement throw_statement try_statement while_statement with_statement "                \
	"lexical_declaration variable_declaration function_declaration "                                \
	"generator_function_declaration class_declaration method_definition "                           \
	"switch_case switch_default"
#define TS_STATEMENTS                                                                                   \
	"type_alias_declaration interface_declaration enum_declaration abstract_class_declaration "     \
	"public_field_definition"

const sp_language sp_languages[] = {
	{
		.name = "c",
		.extensions = c_ext,
		.shebangs = no_shebang,
		.grammar = tree_sitter_c,
		QUERY(c),
		/* pmccabe's traditional McCabe count: if, loops, each `case` label (not `default`),
		   &&, || and ?:; like pmccabe, only the first branch of an #if/#ifdef counts */
		.decision_nodes = "if_statement for_statement while_statement do_statement "
				  "case conditional_expression && ||",
		.opaque_nodes = "preproc_else preproc_elif preproc_elifdef",
		.nesting_nodes = "if_statement for_statement while_statement do_statement "
				 "switch_statement",
		.container_nodes = "",
		.cognitive =
			{
				[SP_COG_STRUCTURE] =
					"if_statement for_statement while_statement do_statement "
					"switch_statement conditional_expression",
				[SP_COG_IF] = "if_statement",
				[SP_COG_FLAT] = "goto_statement",
				[SP_COG_LOGICAL] = "binary_expression",
				[SP_COG_LOGICAL_OP] = "&& ||",
				[SP_COG_FUNCTION] = "function_definition",
				[SP_COG_PAREN] = "parenthesized_expression",
			},
		.halstead =
			{
				[SP_HAL_OPERATOR] =
					"binary_expression unary_expression update_expression "
					"assignment_expression pointer_expression",
				[SP_HAL_UNARY] = "unary_expression pointer_expression",
				[SP_HAL_ASSIGN] = "assignment_expression",
				[SP_HAL_NAME] = "identifier field_identifier",
				[SP_HAL_MEMBER] = "field_expression",
				[SP_HAL_NUMBER] = "number_literal true false",
				[SP_HAL_STRING] = "string_literal char_literal",
				[SP_HAL_KEYWORD] = "null",
			},
		/* logical lines: statements (a block is none), declarations, function definitions */
		.raw = {[SP_RAW_STATEMENT] = C_STATEMENTS},
		.comments = &sp_comment_syntax_c,
		.scope_separator = "::",
		.resolver = "c",
		.blank_macros = true,
	},
	{
		.name = "cpp",
		.extensions = cpp_ext,
		.shebangs = no_shebang,
		.grammar = tree_sitter_cpp,
		QUERY(cpp),
		/* C's rule (pmccabe's): range-for counts, catch does not; `and`/`or` are && and ||;
		   the `&&` of an rvalue reference (`T &&x`) is not a decision, nor are the
		   compile-time expressions of a declarator (noexcept(…), -> decltype(…), requires) */
		.decision_nodes = "if_statement for_statement for_range_loop while_statement "
				  "do_statement case conditional_expression && || and or",
		.opaque_nodes = "preproc_else preproc_elif preproc_elifdef reference_declarator "
				"abstract_reference_declarator noexcept trailing_return_type "
				"requires_clause",
		.nesting_nodes = "if_statement for_statement for_range_loop while_statement "
				 "do_statement switch_statement try_statement",
		.container_nodes = "",
		.cognitive =
			{
				[SP_COG_STRUCTURE] = "if_statement for_statement for_range_loop "
						     "while_statement do_statement switch_statement "
						     "catch_clause conditional_expression",
				[SP_COG_IF] = "if_statement",
				[SP_COG_FLAT] = "goto_statement",
				[SP_COG_LOGICAL] = "binary_expression",
				[SP_COG_LOGICAL_OP] = "&& || and or",
				[SP_COG_FUNCTION] = "function_definition lambda_expression",
				[SP_COG_PAREN] = "parenthesized_expression",
			},
		.halstead =
			{
				[SP_HAL_OPERATOR] =
					"binary_expression unary_expression update_expression "
					"assignment_expression pointer_expression",
				[SP_HAL_UNARY] = "unary_expression pointer_expression",
				[SP_HAL_ASSIGN] = "assignment_expression",
				[SP_HAL_NAME] = "identifier field_identifier this",
				[SP_HAL_MEMBER] = "field_expression",
				[SP_HAL_NUMBER] = "number_literal true false",
				[SP_HAL_STRING] = "string_literal char_literal raw_string_literal",
				[SP_HAL_KEYWORD] = "null",
			},
		.self_receivers = "this",
		.plain_call_is_method = true,
		.raw = {[SP_RAW_STATEMENT] =
				C_STATEMENTS " for_range_loop try_statement throw_statement "
					     "co_return_statement co_yield_statement alias_declaration "
					     "using_declaration"},
		.comments = &sp_comment_syntax_c,
		.scope_separator = "::",
		.resolver = "c",
		.blank_macros = true,
	},
	{
		.name = "go",
		.extensions = go_ext,
		.shebangs = no_shebang,
		.grammar = tree_sitter_go,
		QUERY(go),
		/* as gocyclo: if, for, each non-default case of any switch or select, && and || */
		.decision_nodes = "if_statement for_statement expression_case type_case "
				  "communication_case && ||",
		.opaque_nodes = "",
		.nesting_nodes = "if_statement for_statement expression_switch_statement "
				 "type_switch_statement select_statement",
		.container_nodes = "",
		.cognitive =
			{
				[SP_COG_STRUCTURE] =
					"if_statement for_statement expression_switch_statement "
					"type_switch_statement select_statement",
				[SP_COG_IF] = "if_statement",
				[SP_COG_JUMP] = "break_statement continue_statement goto_statement",
				[SP_COG_LABEL] = "label_name",
				[SP_COG_LOGICAL] = "binary_expression",
				[SP_COG_LOGICAL_OP] = "&& ||",
				[SP_COG_FUNCTION] =
					"function_declaration method_declaration func_literal",
				[SP_COG_PAREN] = "parenthesized_expression",
			},
		.halstead =
			{
				[SP_HAL_OPERATOR] = "binary_expression unary_expression inc_statement "
						    "dec_statement assignment_statement",
				[SP_HAL_UNARY] = "unary_expression",
				[SP_HAL_ASSIGN] = "assignment_statement",
				[SP_HAL_NAME] = "identifier field_identifier",
				[SP_HAL_MEMBER] = "selector_expression",
				[SP_HAL_NUMBER] = "int_literal float_literal true false",
				[SP_HAL_STRING] =
					"interpreted_string_literal raw_string_literal rune_literal",
				[SP_HAL_KEYWORD] = "nil iota",
			},
		.raw = {[SP_RAW_STATEMENT] =
				"assignment_statement dec_statement expression_statement inc_statement "
				"send_statement short_var_declaration break_statement const_declaration "
				"continue_statement defer_statement fallthrough_statement for_statement "
				"go_statement goto_statement if_statement return_statement "
				"select_statement "
				"type_declaration type_switch_statement expression_switch_statement "
				"var_declaration function_declaration method_declaration "
				"import_declaration "
				"package_clause expression_case type_case communication_case "
				"default_case "
				"field_declaration"},
		.comments = &sp_comment_syntax_c,
		.scope_separator = ".",
		.resolver = "go",
	},
	{
		.name = "java",
		.extensions = java_ext,
		.shebangs = no_shebang,
		.grammar = tree_sitter_java,
		QUERY(java),
		/* each `case` token is one non-default switch label (`case A, B ->` is one) */
		.decision_nodes = "if_statement for_statement enhanced_for_statement while_statement "
				  "do_statement case catch_clause ternary_expression && ||",
		.opaque_nodes = "",
		.nesting_nodes = "if_statement for_statement enhanced_for_statement while_statement "
				 "do_statement switch_expression try_statement "
				 "try_with_resources_statement",
		.container_nodes = "",
		.cognitive =
			{
				[SP_COG_STRUCTURE] = "if_statement for_statement enhanced_for_statement "
						     "while_statement do_statement switch_expression "
						     "catch_clause ternary_expression",
				[SP_COG_IF] = "if_statement",
				[SP_COG_JUMP] = "break_statement continue_statement",
				[SP_COG_LABEL] = "identifier",
				[SP_COG_LOGICAL] = "binary_expression",
				[SP_COG_LOGICAL_OP] = "&& ||",
				[SP_COG_FUNCTION] = "method_declaration constructor_declaration "
						    "compact_constructor_declaration lambda_expression",
				[SP_COG_PAREN] = "parenthesized_expression",
			},
		.halstead =
			{
				[SP_HAL_OPERATOR] = "binary_expression unary_expression "
						    "update_expression assignment_expression",
				[SP_HAL_UNARY] = "unary_expression",
				[SP_HAL_ASSIGN] = "assignment_expression",
				[SP_HAL_NAME] = "identifier this",
				[SP_HAL_MEMBER] = "field_access",
				[SP_HAL_NUMBER] = "decimal_integer_literal hex_integer_literal "
						  "octal_integer_literal binary_integer_literal "
						  "decimal_floating_point_literal true false",
				[SP_HAL_STRING] = "string_literal character_literal",
				[SP_HAL_KEYWORD] = "null_literal",
			},
		.self_receivers = "this",
		.plain_call_is_method = true,
		.raw = {[SP_RAW_STATEMENT] =
				"assert_statement break_statement continue_statement do_statement "
				"enhanced_for_statement expression_statement for_statement if_statement "
				"local_variable_declaration return_statement synchronized_statement "
				"throw_statement try_statement try_with_resources_statement "
				"while_statement "
				"yield_statement switch_expression method_declaration "
				"constructor_declaration "
				"field_declaration class_declaration interface_declaration "
				"enum_declaration "
				"record_declaration import_declaration package_declaration "
				"switch_label"},
		.comments = &sp_comment_syntax_c,
		.scope_separator = ".",
		.resolver = "java",
	},
	{
		.name = "javascript",
		.extensions = js_ext,
		.shebangs = js_shebang,
		.grammar = tree_sitter_javascript,
		QUERY(javascript),
		JS_FAMILY,
		.self_receivers = "this",
		.raw = {[SP_RAW_STATEMENT] = JS_STATEMENTS " field_definition"},
	},
	{
		.name = "python",
		.extensions = python_ext,
		.shebangs = python_shebang,
		.grammar = tree_sitter_python,
		QUERY(python),
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
		.outward_decisions = true,
		.cognitive =
			{
				[SP_COG_STRUCTURE] =
					"if_statement for_statement while_statement except_clause "
					"except_group_clause conditional_expression match_statement",
				[SP_COG_IF] = "if_statement",
				[SP_COG_ELIF] = "elif_clause",
				[SP_COG_LOGICAL] = "boolean_operator",
				[SP_COG_LOGICAL_OP] = "and or",
				[SP_COG_FUNCTION] = "function_definition lambda",
				[SP_COG_PAREN] = "parenthesized_expression",
			},
		.halstead =
			{
				[SP_HAL_OPERATOR] =
					"binary_operator unary_operator not_operator boolean_operator "
					"comparison_operator augmented_assignment",
				[SP_HAL_UNARY] = "unary_operator not_operator",
				[SP_HAL_ASSIGN] = "augmented_assignment",
				[SP_HAL_FLATTEN] = "boolean_operator",
				[SP_HAL_NAME] = "identifier",
				[SP_HAL_MEMBER] = "attribute",
				[SP_HAL_NUMBER] = "integer float true false",
				[SP_HAL_STRING] = "string concatenated_string",
				[SP_HAL_KEYWORD] = "none ellipsis",
			},
		/* radon's raw.py and total_complexity (raw.c): if/elif, conditional expressions, loops
		   (+1 with an else), each except handler (+1 for try's else), each boolean operator,
		   each for and if of a comprehension, assert; not with, lambda, match or except* */
		.self_receivers = "self cls",
		.raw = {[SP_RAW_DECISION] =
				"if_statement elif_clause conditional_expression for_statement "
				"while_statement except_clause boolean_operator for_in_clause "
				"assert_statement",
			[SP_RAW_DECISION_CHILD] = "else_clause if_clause",
			[SP_RAW_DECISION_PARENT] = "for_statement while_statement try_statement "
						   "list_comprehension set_comprehension "
						   "dictionary_comprehension generator_expression",
			/* radon visits no further than assert, nor a def's header: decorators,
			   parameters and their defaults, a class's bases */
			[SP_RAW_OPAQUE] = "assert_statement decorator parameters",
			[SP_RAW_OPAQUE_CHILD] = "argument_list",
			[SP_RAW_OPAQUE_PARENT] = "class_definition",
			[SP_RAW_OPEN] = "( [ {",
			[SP_RAW_CLOSE] = ") ] }",
			[SP_RAW_COLON] = ":",
			[SP_RAW_SEMI] = ";",
			[SP_RAW_TOKEN] = "string",
			[SP_RAW_COMMENT] = "comment"},
		.radon_lines = true,
		.comments = &sp_comment_syntax_python,
		.relative_prefix = '.',
		.scope_separator = ".",
		.resolver = "python",
	},
	{
		.name = "ruby",
		.extensions = ruby_ext,
		.shebangs = ruby_shebang,
		.grammar = tree_sitter_ruby,
		QUERY(ruby),
		/* the names are node types (each `if` node once, not again for its `if` keyword) */
		.decision_nodes = "if elsif unless while until for when in_clause rescue conditional "
				  "if_modifier unless_modifier while_modifier until_modifier "
				  "rescue_modifier && || and or",
		.opaque_nodes = "",
		.nesting_nodes = "if unless while until for case case_match begin",
		.container_nodes = "",
		.cognitive =
			{
				[SP_COG_STRUCTURE] = "if unless while until for case case_match rescue "
						     "conditional if_modifier unless_modifier "
						     "while_modifier until_modifier rescue_modifier",
				[SP_COG_IF] = "if unless",
				[SP_COG_ELIF] = "elsif",
				[SP_COG_LOGICAL] = "binary",
				[SP_COG_LOGICAL_OP] = "&& || and or",
				[SP_COG_FUNCTION] = "method singleton_method lambda block do_block",
				[SP_COG_PAREN] = "parenthesized_statements",
			},
		.halstead =
			{
				[SP_HAL_OPERATOR] = "binary unary operator_assignment",
				[SP_HAL_UNARY] = "unary",
				[SP_HAL_ASSIGN] = "operator_assignment",
				[SP_HAL_NAME] = "identifier constant instance_variable",
				[SP_HAL_NUMBER] = "integer float true false",
				[SP_HAL_STRING] = "string",
				[SP_HAL_KEYWORD] = "nil",
			},
		/* Ruby has no statement nodes (a statement is any expression): the definitions, control
		   structures, jumps, assignments and modifiers count; a bare call does not */
		.self_receivers = "self",
		.plain_call_is_method = true,
		.raw = {[SP_RAW_STATEMENT] =
				"assignment operator_assignment method singleton_method class "
				"singleton_class module if unless while until for case when return "
				"break "
				"next redo retry begin if_modifier unless_modifier while_modifier "
				"until_modifier rescue_modifier alias undef elsif"},
		.comments = &sp_comment_syntax_ruby,
		.scope_separator = "::",
		.resolver = "ruby",
	},
	{
		.name = "rust",
		.extensions = rust_ext,
		.shebangs = no_shebang,
		.grammar = tree_sitter_rust,
		QUERY(rust),
		/* `loop` has no condition: its exits are the `if`s around its `break`s. A match arm
		   counts by its pattern; the query makes a lone `_` pattern opaque (the default). */
		.decision_nodes = "if_expression while_expression for_expression match_pattern && ||",
		.opaque_nodes = "",
		.nesting_nodes = "if_expression while_expression for_expression loop_expression "
				 "match_expression",
		.container_nodes = "",
		.cognitive =
			{
				[SP_COG_STRUCTURE] = "if_expression while_expression loop_expression "
						     "for_expression match_expression",
				[SP_COG_IF] = "if_expression",
				[SP_COG_JUMP] = "break_expression continue_expression",
				[SP_COG_LABEL] = "label",
				[SP_COG_LOGICAL] = "binary_expression",
				[SP_COG_LOGICAL_OP] = "&& ||",
				[SP_COG_FUNCTION] = "function_item closure_expression",
				[SP_COG_PAREN] = "parenthesized_expression",
			},
		.halstead =
			{
				[SP_HAL_OPERATOR] =
					"binary_expression unary_expression compound_assignment_expr",
				[SP_HAL_UNARY] = "unary_expression",
				[SP_HAL_ASSIGN] = "compound_assignment_expr",
				[SP_HAL_NAME] = "identifier field_identifier self",
				[SP_HAL_MEMBER] = "field_expression",
				[SP_HAL_NUMBER] = "integer_literal float_literal boolean_literal",
				[SP_HAL_STRING] = "string_literal char_literal raw_string_literal",
			},
		/* a block's tail expression (no `;`) and a macro outside a statement count nothing */
		.self_receivers = "self Self",
		.raw = {[SP_RAW_STATEMENT] =
				"expression_statement let_declaration function_item const_item "
				"static_item "
				"struct_item enum_item impl_item trait_item type_item use_declaration "
				"mod_item "
				"macro_definition match_arm function_signature_item field_declaration"},
		.comments = &sp_comment_syntax_c,
		.scope_separator = "::",
		.resolver = "rust",
	},
	{
		.name = "tsx",
		.extensions = tsx_ext,
		.shebangs = no_shebang,
		.grammar = tree_sitter_tsx,
		QUERY(typescript), /* the TSX grammar has TypeScript's node types, and JSX's */
		JS_FAMILY,
		.self_receivers = "this",
		.raw = {[SP_RAW_STATEMENT] = JS_STATEMENTS " " TS_STATEMENTS},
	},
	{
		.name = "typescript",
		.extensions = ts_ext,
		.shebangs = no_shebang,
		.grammar = tree_sitter_typescript,
		QUERY(typescript),
		JS_FAMILY,
		.self_receivers = "this",
		.raw = {[SP_RAW_STATEMENT] = JS_STATEMENTS " " TS_STATEMENTS},
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

const char *sp_language_scope_separator(const sp_language *l)
{
	return l->scope_separator;
}

const char *sp_language_resolver(const sp_language *l)
{
	return l->resolver;
}

void sp_language_names(sp_buf *out)
{
	for (size_t i = 0; i < sp_languages_count; i++)
		sp_buf_printf(out, "%s%s", i ? ", " : "", sp_languages[i].name);
}
