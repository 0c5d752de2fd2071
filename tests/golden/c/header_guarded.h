/* A C header made for C++ callers too: what #ifdef __cplusplus guards is C++'s side and no
   evidence, so the .h stays C (schema/lang/c.md "C or C++ headers"). */
#ifndef POINT_H
#define POINT_H

#ifdef __cplusplus
extern "C" {
#endif

struct point {
	int x, y;
};

int point_area(const struct point *p);

static inline int point_max(const struct point *p)
{
	return p->x > p->y ? p->x : p->y;
}

#ifdef __cplusplus
}
#endif
#endif
