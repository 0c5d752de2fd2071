-- 0007_calls: call sites (issue 12). One row per call in a blob's code, numbered in source order:
-- the callee's name as written (NULL when the callee is no name: `f()()`, `x[0]()`), the receiver
-- or qualifier it is called on (`self`, `os.path`, `pkg`; its first 200 bytes; NULL for a plain
-- call), how it was written (call, method, new, macro) and where (line 1-based, col 0-based bytes).
-- function_id is the innermost function the call is in (nested functions keep their own calls),
-- NULL at file level (module code, class bodies outside any function). Like every fact, calls
-- hang off their blob; resolving them to functions is per snapshot (views of shared/0007_calls.sql).
CREATE TABLE calls (
    repository_id bigint NOT NULL,
    blob_id       bigint NOT NULL,
    call_id       integer NOT NULL,
    function_id   integer,
    name          text,
    receiver      text,
    kind          text NOT NULL,
    line          integer NOT NULL,
    col           integer NOT NULL,
    PRIMARY KEY (repository_id, blob_id, call_id),
    FOREIGN KEY (repository_id, blob_id) REFERENCES blobs (repository_id, blob_id) ON DELETE CASCADE
);
