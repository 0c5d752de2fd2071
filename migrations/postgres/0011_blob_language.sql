-- 0011_blob_language: a blob is content extracted as one language. The same bytes can be read as
-- C or as C++ (a `.h` is decided per repository from evidence, and users map paths to languages),
-- so the language joins the content hash and the extractor version in the blob's unique key; a
-- changed decision extracts the content again as the other language instead of reusing facts
-- extracted as the first.
ALTER TABLE blobs DROP CONSTRAINT blobs_repository_id_content_hash_extractor_version_key;
ALTER TABLE blobs ADD CONSTRAINT blobs_content_key
    UNIQUE (repository_id, content_hash, extractor_version, language);
