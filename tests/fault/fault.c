/*
 * The control of cepdir-fault: the environment read once, before main,
 * the counters, and what a run did, written at exit for the test suites.
 *
 *   CEPDIR_FAULT_ALLOC=N    the Nth allocation fails (N+: and every later
 *                           one); 0 counts only
 *   CEPDIR_FAULT_OWN=N      the same, counting only the program's own
 *                           allocations (and libcsv's), not SQLite's
 *   CEPDIR_FAULT_IO=N       the Nth I/O call fails with EIO (N+: the disk
 *                           is full from the Nth call on: every later call
 *                           that takes space fails with ENOSPC)
 *   CEPDIR_FAULT_THREAD=N   the Nth pthread_create fails with EAGAIN
 *   CEPDIR_FAULT_LOG=FILE   at exit, the points counted, the faults
 *                           injected and the SQLite allocations still held
 *
 * To see where a fault lands: gdb -ex 'break fault_injected' -ex run
 * -ex bt --args cepdir-fault ..., with the variable set.
 *
 * The counters are atomic: an import runs up to three threads. Which
 * point a thread reaches first is then up to the scheduler, so there N
 * names a point of the run, not always the same call site.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fault.h"

static const char *const env_names[FAULT_NKINDS] = {
	"CEPDIR_FAULT_ALLOC", "CEPDIR_FAULT_OWN", "CEPDIR_FAULT_IO",
	"CEPDIR_FAULT_THREAD"
};
static const char *const log_names[FAULT_NKINDS] = {
	"alloc", "own", "io", "thread"
};

struct plan {
	int enabled;
	unsigned long at;	/* 0: count only */
	int persistent;
	atomic_ulong count;
	atomic_ulong injected;
};

static struct plan plans[FAULT_NKINDS];
static const char *log_path;

/* Called at each fault injected: "break fault_injected" in gdb stops
 * where the call that fails was made. */
__attribute__((noinline)) void
fault_injected(enum fault_kind k)
{
	__asm__ volatile("" : : "r"(k) : "memory");
}

int
fault_hit(enum fault_kind k, int can_fail)
{
	struct plan *p = &plans[k];
	unsigned long n;

	n = atomic_fetch_add(&p->count, 1) + 1;
	if (!can_fail || p->at == 0 || n < p->at ||
	    (n > p->at && !p->persistent))
		return 0;
	atomic_fetch_add(&p->injected, 1);
	fault_injected(k);
	return 1;
}

int
fault_enabled(enum fault_kind k)
{
	return plans[k].enabled;
}

int
fault_persistent(enum fault_kind k)
{
	return plans[k].persistent;
}

/* "N" or "N+"; a mistake in a test's environment stops the run. */
static void
parse_plan(enum fault_kind k)
{
	const char *s = getenv(env_names[k]);
	struct plan *p = &plans[k];
	char *end;

	if (s == NULL || *s == '\0')
		return;
	errno = 0;
	p->at = strtoul(s, &end, 10);
	p->persistent = *end == '+';
	if (errno != 0 || end == s || *s == '-' ||
	    strcmp(end + p->persistent, "") != 0) {
		fprintf(stderr, "cepdir-fault: %s=%s: want N or N+\n",
		    env_names[k], s);
		_exit(2);
	}
	p->enabled = 1;
}

/* Plain write(2): the program's own streams may be closed by now. */
static void
write_log(void)
{
	char buf[512];
	size_t len = 0;
	int k, fd;

	for (k = 0; k < FAULT_NKINDS; k++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
		    "%s %lu\n%s_injected %lu\n", log_names[k],
		    atomic_load(&plans[k].count), log_names[k],
		    atomic_load(&plans[k].injected));
	len += (size_t)snprintf(buf + len, sizeof(buf) - len,
	    "sqlite_live %ld\n", fault_sqlite_live());
	if ((fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666)) == -1)
		return;
	/* a short log shows as a missing line: nothing to do here */
	if (write(fd, buf, len) != (ssize_t)len)
		len = 0;
	close(fd);
}

/*
 * Before main: SQLite takes an allocator only before it initializes, and
 * main's first call, sqlite3_config(SQLITE_CONFIG_MEMSTATUS), does not
 * initialize it.
 */
__attribute__((constructor)) static void
fault_init(void)
{
	int k;

	for (k = 0; k < FAULT_NKINDS; k++)
		parse_plan(k);
	/* a harness that injects nothing would pass every test */
	if (fault_sqlite_malloc_install() == -1) {
		fputs("cepdir-fault: SQLite is initialized already: its "
		    "allocations cannot be counted\n", stderr);
		_exit(2);
	}
	if ((log_path = getenv("CEPDIR_FAULT_LOG")) != NULL &&
	    *log_path != '\0')
		atexit(write_log);
}
