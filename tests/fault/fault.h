/*
 * The fault injector of cepdir-fault, the test build of cepdir: the same
 * objects as cepdir, linked with --wrap so that the program's allocations
 * and file calls pass through tests/fault/, and with an allocator and a
 * VFS of ours installed into SQLite. Tests only; never in cepdir itself.
 *
 * Each kind of fault counts its own points (allocations, I/O calls,
 * threads) on an atomic counter shared by every thread, and fails the
 * Nth, or the Nth and every later one, as the environment says.
 */
#ifndef FAULT_H
#define FAULT_H

#include <sqlite3.h>

/* FAULT_OWN counts the program's own allocations alone (libcsv's too),
 * not SQLite's: where cepdir's own handling of a failure is tried. */
enum fault_kind { FAULT_ALLOC, FAULT_OWN, FAULT_IO, FAULT_THREAD,
    FAULT_NKINDS };

/* Counts one point of that kind; nonzero when it must fail. A point
 * that cannot fail as this run asks (a read once the disk is full) is
 * counted all the same, so that N names the same point in every mode. */
int fault_hit(enum fault_kind, int can_fail);

/* Where each injected fault passes, for a debugger's breakpoint. */
void fault_injected(enum fault_kind);

/* Whether the kind was asked for at all (CEPDIR_FAULT_IO=0 counts). */
int fault_enabled(enum fault_kind);

/* Whether failing goes on past the Nth point ("N+"): memory that ran
 * out, a disk that filled up. */
int fault_persistent(enum fault_kind);

/* The allocator that counts SQLite's allocations, installed before SQLite
 * initializes (-1 if it is too late); and how many blocks SQLite holds. */
int fault_sqlite_malloc_install(void);
long fault_sqlite_live(void);

/* The VFS that counts SQLite's reads, writes, truncations and syncs,
 * made the default before the first connection opens. */
int fault_vfs_install(void);

#endif
