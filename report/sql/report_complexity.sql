-- report "Complexity distribution": how many functions of repository $1's current snapshot fall
-- in each band of cyclomatic complexity (1, 2-5, 6-10, 11-20, 21-50, over 50), with their code
-- lines (nloc); bands without functions are left out.
SELECT CASE WHEN cyclomatic <= 1 THEN '1' WHEN cyclomatic <= 5 THEN '2-5'
            WHEN cyclomatic <= 10 THEN '6-10' WHEN cyclomatic <= 20 THEN '11-20'
            WHEN cyclomatic <= 50 THEN '21-50' ELSE 'over 50' END AS band,
       count(*) AS functions,
       sum(nloc) AS nloc,
       min(cyclomatic) AS lowest
FROM current_functions
WHERE repository_id = $1
GROUP BY 1
ORDER BY lowest
