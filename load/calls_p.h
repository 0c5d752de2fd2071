/* load/calls_p.h: what load/calls.c and load/calls_affected.c share: the earlier snapshot's
   call_link_files rows and the set of paths a snapshot must resolve again (migration 0022). */
#ifndef SP_CALLS_P_H
#define SP_CALLS_P_H

#include "sink_p.h"
#include "sp_callres.h"

/* The rows of the blobs a run wrote, kept as its batches commit (load/calls_fed.c). */
struct sp_calls_fed {
	sp_callres *cr; /* the functions, imports, and calls bound by an import or open */
	int64_t floor; /* the blobs above it, and only those */
};

/* Hashes of names (sp_names_add). */
typedef sp_array(int64_t) sp_name_hashes; /* sp_hash64's, as int64_t: sp_i64_sort_unique */

/* A path's row in the calls_set of the latest complete snapshot that resolved its calls. */
typedef struct sp_earlier_row {
	int64_t links_set, answers;
	bool has_links, known; /* links_set not NULL; answers a hash (not NULL) */
	const char *names; /* its blob's filter (call_names); NULL when the blob has none */
} sp_earlier_row;

/* The earlier snapshot, its rows and, when it allows, the paths to resolve again. */
typedef struct sp_affected {
	int64_t snapshot, calls_set; /* 0: none */
	sp_strmap at; /* path -> index into rows */
	sp_array(sp_earlier_row) rows;
	sp_arena text; /* the names of rows */
	bool partial; /* only the paths of `paths` are resolved; the others keep their rows */
	sp_strmap paths; /* the paths to resolve again */
	sp_strmap targets; /* changed paths and their directories: an import reaching one */
	sp_strmap dirs; /* the directories of changed paths: package rules */
	sp_name_hashes names; /* hashes of the names changed files define or lose */
} sp_affected;

void sp_affected_init(sp_affected *a);
void sp_affected_release(sp_affected *a);
/* Reads the latest complete snapshot other than snap that resolved its calls, and its rows; when
   it has snap's path set, rows with names for every path, and few files changed since, decides
   partial and fills targets, dirs and names (the dependencies and the rows then add paths:
   sp_affected_dependency, sp_affected_scan). */
int sp_affected_load(sp_sink *s, sp_affected *a, int64_t repo, int64_t snap, int64_t path_set);
/* A dependency row of the snapshot: its path is resolved again when it imports a changed file. */
int sp_affected_dependency(sp_affected *a, const char *path, const char *kind, const char *target);
/* The earlier rows whose names or directory a changed file touches join the paths. */
int sp_affected_scan(sp_affected *a);

/* A Bloom filter of the names one file's calls look up in other files, built call by call. */
int sp_names_add(sp_name_hashes *h, const char *name); /* 0 or SP_ENOMEM */
/* The filter of the hashes in hex into out (empty for none); h is left sorted, without repeats. */
void sp_names_hex(sp_name_hashes *h, sp_buf *out);

#endif
