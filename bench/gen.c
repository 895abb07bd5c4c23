/*
 * gen SEED ROWS DIR: a synthetic CEP directory for the benchmark, in the
 * import format of the contract: DIR/regions.csv (the 18 current regions),
 * DIR/operators.csv (25,000 regional operators op-00001...) and
 * DIR/coverage.csv (ROWS mandates). Each operator serves one region and one
 * public with consecutive yearly mandates (YYYY-01-01 to YYYY-12-31), so no
 * two rows of one (operator, region, public) overlap and every operator has
 * exactly one mandate in force on 2020-06-01. A coverage row is about 56
 * bytes. The same SEED and ROWS always give the same bytes.
 *
 * Plain C, no dependency: cc -O2 -o gen bench/gen.c
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPERATORS 25000

static const struct {
	const char *code, *name, *kind;
} regions[] = {
	{ "01", "Guadeloupe", "drom" },
	{ "02", "Martinique", "drom" },
	{ "03", "Guyane", "drom" },
	{ "04", "La Réunion", "drom" },
	{ "06", "Mayotte", "drom" },
	{ "11", "Île-de-France", "metro" },
	{ "24", "Centre-Val de Loire", "metro" },
	{ "27", "Bourgogne-Franche-Comté", "metro" },
	{ "28", "Normandie", "metro" },
	{ "32", "Hauts-de-France", "metro" },
	{ "44", "Grand Est", "metro" },
	{ "52", "Pays de la Loire", "metro" },
	{ "53", "Bretagne", "metro" },
	{ "75", "Nouvelle-Aquitaine", "metro" },
	{ "76", "Occitanie", "metro" },
	{ "84", "Auvergne-Rhône-Alpes", "metro" },
	{ "93", "Provence-Alpes-Côte d'Azur", "metro" },
	{ "94", "Corse", "metro" },
};
#define NREGIONS (sizeof(regions) / sizeof(regions[0]))

static const char *const publics[] = {
	"jobseekers", "executives", "youth", "disabled", "employed"
};

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t state;

static uint64_t
next(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned
below(unsigned n)
{
	return (unsigned)(next() % n);
}

static FILE *
create(const char *dir, const char *name)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "w")) == NULL) {
		perror(path);
		exit(1);
	}
	return fp;
}

static void
finish(FILE *fp, const char *name)
{
	if (ferror(fp) || fclose(fp) != 0) {
		fprintf(stderr, "gen: write error on %s\n", name);
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	static char buf[1 << 16];
	FILE *fp;
	long rows, per, extra, i, k;
	unsigned r, p;
	int year;
	size_t j;

	if (argc != 4 || (rows = strtol(argv[2], NULL, 10)) < OPERATORS ||
	    rows > OPERATORS * 1000L) {
		fprintf(stderr, "usage: gen SEED ROWS DIR (%d <= ROWS <= %ld)\n",
		    OPERATORS, OPERATORS * 1000L);
		return 2;
	}
	state = strtoull(argv[1], NULL, 10);

	fp = create(argv[3], "regions.csv");
	fputs("code,name,kind\n", fp);
	for (j = 0; j < NREGIONS; j++)
		fprintf(fp, "%s,%s,%s\n", regions[j].code, regions[j].name,
		    regions[j].kind);
	finish(fp, "regions.csv");

	fp = create(argv[3], "operators.csv");
	fputs("id,name,kind,website\n", fp);
	for (i = 1; i <= OPERATORS; i++)
		fprintf(fp, "op-%05ld,Opérateur CEP %05ld,regional,"
		    "https://op-%05ld.example.org\n", i, i, i);
	finish(fp, "operators.csv");

	/*
	 * ROWS / OPERATORS mandates each (the first ROWS % OPERATORS one
	 * more), starting in a year chosen so that the run covers 2020.
	 */
	fp = create(argv[3], "coverage.csv");
	setvbuf(fp, buf, _IOFBF, sizeof(buf));
	fputs("operator,region,public,valid_from,valid_to,source\n", fp);
	per = rows / OPERATORS;
	extra = rows % OPERATORS;
	for (i = 1; i <= OPERATORS; i++) {
		long n = per + (i <= extra);

		r = below(NREGIONS);
		p = below(5);
		year = 2021 - (int)n + (int)below((unsigned)n);
		for (k = 0; k < n; k++, year++)
			fprintf(fp, "op-%05ld,%s,%s,%04d-01-01,%04d-12-31,"
			    "bench-%06u\n", i, regions[r].code, publics[p],
			    year, year, below(1000000));
	}
	finish(fp, "coverage.csv");
	return 0;
}
