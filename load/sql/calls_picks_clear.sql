-- Empties sp_call_picks (calls_picks_table).
DELETE FROM sp_call_picks
