-- doctor (PostgreSQL): server settings that make loads unsafe or slow; maintenance_work_mem in kB.
SELECT name, setting FROM pg_settings
WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'maintenance_work_mem')
ORDER BY name
