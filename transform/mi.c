/* transform/mi.c: the maintainability index, radon's mi_compute, from the figures extraction
   left on a function or a file (Halstead's counts and sp_raw); rows.c stores it beside them. */
#include <math.h>

#include "mi_p.h"

#include "banned.h"

double sp_halstead_volume(const sp_halstead *h)
{
	double n = (double)h->n1 + h->n2, voc = (double)h->h1 + h->h2;
	return voc > 0 ? n * log2(voc) : 0;
}

/* MI = max(0, (171 - 5.2 ln V - 0.23 G - 16.2 ln L + 50 sin(sqrt(2.46 rad(C)))) * 100 / 171),
   at most 100; V the Halstead volume, G the complexity term, L the logical lines, C the comment
   lines in percent of the source lines; 100 when V or L is 0 (radon/metrics.py). */
double sp_mi(const sp_halstead *h, const sp_raw *r)
{
	double volume = sp_halstead_volume(h);
	if (volume <= 0 || r->lloc == 0)
		return 100.0;
	double comments = r->sloc ? (double)r->comments / r->sloc * 100.0 : 0;
	double nn = 171 - 5.2 * log(volume) - 0.23 * r->mi_complexity - 16.2 * log((double)r->lloc) +
		    50 * sin(sqrt(2.46 * (comments * (M_PI / 180.0))));
	double mi = nn * 100 / 171.0;
	return mi < 0 ? 0 : mi > 100 ? 100 : mi;
}
