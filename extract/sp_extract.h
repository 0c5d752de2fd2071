/* extract/sp_extract.h: the first pipeline stage. Lists a repository's files, detects their
   language, parses them with tree-sitter and runs the language's queries into plain fact structs. */
#ifndef SP_EXTRACT_H
#define SP_EXTRACT_H

#include "sp_core.h"

/* Bump when a query, a counting rule or a metric changes: blobs extracted by another version are
   extracted again instead of being mixed with new facts. */
#define SP_EXTRACTOR_VERSION 17

typedef struct sp_language sp_language; /* one row of the language table */
typedef struct sp_extractor sp_extractor; /* compiled queries of every language; shareable by threads */
typedef struct sp_parser sp_parser; /* per-thread parsing state */

/* ---- facts of one file ---- */

typedef enum sp_def_kind { SP_DEF_FUNCTION, SP_DEF_CLASS } sp_def_kind;
typedef enum sp_item_kind { SP_ITEM_PARAM, SP_ITEM_DECORATOR, SP_ITEM_BASE, SP_ITEM_KINDS } sp_item_kind;

/* Halstead's counts (radon's model, extract/halstead.c): distinct and total operators (h1, n1)
   and operands (h2, n2). */
typedef struct sp_halstead {
	uint32_t h1, h2, n1, n2;
} sp_halstead;

/* The maintainability index's inputs besides Halstead's volume (extract/raw.c, schema/README.md
   "Maintainability index"): logical lines, comment lines and source lines (their ratio is the
   comment share), and the complexity term. */
typedef struct sp_raw {
	uint32_t lloc, comments, sloc, mi_complexity;
} sp_raw;

/* Positions: lines are 1-based, columns 0-based byte offsets (as Python's ast reports them). */
typedef struct sp_def {
	sp_def_kind kind;
	const char *subkind; /* capture suffix: function, method, constructor; class, struct, trait... */
	int32_t parent; /* index of the enclosing definition, -1 at top level */
	sp_str name;
	sp_str doc; /* raw docstring literal (quotes included), empty when none */
	bool is_async;
	uint32_t
		def_line; /* first line of the definition node (`def`/`class`, a C return type), not of a decorator */
	uint32_t name_line; /* line of the name (what ctags and pmccabe report) */
	sp_str scope; /* qualifier written outside the body: Go receiver type, empty when none */
	uint32_t start_line, start_col, end_line, end_col; /* whole definition, decorators included */
	uint32_t start_byte, end_byte; /* of the definition node itself */
	uint16_t node_symbol; /* its grammar symbol, to recognise it in the tree walk */
	uint32_t item_off[SP_ITEM_KINDS], item_n[SP_ITEM_KINDS]; /* slices of sp_facts.items */
	uint32_t complexity; /* functions: decisions + 1, by the language's counting rule */
	uint32_t max_nesting; /* functions: deepest nesting of control blocks in its own body */
	uint32_t cognitive; /* functions: cognitive complexity (SonarSource's rule, cognitive.c) */
	bool recursive; /* functions: calls itself directly (+1 in cognitive) */
	sp_halstead halstead; /* functions: of the body, nested functions' bodies included */
	sp_raw raw; /* functions: their lines, nested functions' included; the MI's complexity */
} sp_def;

typedef struct sp_import {
	sp_str module; /* as written, relative prefix included ("..pkg.mod", "."), quotes and <> removed */
	sp_str name; /* imported name ("from m import name"), empty for "import m" */
	sp_str alias; /* empty when none */
	const char *
		kind; /* capture suffix of @import.<kind>: "import", "include", "system", "require"... */
	uint32_t line;
} sp_import;

/* A call site: @call.<kind> anchors it (the call node), @call.name is the callee's name and
   @call.receiver the object or qualifier it is called on (`a.b` of `a.b.f()`, `pkg` of `pkg.F()`;
   its first SP_CALL_RECEIVER_MAX bytes).
   Matches anchored at the same node merge; a call whose callee has no name (`f()()`) keeps an empty
   name. func is the innermost enclosing function definition (its index in the definitions), -1 at
   file level: calls of a nested function belong to it, not to the outer one. */
#define SP_CALL_RECEIVER_MAX 200
typedef struct sp_call {
	sp_str name, receiver;
	const char *kind; /* "call", "method", "new", "macro" */
	int32_t func;
	uint32_t line, col; /* of the call node's start */
	uint32_t start_byte, end_byte;
} sp_call;

typedef struct sp_line_totals {
	uint32_t total, blank, comment, code;
} sp_line_totals;

/* Fact kinds. A kind is one entry of the capture vocabulary (extract/facts.c: which capture
   names make and fill its records), one record type stored in sp_facts.rec[kind], and one row
   builder (transform/rows.c) writing the kind's table descriptor (schema/tables.c). */
typedef enum sp_fact_kind {
	SP_FACT_IMPORT, /* sp_import; first: a match anchoring an import and a definition is an import */
	SP_FACT_DEF, /* sp_def: functions and classes, merged per definition node */
	SP_FACT_CALL, /* sp_call: call sites, merged per call node; after DEF, whose order it reads */
	SP_FACT_KINDS
} sp_fact_kind;

/* Records of one fact kind, of sp_fact_kind_size(kind) bytes each, in match order. */
typedef struct sp_records {
	void *v;
	size_t n, cap;
} sp_records;

typedef struct sp_facts {
	sp_records rec[SP_FACT_KINDS]; /* definitions in source order (by start of the node) */
	sp_array(sp_str) items; /* parameters, decorators and bases, grouped per definition */
	sp_array(uint8_t) line_kinds; /* per line: 0 blank, 1 comment, 2 code */
	sp_line_totals lines;
	sp_halstead halstead; /* the whole file but function headers (radon's module total) */
	sp_raw raw; /* the whole file */
	bool parse_error;
	uint32_t parse_error_line; /* first ERROR or MISSING node, 0 when none */
} sp_facts;

void sp_facts_init(sp_facts *f);
void sp_facts_release(sp_facts *f);
/* Name of a kind ("definition", "import") and the size of its records. */
const char *sp_fact_kind_name(sp_fact_kind k);
size_t sp_fact_kind_size(sp_fact_kind k);
/* Appends a zeroed record of kind k; NULL when out of memory. The pointer lives until the next push. */
void *sp_facts_push(sp_facts *f, sp_fact_kind k);
static inline size_t sp_facts_count(const sp_facts *f, sp_fact_kind k)
{
	return f->rec[k].n;
}
static inline sp_def *sp_facts_defs(const sp_facts *f)
{
	return (sp_def *)f->rec[SP_FACT_DEF].v;
}
static inline sp_import *sp_facts_imports(const sp_facts *f)
{
	return (sp_import *)f->rec[SP_FACT_IMPORT].v;
}
static inline sp_call *sp_facts_calls(const sp_facts *f)
{
	return (sp_call *)f->rec[SP_FACT_CALL].v;
}
static inline const sp_str *sp_def_items(const sp_facts *f, const sp_def *d, sp_item_kind k)
{
	return f->items.v ? f->items.v + d->item_off[k] : NULL; /* no items: NULL + 0 is undefined */
}

/* ---- languages ---- */

const char *sp_language_name(const sp_language *l);
char sp_language_relative_prefix(const sp_language *l); /* '.' for Python, 0 when none */
const char *sp_language_scope_separator(const sp_language *l); /* "." or "::" */
const char *sp_language_resolver(const sp_language *l); /* dependency rule name */

/* ---- C or C++: evidence for a `.h` (extract/header_lang.c; cli/index_headers.c decides) ---- */

/* Whether src holds syntax only C++ has, outside the C++ side of `#if(def) __cplusplus` blocks
   and outside comments, strings and directives: `A::b`, `template <`, `namespace n {`,
   `class C {` / `class C :` / `class C final`, `using namespace`, `using T =`, an unguarded
   `extern "C"`. */
bool sp_header_is_cpp(const char *src, size_t len);
/* Calls cb with the path of every `#include "path"` and `#include <path>` line of src, in order;
   stops at and returns cb's first nonzero result. */
typedef int (*sp_include_cb)(void *ctx, const char *path, size_t n);
int sp_include_scan(const char *src, size_t len, sp_include_cb cb, void *ctx);

/* ---- extractor: compiles every language's queries once at start-up ---- */

/* Compile every language's query now, or with SP_EXTRACTOR_LAZY only when sp_extractor_prepare()
   asks (a run that parses nothing compiles nothing). On failure *out may still be set so that
   sp_extractor_errmsg() names the language and the byte offset in its query. */
#define SP_EXTRACTOR_LAZY 1u
int sp_extractor_new(sp_extractor **out, unsigned flags);
/* Compiles lang's query if not yet done. Thread-safe: any number of threads may prepare (each
   language is compiled once, under its own lock: two languages compile at once) while parsers
   run; sp_parser_run prepares its file's language itself once the parse is done, so a compile
   started ahead on another thread overlaps the parse. A language that failed fails again with
   the same code; sp_extractor_errmsg then says why (the last failure's message). */
int sp_extractor_prepare(sp_extractor *ex, const sp_language *lang);
void sp_extractor_free(sp_extractor *ex);
const char *sp_extractor_errmsg(const sp_extractor *ex);
/* The user's C/C++ macro map, as ctags' -D/-I: each of defs[0..n) is NAME (read as nothing),
   NAME() (nothing, with its argument list), NAME=TEXT or NAME()=TEXT (TEXT, when it has no more
   bytes than the use, else nothing); replaces any earlier map. Set it before parsers run (they
   read it without a lock). SP_EUSAGE names the bad definition in sp_extractor_errmsg. */
int sp_extractor_set_macros(sp_extractor *ex, const char *const *defs, size_t n);
/* Language by file name extension, or NULL. */
const sp_language *sp_extractor_by_path(const sp_extractor *ex, const char *path);
/* Language by a "#!" first line (head holds the file's first bytes), or NULL. */
const sp_language *sp_extractor_by_shebang(const sp_extractor *ex, const char *head, size_t n);
const sp_language *sp_extractor_by_name(const sp_extractor *ex, const char *name);
/* Appends every language's name, comma-separated, in the table's order ("c, cpp, …"): for
   messages that list the choices, so a new language row needs no message edited. */
void sp_language_names(sp_buf *out);

/* ---- parser: one per thread ---- */

int sp_parser_new(sp_extractor *ex, sp_parser **out);
void sp_parser_free(sp_parser *p);
const char *sp_parser_errmsg(const sp_parser *p);
/* Parses src and fills f (cleared first). sp_str fields point into src, which must outlive f's use,
   or (C, C++ with annotation macros blanked) into the parser's copy of it, valid until its next run. */
int sp_parser_run(sp_parser *p, const sp_language *lang, const char *src, size_t len, sp_facts *f);

/* Why a file is recorded but not parsed: "too large" (over max_size bytes), "minified" (more than
   half of its bytes on lines of over SP_MINIFIED_LINE bytes), "generated" (an @generated or "DO NOT EDIT" marker in its first
   SP_GENERATED_HEAD bytes); NULL when it is to be parsed. */
#define SP_DEFAULT_MAX_FILE_SIZE (2 * 1024 * 1024)
#define SP_MINIFIED_LINE 2000
#define SP_GENERATED_HEAD 1024
/* sp_parser_run fails a file (SP_EPARSE, with the reason) whose syntax tree is nested deeper than
   this many levels (the deepest real file seen, LLVM's IntrinsicsHexagon.h, has 1,974; CPython's
   standard library 29), or whose parse takes longer than SP_PARSE_SECONDS. */
#define SP_MAX_TREE_DEPTH 10000
#define SP_PARSE_SECONDS 10
const char *sp_skip_reason(const char *src, size_t len, size_t max_size);
/* Counts lines only (blank/comment/code into f->lines and f->line_kinds), for files not parsed. */
int sp_parser_lines(sp_parser *p, const sp_language *lang, const char *src, size_t len, sp_facts *f);

/* ---- file listing ---- */

/* What the listing saw at a path; the work tree may have changed since, so reading checks again. */
typedef enum sp_entry_type {
	SP_ENTRY_FILE, /* a regular file (or, for git's untracked files, presumably one) */
	SP_ENTRY_SYMLINK, /* followed in a work tree only when it resolves inside the root */
	SP_ENTRY_OTHER, /* FIFO, socket or device: never opened */
} sp_entry_type;

typedef struct sp_file_entry {
	/* relative to root, '/'-separated, as stored: sp_path_escape of the name's bytes, so the same
	   text as those bytes for every UTF-8 name without a backslash */
	char *path;
	char *raw; /* the name's bytes when they differ from path, else NULL (see sp_file_raw) */
	char git_blob
		[65]; /* git object id (SHA-1 or SHA-256) when git vouches for the content, else "" */
	unsigned char type; /* sp_entry_type */
} sp_file_entry;

/* The bytes to open: what the file system knows the file as. */
static inline const char *sp_file_raw(const sp_file_entry *f)
{
	return f->raw ? f->raw : f->path;
}

typedef struct sp_filelist {
	char *root; /* canonical absolute path of the repository */
	int root_fd; /* root opened once: every file is opened beneath it, -1 before collect */
	char *commit; /* the commit indexed (HEAD of a work tree, or --rev), else NULL */
	bool is_git;
	bool from_rev; /* contents come from git's object store, not the work tree */
	sp_array(sp_file_entry) files; /* sorted by path */
	sp_buf err;
	sp_buf warning; /* what the run should say although listing worked (a repository git refuses) */
	char **git_env; /* environment of every git child: nothing the repository configures runs */
	struct sp_catfile *cat; /* `git cat-file --batch` while reading a revision */
} sp_filelist;

void sp_filelist_init(sp_filelist *l);
void sp_filelist_release(sp_filelist *l);
/* rev NULL: the work tree. In a git work tree, git decides (tracked plus untracked-but-not-ignored
   files; tracked files without local changes carry their git object id); elsewhere a directory walk
   that skips .git, lists FIFOs, sockets and devices as SP_ENTRY_OTHER and enters no symlink. A
   repository git refuses as unsafe (another user's) is walked as a directory, saying so in warning.
   rev set: the tree of that commit-ish, read from the object store (`git ls-tree` + `git cat-file`),
   never the work tree; symlinks are listed as SP_ENTRY_SYMLINK (never read), submodules left out.
   No git command run here executes anything the repository configures (hooks, fsmonitor, filters). */
int sp_filelist_collect(sp_filelist *l, const char *root, const char *rev);
/* Reads a file's content (caller frees *data); err gets the cause without the path. In a work tree
   the file is opened beneath root whatever symlinks lie on the way: a path that leads outside gives
   SP_EOUTSIDE (never opened), a vanished file SP_ENOENT, a FIFO, socket, device or dangling
   symlink SP_ENOTREG (a FIFO is opened without blocking, never read), a directory SP_EIO. */
int sp_file_read(sp_filelist *l, const sp_file_entry *f, char **data, size_t *len, sp_buf *err);
/* Up to cap first bytes of a file (for a "#!" line), checked as sp_file_read does; 0 when none. */
size_t sp_file_head(sp_filelist *l, const sp_file_entry *f, char *buf, size_t cap);
/* Commits of a repository, oldest first: `range` ("A..B", or NULL for HEAD's history), optionally
   those after `since` (a date git understands) or the last `last` (0: no limit); the first-parent
   main line only unless all_parents (a merge's branch then interleaves with the main line). Each
   commit id is appended to out followed by '\n'. */
int sp_git_commits(const char *root, const char *range, const char *since, long last, bool all_parents,
		   sp_buf *out, sp_buf *err);
/* One commit's metadata (git log -1; no checkout). Text fields point into raw, as git prints them
   (any bytes but NUL: escape them before storing); dates are seconds since the epoch. parents:
   space-separated ids, first parent first, "" for a root commit; first_parent NULL for a root. */
typedef struct sp_git_commit {
	const char *sha, *parents, *author_name, *author_email, *committer_name, *committer_email,
		*subject;
	char *first_parent;
	int64_t authored_at, committed_at;
	sp_buf raw;
} sp_git_commit;
/* SP_EIO with git's message in err when git fails (an unknown commit); always release out. */
int sp_git_commit_read(const char *root, const char *sha, sp_git_commit *out, sp_buf *err);
void sp_git_commit_release(sp_git_commit *c);
/* Lines added and removed per file by commit c against its first parent (a root commit: against
   nothing), from `git diff-tree --numstat` on the object store; renames not followed. cb gets each
   path as git prints it (raw bytes) with -1 counts for a binary file; a non-zero return stops. */
typedef int (*sp_numstat_cb)(void *ctx, const char *path, int64_t added, int64_t removed);
int sp_git_numstat(const char *root, const sp_git_commit *c, sp_numstat_cb cb, void *ctx, sp_buf *err);
/* Which line of history a snapshot belongs to. ref: explicit_ref when given; else with rev, the
   branch or tag rev names ("main", "v1.2", "origin/main" -> "main"); else the work tree's branch;
   a commit id or a detached HEAD is the default branch when that branch's history contains it,
   else NULL (detached); NULL outside git. default_branch: configured_default when
   given, else origin/HEAD's branch, else main, else master when it exists, else NULL. on_default:
   ref is the default branch; also true when no default branch is known (default_known false: a
   plain directory, or a repository without origin/HEAD, main and master). */
typedef struct sp_git_ref {
	char *ref;
	char *default_branch;
	bool default_known, on_default;
} sp_git_ref;
int sp_git_ref_info(const char *root, bool is_git, const char *rev, const char *explicit_ref,
		    const char *configured_default, sp_git_ref *out);
void sp_git_ref_release(sp_git_ref *r);
/* The branch or tag rev names as sp_git_ref_info says (rev NULL: the work tree's branch); NULL
   when none (caller frees). */
char *sp_git_ref_of(const char *root, const char *rev);
/* origin/HEAD's branch, else main, else master when it exists; NULL when none (caller frees). */
char *sp_git_default_branch(const char *root);
/* The renames git finds between commit-ishes base and head (head NULL: the work tree), appended to
   out as raw "old NUL new NUL" pairs; SP_EUSAGE with err when git fails (an unknown revision). */
int sp_git_renames(const char *root, const char *base, const char *head, sp_buf *out, sp_buf *err);
/* The full commit id rev names, NULL when it names none (caller frees). */
char *sp_git_commit_of(const char *root, const char *rev);
/* A remote's URL as a repository name: host/org/x for git@host:org/x.git, ssh://git@host:22/org/x,
   https://user:token@Host/org/x.git/ alike (no scheme, user, password, port, trailing .git or
   slash; host lowercased); a local path stays itself minus .git. NULL for an empty URL. */
char *sp_git_url_name(const char *url);
/* The name of remote origin's URL (sp_git_url_name; git config, which runs nothing), NULL when
   the repository has no origin (caller frees). */
char *sp_git_remote_name(const char *root);
/* Work tree only: size and modification time of what sp_file_read would read (0), or the same
   SP_EOUTSIDE / SP_ENOENT / SP_ENOTREG / SP_EIO it would fail with; opens nothing for reading. */
int sp_file_stat(const sp_filelist *l, const sp_file_entry *f, int64_t *size, int64_t *mtime_ns);

/* ---- watching a work tree for changes (extract/watch.c, inotify) ---- */
typedef struct sp_watch sp_watch;
/* Watches every directory under root but .git and those git ignores (when root is a git work
   tree); never through a symlink. On failure *out may be set: read sp_watch_errmsg (the inotify
   watch limit is named), then sp_watch_close it. */
int sp_watch_open(const char *root, sp_watch **out);
const char *sp_watch_errmsg(const sp_watch *w);
/* Waits up to timeout_ms (-1: forever) for changes and reads every event queued; returns how many
   paths became pending (0 on a timeout or a signal), or SP_EIO / SP_ENOMEM. */
int sp_watch_poll(sp_watch *w, int timeout_ms);
/* Distinct paths changed since the last take (+1 when events were lost); directories watched. */
size_t sp_watch_pending(const sp_watch *w);
size_t sp_watch_dirs(const sp_watch *w);
/* Hands over the pending paths (relative to root) without those git ignores, and forgets them;
   overflow says events were lost, so anything may have changed. */
typedef struct sp_watch_paths {
	sp_array(char *) paths;
	bool overflow;
} sp_watch_paths;
int sp_watch_take(sp_watch *w, sp_watch_paths *out);
void sp_watch_paths_release(sp_watch_paths *p);
void sp_watch_close(sp_watch *w);

#endif
