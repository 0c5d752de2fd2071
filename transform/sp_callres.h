/* transform/sp_callres.h: a snapshot's calls resolved to functions in memory (issue 12): the
   candidates of the view call_candidates (migration 0007) found through hash maps over the
   snapshot's rows, ranked as documented there, driven by the rows of call_rules (no language name
   appears in the code). load/calls.c feeds it the snapshot's rows and stores its answers. */
#ifndef SP_CALLRES_H
#define SP_CALLRES_H

#include "sp_core.h"

typedef struct sp_callres sp_callres;

int sp_callres_new(sp_callres **out);
void sp_callres_free(sp_callres *c); /* NULL is a no-op */

/* The snapshot's rows, in any order; strings are copied and NULL stands for SQL NULL. Each
   returns 0 or SP_ENOMEM. A function_id below 0 is a call at file level. */
int sp_callres_rule(sp_callres *c, const char *language, const char *rule, const char *value);
int sp_callres_file(sp_callres *c, const char *path, int64_t blob_id, const char *language);
int sp_callres_function(sp_callres *c, int64_t blob_id, int64_t function_id, const char *name,
			const char *qualified_name, const char *kind, const char *class_name);
int sp_callres_import(sp_callres *c, int64_t blob_id, int64_t import_id, const char *module,
		      const char *name, const char *alias);
int sp_callres_dependency(sp_callres *c, const char *path, int64_t import_id, const char *kind,
			  const char *target_path, const char *target_module, const char *package);
int sp_callres_call(sp_callres *c, int64_t blob_id, int64_t call_id, int64_t function_id,
		    const char *name, const char *receiver, const char *kind);
/* The same with the call's stored calls.binding (NULL: a calls row from before migration 0019,
   which needs its call_resolutions row whatever the answer). */
int sp_callres_call_bound(sp_callres *c, int64_t blob_id, int64_t call_id, int64_t function_id,
			  const char *name, const char *receiver, const char *kind, const char *binding);
/* Drops every row but the rules, so that one sp_callres serves blob after blob. */
void sp_callres_clear(sp_callres *c);

/* The answer for one call site. The best candidate is the lowest rank, then the first by target
   path, target function and module (bytewise; the order schema/README.md documents). */
typedef struct sp_call_answer {
	const char *path; /* the call's file */
	int64_t blob_id, call_id;
	const char *name, *receiver, *kind; /* the call site's, as given */
	int rank; /* the best candidate's, 0 when there is none */
	const char *resolution; /* method, local, import, external, package, global; unresolved */
	const char *target_path; /* NULL when none */
	int64_t target_blob_id, target_function_id; /* -1 when none */
	const char *module; /* an external call's module, else NULL */
	const char *reason; /* why it is unresolved, else NULL */
	/* the part that depends on the file and the path set only (table call_resolutions): method,
	   local, external, unresolved, or open (the answer depends on other files' contents) */
	const char *stored;
	int64_t stored_function_id; /* method and local, else -1 */
	const char *stored_module, *stored_reason; /* external's module; unresolved's reason */
	/* the part the call's own blob decides (calls.binding, migration 0019), whatever the path
	   set: method or local (its function: stored_function_id), import (an import of the blob
	   binds the call: call_resolutions holds the answer per path set), open (the language lets
	   plain calls reach other files: call_links) or unresolved (the reason follows from the
	   calls row) */
	const char *binding;
	bool stored_row; /* call_resolutions keeps a row: binding import, or no stored binding */
} sp_call_answer;

/* Receives the answers of a file's calls in call_id order; a nonzero return stops the walk and
   is returned by sp_callres_resolve. */
typedef int (*sp_call_answer_fn)(void *ctx, const sp_call_answer *a);

/* Resolves every call of the file at path (a file given to sp_callres_file). Returns 0, fn's
   nonzero return, SP_ENOMEM, or SP_EUSAGE when no file has that path. The first call after
   rows were added indexes them. */
int sp_callres_resolve(sp_callres *c, const char *path, sp_call_answer_fn fn, void *ctx);

#endif
