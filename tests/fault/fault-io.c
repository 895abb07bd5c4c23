/*
 * I/O that fails. SQLite's reads, writes, truncations and syncs go
 * through a VFS of ours around the default one; the calls the program
 * makes itself to put a new file in place (mkstemp, fchmod, fsync,
 * rename) through -Wl,--wrap (tests/fault/fault.mk). One counter for all:
 * "N" fails the Nth with EIO (SQLITE_IOERR_*); "N+" fills the disk at the
 * Nth, so that it and every later call that takes space fail with ENOSPC
 * (SQLITE_FULL), while reads, truncations and fchmod go on.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fault.h"

int __real_mkstemp(char *);
int __real_fchmod(int, mode_t);
int __real_fsync(int);
int __real_rename(const char *, const char *);
int __real_sqlite3_open_v2(const char *, sqlite3 **, int, const char *);

int __wrap_mkstemp(char *);
int __wrap_fchmod(int, mode_t);
int __wrap_fsync(int);
int __wrap_rename(const char *, const char *);
int __wrap_sqlite3_open_v2(const char *, sqlite3 **, int, const char *);

/* 0, or the errno of a failure of this call. */
static int
io_fails(int takes_space)
{
	int full = fault_persistent(FAULT_IO);

	if (!fault_enabled(FAULT_IO) || !fault_hit(FAULT_IO, takes_space ||
	    !full))
		return 0;
	return full ? ENOSPC : EIO;
}

/* ---- the program's own calls ---- */

int
__wrap_mkstemp(char *template)
{
	if ((errno = io_fails(1)) != 0)
		return -1;
	return __real_mkstemp(template);
}

int
__wrap_fchmod(int fd, mode_t mode)
{
	if ((errno = io_fails(0)) != 0)
		return -1;
	return __real_fchmod(fd, mode);
}

int
__wrap_fsync(int fd)
{
	if ((errno = io_fails(1)) != 0)
		return -1;
	return __real_fsync(fd);
}

int
__wrap_rename(const char *from, const char *to)
{
	if ((errno = io_fails(1)) != 0)
		return -1;
	return __real_rename(from, to);
}

/* ---- SQLite's, through a VFS around the default one ---- */

/* Our file, followed by the default VFS's own. */
struct ffile {
	sqlite3_file base;
	sqlite3_file *real;
};

#define REAL(f)	(((struct ffile *)(f))->real)
#define RM(f)	(REAL(f)->pMethods)

static sqlite3_vfs *real_vfs;
static sqlite3_vfs fault_vfs;

static int
f_close(sqlite3_file *f)
{
	return RM(f)->xClose(REAL(f));
}

static int
f_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	if (io_fails(0))
		return SQLITE_IOERR_READ;
	return RM(f)->xRead(REAL(f), buf, n, off);
}

static int
f_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	int e;

	if ((e = io_fails(1)) != 0)
		return e == ENOSPC ? SQLITE_FULL : SQLITE_IOERR_WRITE;
	return RM(f)->xWrite(REAL(f), buf, n, off);
}

static int
f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	if (io_fails(0))
		return SQLITE_IOERR_TRUNCATE;
	return RM(f)->xTruncate(REAL(f), size);
}

/* What unix's xSync says of any fsync(2) that fails, ENOSPC too. */
static int
f_sync(sqlite3_file *f, int flags)
{
	if (io_fails(1))
		return SQLITE_IOERR_FSYNC;
	return RM(f)->xSync(REAL(f), flags);
}

static int
f_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return RM(f)->xFileSize(REAL(f), size);
}

static int
f_lock(sqlite3_file *f, int lock)
{
	return RM(f)->xLock(REAL(f), lock);
}

static int
f_unlock(sqlite3_file *f, int lock)
{
	return RM(f)->xUnlock(REAL(f), lock);
}

static int
f_check_reserved(sqlite3_file *f, int *out)
{
	return RM(f)->xCheckReservedLock(REAL(f), out);
}

static int
f_file_control(sqlite3_file *f, int op, void *arg)
{
	return RM(f)->xFileControl(REAL(f), op, arg);
}

static int
f_sector_size(sqlite3_file *f)
{
	return RM(f)->xSectorSize(REAL(f));
}

static int
f_device(sqlite3_file *f)
{
	return RM(f)->xDeviceCharacteristics(REAL(f));
}

static int
f_shm_map(sqlite3_file *f, int pg, int sz, int extend, void volatile **pp)
{
	return RM(f)->xShmMap(REAL(f), pg, sz, extend, pp);
}

static int
f_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return RM(f)->xShmLock(REAL(f), off, n, flags);
}

static void
f_shm_barrier(sqlite3_file *f)
{
	RM(f)->xShmBarrier(REAL(f));
}

static int
f_shm_unmap(sqlite3_file *f, int del)
{
	return RM(f)->xShmUnmap(REAL(f), del);
}

static int
f_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	return RM(f)->xFetch(REAL(f), off, n, pp);
}

static int
f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return RM(f)->xUnfetch(REAL(f), off, p);
}

/* One table per version of the methods: SQLite calls the methods of a
 * later version only when the file's own methods have them. */
#define METHODS(v) { v, f_close, f_read, f_write, f_truncate, f_sync, \
	f_file_size, f_lock, f_unlock, f_check_reserved, f_file_control, \
	f_sector_size, f_device, f_shm_map, f_shm_lock, f_shm_barrier, \
	f_shm_unmap, f_fetch, f_unfetch }

static const sqlite3_io_methods methods[] = {
	METHODS(0), METHODS(1), METHODS(2), METHODS(3)
};

static int
f_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags,
    int *out)
{
	struct ffile *p = (struct ffile *)f;
	int v, rc;

	(void)vfs;
	p->real = (sqlite3_file *)(p + 1);
	rc = real_vfs->xOpen(real_vfs, name, p->real, flags, out);
	/* a failed open may leave methods that SQLite will close with */
	if (p->real->pMethods == NULL) {
		p->base.pMethods = NULL;
		return rc;
	}
	v = p->real->pMethods->iVersion;
	p->base.pMethods = &methods[v < 0 ? 0 : v > 3 ? 3 : v];
	return rc;
}

int
fault_vfs_install(void)
{
	if ((real_vfs = sqlite3_vfs_find(NULL)) == NULL)
		return -1;
	/* the rest of the default VFS as it is: its methods get our vfs,
	 * which holds the same pAppData and limits */
	fault_vfs = *real_vfs;
	fault_vfs.pNext = NULL;
	fault_vfs.zName = "cepdir-fault";
	fault_vfs.szOsFile = (int)sizeof(struct ffile) + real_vfs->szOsFile;
	fault_vfs.xOpen = f_open;
	return sqlite3_vfs_register(&fault_vfs, 1) == SQLITE_OK ? 0 : -1;
}

/* The VFS goes in before the first connection, not before main: there,
 * registering would initialize SQLite before main configures it. */
static void
install_once(void)
{
	if (fault_vfs_install() == -1) {
		fputs("cepdir-fault: cannot install the VFS\n", stderr);
		_exit(2);
	}
}

int
__wrap_sqlite3_open_v2(const char *name, sqlite3 **db, int flags,
    const char *vfs)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	if (fault_enabled(FAULT_IO))
		pthread_once(&once, install_once);
	return __real_sqlite3_open_v2(name, db, flags, vfs);
}
