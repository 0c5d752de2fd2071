-- Planner statistics of sp_call_bindings just filled (PostgreSQL never analyses it itself).
ANALYZE sp_call_bindings
