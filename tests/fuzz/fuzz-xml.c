/*
 * fuzz-xml.c: the XML parsers under arbitrary input
 *
 * One entry point in libFuzzer's shape feeds the same bytes to every
 * parser of the conf layer (checkpoint create and REDEFINE with the
 * alignment that follows, snapshot create and REDEFINE, domain) and
 * formats whatever parses. Built two ways:
 *  - always, with a main() that replays files and directories given on
 *    the command line (the regression test over the xml2xml inputs and
 *    tests/fuzz/corpus, run under the sanitizers by the test command);
 *  - with clang's libFuzzer when meson is configured with
 *    -Dfuzzing=true (see docs/DEVELOPING.md), for real fuzzing runs.
 */
#include "internal.h"
#include "conf/checkpoint_conf.h"
#include "conf/snapshot_conf.h"

#include <stdint.h>
#include <stdio.h>

static const virDomainXMLOption xmlopt = { .default_arch = "i686" };

static void
quiet(void *opaque G_GNUC_UNUSED, virErrorPtr err G_GNUC_UNUSED)
{
}

/* A domain for the alignment steps: two disks, one of them a cdrom. */
static virDomainDef *
fuzz_domain(void)
{
    static const char xml[] =
        "<domain type='test'><name>f</name>"
        "<uuid>12345678-1234-1234-1234-123456789abc</uuid>"
        "<memory>1024</memory><os><type>hvm</type></os><devices>"
        "<disk type='file' device='disk'><source file='/f/a.qcow2'/>"
        "<target dev='vda' bus='virtio'/></disk>"
        "<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/></disk>"
        "</devices></domain>";

    return virDomainDefParseString(xml, &xmlopt, VIR_DOMAIN_DEF_PARSE_INACTIVE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static virDomainDef *dom;
    g_autofree char *xml = g_strndup((const char *)data, size);

    if (!dom) {
        virSetErrorFunc(NULL, quiet);
        if (!(dom = fuzz_domain()))
            abort();
    }

    for (unsigned int redefine = 0; redefine <= 1; redefine++) {
        g_autoptr(virDomainCheckpointDef) chk = NULL;
        g_autoptr(virDomainSnapshotDef) snap = NULL;
        bool current = false;

        chk = virDomainCheckpointDefParseString(xml, &xmlopt,
                                                redefine ? VIR_DOMAIN_CHECKPOINT_PARSE_REDEFINE : 0);
        if (chk) {
            int rc;

            if (redefine) {
                rc = virDomainCheckpointRedefineValidate(chk, dom->uuid);
            } else {
                chk->parent.dom = virDomainDefRef(dom);
                rc = virDomainCheckpointAlignDisks(chk);
            }
            if (rc == 0)
                g_free(virDomainCheckpointDefFormat(chk, VIR_DOMAIN_CHECKPOINT_FORMAT_SECURE |
                                                    VIR_DOMAIN_CHECKPOINT_FORMAT_SIZE));
        }

        snap = virDomainSnapshotDefParseString(xml, &xmlopt, &current,
                                               VIR_DOMAIN_SNAPSHOT_PARSE_INTERNAL |
                                               (redefine ? VIR_DOMAIN_SNAPSHOT_PARSE_REDEFINE : 0));
        if (snap)
            g_free(virDomainSnapshotDefFormat(NULL, snap, VIR_DOMAIN_SNAPSHOT_FORMAT_SECURE));
        virResetLastError();
    }

    {
        g_autoptr(virDomainDef) def = virDomainDefParseString(xml, &xmlopt, 0);

        if (def) {
            g_autofree char *out = virDomainDefFormat(def, VIR_DOMAIN_DEF_FORMAT_SECURE);
            g_autoptr(virDomainDef) again = virDomainDefParseString(out, &xmlopt, 0);

            /* what we print we must read back */
            if (!again)
                abort();
        }
    }
    virResetLastError();
    return 0;
}

#ifndef TM_LIBFUZZER
static unsigned int replayed;

static gint
path_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
replay_file(const char *path)
{
    g_autofree char *data = NULL;
    gsize len;

    if (!g_file_get_contents(path, &data, &len, NULL)) {
        printf("not ok %u - cannot read %s\n", ++replayed, path);
        return -1;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)data, len);
    printf("ok %u - %s\n", ++replayed, path);
    return 0;
}

int
main(int argc, char **argv)
{
    int ret = 0;

    for (int i = 1; i < argc; i++) {
        if (g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
            g_autoptr(GDir) dir = g_dir_open(argv[i], 0, NULL);
            g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
            const char *name;

            while (dir && (name = g_dir_read_name(dir)))
                g_ptr_array_add(names, g_build_filename(argv[i], name, NULL));
            g_ptr_array_sort(names, path_cmp);
            for (size_t j = 0; j < names->len; j++) {
                if (replay_file(((char **)names->pdata)[j]) < 0)
                    ret = 1;
            }
        } else if (replay_file(argv[i]) < 0) {
            ret = 1;
        }
    }
    printf("1..%u\n", replayed);
    return ret;
}
#endif
