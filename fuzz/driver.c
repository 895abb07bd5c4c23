/*
 * A main for the fuzz targets without libFuzzer (as libFuzzer's
 * standalone driver): runs LLVMFuzzerTestOneInput once on each file named
 * on the command line, each in a buffer of its exact size. Built with
 * ASan and UBSan by fuzz/build.sh replay, for tests/scripts/
 * fuzz-regressions.sh. Exit 0 when every input ran; a crash aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int
run_file(const char *path)
{
	FILE *fp;
	uint8_t *buf = NULL, *nb;
	size_t len = 0, cap = 0, got;

	if ((fp = fopen(path, "rb")) == NULL) {
		perror(path);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((nb = realloc(buf, cap)) == NULL) {
				perror("realloc");
				exit(1);
			}
			buf = nb;
		}
		if ((got = fread(buf + len, 1, cap - len, fp)) == 0)
			break;
		len += got;
	}
	if (ferror(fp)) {
		perror(path);
		fclose(fp);
		free(buf);
		return -1;
	}
	fclose(fp);
	/* exactly len bytes, so ASan sees a read past the end */
	if ((nb = malloc(len ? len : 1)) == NULL)
		exit(1);
	memcpy(nb, buf, len);
	free(buf);
	fprintf(stderr, "running %s (%zu bytes)\n", path, len);
	LLVMFuzzerTestOneInput(nb, len);
	free(nb);
	return 0;
}

int
main(int argc, char **argv)
{
	int i, rc = 0;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		if (run_file(argv[i]) == -1)
			rc = 1;
	return rc;
}
