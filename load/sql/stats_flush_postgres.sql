-- Before ANALYZE: this backend's counts of the rows it wrote go to the server's statistics now
-- (PostgreSQL 15+), not when it next idles a second after its last report. Otherwise the last
-- batches' rows were counted after the ANALYZE that read them, and pg_stat_user_tables showed them
-- as changed since (doctor warned after every run). Older servers report by their own timer.
DO $$
BEGIN
  IF current_setting('server_version_num')::int >= 150000 THEN
    PERFORM pg_stat_force_next_flush();
  END IF;
END
$$
