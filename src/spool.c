/*
 * A pipe or a device cannot be read twice, and the CSV reader reads a
 * file twice (its encoding and delimiter, then its rows): such an input is
 * first copied to a temporary file, unlinked at once, so that memory does
 * not grow with it and nothing is left behind.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cepdir.h"
#include "i18n.h"

#define SPOOL_BLOCK (64 * 1024)

static int
copy_all(int from, int to)
{
	char *buf;
	ssize_t n, w, off;

	if ((buf = malloc(SPOOL_BLOCK)) == NULL)
		return -1;
	while ((n = read(from, buf, SPOOL_BLOCK)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		for (off = 0; off < n; off += w)
			if ((w = write(to, buf + off, (size_t)(n - off))) == -1)
				break;
		if (off < n) {
			n = -1;
			break;
		}
	}
	free(buf);
	return n == 0 ? 0 : -1;
}

int
csv_spool(int fd, int *out, char *err, size_t errsz)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int tmp, saved;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof(path), "%s/cepdir-spool.XXXXXX",
	    dir) >= sizeof(path)) {
		snprintf(err, errsz, "%s", _("TMPDIR is too long"));
		return CEP_IOERR;
	}
	if ((tmp = mkstemp(path)) == -1) {
		snprintf(err, errsz, _("cannot make a temporary file in %s: %s"),
		    dir, strerror(errno));
		return CEP_IOERR;
	}
	unlink(path);
	if (copy_all(fd, tmp) == -1) {
		saved = errno;
		close(tmp);
		if (saved == ENOMEM)
			return CEP_SOFTWARE;
		snprintf(err, errsz, _("cannot copy the input to %s: %s"), dir,
		    strerror(saved));
		return CEP_IOERR;
	}
	*out = tmp;
	return CEP_OK;
}
