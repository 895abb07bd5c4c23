/* Growing arrays (mem.h). */
#include <stdint.h>
#include <stdlib.h>

#include "mem.h"

void *
grow(void *v, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *nv;

	if (need <= *cap && v != NULL)
		return v;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return NULL;
		n *= 2;
	}
	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	if ((nv = realloc(v, n * size)) == NULL)
		return NULL;
	*cap = n;
	return nv;
}
