/*
 * Rows flow from the CSV reader to SQLite in batches. For a big file the
 * reader runs in a thread of its own, so parsing and storing use both
 * cores; a small file (and the fuzzer) keeps one thread. Three batches
 * turn: one being filled, one waiting, one being stored.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "mem.h"

#define NBATCH 3

struct pipeline {
	int threaded;
	pipeline_consume_fn consume;
	void *ctx;
	struct batch batches[NBATCH];
	struct batch *cur;	/* being filled by the producer */
	struct batch *ready;	/* filled, waiting for the consumer */
	struct batch *free[NBATCH];
	int nfree;
	int done;		/* the producer has finished */
	int failed;		/* the consumer has failed: stop producing */
	int locks;		/* mu and cv are initialised */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	void *(*producer)(void *);
	void *arg;
};

struct pipeline *
pipeline_new(int threaded, pipeline_consume_fn consume, void *ctx)
{
	struct pipeline *p;
	int i;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->threaded = threaded;
	p->consume = consume;
	p->ctx = ctx;
	for (i = 0; i < NBATCH; i++) {
		p->batches[i].rows = calloc(BATCH_ROWS,
		    sizeof(*p->batches[i].rows));
		if (p->batches[i].rows == NULL) {
			pipeline_free(p);
			return NULL;
		}
	}
	p->cur = &p->batches[0];
	for (i = 1; i < NBATCH; i++)
		p->free[p->nfree++] = &p->batches[i];
	if (pthread_mutex_init(&p->mu, NULL) != 0) {
		pipeline_free(p);
		return NULL;
	}
	if (pthread_cond_init(&p->cv, NULL) != 0) {
		pthread_mutex_destroy(&p->mu);
		pipeline_free(p);
		return NULL;
	}
	p->locks = 1;
	return p;
}

void
pipeline_free(struct pipeline *p)
{
	int i;

	if (p == NULL)
		return;
	for (i = 0; i < NBATCH; i++) {
		free(p->batches[i].rows);
		free(p->batches[i].arena);
	}
	if (p->locks) {
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->cv);
	}
	free(p);
}

struct batch *
pipeline_batch(struct pipeline *p)
{
	return p->cur;
}

static void
reset(struct batch *b)
{
	b->nrows = 0;
	b->arenalen = 0;
}

/* Hands the filled batch over and takes an empty one. */
int
pipeline_push(struct pipeline *p)
{
	int rc = 0;

	if (p->cur->nrows == 0)
		return 0;
	if (!p->threaded) {
		rc = p->consume(p->ctx, p->cur);
		reset(p->cur);
		return rc;
	}
	pthread_mutex_lock(&p->mu);
	while ((p->ready != NULL || p->nfree == 0) && !p->failed)
		pthread_cond_wait(&p->cv, &p->mu);
	if (p->failed)
		rc = -1;
	else {
		p->ready = p->cur;
		p->cur = p->free[--p->nfree];
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return rc;
}

static void *
produce(void *arg)
{
	struct pipeline *p = arg;

	p->producer(p->arg);
	pipeline_push(p);
	pthread_mutex_lock(&p->mu);
	p->done = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Runs producer(arg), storing what it pushes; -1 if storing failed. */
int
pipeline_run(struct pipeline *p, void *(*producer)(void *), void *arg)
{
	struct batch *b;
	pthread_t t;
	int rc = 0;

	if (!p->threaded) {
		producer(arg);
		return pipeline_push(p);
	}
	p->producer = producer;
	p->arg = arg;
	if (pthread_create(&t, NULL, produce, p) != 0) {
		p->threaded = 0;
		producer(arg);
		return pipeline_push(p);
	}
	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->ready == NULL && !p->done)
			pthread_cond_wait(&p->cv, &p->mu);
		b = p->ready;
		p->ready = NULL;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		if (b == NULL)
			break;
		if (rc == 0 && p->consume(p->ctx, b) == -1)
			rc = -1;
		reset(b);
		pthread_mutex_lock(&p->mu);
		p->free[p->nfree++] = b;
		if (rc == -1)
			p->failed = 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	pthread_join(t, NULL);
	return rc;
}

/* Copies n bytes of s into the batch's arena, their offset in *off;
 * 0, or -1 when out of memory. */
int
batch_copy(struct batch *b, const char *s, size_t n, size_t *off)
{
	char *a;
	size_t cap;

	if (b->arenalen + n > b->arenacap) {
		/* from 64 KiB: rows are small and many */
		cap = b->arenacap ? b->arenacap : 64 * 1024;
		if ((a = grow(b->arena, &cap, b->arenalen + n, 1)) == NULL)
			return -1;
		b->arena = a;
		b->arenacap = cap;
	}
	if (n > 0)
		memcpy(b->arena + b->arenalen, s, n);
	*off = b->arenalen;
	b->arenalen += n;
	return 0;
}
