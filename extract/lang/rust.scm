; extract/lang/rust.scm: definitions and uses of Rust (capture vocabulary: extract/query.c).
(function_item name: (identifier) @name) @definition.function
(struct_item name: (type_identifier) @name) @definition.struct
(impl_item type: (_) @name) @definition.impl
(use_declaration argument: (_) @import.module) @import.use
