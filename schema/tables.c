/* schema/tables.c: column descriptors of the fact tables, matching migrations/<dialect>/ column
   for column. Transform fills rows in this order; the COPY encoder and SQLite binder walk it too. */
#include "sp_schema.h"

#include "banned.h"

#define COLS(name) name, sizeof name / sizeof name[0]

static const sp_column blobs_cols[] = {
	{"repository_id", SP_COL_INT}, {"blob_id", SP_COL_INT},
	{"content_hash", SP_COL_TEXT}, {"extractor_version", SP_COL_INT},
	{"language", SP_COL_TEXT},     {"size_bytes", SP_COL_INT},
	{"total_lines", SP_COL_INT},   {"code_lines", SP_COL_INT},
	{"comment_lines", SP_COL_INT}, {"blank_lines", SP_COL_INT},
	{"parse_error", SP_COL_BOOL},  {"parse_error_line", SP_COL_INT},
	{"skip_reason", SP_COL_TEXT},
};

static const sp_column functions_cols[] = {
	{"repository_id", SP_COL_INT}, {"blob_id", SP_COL_INT},         {"function_id", SP_COL_INT},
	{"name", SP_COL_TEXT},         {"qualified_name", SP_COL_TEXT}, {"kind", SP_COL_TEXT},
	{"class_name", SP_COL_TEXT},   {"def_line", SP_COL_INT},        {"start_line", SP_COL_INT},
	{"start_col", SP_COL_INT},     {"end_line", SP_COL_INT},        {"end_col", SP_COL_INT},
	{"param_count", SP_COL_INT},   {"parameters", SP_COL_TEXT},     {"attrs", SP_COL_JSON},
	{"name_line", SP_COL_INT},
};

static const sp_column classes_cols[] = {
	{"repository_id", SP_COL_INT}, {"blob_id", SP_COL_INT},         {"class_id", SP_COL_INT},
	{"name", SP_COL_TEXT},         {"qualified_name", SP_COL_TEXT}, {"bases", SP_COL_TEXT},
	{"def_line", SP_COL_INT},      {"start_line", SP_COL_INT},      {"start_col", SP_COL_INT},
	{"end_line", SP_COL_INT},      {"end_col", SP_COL_INT},         {"attrs", SP_COL_JSON},
	{"kind", SP_COL_TEXT},         {"name_line", SP_COL_INT},
};

static const sp_column imports_cols[] = {
	{"repository_id", SP_COL_INT}, {"blob_id", SP_COL_INT}, {"import_id", SP_COL_INT},
	{"module", SP_COL_TEXT},       {"name", SP_COL_TEXT},   {"alias", SP_COL_TEXT},
	{"level", SP_COL_INT},         {"line", SP_COL_INT},    {"kind", SP_COL_TEXT},
};

static const sp_column calls_cols[] = {
	{"repository_id", SP_COL_INT},
	{"blob_id", SP_COL_INT},
	{"call_id", SP_COL_INT},
	{"function_id", SP_COL_INT},
	{"name", SP_COL_TEXT},
	{"receiver", SP_COL_TEXT},
	{"kind", SP_COL_TEXT},
	{"line", SP_COL_INT},
	{"col", SP_COL_INT},
	{"binding", SP_COL_TEXT},
	{"target_function_id", SP_COL_INT},
};

static const sp_column function_metrics_cols[] = {
	{"repository_id", SP_COL_INT},
	{"blob_id", SP_COL_INT},
	{"function_id", SP_COL_INT},
	{"cyclomatic", SP_COL_INT},
	{"nloc", SP_COL_INT},
	{"max_nesting", SP_COL_INT},
	{"param_count", SP_COL_INT},
	{"cognitive", SP_COL_INT},
	{"halstead_h1", SP_COL_INT},
	{"halstead_h2", SP_COL_INT},
	{"halstead_n1", SP_COL_INT},
	{"halstead_n2", SP_COL_INT},
	{"halstead_volume", SP_COL_REAL},
	{"halstead_difficulty", SP_COL_REAL},
	{"halstead_effort", SP_COL_REAL},
	{"lloc", SP_COL_INT},
	{"mi", SP_COL_REAL},
};

static const sp_column file_metrics_cols[] = {
	{"repository_id", SP_COL_INT},  {"blob_id", SP_COL_INT},
	{"function_count", SP_COL_INT}, {"class_count", SP_COL_INT},
	{"import_count", SP_COL_INT},   {"complexity_sum", SP_COL_INT},
	{"complexity_max", SP_COL_INT}, {"nesting_max", SP_COL_INT},
	{"lloc", SP_COL_INT},           {"mi", SP_COL_REAL},
};

static const sp_column files_cols[] = {
	{"repository_id", SP_COL_INT}, {"snapshot_id", SP_COL_INT}, {"path", SP_COL_TEXT},
	{"blob_id", SP_COL_INT},       {"size_bytes", SP_COL_INT},  {"mtime_ns", SP_COL_INT},
	{"git_blob", SP_COL_TEXT},
};

static const sp_column dependencies_cols[] = {
	{"repository_id", SP_COL_INT}, {"path_set", SP_COL_INT},       {"path", SP_COL_TEXT},
	{"blob_id", SP_COL_INT},       {"import_id", SP_COL_INT},      {"kind", SP_COL_TEXT},
	{"target_path", SP_COL_TEXT},  {"target_module", SP_COL_TEXT}, {"package", SP_COL_TEXT},
	{"reason", SP_COL_TEXT},
};

const sp_table sp_tables[SP_TBL_COUNT] = {
	[SP_TBL_BLOBS] = {"blobs", COLS(blobs_cols)},
	[SP_TBL_FUNCTIONS] = {"functions", COLS(functions_cols)},
	[SP_TBL_CLASSES] = {"classes", COLS(classes_cols)},
	[SP_TBL_IMPORTS] = {"imports", COLS(imports_cols)},
	[SP_TBL_CALLS] = {"calls", COLS(calls_cols)},
	[SP_TBL_FUNCTION_METRICS] = {"function_metrics", COLS(function_metrics_cols)},
	[SP_TBL_FILE_METRICS] = {"file_metrics", COLS(file_metrics_cols)},
	[SP_TBL_FILES] = {"files", COLS(files_cols)},
	[SP_TBL_DEPENDENCIES] = {"dependencies", COLS(dependencies_cols)},
};

/* Tables written whole outside a batch (cli/index_graph.c): a snapshot's groups of files that
   import each other, and their files. */
static const sp_column components_cols[] = {
	{"repository_id", SP_COL_INT}, {"snapshot_id", SP_COL_INT},    {"component_id", SP_COL_INT},
	{"size", SP_COL_INT},          {"example_cycle", SP_COL_TEXT}, {"cycle_length", SP_COL_INT},
};

static const sp_column component_files_cols[] = {
	{"repository_id", SP_COL_INT},
	{"snapshot_id", SP_COL_INT},
	{"path", SP_COL_TEXT},
	{"component_id", SP_COL_INT},
};

const sp_table sp_table_components = {"components", COLS(components_cols)};
const sp_table sp_table_component_files = {"component_files", COLS(component_files_cols)};
