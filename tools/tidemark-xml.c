/*
 * tidemark-xml: check and normalize checkpoint and domain XML offline
 *
 *   tidemark-xml checkpoint FILE --domain DOMAIN.xml [--redefine] [--no-domain]
 *   tidemark-xml domain FILE
 *
 * Prints the XML the way libvirt 9.0 stores it (defaults filled in,
 * disks aligned with the domain), or libvirt's error and exit code 1.
 * Used by the demo; no driver or connection is involved.
 */
#include "internal.h"
#include "conf/checkpoint_conf.h"

#include <stdio.h>

static const virDomainXMLOption xmlopt = { .default_arch = "i686" };

static char *
read_file(const char *path)
{
    g_autoptr(GError) err = NULL;
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, &err)) {
        fprintf(stderr, "error: %s\n", err->message);
        return NULL;
    }
    return text;
}

static int
do_checkpoint(const char *file, const char *domfile, bool redefine, bool no_domain)
{
    g_autofree char *xml = read_file(file);
    g_autofree char *domxml = domfile ? read_file(domfile) : NULL;
    g_autoptr(virDomainDef) dom = NULL;
    g_autoptr(virDomainCheckpointDef) def = NULL;
    g_autofree char *out = NULL;

    if (!xml || (domfile && !domxml))
        return 1;
    if (!domxml) {
        fprintf(stderr, "error: --domain is required\n");
        return 1;
    }
    if (!(dom = virDomainDefParseString(domxml, &xmlopt, VIR_DOMAIN_DEF_PARSE_INACTIVE)))
        return 1;
    if (redefine) {
        if (!(def = virDomainCheckpointDefParseString(xml, &xmlopt,
                                                      VIR_DOMAIN_CHECKPOINT_PARSE_REDEFINE)) ||
            virDomainCheckpointRedefineValidate(def, dom->uuid) < 0)
            return 1;
    } else {
        if (!(def = virDomainCheckpointDefParseString(xml, &xmlopt, 0)) ||
            !(def->parent.dom = virDomainDefCopy(dom, &xmlopt)) ||
            virDomainCheckpointAlignDisks(def) < 0)
            return 1;
    }
    out = virDomainCheckpointDefFormat(def, VIR_DOMAIN_CHECKPOINT_FORMAT_SECURE |
                                       (no_domain ? VIR_DOMAIN_CHECKPOINT_FORMAT_NO_DOMAIN : 0));
    fputs(out, stdout);
    return 0;
}

static int
do_domain(const char *file)
{
    g_autofree char *xml = read_file(file);
    g_autoptr(virDomainDef) def = NULL;
    g_autofree char *out = NULL;

    if (!xml || !(def = virDomainDefParseString(xml, &xmlopt, VIR_DOMAIN_DEF_PARSE_INACTIVE)))
        return 1;
    out = virDomainDefFormat(def, VIR_DOMAIN_DEF_FORMAT_INACTIVE);
    fputs(out, stdout);
    return 0;
}

static void
print_error(void *opaque G_GNUC_UNUSED, virErrorPtr err)
{
    fprintf(stderr, "error: %s\n", err->message);
}

int
main(int argc, char **argv)
{
    const char *domfile = NULL;
    gboolean redefine = FALSE;
    gboolean no_domain = FALSE;
    GOptionEntry entries[] = {
        { "domain", 0, 0, G_OPTION_ARG_FILENAME, &domfile, "domain the checkpoint belongs to", "FILE" },
        { "redefine", 0, 0, G_OPTION_ARG_NONE, &redefine, "parse as a REDEFINE", NULL },
        { "no-domain", 0, 0, G_OPTION_ARG_NONE, &no_domain, "leave <domain> out of the output", NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("checkpoint|domain FILE");
    g_autoptr(GError) err = NULL;
    int ret;

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc != 3) {
        fprintf(stderr, "usage: tidemark-xml checkpoint FILE --domain DOMAIN.xml "
                "[--redefine] [--no-domain] | domain FILE\n");
        return 2;
    }
    virSetErrorFunc(NULL, print_error);
    if (STREQ(argv[1], "checkpoint"))
        ret = do_checkpoint(argv[2], domfile, redefine, no_domain);
    else if (STREQ(argv[1], "domain"))
        ret = do_domain(argv[2]);
    else
        ret = 2;
    if (ret == 1 && virGetLastError())
        virDispatchError(NULL);
    return ret;
}
