-- What each language's calls mean to resolution (call_rules, migration 0007): load/calls.c hands
-- them to the resolver of transform/callres*.c, which they drive.
SELECT language, rule, value FROM call_rules
