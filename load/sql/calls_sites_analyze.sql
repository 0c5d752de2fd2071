-- Planner statistics of sp_call_sites just filled (PostgreSQL never analyses them itself).
ANALYZE sp_call_sites
