/* extract/lang_p.h: the language table row. A language is data: a grammar, an embedded query,
   node-type lists for the metrics and a comment syntax for line counting; no per-language code. */
#ifndef SP_LANG_P_H
#define SP_LANG_P_H

#include <tree_sitter/api.h>

#include "lines_p.h"
#include "sp_extract.h"

/* Node-type classes of the cognitive complexity rule (SonarSource's; extract/cognitive.c, written
   down in schema/README.md "cognitive"), space-separated like the lists below. */
enum {
	SP_COG_STRUCTURE, /* +1 plus the nesting level; its children nest one level deeper */
	SP_COG_IF, /* the structures that are an `if`: what an else-if or an else hangs off */
	SP_COG_ELIF, /* +1 flat (elif, elsif); nests its children like a structure */
	SP_COG_FLAT, /* +1 flat, always (goto) */
	SP_COG_JUMP, /* +1 flat when it holds a named child of an SP_COG_LABEL type (break label) */
	SP_COG_LABEL,
	SP_COG_LOGICAL, /* binary nodes; a sequence of them adds 1 per change of operator */
	SP_COG_LOGICAL_OP, /* the operator tokens that make a binary node logical */
	SP_COG_LOGICAL_ADDS, /* those that add 1 where a run of them starts; empty: all of them */
	SP_COG_FUNCTION, /* nested functions and lambdas: their contents nest one level deeper */
	SP_COG_PAREN, /* parentheses, transparent to a logical sequence */
	SP_COG_SETS
};

/* Halstead's token classes (extract/halstead.c, schema/README.md "Halstead"). */
enum {
	SP_HAL_OPERATOR, /* operator nodes: their tokens are operators, their children operands */
	SP_HAL_UNARY, /* those that are unary (`-x` is not the `-` of `a - b`) */
	SP_HAL_ASSIGN, /* compound assignments: `+=` is the operator `+`, a plain `=` none */
	SP_HAL_FLATTEN, /* chains of one operator that are one operator (Python's `a and b and c`) */
	SP_HAL_NAME, /* operands told apart by their text */
	SP_HAL_MEMBER, /* operands told apart by their last child's text (`a.b` as `b`) */
	SP_HAL_NUMBER, /* by their numeric value (`0x10` is `16`, `1.0` is `1`, `True` is `1`) */
	SP_HAL_STRING, /* by their content (quotes and prefix stripped; f-strings never equal) */
	SP_HAL_KEYWORD, /* by their text (None, null, nil); any other operand is distinct */
	SP_HAL_SETS
};

/* Node-type classes of the maintainability index's inputs (extract/raw.c, schema/README.md
   "Maintainability index"). */
enum {
	SP_RAW_STATEMENT, /* logical lines: one per node of these types */
	SP_RAW_DECISION, /* the MI's complexity term; empty: the cyclomatic complexity is it */
	SP_RAW_DECISION_CHILD, /* decisions only below a node of SP_RAW_DECISION_PARENT */
	SP_RAW_DECISION_PARENT,
	SP_RAW_OPAQUE, /* decisions inside these nodes do not count (radon's assert) */
	SP_RAW_OPAQUE_CHILD, /* nor inside these below a node of SP_RAW_OPAQUE_PARENT */
	SP_RAW_OPAQUE_PARENT,
	/* radon_lines: the tokens a logical line's end reads */
	SP_RAW_OPEN, /* brackets: a line does not end inside them */
	SP_RAW_CLOSE,
	SP_RAW_COLON, /* a line with a colon before its last token counts twice */
	SP_RAW_SEMI, /* separates logical lines */
	SP_RAW_TOKEN, /* nodes that are one token (a string) */
	SP_RAW_COMMENT,
	SP_RAW_SETS
};

struct sp_language {
	const char *name;
	const char *const *extensions; /* with the dot, NULL-terminated */
	const char *const *shebangs; /* interpreter names matched in a "#!" line, NULL-terminated */
	const TSLanguage *(*grammar)(void);
	const char *query; /* extract/lang/<name>.scm, embedded at build time */
	size_t query_len;
	/* Space-separated node types. A decision adds 1 to the complexity of every function that
	   encloses it; inside an opaque node decisions count only for functions defined inside it;
	   a nesting node opens one level of nesting; function nodes are where complexity is kept. */
	const char *decision_nodes;
	const char *opaque_nodes;
	const char *nesting_nodes;
	/* Nodes whose children the metrics walk enters; any other node is visited but not entered.
	   In Python only these can hold statements, so expressions (most of a tree) are skipped.
	   Empty: every node is entered (languages whose expressions hold functions and decisions).
	   Decision entries may name anonymous tokens too ("&&", "?"). */
	const char *container_nodes;
	/* true: a decision counts for every enclosing function up to an opaque node (mccabe's rule
	   for Python closures); false: for the innermost function only. */
	bool outward_decisions;
	const char *cognitive[SP_COG_SETS];
	const char *halstead[SP_HAL_SETS];
	/* Direct recursion (cognitive.c): the receivers a method calls itself through ("self this"),
	   and whether a call without receiver inside a method calls the method (Java, C++, Ruby) */
	const char *self_receivers;
	bool plain_call_is_method;
	const char *raw[SP_RAW_SETS];
	/* true: logical lines and comment lines are radon's (raw.py: per tokenized line, a colon
	   before the line's last token adds one; docstring lines are comments), and the file's MI
	   complexity is radon's total (nested functions and classes apart); false: one logical line
	   per SP_RAW_STATEMENT node, comment and code lines as line counting classifies them */
	bool radon_lines;
	const sp_comment_syntax *comments;
	char relative_prefix; /* leading character of relative imports ('.' in Python) */
	/* joins a qualified name ("." or "::"); a name written qualified (C++ `A::f`) is split at its
	   last separator, the part before it joining the scope */
	const char *scope_separator;
	const char *resolver; /* dependency rule in transform/resolve.c (sp_resolvers), by name */
	bool blank_macros; /* C/C++: parse a copy with annotation macros blanked (macros_p.h) */
};

extern const sp_language sp_languages[];
extern const size_t sp_languages_count;

#endif
