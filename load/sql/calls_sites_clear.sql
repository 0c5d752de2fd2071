-- Empties sp_call_sites (calls_sites_table).
DELETE FROM sp_call_sites
