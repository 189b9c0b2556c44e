/*
 * golden.c: runs an API scenario through tidemark's public API and
 * prints its transcript. tests/apigolden/golden.py runs the same
 * scenario through python3-libvirt against libvirt 9.0; compare.py
 * diffs the two transcripts. See tests/apigolden/README.md.
 *
 *   golden SCENARIO.scn
 *
 * Only the public header is used: this is a libvirt-style client.
 */
#define VIR_ENUM_SENTINELS /* api-constants.def names the _LAST values too */
#include <tidemark/tidemark.h>
#include <tidemark/tidemark-qemu.h>  /* api-constants.def names its constants too */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "golden.h"

typedef struct {
    const char *name;
    long long value;
} constant;

#define TM_INT(n) { #n, (long long)(n) },
#define TM_STR(n)
static const constant constants[] = {
#include "api-constants.def"
    { NULL, 0 },
};
#undef TM_INT
#undef TM_STR

/* The state of a run. */
static virConnectPtr conn;
static GHashTable *held;   /* variable -> handle (see hold ops) */
static const char *scenario_dir;

int
goldenFlags(const char *text, unsigned int *flags)
{
    g_auto(GStrv) parts = g_strsplit(text, "|", -1);

    *flags = 0;
    for (size_t i = 0; parts[i]; i++) {
        const char *p = parts[i];
        char *end = NULL;
        size_t j;

        if (isdigit((unsigned char)p[0])) {
            *flags |= (unsigned int)strtoul(p, &end, 0);
            if (*end)
                return -1;
            continue;
        }
        for (j = 0; constants[j].name; j++) {
            if (strcmp(constants[j].name, p) == 0)
                break;
        }
        if (!constants[j].name)
            return -1;
        *flags |= (unsigned int)constants[j].value;
    }
    return 0;
}

bool
goldenFlagsArg(const char *text, unsigned int *flags)
{
    if (goldenFlags(text, flags) < 0) {
        printf("error: bad flags %s\n", text);
        return false;
    }
    return true;
}

void
goldenError(void)
{
    virErrorPtr err = virGetLastError();

    if (!err) {
        printf("error: none set\n");
        return;
    }
    printf("error code=%d domain=%d: %s\n", err->code, err->domain,
           err->message ? err->message : "");
}

void
goldenOk(const char *fmt, ...)
{
    va_list ap;

    printf("ok");
    if (fmt && *fmt) {
        printf(" ");
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
    }
    printf("\n");
}

virConnectPtr
goldenConn(void)
{
    return conn;
}

virDomainPtr
goldenDomain(const char *name)
{
    virDomainPtr dom;

    if (!conn) {
        printf("error: no connection\n");
        return NULL;
    }
    if (!(dom = virDomainLookupByName(conn, name)))
        goldenError();
    return dom;
}

typedef struct {
    void *handle;
    GDestroyNotify release;
} held_handle;

static void
held_free(gpointer data)
{
    held_handle *slot = data;

    slot->release(slot->handle);
    g_free(slot);
}

void
goldenHold(const char *var, void *handle, GDestroyNotify release)
{
    held_handle *slot = g_new0(held_handle, 1);

    slot->handle = handle;
    slot->release = release;
    g_hash_table_replace(held, g_strdup(var), slot);
}

void *
goldenHeld(const char *var)
{
    held_handle *slot = g_hash_table_lookup(held, var);

    if (!slot) {
        printf("error: no handle held as %s\n", var);
        return NULL;
    }
    return slot->handle;
}

static void
release_all(void)
{
    g_hash_table_remove_all(held);
}

char *
goldenText(const char *arg)
{
    if (arg && arg[0] == '@') {
        g_autofree char *path = g_build_filename(scenario_dir, arg + 1, NULL);
        char *text = NULL;

        if (!g_file_get_contents(path, &text, NULL, NULL)) {
            printf("error: cannot read %s\n", path);
            return NULL;
        }
        return text;
    }
    return g_strdup(arg ? arg : "");
}

/* Sorts and prints handle names: the order of a listing is unspecified
 * unless TOPOLOGICAL is asked for. */
void
goldenPrintNames(GPtrArray *names, bool keep_order)
{
    if (!keep_order)
        g_ptr_array_sort(names, (GCompareFunc)goldenStrCmp);
    printf("ok %u", names->len);
    for (size_t i = 0; i < names->len; i++)
        printf(" %s", (char *)names->pdata[i]);
    printf("\n");
}

int
goldenStrCmp(const char **a, const char **b)
{
    return strcmp(*a, *b);
}

int
goldenCloseConn(void)
{
    int ret;

    if (!conn)
        return -2;
    release_all();
    ret = virConnectClose(conn);
    conn = NULL;
    return ret;
}

static void
op_open(char **argv, int argc, const char *text)
{
    g_autofree char *uri = NULL;
    g_auto(GStrv) parts = NULL;

    (void)text;
    if (argc < 2) {
        printf("error: usage\n");
        return;
    }
    release_all();
    if (conn)
        virConnectClose(conn);
    parts = g_strsplit(argv[1], "$DIR", -1);
    uri = g_strjoinv(scenario_dir, parts);
    conn = strcmp(argv[0], "open-ro") == 0 ? virConnectOpenReadOnly(uri) : virConnectOpen(uri);
    if (conn)
        goldenOk(NULL);
    else
        goldenError();
}

/* keep-open matters to golden.py only (a libvirt crash on close); the
 * tidemark runner always closes its connection. */
static void
op_keep_open(char **argv, int argc, const char *text)
{
    (void)argv;
    (void)argc;
    (void)text;
    goldenOk(NULL);
}

static const goldenOp base_ops[] = {
    { "open", op_open },
    { "open-ro", op_open },
    { "keep-open", op_keep_open },
    { NULL, NULL },
};

static const goldenOp *const op_tables[] = {
    base_ops,
    goldenDomainOps,
    goldenCheckpointOps,
    goldenSnapshotOps,
    goldenJobOps,
    goldenEventOps,
    NULL,
};

static void
run_line(char *line)
{
    char *text = strstr(line, " : ");
    g_auto(GStrv) argv = NULL;
    int argc;

    if (text) {
        *text = '\0';
        text += 3;
    }
    argv = g_strsplit_set(g_strstrip(line), " \t", -1);
    argc = (int)g_strv_length(argv);
    for (size_t t = 0; op_tables[t]; t++) {
        for (size_t i = 0; op_tables[t][i].name; i++) {
            if (strcmp(op_tables[t][i].name, argv[0]) == 0) {
                virResetLastError();
                op_tables[t][i].run(argv, argc, text);
                return;
            }
        }
    }
    printf("error: unknown op %s\n", argv[0]);
}

static void
quiet(void *opaque G_GNUC_UNUSED, virErrorPtr err G_GNUC_UNUSED)
{
}

int
main(int argc, char **argv)
{
    g_autofree char *content = NULL;
    g_auto(GStrv) lines = NULL;
    g_autofree char *dir = NULL;

    if (argc != 2) {
        fprintf(stderr, "usage: golden SCENARIO\n");
        return 2;
    }
    if (!g_file_get_contents(argv[1], &content, NULL, NULL)) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    dir = g_path_get_dirname(argv[1]);
    scenario_dir = dir;
    held = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, held_free);
    virSetErrorFunc(NULL, quiet);

    lines = g_strsplit(content, "\n", -1);
    for (size_t i = 0; lines[i]; i++) {
        char *line = g_strstrip(lines[i]);

        if (!*line || line[0] == '#')
            continue;
        printf("> %s\n", line);
        if (getenv("GOLDEN_ROOT") && strstr(line, "$ROOT")) {
            g_auto(GStrv) parts = g_strsplit(line, "$ROOT", -1);
            g_autofree char *expanded = g_strjoinv(getenv("GOLDEN_ROOT"), parts);

            run_line(expanded);
        } else {
            run_line(line);
        }
    }
    release_all();
    if (conn)
        virConnectClose(conn);
    g_hash_table_unref(held);
    return 0;
}
