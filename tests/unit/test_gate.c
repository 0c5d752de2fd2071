/* tests/unit/test_gate.c: the CI gate's rules grammar (gate/rules.c): what each rule parses to,
   when it is broken and where it applies, and the errors that name the rule and the position. */
#include <criterion/criterion.h>
#include <string.h>

#include "sp_gate.h"

static sp_gate_rules rules;
static sp_buf err;

static void setup(void)
{
	sp_gate_rules_init(&rules);
	sp_buf_init(&err);
}

static void teardown(void)
{
	sp_gate_rules_release(&rules);
	sp_buf_release(&err);
}

TestSuite(rules, .init = setup, .fini = teardown);

Test(rules, defaults_parse_to_a_threshold_and_a_growth_limit)
{
	cr_assert_eq(sp_gate_rules_parse(&rules, SP_GATE_DEFAULT_RULES, &err), 0, "%s",
		     sp_buf_cstr(&err));
	cr_assert_eq(rules.v.n, 2);
	const sp_gate_rule *a = &rules.v.v[0], *g = &rules.v.v[1];
	cr_assert_str_eq(a->text, "cyclomatic > 15");
	cr_assert_eq(a->metric, SP_METRIC_CYCLOMATIC);
	cr_assert(!a->growth && !a->or_equal);
	cr_assert_eq(a->limit, 15);
	cr_assert_null(a->language);
	cr_assert_null(a->glob);
	cr_assert_str_eq(g->text, "cyclomatic grew by > 5");
	cr_assert(g->growth);
	cr_assert_eq(g->limit, 5);
}

Test(rules, every_metric_op_and_qualifier)
{
	cr_assert_eq(sp_gate_rules_parse(&rules,
					 "nloc>=100 for python in src/*,max_nesting grew by >= 2 in "
					 "lib/**.c,  param_count   >  7 ,file_lines > 2000 for c",
					 &err),
		     0, "%s", sp_buf_cstr(&err));
	cr_assert_eq(rules.v.n, 4);
	const sp_gate_rule *r = rules.v.v;
	cr_assert_str_eq(r[0].text, "nloc>=100 for python in src/*");
	cr_assert_eq(r[0].metric, SP_METRIC_NLOC);
	cr_assert(r[0].or_equal && !r[0].growth);
	cr_assert_eq(r[0].limit, 100);
	cr_assert_str_eq(r[0].language, "python");
	cr_assert_str_eq(r[0].glob, "src/*");
	cr_assert_eq(r[1].metric, SP_METRIC_MAX_NESTING);
	cr_assert(r[1].growth && r[1].or_equal);
	cr_assert_eq(r[1].limit, 2);
	cr_assert_str_eq(r[1].glob, "lib/**.c");
	cr_assert_null(r[1].language);
	cr_assert_str_eq(r[2].text, "param_count > 7");
	cr_assert_eq(r[2].metric, SP_METRIC_PARAM_COUNT);
	cr_assert_eq(r[3].metric, SP_METRIC_FILE_LINES);
	cr_assert_str_eq(r[3].language, "c");
}

Test(rules, breaks_thresholds_and_growth)
{
	cr_assert_eq(sp_gate_rules_parse(
			     &rules, "cyclomatic > 15, cyclomatic >= 15, cyclomatic grew by > 5", &err),
		     0);
	const sp_gate_rule *r = rules.v.v;
	cr_assert(!sp_gate_rule_breaks(&r[0], 15, false, 0));
	cr_assert(sp_gate_rule_breaks(&r[0], 16, false, 0));
	cr_assert(sp_gate_rule_breaks(&r[1], 15, false, 0));
	cr_assert(!sp_gate_rule_breaks(&r[1], 14, true, 1));
	/* growth needs a base: a new function never grew */
	cr_assert(!sp_gate_rule_breaks(&r[2], 100, false, 0));
	cr_assert(!sp_gate_rule_breaks(&r[2], 15, true, 10));
	cr_assert(sp_gate_rule_breaks(&r[2], 16, true, 10));
	cr_assert(!sp_gate_rule_breaks(&r[2], 3, true, 10));
}

/* the maintainability index falls as code gets harder: its rules break below the limit */
Test(rules, mi_breaks_below_the_limit)
{
	cr_assert_eq(sp_gate_rules_parse(&rules, "mi < 20, mi <= 20 for python, lloc > 50", &err), 0);
	const sp_gate_rule *r = rules.v.v;
	cr_assert_eq(r[0].metric, SP_METRIC_MI);
	cr_assert(r[0].below && !r[0].or_equal);
	cr_assert(sp_gate_rule_breaks(&r[0], 19, false, 0));
	cr_assert(!sp_gate_rule_breaks(&r[0], 20, false, 0));
	cr_assert(sp_gate_rule_breaks(&r[1], 20, false, 0));
	cr_assert(!sp_gate_rule_breaks(&r[1], 21, false, 0));
	cr_assert_eq(r[2].metric, SP_METRIC_LLOC);
	cr_assert(sp_gate_rule_breaks(&r[2], 51, false, 0));
}

Test(rules, applies_by_language_and_glob)
{
	cr_assert_eq(sp_gate_rules_parse(&rules, "nloc > 1 for python in src/*, nloc > 1", &err), 0);
	const sp_gate_rule *r = rules.v.v;
	cr_assert(sp_gate_rule_applies(&r[0], "python", "src/a/b.py"), "'*' crosses '/'");
	cr_assert(!sp_gate_rule_applies(&r[0], "python", "lib/b.py"));
	cr_assert(!sp_gate_rule_applies(&r[0], "ruby", "src/b.rb"));
	cr_assert(sp_gate_rule_applies(&r[1], "ruby", "any/where.rb"));
}

static void refused(const char *text, const char *message)
{
	sp_buf_reset(&err);
	cr_assert_eq(sp_gate_rules_parse(&rules, text, &err), SP_EUSAGE, "'%s' was accepted", text);
	cr_assert_str_eq(sp_buf_cstr(&err), message);
}

Test(rules, errors_name_the_rule_and_the_position)
{
	refused("cyclomatic > 15, complexity > 3",
		"rule 'complexity > 3': unknown metric (cyclomatic, nloc, max_nesting, param_count, "
		"cognitive, halstead_volume, halstead_effort, lloc, mi, "
		"file_lines) at position 18");
	refused("nloc = 3", "rule 'nloc = 3': '>', '>=', '<' or '<=' expected at position 6");
	refused("nloc > x", "rule 'nloc > x': a number expected at position 8");
	refused("nloc > -1", "rule 'nloc > -1': a number expected at position 8");
	refused("nloc grew > 3", "rule 'nloc grew > 3': 'by' expected after 'grew' at position 11");
	refused("nloc > 3 for", "rule 'nloc > 3 for': a language expected at position 13");
	refused("nloc > 3 in a in b", "rule 'nloc > 3 in a in b': given twice at position 15");
	refused("nloc > 3 when", "rule 'nloc > 3 when': 'for LANGUAGE', 'in GLOB' or ',' expected at "
				 "position 10");
	refused("nloc > 3,", "rule '': empty rule at position 10");
	refused("", "rule '': empty rule at position 1");
	refused("nloc > 99999999999999999999",
		"rule 'nloc > 99999999999999999999': a number expected at "
		"position 8");
}
