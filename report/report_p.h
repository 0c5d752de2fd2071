/* report/report_p.h: what the report's files share privately: the page's inline style sheet and
   script (report/page.c), which report.c writes into the page. */
#ifndef SP_REPORT_P_H
#define SP_REPORT_P_H

extern const char sp_report_css[];
extern const char sp_report_js[];

#endif
