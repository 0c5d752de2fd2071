-- doctor: the database answers (timed with the connection).
SELECT 1
