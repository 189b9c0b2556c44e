/*
 * virbitmap.h: fixed-size bit sets and libvirt's range syntax
 *
 * Domain XML names sets of vCPUs, host CPUs and I/O threads with
 * strings such as "0-3,^2,8". libvirt parses them into bitmaps whose
 * size is a limit ("16384 CPUs"), normalizes them, and prints them back
 * in its canonical form ("0-1,3,8"); a bit beyond the limit is an error,
 * not a silent growth.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

typedef struct _virBitmap virBitmap;

/* An empty bitmap able to hold bits 0 .. @nbits - 1. */
virBitmap *virBitmapNew(size_t nbits);
void virBitmapFree(virBitmap *map);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virBitmap, virBitmapFree);

virBitmap *virBitmapNewCopy(const virBitmap *map);

/* Number of bits the bitmap can hold. */
size_t virBitmapSize(const virBitmap *map);

/* Returns 0, or -1 (no error reported) when @bit is beyond the size. */
int virBitmapSetBit(virBitmap *map, size_t bit);
int virBitmapClearBit(virBitmap *map, size_t bit);
bool virBitmapIsBitSet(const virBitmap *map, size_t bit);

/* The first set bit after @pos (-1 to start), or -1 when none is left. */
ssize_t virBitmapNextSetBit(const virBitmap *map, ssize_t pos);

bool virBitmapIsAllClear(const virBitmap *map);
/* Whether both hold the same set bits (sizes may differ). */
bool virBitmapEqual(const virBitmap *a, const virBitmap *b);
/* Whether some bit is set in both. */
bool virBitmapOverlaps(const virBitmap *a, const virBitmap *b);

/* Cuts the bitmap down to @nbits bits, dropping the bits beyond. */
void virBitmapShrink(virBitmap *map, size_t nbits);

/**
 * virBitmapParse:
 * @str: comma-separated items "N", "N-M" (N <= M) and "^N" (clears N),
 *       spaces allowed around numbers and commas
 * @bitmap: receives a new bitmap of @size bits
 * @size: the limit; a bit at or beyond it is an error
 *
 * Returns 0, or -1 with INVALID_ARG "Failed to parse bitmap '%s'" (error
 * domain NONE, as libvirt's util layer raises it).
 */
int virBitmapParse(const char *str, virBitmap **bitmap, size_t size);

/* libvirt's canonical text of the set bits: ranges of consecutive bits
 * as "N-M", single bits as "N", comma-separated, ascending; "" when no
 * bit is set. */
char *virBitmapFormat(const virBitmap *map);
