-- Empties sp_call_bound (calls_bound_table).
DELETE FROM sp_call_bound
