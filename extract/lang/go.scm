; extract/lang/go.scm: definitions and imports of Go (capture vocabulary: extract/query.c).
(function_declaration name: (identifier) @name) @definition.function
(method_declaration receiver: (parameter_list (parameter_declaration type: [(type_identifier) @scope (pointer_type (type_identifier) @scope)])) name: (field_identifier) @name) @definition.method
(type_spec name: (type_identifier) @name type: (struct_type)) @definition.struct
(import_spec path: (interpreted_string_literal) @import.module) @import
