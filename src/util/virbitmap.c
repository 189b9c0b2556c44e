/*
 * virbitmap.c: fixed-size bit sets and libvirt's range syntax
 */
#include "internal.h"
#include "util/virbitmap.h"
#include "util/virbuffer.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#define VIR_FROM_THIS VIR_FROM_NONE

#define BITS_PER_WORD 64

struct _virBitmap {
    size_t nbits;
    size_t nwords;
    guint64 *words;
};

virBitmap *
virBitmapNew(size_t nbits)
{
    virBitmap *map = g_new0(virBitmap, 1);

    map->nbits = nbits;
    map->nwords = (nbits + BITS_PER_WORD - 1) / BITS_PER_WORD;
    map->words = g_new0(guint64, map->nwords ? map->nwords : 1);
    return map;
}

void
virBitmapFree(virBitmap *map)
{
    if (!map)
        return;
    g_free(map->words);
    g_free(map);
}

virBitmap *
virBitmapNewCopy(const virBitmap *map)
{
    virBitmap *copy = virBitmapNew(map->nbits);

    memcpy(copy->words, map->words, map->nwords * sizeof(guint64));
    return copy;
}

size_t
virBitmapSize(const virBitmap *map)
{
    return map->nbits;
}

int
virBitmapSetBit(virBitmap *map, size_t bit)
{
    if (bit >= map->nbits)
        return -1;
    map->words[bit / BITS_PER_WORD] |= G_GUINT64_CONSTANT(1) << (bit % BITS_PER_WORD);
    return 0;
}

int
virBitmapClearBit(virBitmap *map, size_t bit)
{
    if (bit >= map->nbits)
        return -1;
    map->words[bit / BITS_PER_WORD] &= ~(G_GUINT64_CONSTANT(1) << (bit % BITS_PER_WORD));
    return 0;
}

bool
virBitmapIsBitSet(const virBitmap *map, size_t bit)
{
    if (bit >= map->nbits)
        return false;
    return (map->words[bit / BITS_PER_WORD] >> (bit % BITS_PER_WORD)) & 1;
}

ssize_t
virBitmapNextSetBit(const virBitmap *map, ssize_t pos)
{
    size_t bit = pos < 0 ? 0 : (size_t)pos + 1;

    while (bit < map->nbits) {
        guint64 word = map->words[bit / BITS_PER_WORD] >> (bit % BITS_PER_WORD);

        if (word) {
            bit += (size_t)__builtin_ctzll(word);
            return bit < map->nbits ? (ssize_t)bit : -1;
        }
        bit = (bit / BITS_PER_WORD + 1) * BITS_PER_WORD;
    }
    return -1;
}

bool
virBitmapIsAllClear(const virBitmap *map)
{
    return virBitmapNextSetBit(map, -1) < 0;
}

bool
virBitmapEqual(const virBitmap *a, const virBitmap *b)
{
    ssize_t x = -1;
    ssize_t y = -1;

    do {
        x = virBitmapNextSetBit(a, x);
        y = virBitmapNextSetBit(b, y);
        if (x != y)
            return false;
    } while (x >= 0);
    return true;
}

bool
virBitmapOverlaps(const virBitmap *a, const virBitmap *b)
{
    size_t n = MIN(a->nwords, b->nwords);

    /* bits beyond nbits are always clear (see virBitmapShrink) */
    for (size_t i = 0; i < n; i++) {
        if (a->words[i] & b->words[i])
            return true;
    }
    return false;
}

void
virBitmapShrink(virBitmap *map, size_t nbits)
{
    if (nbits >= map->nbits)
        return;
    for (size_t bit = nbits; bit < map->nbits; bit++)
        virBitmapClearBit(map, bit);
    map->nbits = nbits;
}

/* strtol into an int, as libvirt's virStrToLong_i with an end pointer:
 * leading blanks and a sign are accepted, no digits is an error. */
static int
parse_int(const char *str, const char **end, int *value)
{
    char *p;
    long v;

    errno = 0;
    v = strtol(str, &p, 10);
    if (errno || p == str || v < INT_MIN || v > INT_MAX)
        return -1;
    *end = p;
    *value = (int)v;
    return 0;
}

static const char *
skip_spaces(const char *cur)
{
    while (g_ascii_isspace(*cur))
        cur++;
    return cur;
}

/* The grammar walk of virBitmapParse; returns -1 on any syntax error or
 * out-of-range bit, without reporting. */
static int
parse_items(const char *str, virBitmap *map)
{
    const char *cur = skip_spaces(str);

    if (!*cur)
        return -1;

    while (*cur) {
        bool neg = false;
        int start;
        int last;

        if (*cur == '^') {
            cur++;
            neg = true;
        }
        if (!g_ascii_isdigit(*cur) || parse_int(cur, &cur, &start) < 0 || start < 0)
            return -1;
        cur = skip_spaces(cur);

        if (*cur == ',' || !*cur) {
            if ((neg ? virBitmapClearBit(map, start) : virBitmapSetBit(map, start)) < 0)
                return -1;
        } else if (*cur == '-') {
            if (neg)
                return -1;
            cur = skip_spaces(cur + 1);
            if (parse_int(cur, &cur, &last) < 0 || last < start)
                return -1;
            for (int i = start; i <= last; i++) {
                if (virBitmapSetBit(map, i) < 0)
                    return -1;
            }
            cur = skip_spaces(cur);
        }

        if (*cur == ',')
            cur = skip_spaces(cur + 1);
        else if (*cur)
            return -1;
    }
    return 0;
}

int
virBitmapParse(const char *str, virBitmap **bitmap, size_t size)
{
    g_autoptr(virBitmap) map = virBitmapNew(size);

    if (!str || parse_items(str, map) < 0) {
        virReportError(VIR_ERR_INVALID_ARG, "Failed to parse bitmap '%s'", NULLSTR(str));
        return -1;
    }
    *bitmap = g_steal_pointer(&map);
    return 0;
}

char *
virBitmapFormat(const virBitmap *map)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    ssize_t start = virBitmapNextSetBit(map, -1);

    if (start < 0)
        return g_strdup("");

    while (start >= 0) {
        ssize_t end = start;
        ssize_t next;

        while ((next = virBitmapNextSetBit(map, end)) == end + 1)
            end = next;
        if (virBufferUse(&buf))
            virBufferAddLit(&buf, ",");
        if (end == start)
            virBufferAsprintf(&buf, "%zd", start);
        else
            virBufferAsprintf(&buf, "%zd-%zd", start, end);
        start = next;
    }
    return virBufferContentAndReset(&buf);
}
