-- Empties sp_call_bindings (calls_bindings_table).
DELETE FROM sp_call_bindings
