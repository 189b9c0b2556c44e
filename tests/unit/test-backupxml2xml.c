/*
 * test-backupxml2xml.c: backup XML against what libvirt 9.0's qemu driver
 * printed for the same input (tests/backupxml2xml/, gen-expected.py).
 *
 * Each case takes the qemu driver's steps up to the QMP transaction:
 * parse (validated), align with the domain (the checkpoint= flag's name
 * as the suffix of generated image names), the driver's defaults and
 * checks with the domain freshly started (its first free node index is
 * one past its disks), then format. The checkpoints a case names with
 * existing= (and the one checkpoint= creates) are the ones that exist.
 */
#include "internal.h"
#include "conf/backup_conf.h"
#include "qemu/qemu_backup_def.h"
#include "testutils.h"

static const virDomainXMLOption test_xmlopt = { .default_arch = "x86_64" };

typedef struct {
    const char *dir;
    GHashTable *domains;        /* name -> virDomainDef */
} harness;

static virDomainDef *
get_domain(harness *h, const char *name)
{
    virDomainDef *def = g_hash_table_lookup(h->domains, name);

    if (!def) {
        g_autofree char *path = g_strdup_printf("%s/domains/%s.xml", h->dir, name);
        g_autofree char *xml = tmTestReadFile(path);

        if (!(def = virDomainDefParseString(xml, &test_xmlopt, VIR_DOMAIN_DEF_PARSE_INACTIVE)))
            g_error("cannot parse %s: %s", path, virGetLastErrorMessage());
        g_hash_table_insert(h->domains, g_strdup(name), def);
    }
    return def;
}

/* The case's flags, from field @from on (cases.txt) or one
 * comma-separated field ('-' for none: invalid.txt). */
typedef struct {
    GPtrArray *existing;
    const char *checkpoint;
} case_flags;

static void
read_flags(char **words, size_t n, case_flags *flags)
{
    for (size_t i = 0; i < n; i++) {
        if (g_str_has_prefix(words[i], "existing="))
            g_ptr_array_add(flags->existing, words[i] + strlen("existing="));
        else if (g_str_has_prefix(words[i], "checkpoint="))
            flags->checkpoint = words[i] + strlen("checkpoint=");
        else if (STRNEQ(words[i], "-"))
            g_error("unknown case flag '%s'", words[i]);
    }
}

static bool
checkpoint_exists(const char *name, void *opaque)
{
    case_flags *flags = opaque;

    for (size_t i = 0; i < flags->existing->len; i++) {
        if (STREQ(flags->existing->pdata[i], name))
            return true;
    }
    return g_strcmp0(flags->checkpoint, name) == 0;
}

/* Runs one case; returns the formatted job, or NULL with an error set. */
static char *
run_case(harness *h, const char *name, const char *domain, case_flags *flags)
{
    virDomainDef *dom = get_domain(h, domain);
    g_autofree char *path = g_strdup_printf("%s/in/%s.xml", h->dir, name);
    g_autofree char *xml = tmTestReadFile(path);
    g_autoptr(virDomainBackupDef) def = NULL;
    unsigned int next_index = dom->ndisks + 1;

    virResetLastError();
    /* the suffix of a generated name without checkpoint= is the time:
     * no case relies on one */
    if (!(def = virDomainBackupDefParseString(xml, 0)) ||
        virDomainBackupAlignDisks(def, dom, flags->checkpoint ? flags->checkpoint : "TIME") < 0 ||
        qemuBackupDefPrepare(def, false, checkpoint_exists, flags, &next_index) < 0)
        return NULL;
    return virDomainBackupDefFormat(def, false);
}

static void
test_valid(harness *h)
{
    g_autofree char *list = g_strdup_printf("%s/cases.txt", h->dir);
    g_autoptr(GPtrArray) cases = tmTestReadCases(list, 0);

    for (size_t i = 0; i < cases->len; i++) {
        tmTestCase *tc = cases->pdata[i];
        case_flags flags = { g_ptr_array_new(), NULL };
        g_autofree char *out = NULL;
        g_autofree char *expect = NULL;

        if (tc->nfields < 2)
            g_error("bad case line in %s", list);
        read_flags(tc->fields + 2, tc->nfields - 2, &flags);
        if (!(out = run_case(h, tc->fields[0], tc->fields[1], &flags))) {
            tmTestResult(false, "%s: %s", tc->fields[0], virGetLastErrorMessage());
        } else {
            expect = g_strdup_printf("%s/out/%s.xml", h->dir, tc->fields[0]);
            tmTestResult(tmTestCompareFile(out, expect), "%s", tc->fields[0]);
        }
        g_ptr_array_unref(flags.existing);
    }
}

static void
test_invalid(harness *h)
{
    g_autofree char *list = g_strdup_printf("%s/invalid.txt", h->dir);
    g_autoptr(GPtrArray) cases = tmTestReadCases(list, 5);

    for (size_t i = 0; i < cases->len; i++) {
        tmTestCase *tc = cases->pdata[i];
        case_flags flags = { g_ptr_array_new(), NULL };
        g_auto(GStrv) words = NULL;
        g_autofree char *message = NULL;
        g_autofree char *out = NULL;

        if (tc->nfields < 5 || !tc->rest)
            g_error("bad invalid line in %s", list);
        words = g_strsplit(tc->fields[2], ",", -1);
        read_flags(words, g_strv_length(words), &flags);
        message = tmTestUnescape(tc->rest);
        out = run_case(h, tc->fields[0], tc->fields[1], &flags);
        tmTestResult(!out && tmTestCheckError(atoi(tc->fields[3]), atoi(tc->fields[4]),
                                              message, tc->fields[0]),
                     "invalid %s", tc->fields[0]);
        g_ptr_array_unref(flags.existing);
    }
}

int
main(int argc, char **argv)
{
    harness h = { 0 };

    if (argc != 2) {
        fprintf(stderr, "usage: %s FIXTURE-DIR\n", argv[0]);
        return 2;
    }
    h.dir = argv[1];
    h.domains = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify)virDomainDefFree);
    virSetErrorFunc(NULL, NULL);

    test_valid(&h);
    test_invalid(&h);

    g_hash_table_unref(h.domains);
    return tmTestDone();
}
