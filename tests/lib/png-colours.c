/*
 * png-colours FILE: the number of distinct colours of an 8-bit,
 * non-interlaced PNG (the screenshots of headless Chromium), counted up to
 * 256. A blank page or picture is one colour. For tests/scripts/pages.sh,
 * which compiles it with zlib: no image library, no Python.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#define MAX_COLOURS 256

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int
paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	if (pa <= pb && pa <= pc)
		return a;
	return pb <= pc ? b : c;
}

/* Undoes the filter of each row, in place: rows of 1 + stride bytes. */
static int
unfilter(unsigned char *img, uint32_t h, size_t stride, size_t bpp)
{
	unsigned char *row, *prev;
	size_t x;
	uint32_t y;
	int a, b, c;

	for (y = 0; y < h; y++) {
		row = img + y * (stride + 1) + 1;
		prev = y > 0 ? row - (stride + 1) : NULL;
		for (x = 0; x < stride; x++) {
			a = x >= bpp ? row[x - bpp] : 0;
			b = prev ? prev[x] : 0;
			c = prev && x >= bpp ? prev[x - bpp] : 0;
			switch (row[-1]) {
			case 0:
				break;
			case 1:
				row[x] += a;
				break;
			case 2:
				row[x] += b;
				break;
			case 3:
				row[x] += (a + b) / 2;
				break;
			case 4:
				row[x] += paeth(a, b, c);
				break;
			default:
				return -1;
			}
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static uint32_t seen[MAX_COLOURS];
	unsigned char *png, *idat = NULL, *img;
	size_t n, at = 8, nidat = 0, bpp, stride, nseen = 0, i, k;
	uLongf size;
	uint32_t len, w = 0, h = 0, y, colour;
	FILE *fp;

	if (argc != 2 || (fp = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: png-colours FILE.png\n");
		return 2;
	}
	png = malloc(64 << 20);
	n = fread(png, 1, 64 << 20, fp);
	fclose(fp);
	if (n < 8 || memcmp(png, "\x89PNG\r\n\x1a\n", 8) != 0)
		goto bad;
	bpp = 0;
	while (at + 12 <= n) {
		len = be32(png + at);
		if (len > n - at - 12)
			goto bad;
		if (memcmp(png + at + 4, "IHDR", 4) == 0) {
			w = be32(png + at + 8);
			h = be32(png + at + 12);
			/* 8 bits; grey, RGB, grey and alpha, RGBA; no
			 * interlace */
			if (png[at + 16] != 8 || png[at + 20] != 0)
				goto bad;
			switch (png[at + 17]) {
			case 0: bpp = 1; break;
			case 2: bpp = 3; break;
			case 4: bpp = 2; break;
			case 6: bpp = 4; break;
			default: goto bad;
			}
		} else if (memcmp(png + at + 4, "IDAT", 4) == 0) {
			idat = realloc(idat, nidat + len);
			memcpy(idat + nidat, png + at + 8, len);
			nidat += len;
		}
		at += 12 + len;
	}
	if (bpp == 0 || w == 0 || h == 0 || w > 20000 || h > 20000)
		goto bad;
	stride = (size_t)w * bpp;
	size = (uLongf)(h * (stride + 1));
	img = malloc(size);
	if (uncompress(img, &size, idat, nidat) != Z_OK ||
	    size != h * (stride + 1) || unfilter(img, h, stride, bpp) != 0)
		goto bad;
	for (y = 0; y < h && nseen < MAX_COLOURS; y++)
		for (i = 0; i < w && nseen < MAX_COLOURS; i++) {
			colour = 0;
			for (k = 0; k < bpp; k++)
				colour = colour << 8 |
				    img[y * (stride + 1) + 1 + i * bpp + k];
			for (k = 0; k < nseen && seen[k] != colour; k++)
				;
			if (k == nseen)
				seen[nseen++] = colour;
		}
	printf("%zu\n", nseen);
	return 0;
bad:
	fprintf(stderr, "png-colours: %s: not a PNG this reads\n", argv[1]);
	return 1;
}
