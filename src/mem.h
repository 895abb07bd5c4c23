/* Growing arrays: the one place where a size is doubled and checked. */
#ifndef MEM_H
#define MEM_H

#include <stddef.h>

/*
 * Room for need elements of size bytes in the array v of capacity *cap,
 * doubled as often as needed (from 16): the array, moved or not, with
 * *cap updated; or NULL when memory is out or the size overflows, with v
 * and *cap as they were.
 */
void *grow(void *v, size_t *cap, size_t need, size_t size);

#endif
