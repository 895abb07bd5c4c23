/*
 * maxrss OUT COMMAND [ARG...]: runs COMMAND, its stdin and stdout as given,
 * and writes to OUT its peak resident set size in KiB (getrusage of the
 * child); exits with COMMAND's status. For the memory tests, which must
 * not depend on GNU time being installed.
 */
#include <sys/resource.h>
#include <sys/wait.h>
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct rusage ru;
	FILE *fp;
	pid_t pid;
	int status;

	if (argc < 3) {
		fprintf(stderr, "usage: maxrss OUT COMMAND [ARG...]\n");
		return 64;
	}
	if ((pid = fork()) == -1) {
		perror("fork");
		return 71;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) == -1) {
		perror("wait4");
		return 71;
	}
	if ((fp = fopen(argv[1], "w")) == NULL) {
		perror(argv[1]);
		return 73;
	}
	fprintf(fp, "%ld\n", ru.ru_maxrss);
	fclose(fp);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
