/* transform/callres_p.h: the rows and hash maps of sp_callres (callres.c fills and indexes them,
   callres_rules.c walks them for the candidates of each call). */
#ifndef SP_CALLRES_P_H
#define SP_CALLRES_P_H

#include "sp_callres.h"

/* Rows are kept in arrays; a map gives the first row of a key and each row the next one of the
   same key (-1 ends a chain), so a lookup visits only the rows of that key. */
typedef struct cr_file {
	const char *path, *language;
	int64_t blob;
	size_t dir_len; /* bytes of the path up to its last '/' included; 0 at the root */
	int32_t next_blob, next_dir;
	int32_t lang; /* its language's entry of langs (built) */
} cr_file;

/* What a language's rules say for every call, looked up once per language when the rows are
   indexed instead of once per call: a package rule, its global families. */
#define CR_FAMILIES 4
typedef struct cr_lang {
	const char *name;
	bool package, self; /* a package rule; any self rule (else no receiver names the caller's) */
	int nfam; /* global families; more than CR_FAMILIES: -1, read the rules */
	const char *family[CR_FAMILIES];
} cr_lang;

typedef struct cr_func {
	int64_t blob, id;
	const char *name, *qn, *kind, *cls;
	int32_t next_blob_name, next_blob_cls, next_name, next_cls;
} cr_func;

typedef struct cr_import {
	int64_t blob, id;
	const char *module, *name, *alias;
	int32_t next_blob;
} cr_import;

/* An import under one word that may bind a call to it (its alias, name, module, a tail of its
   module), chained by blob and word: a call visits the imports that may bind its callee or
   receiver instead of every import of its file. */
enum { CR_WORD_ALIAS, CR_WORD_NAME, CR_WORD_MODULE };
typedef struct cr_word {
	int32_t import, next;
	uint32_t off; /* CR_WORD_MODULE: the word is the module's tail from this byte */
	uint8_t which;
} cr_word;

typedef struct cr_dep {
	int64_t import; /* the import's id in the blob of the file at path */
	const char *path, *kind, *target_path, *target_module, *package;
} cr_dep;

typedef struct cr_call {
	int64_t blob;
	int32_t id, fid; /* per blob (a file's calls and functions), so 48 bytes a call, not 56 */
	const char *name, *receiver, *kind;
	const char *binding; /* calls.binding as stored, NULL when unknown */
} cr_call;

/* A function of a file (its blob's, at that file's path), chained by the file's directory and
   the function's name: the package rule's look-up (6), which reaches only the caller's
   directory. */
typedef struct cr_placed {
	int32_t file, func, next;
} cr_placed;

/* The chains of the big keys (callres_index.c): a key's first row, found by the key's hash and
   checked against the row's own fields, no key copied. The key of each: */
typedef enum cr_index_kind {
	CR_FUNC_ID, /* blob, function id */
	CR_FUNC_BLOB_NAME, /* blob, name */
	CR_FUNC_BLOB_CLS, /* blob, class */
	CR_FUNC_NAME, /* name */
	CR_FUNC_CLS, /* class */
	CR_IMPORT_WORD, /* the import's blob, the word (rows of words) */
	CR_DEP, /* import id, path (rows of deps; the last given wins) */
	CR_INDEXES
} cr_index_kind;

typedef struct cr_index {
	uint64_t *slot;
	size_t cap, used;
} cr_index;

typedef struct cr_rule {
	const char *language, *rule, *value;
} cr_rule;

struct sp_callres {
	sp_arena rule_strings, strings; /* the rules' (kept by sp_callres_clear), the other rows' */
	sp_array(cr_rule) rules;
	sp_array(cr_file) files;
	sp_array(cr_func) funcs;
	sp_array(cr_import) imports;
	sp_array(cr_dep) deps;
	sp_array(cr_call) calls;
	sp_array(cr_placed) placed; /* built when some language has a package rule */
	sp_array(cr_word) words;
	sp_array(cr_lang) langs;
	bool built, rules_built;
	/* rules: "language\0rule\0value" and "language\0rule" */
	sp_strmap rule_set;
	sp_strmap file_path, file_blob, file_dir;
	sp_strmap import_blob;
	sp_strmap call_blob; /* first call of a blob (calls sorted by blob, call_id) */
	sp_strmap dir_name; /* directory (with its '/') '\0' name: first of placed */
	cr_index index[CR_INDEXES]; /* import words: word "*" chains the star imports */
	bool stars; /* some import is a star import */
	/* one copy in strings of each distinct text, its address as the value: names, kinds and
	   bindings repeat (the Linux tree's 3.8 M calls held 0.26 GB of copies) */
	sp_strmap interned;
	sp_buf key;
};

/* Row becomes the first of the key's chain (a, b and s as the kind's comment says: 0 or NULL
   where it has none); *next gets the one before, or -1. 0 or SP_ENOMEM. */
int cr_link(sp_callres *c, cr_index_kind kind, int64_t a, int64_t b, const char *s, int32_t row,
	    int32_t *next);
/* The first row of the key's chain, or -1. */
int32_t cr_find(const sp_callres *c, cr_index_kind kind, int64_t a, int64_t b, const char *s);
/* Room for n keys without growing; 0 or SP_ENOMEM. */
int cr_index_reserve(cr_index *x, size_t n);
void cr_index_clear(cr_index *x);
void cr_index_release(cr_index *x);
/* The word a words row stands for. */
const char *cr_word_text(const sp_callres *c, const cr_word *w);

/* Key builders (into c->key; the returned bytes live until the next call). */
const char *cr_key_dir_name(sp_callres *c, const cr_file *f, const char *name, size_t *len);
const char *cr_key_blob(sp_callres *c, int64_t blob, const char *s, size_t *len);
const char *cr_key_str(sp_callres *c, const char *a, const char *b, const char *d, size_t *len);
/* First row of a chain, or -1. */
int32_t cr_head(const sp_strmap *m, const char *key, size_t len);
bool cr_has_rule(sp_callres *c, const char *language, const char *rule, const char *value);

/* The best candidate of call k (index into c->calls) of file fi, and the stored part. */
int cr_answer(sp_callres *c, size_t fi, size_t k, sp_call_answer *a);

#endif
