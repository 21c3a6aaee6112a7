/*
 * pgmbox.c - measure ink in rasterised pages, for the end-to-end tests.
 *
 *   pgmbox ink FILE.pgm [X Y W H]   count dark pixels (< 128), in a box
 *   pgmbox diff A.pgm B.pgm          bounding box of pixels that differ:
 *                                    "x0 y0 x1 y1 count", or "none"
 *
 * Reads binary greyscale PGM (P5, maxval 255) as written by
 * `pdftoppm -gray`. A test renders a visit twice, with and without one
 * value, and checks that the difference lies inside that field's box:
 * a field drawn in the wrong place fails it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pgm {
	int w, h;
	unsigned char *px;
};

static int
pgm_read(const char *path, struct pgm *p)
{
	FILE *f = fopen(path, "rb");
	int maxval;

	if (f == NULL || fscanf(f, "P5 %d %d %d", &p->w, &p->h, &maxval) != 3 ||
	    maxval != 255 || p->w <= 0 || p->h <= 0 || fgetc(f) == EOF) {
		fprintf(stderr, "pgmbox: %s: not a P5 PGM\n", path);
		return -1;
	}
	p->px = malloc((size_t)p->w * (size_t)p->h);
	if (p->px == NULL ||
	    fread(p->px, 1, (size_t)p->w * (size_t)p->h, f) !=
	    (size_t)p->w * (size_t)p->h) {
		fprintf(stderr, "pgmbox: %s: short file\n", path);
		return -1;
	}
	fclose(f);
	return 0;
}

int
main(int argc, char **argv)
{
	struct pgm a, b;
	int x, y, x0, y0, x1, y1;
	long count = 0;

	if (argc >= 3 && strcmp(argv[1], "ink") == 0) {
		if (pgm_read(argv[2], &a) != 0)
			return 2;
		x0 = 0;
		y0 = 0;
		x1 = a.w;
		y1 = a.h;
		if (argc == 7) {
			x0 = atoi(argv[3]);
			y0 = atoi(argv[4]);
			x1 = x0 + atoi(argv[5]);
			y1 = y0 + atoi(argv[6]);
		}
		for (y = y0 < 0 ? 0 : y0; y < y1 && y < a.h; y++)
			for (x = x0 < 0 ? 0 : x0; x < x1 && x < a.w; x++)
				count += a.px[y * a.w + x] < 128;
		printf("%ld\n", count);
		free(a.px);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "diff") == 0) {
		if (pgm_read(argv[2], &a) != 0 || pgm_read(argv[3], &b) != 0)
			return 2;
		if (a.w != b.w || a.h != b.h) {
			fprintf(stderr, "pgmbox: pages differ in size\n");
			return 2;
		}
		x0 = a.w;
		y0 = a.h;
		x1 = -1;
		y1 = -1;
		for (y = 0; y < a.h; y++) {
			for (x = 0; x < a.w; x++) {
				int d = a.px[y * a.w + x] - b.px[y * a.w + x];
				if (d > -64 && d < 64)
					continue;
				count++;
				if (x < x0) x0 = x;
				if (y < y0) y0 = y;
				if (x > x1) x1 = x;
				if (y > y1) y1 = y;
			}
		}
		if (count == 0)
			printf("none\n");
		else
			printf("%d %d %d %d %ld\n", x0, y0, x1, y1, count);
		free(a.px);
		free(b.px);
		return 0;
	}
	fprintf(stderr, "usage: pgmbox ink FILE [X Y W H] | pgmbox diff A B\n");
	return 2;
}
