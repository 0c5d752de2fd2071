"""tests/tables.py: the fact tables of schema/tables.c (their names and columns in descriptor order,
which is also the order a batch loads them in) for the Python tests, so that no test keeps a table
list of its own: tests/golden/run.py, tests/load/common.py and the load tests read it from here.

The block between the markers is what schema/tables.c says, byte for byte: the unit test
tables/tests_tables_py_is_the_descriptors (tests/unit/test_schema.c) renders it from the compiled
sp_tables and fails, printing the block to paste, when the two differ. A copy checked against the
descriptors, rather than the binary printing them or a parse of C text, keeps the Python tests free
of any build artifact but the binary under test and of a C parser, and still cannot drift."""

# BEGIN generated from schema/tables.c
TABLES = {
    "blobs": [
        ("repository_id", "int"),
        ("blob_id", "int"),
        ("content_hash", "text"),
        ("extractor_version", "int"),
        ("language", "text"),
        ("size_bytes", "int"),
        ("total_lines", "int"),
        ("code_lines", "int"),
        ("comment_lines", "int"),
        ("blank_lines", "int"),
        ("parse_error", "bool"),
        ("parse_error_line", "int"),
        ("skip_reason", "text"),
    ],
    "functions": [
        ("repository_id", "int"),
        ("blob_id", "int"),
        ("function_id", "int"),
        ("name", "text"),
        ("qualified_name", "text"),
        ("kind", "text"),
        ("class_name", "text"),
        ("def_line", "int"),
        ("start_line", "int"),
        ("start_col", "int"),
        ("end_line", "int"),
        ("end_col", "int"),
        ("param_count", "int"),
        ("parameters", "text"),
        ("attrs", "json"),
        ("name_line", "int"),
    ],
    "classes": [
        ("repository_id", "int"),
        ("blob_id", "int"),
        ("class_id", "int"),
        ("name", "text"),
        ("qualified_name", "text"),
        ("bases", "text"),
        ("def_line", "int"),
        ("start_line", "int"),
        ("start_col", "int"),
        ("end_line", "int"),
        ("end_col", "int"),
        ("attrs", "json"),
        ("kind", "text"),
        ("name_line", "int"),
    ],
    "imports": [
        ("repository_id", "int"),
        ("blob_id", "int"),
        ("import_id", "int"),
        ("module", "text"),
        ("name", "text"),
        ("alias", "text"),
        ("level", "int"),
        ("line", "int"),
        ("kind", "text"),
    ],
    "calls": [
        ("repository_id", "int"),
        ("blob_id", "int"),
        ("call_id", "int"),
        ("function_id", "int"),
        ("name", "text"),
        ("receiver", "text"),
        ("kind", "text"),
        ("line", "int"),
        ("col", "int"),
        ("binding", "text"),
        ("target_function_id", "int"),
    ],
    "function_metrics": [
        ("repository_id", "int"),
        ("blob_id", "int"),
        ("function_id", "int"),
        ("cyclomatic", "int"),
        ("nloc", "int"),
        ("max_nesting", "int"),
        ("param_count", "int"),
        ("cognitive", "int"),
        ("halstead_h1", "int"),
        ("halstead_h2", "int"),
        ("halstead_n1", "int"),
        ("halstead_n2", "int"),
        ("halstead_volume", "real"),
        ("halstead_difficulty", "real"),
        ("halstead_effort", "real"),
        ("lloc", "int"),
        ("mi", "real"),
    ],
    "file_metrics": [
        ("repository_id", "int"),
        ("blob_id", "int"),
        ("function_count", "int"),
        ("class_count", "int"),
        ("import_count", "int"),
        ("complexity_sum", "int"),
        ("complexity_max", "int"),
        ("nesting_max", "int"),
        ("lloc", "int"),
        ("mi", "real"),
    ],
    "files": [
        ("repository_id", "int"),
        ("snapshot_id", "int"),
        ("path", "text"),
        ("blob_id", "int"),
        ("size_bytes", "int"),
        ("mtime_ns", "int"),
        ("git_blob", "text"),
    ],
    "dependencies": [
        ("repository_id", "int"),
        ("path_set", "int"),
        ("path", "text"),
        ("blob_id", "int"),
        ("import_id", "int"),
        ("kind", "text"),
        ("target_path", "text"),
        ("target_module", "text"),
        ("package", "text"),
        ("reason", "text"),
    ],
}
# END generated


# Columns that name a snapshot or a path set: the tables without one hold one row set per blob,
# shared by every snapshot, so two databases indexed from the same content agree on them.
SNAPSHOT_KEYS = ("snapshot_id", "path_set")


def names():
    """Every table, in descriptor (load) order."""
    return list(TABLES)


def columns(table):
    """The table's column names, in descriptor order."""
    return [c for c, _ in TABLES[table]]


def without(*cols):
    """The tables that have none of cols (e.g. without("snapshot_id"): all but files)."""
    return [t for t in TABLES if not set(cols) & set(columns(t))]


def per_blob():
    """The tables keyed by blob alone (blobs and the facts): the same content gives the same rows."""
    return without(*SNAPSHOT_KEYS)
