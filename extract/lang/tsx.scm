; extract/lang/tsx.scm: definitions and imports of TSX (capture vocabulary: extract/query.c).
(function_declaration name: (identifier) @name) @definition.function
(method_definition name: (property_identifier) @name) @definition.method
(class_declaration name: (type_identifier) @name) @definition.class
(import_statement source: (string (string_fragment) @import.module)) @import
