; extract/lang/c.scm: definitions and includes of C (capture vocabulary: extract/query.c).
(function_definition declarator: (function_declarator declarator: (identifier) @name)) @definition.function
(struct_specifier name: (type_identifier) @name body: (_)) @definition.struct
(preproc_include path: (string_literal) @import.module) @import.include
(preproc_include path: (system_lib_string) @import.module) @import.system
