/* extract/query_p.h: what the query runner's files share: a language's compiled query
   (compile.c), the capture vocabulary and record builders per fact kind (facts.c), the metrics
   walk (metrics.c) and the per-thread parser that drives them (query.c). */
#ifndef SP_QUERY_P_H
#define SP_QUERY_P_H

#include <pthread.h>
#include <regex.h>
#include <stdatomic.h>

#include "lang_p.h"
#include "macros_p.h"

/* What a capture means: which fact kind's record it anchors or fills, and how. Resolved once per
   query from the vocabulary (facts.c), so matching never compares strings. */
enum {
	SP_ROLE_NONE, /* a helper capture (@_x), for predicates only */
	SP_ROLE_ANCHOR, /* makes (or finds) the record of its kind: @definition.<kind>, @import */
	SP_ROLE_OPAQUE, /* @metric.opaque: a node the complexity rule treats as one plain statement */
	SP_ROLE_FIELD, /* first role a kind's field builder interprets */
};

typedef struct sp_capture {
	int8_t kind; /* sp_fact_kind, -1 when the capture belongs to no kind */
	uint8_t role; /* SP_ROLE_*, or a kind's own field role (>= SP_ROLE_FIELD) */
	uint8_t variant; /* per kind: sp_def_kind of a definition anchor */
	const char *subkind; /* the <kind> of @definition.<kind> / @import.<kind>, as written */
} sp_capture;

/* The vocabulary entry of a capture name; false when the name is not in it. */
bool sp_capture_lookup(const char *name, size_t len, sp_capture *out);

/* A set of grammar symbols as a bitmap. */
typedef struct symset {
	uint8_t *bits;
	uint32_t n;
} symset;

static inline bool symset_has(const symset *s, TSSymbol sym)
{
	return sym < s->n && (s->bits[sym >> 3] >> (sym & 7)) & 1;
}

/* A predicate of a pattern: on a capture's text, (#eq? @c "s"), (#not-eq? @c "s"), (#any-of? @c
   "a" "b"...), (#match? @c "regex") (a POSIX extended regular expression); on the type of its
   parent, (#parent-any-of? @c "type"...). */
typedef struct predicate {
	uint32_t pattern, capture;
	bool negate;
	bool parent; /* #parent-any-of?: the strings name the type of the capture's parent */
	uint32_t first, count; /* strings: string ids of the query, in pred_strings */
	regex_t *re; /* #match?: the compiled expression, else NULL */
} predicate;

typedef struct compiled {
	const sp_language *lang;
	const TSLanguage *ts;
	pthread_mutex_t lock; /* held while this language compiles (others compile beside it) */
	/* 0 not compiled, 1 compiled (everything below is read-only from then on), < 0 failed with
	   that code; set with release order once compiling is over, read with acquire order */
	atomic_int state;
	TSQuery *query;
	sp_capture *caps; /* by capture id */
	symset decision, opaque, nesting, container;
	bool descend_all; /* no container list: the metrics walk enters every node */
	symset cog[SP_COG_SETS]; /* the cognitive rule's node classes (lang_p.h) */
	bool cog_adds_all; /* no SP_COG_LOGICAL_ADDS list: every logical operator adds */
	symset hal[SP_HAL_SETS]; /* Halstead's token classes (lang_p.h) */
	/* Where the query's patterns can start (compile.c, from the .scm's pattern heads): the
	   node types in starts, ERROR nodes when start_error, any node when start_any. The query
	   then runs once per such node, no deeper than its patterns reach (query.c), instead of
	   walking the whole tree; whole_tree when some pattern rules that out (not rooted, or a
	   field on its root), and the query walks the whole tree once. */
	symset starts;
	bool start_error, start_any, whole_tree;
	symset raw[SP_RAW_SETS]; /* the maintainability index's node classes (lang_p.h) */
	bool raw_decisions; /* SP_RAW_DECISION is not empty */
	/* fields the cognitive walk reads; flat_field[id]: a structure's child in that field
	   (its condition, the value it switches on...) does not nest */
	TSFieldId f_alternative, f_operator, f_left, f_right;
	TSFieldId f_body; /* Halstead: a function's other children are its header */
	bool *flat_field;
	uint32_t nfields;
	predicate *preds;
	uint32_t npreds;
	uint32_t *pred_strings;
	uint32_t npred_strings;
} compiled;

struct sp_extractor {
	compiled *langs;
	size_t n;
	pthread_mutex_t lock; /* serialises writing err */
	sp_buf err;
	sp_macro_map macros; /* the user's macro map (sp_extractor_set_macros), read by parsers */
};

/* The compiled query of lang, or NULL when it is not (successfully) prepared. */
const compiled *sp_compiled_for(const sp_extractor *ex, const sp_language *lang);
/* Whether every text predicate of m's pattern holds. */
bool sp_predicates_hold(const compiled *c, const TSQueryMatch *m, const char *src);

/* ---- the parser (per thread) ---- */

typedef struct pending_item {
	uint32_t def; /* index into defs in creation order */
	uint32_t kind; /* sp_item_kind */
	uint32_t byte; /* source position, for ordering and de-duplication */
	sp_str s;
} pending_item;

typedef struct frame {
	uint32_t depth; /* cursor depth of the node that pushed it */
	int32_t func; /* innermost function at this point, -1 outside any */
	uint32_t nest; /* nesting level inside that function */
	bool is_func, is_opaque;
} frame;

typedef struct cog_node {
	uint32_t level; /* nesting level of the node (function boundaries count one each) */
	TSSymbol sym;
	uint8_t flags; /* COG_* of cognitive.c */
} cog_node;

typedef struct cog_func {
	uint32_t depth, start; /* cursor depth of the function node; level of its body */
	int32_t def; /* its definition, -1 for a lambda that is no row */
	uint32_t own; /* increments outside nested functions */
} cog_func;

typedef struct hal_node {
	TSSymbol sym, op; /* op: the operator token of a boolean chain link */
	uint8_t flags; /* HAL_* of halstead.c */
} hal_node;

typedef struct hal_func {
	uint32_t depth;
	int32_t def;
} hal_func;

/* One operator (kind 0) or operand (kind 1) seen in function def (ndefs: the file). */
typedef struct hal_event {
	uint32_t def;
	uint8_t kind;
	uint64_t hash;
} hal_event;

/* A function or class the raw walk (raw.c) is inside. */
typedef struct raw_scope {
	uint32_t depth;
	int32_t def;
	bool counted; /* radon_lines: its decisions count in the file's total */
} raw_scope;

/* The raw walk's state (raw.c), carried by the cognitive walk whose nodes it also reads. */
typedef struct sp_rawwalk {
	sp_parser *p;
	const compiled *c;
	const char *src;
	sp_facts *f;
	sp_def *defs;
	size_t ndefs;
	uint32_t skip_end; /* nodes before it lie inside a one-token node (a string) */
	uint32_t opaque_depth; /* inside an SP_RAW_OPAQUE node at this depth, else UINT32_MAX */
	/* the logical line being read (radon_lines) */
	bool open, continued, first_token;
	int32_t owner; /* innermost definition where it starts, -1 at file level */
	uint32_t first_row, last_row, start_byte, end_byte, brackets, ntok, ncomments, lloc;
	uint32_t ptok; /* tokens of its current `;`-separated piece */
	int32_t pcolon; /* the last colon's index in that piece, -1 for none */
} sp_rawwalk;

/* A node of the file's tree, as the one walk recorded it (nodes.c), in pre-order. */
typedef struct sp_node {
	TSNode node;
	uint32_t depth; /* below the root (0) */
	uint32_t next; /* index of the first node past its subtree */
	TSSymbol sym;
	TSFieldId field; /* its field in its parent; recorded for named nodes only (else 0) */
	bool named;
} sp_node;

typedef struct node_key {
	uint32_t start, end;
	TSSymbol sym;
} node_key;

/* A match held until the file's matches are put in order (query.c): its captures are
   held_caps[first .. first + count). */
typedef struct held_match {
	uint32_t key, first;
	uint16_t pattern, count;
} held_match;

struct sp_parser {
	sp_extractor *ex; /* prepares the file's language when the parse is done */
	sp_array(sp_node) nodes; /* the current file's tree in pre-order (nodes.c) */
	sp_array(struct walk_frame) walk; /* while recording: the levels being walked (nodes.c) */
	sp_array(held_match) held;
	sp_array(TSQueryCapture) held_caps;
	sp_array(node_key) opaque; /* @metric.opaque nodes of the current file */
	TSParser *ts;
	TSQueryCursor *cursor;
	sp_array(pending_item) pending;
	sp_array(uint32_t) order; /* def indexes sorted by start byte */
	sp_array(uint32_t) remap;
	sp_array(frame) frames;
	sp_array(sp_def) tmp_defs;
	/* the cognitive walk (cognitive.c): per depth of the cursor, per enclosing function, and
	   the nodes of one logical sequence */
	sp_array(struct cog_node) cog_nodes;
	sp_array(struct cog_func) cog_funcs;
	sp_array(TSNode) cog_seq;
	/* the Halstead walk (halstead.c) */
	sp_array(struct hal_node) hal_nodes;
	sp_array(struct hal_func) hal_funcs;
	sp_array(struct hal_event) hal_events;
	sp_array(struct raw_scope) raw_scopes; /* raw.c */
	char *blanked; /* the current file with its annotation macros blanked (C, C++) */
	size_t blanked_cap;
	sp_buf err;
	/* open-addressing map from definition node start byte to def index, reset per file */
	uint32_t *map_key, *map_val;
	size_t map_cap, map_used;
};

/* ---- fact kinds (facts.c) ---- */

/* How one fact kind is built from query matches. */
typedef struct sp_fact_ops {
	const char *name;
	size_t size; /* of one record */
	/* The record a match anchored at cap makes (or finds): its index in *rec. */
	int (*begin)(sp_parser *p, sp_facts *f, const sp_capture *cw, TSNode anchor, const char *src,
		     size_t *rec);
	/* One capture of that match with one of the kind's field roles. */
	int (*field)(sp_parser *p, sp_facts *f, size_t rec, uint8_t role, TSNode n, const char *src);
	/* After the last match of a file (NULL: nothing to do). */
	int (*finish)(sp_parser *p, sp_facts *f);
} sp_fact_ops;

extern const sp_fact_ops sp_fact_kinds[SP_FACT_KINDS];

void sp_facts_clear(sp_facts *f);

/* Call sites (calls.c): field roles, and the builder sp_fact_kinds[SP_FACT_CALL] uses. */
enum { SP_CALL_NAME = SP_ROLE_FIELD, SP_CALL_RECEIVER };
int sp_call_begin(sp_parser *p, sp_facts *f, const sp_capture *cw, TSNode anchor, const char *src,
		  size_t *rec);
int sp_call_field(sp_parser *p, sp_facts *f, size_t rec, uint8_t role, TSNode n, const char *src);
int sp_call_finish(sp_parser *p, sp_facts *f);
/* Per-file reset of the parser's definition map. */
int sp_defmap_reset(sp_parser *p);

/* ---- metrics (metrics.c) ---- */

/* Sets f's first error line: the earliest, deepest ERROR or MISSING node. */
void sp_first_error(TSNode root, sp_facts *f);
/* True when a node lies deeper than SP_MAX_TREE_DEPTH below the root. */
bool sp_too_deep(TSNode root);

/* ---- the one walk (nodes.c) and the metric visitors it feeds ---- */

/* Records root's tree in p->nodes, in pre-order, every node (the cursor's visible nodes). */
int sp_nodes_record(sp_parser *p, TSNode root);
/* One pass over p->nodes (recorded, the file's facts finished) feeding every metric visitor. */
int sp_nodes_visit(sp_parser *p, const compiled *c, const char *src, sp_facts *f);

/* What a visitor's node() returns to decline the node's subtree (the pass does not show it the
   nodes below); negative: an error, which ends the pass. */
enum { SP_VISIT_SKIP = 1 };

/* A consumer of the pass: its state (size bytes, at most 512) is set up by begin, sees each node
   it did not skip in pre-order with def, the definition whose node x is (the index in the file's
   defs with x's start byte, end byte and symbol; -1 for none and for every token), found once by
   the pass for all visitors, and end (always called, rc: the pass's result so far) writes its
   figures when rc is 0 and releases what it holds. */
typedef struct sp_visitor {
	size_t size;
	void (*begin)(void *st, sp_parser *p, const compiled *c, const char *src, sp_facts *f);
	int (*node)(void *st, const sp_node *x, int32_t def);
	int (*end)(void *st, int rc);
} sp_visitor;

/* Complexity and nesting of every function (metrics.c). */
extern const sp_visitor sp_measure_visitor;
/* Cognitive complexity of every function, and the MI's inputs (cognitive.c with raw.c). */
extern const sp_visitor sp_cognitive_visitor;
/* Halstead's operators and operands of every function and of the file (halstead.c). */
extern const sp_visitor sp_halstead_visitor;

/* The MI's inputs (raw.c), read in the cognitive visitor: begin, each node (parent: the named
   parent's symbol; def: the pass's, see sp_visitor), end. */
void sp_raw_begin(sp_rawwalk *w, sp_parser *p, const compiled *c, const char *src, sp_facts *f);
int sp_raw_node(sp_rawwalk *w, const sp_node *x, TSSymbol parent, int32_t def);
void sp_raw_end(sp_rawwalk *w);
/* Field names whose child does not nest under a structure (compile.c builds flat_field). */
extern const char sp_cognitive_flat_fields[];

#endif
