-- report "Largest dependency components": groups of files of repository $1's current snapshot
-- that import each other (strongly connected components of the file graph, two files or more:
-- current_components), the 20 largest, each with the length of its shortest cycle and one such
-- cycle as an example.
SELECT 'component ' || component_id AS component, size, cycle_length, example_cycle
FROM current_components
WHERE repository_id = $1
ORDER BY size DESC, component_id
LIMIT 20
