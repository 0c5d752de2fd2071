/* cli/yamlfile_p.h: what the scan manifest (cli/manifest.c) and the repository config (config.c)
   share: a size and alias-expansion guard before libcyaml reads a file, and key-line messages. */
#ifndef SP_YAMLFILE_P_H
#define SP_YAMLFILE_P_H

#include <cyaml/cyaml.h>
#include <stdbool.h>
#include <stdint.h>

#include <yaml.h>

#include "cli_p.h"
#include "sp_core.h"
#include "sp_extract.h"

typedef struct sp_yaml_limits {
	uint64_t max_bytes; /* the largest file read */
	uint64_t max_expanded; /* what it may expand to, each node its scalar's bytes + 1 */
	const char *what; /* "a manifest": the size message's subject */
	const char *expand_hint; /* what to do instead of aliases, for the expansion message */
} sp_yaml_limits;

/* Checks that path is a regular file within the limits (an empty file sets *empty and is
   otherwise fine); SP_EUSAGE (or SP_ENOMEM) with the reason in err. */
int sp_yaml_check(const char *path, const sp_yaml_limits *lim, bool *empty, sp_buf *err);

/* Loads path with schema (after sp_yaml_check); on a schema error returns SP_EUSAGE with
   libcyaml's message and, for an unknown key, the key's own line. *out is NULL for a document of
   comments only. */
int sp_yaml_load(const char *path, const cyaml_schema_value_t *schema, cyaml_data_t **out, sp_buf *err);

/* The language table, for checking the language names a file gives (the caller frees it with
   sp_extractor_free); on failure its message is in err. */
int sp_yaml_language_table(sp_extractor **ex, sp_buf *err);

/* The whole of path as a libyaml document (after sp_yaml_check); SP_EUSAGE with the parser's
   problem in err. The caller deletes it (yaml_document_delete). */
int sp_yaml_document(const char *path, yaml_document_t *d, sp_buf *err);
/* The value of KEY in the mapping node map (and the key's node in *key), or NULL. */
yaml_node_t *sp_yaml_mapping_get(yaml_document_t *d, yaml_node_t *map, const char *key,
				 yaml_node_t **key_node);
/* A language_map value v (of key node k): its "glob: language" pairs appended to out (strings
   owned by out: sp_lang_rules_release), each language checked against the table; an empty value
   is no rule. SP_EUSAGE naming the entry's line otherwise. */
int sp_yaml_lang_rules(yaml_document_t *d, yaml_node_t *k, yaml_node_t *v, sp_extractor *ex,
		       sp_lang_rules *out, sp_buf *err);
void sp_lang_rules_release(sp_lang_rules *r);
/* The line of the first "KEY:" in the file (KEY ends at ';' or the end of the string), or 0. */
long sp_yaml_key_line(const char *path, const char *key);

#endif
