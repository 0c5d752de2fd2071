/* extract/lang_p.h: the language table row. A language is data: a grammar, an embedded query,
   node-type lists for the metrics and a comment syntax for line counting; no per-language code. */
#ifndef SP_LANG_P_H
#define SP_LANG_P_H

#include <tree_sitter/api.h>

#include "lines_p.h"
#include "sp_extract.h"

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
