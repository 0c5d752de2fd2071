/* transform/mi_p.h: the maintainability index of a function or a file (mi.c), for the row
   builders (rows.c). */
#ifndef SP_MI_P_H
#define SP_MI_P_H

#include "sp_extract.h"

/* Halstead's volume N log2 h (0 when the vocabulary is empty, as radon has it). */
double sp_halstead_volume(const sp_halstead *h);
/* radon's maintainability index (0..100) over h's volume and r's other inputs. */
double sp_mi(const sp_halstead *h, const sp_raw *r);

#endif
