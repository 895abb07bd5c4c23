/*
 * Allocations that fail. The program's own calls reach these through
 * -Wl,--wrap (tests/fault/fault.mk); SQLite's through an allocator of
 * ours around its default one; libcsv's through the realloc function of
 * each parser, set when cepdir initializes one. What a library allocates
 * with the C library's malloc on its own (iconv_open, opendir, qsort) is
 * out of reach.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "fault.h"

void *__real_malloc(size_t);
void *__real_calloc(size_t, size_t);
void *__real_realloc(void *, size_t);
void *__real_reallocarray(void *, size_t, size_t);
char *__real_strdup(const char *);
char *__real_strndup(const char *, size_t);
int __real_csv_init(struct csv_parser *, unsigned char);
int __real_pthread_create(pthread_t *, const pthread_attr_t *,
    void *(*)(void *), void *);

void *__wrap_malloc(size_t);
void *__wrap_calloc(size_t, size_t);
void *__wrap_realloc(void *, size_t);
void *__wrap_reallocarray(void *, size_t, size_t);
char *__wrap_strdup(const char *);
char *__wrap_strndup(const char *, size_t);
int __wrap_csv_init(struct csv_parser *, unsigned char);
int __wrap_pthread_create(pthread_t *, const pthread_attr_t *,
    void *(*)(void *), void *);

/* An allocation of the program's own: counted in both counts. */
static int
fails(void)
{
	int all = fault_hit(FAULT_ALLOC, 1), own = fault_hit(FAULT_OWN, 1);

	if (!all && !own)
		return 0;
	errno = ENOMEM;
	return 1;
}

void *
__wrap_malloc(size_t n)
{
	return fails() ? NULL : __real_malloc(n);
}

void *
__wrap_calloc(size_t n, size_t size)
{
	return fails() ? NULL : __real_calloc(n, size);
}

/* A failed realloc leaves the block as it was, as the real one does. */
void *
__wrap_realloc(void *p, size_t n)
{
	return fails() ? NULL : __real_realloc(p, n);
}

void *
__wrap_reallocarray(void *p, size_t n, size_t size)
{
	return fails() ? NULL : __real_reallocarray(p, n, size);
}

char *
__wrap_strdup(const char *s)
{
	return fails() ? NULL : __real_strdup(s);
}

char *
__wrap_strndup(const char *s, size_t n)
{
	return fails() ? NULL : __real_strndup(s, n);
}

/* libcsv grows its field buffer with the parser's realloc function, from
 * inside the shared library, where --wrap does not reach. */
int
__wrap_csv_init(struct csv_parser *p, unsigned char options)
{
	int rc;

	if ((rc = __real_csv_init(p, options)) == 0)
		csv_set_realloc_func(p, __wrap_realloc);
	return rc;
}

/* Threads are counted apart: a thread that cannot start is not memory
 * running out, and the program has a way on without it. */
int
__wrap_pthread_create(pthread_t *t, const pthread_attr_t *attr,
    void *(*fn)(void *), void *arg)
{
	if (fault_hit(FAULT_THREAD, 1))
		return EAGAIN;
	return __real_pthread_create(t, attr, fn, arg);
}

/* ---- SQLite ---- */

static sqlite3_mem_methods real_mem;
static atomic_long live;	/* blocks SQLite holds */

static void *
sq_malloc(int n)
{
	void *p;

	if (fault_hit(FAULT_ALLOC, 1))
		return NULL;
	if ((p = real_mem.xMalloc(n)) != NULL)
		atomic_fetch_add(&live, 1);
	return p;
}

static void
sq_free(void *p)
{
	if (p != NULL)
		atomic_fetch_sub(&live, 1);
	real_mem.xFree(p);
}

static void *
sq_realloc(void *p, int n)
{
	if (fault_hit(FAULT_ALLOC, 1))
		return NULL;
	return real_mem.xRealloc(p, n);
}

int
fault_sqlite_malloc_install(void)
{
	sqlite3_mem_methods m;

	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) != SQLITE_OK)
		return -1;
	m = real_mem;
	m.xMalloc = sq_malloc;
	m.xFree = sq_free;
	m.xRealloc = sq_realloc;
	return sqlite3_config(SQLITE_CONFIG_MALLOC, &m) == SQLITE_OK ? 0 : -1;
}

long
fault_sqlite_live(void)
{
	return atomic_load(&live);
}
