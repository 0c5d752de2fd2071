-- queue_item_insert: one repository of an enqueued run, by its position in the manifest
INSERT INTO scan_queue (run_id, item, path) VALUES ($1, $2, $3)
