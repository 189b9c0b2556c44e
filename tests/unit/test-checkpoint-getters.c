/*
 * test-checkpoint-getters.c: the test driver's checkpoint getters read,
 * they never write
 *
 * libvirt's test driver stores a made-up size (1024) in every bitmap
 * disk of a checkpoint whose XML is asked for with SIZE, without
 * marking it valid, so nothing shows through the API. tidemark's
 * getters change no state: after every getter with every flag, the
 * checkpoint's definition holds what the create left in it. The test
 * reaches the definition through the driver's internals; the API-level
 * behaviour (SIZE prints no size, needs a running domain) is pinned by
 * the xml2xml and API golden tests.
 */
#include "internal.h"
#include "conf/checkpoint_conf.h"
#include "test/test_driver.h"
#include "testutils.h"

/* Every disk's size fields, as text: what the getters must not touch. */
static char *
disk_sizes(virDomainPtr dom, const char *name)
{
    virDomainObj *vm = testDomObjFromDomain(dom);
    virDomainMomentObj *chk = vm ? virDomainMomentFindByName(vm->checkpoints, name) : NULL;
    GString *out = g_string_new(NULL);

    if (chk) {
        virDomainCheckpointDef *def = (virDomainCheckpointDef *)chk->def;

        for (size_t i = 0; i < def->ndisks; i++)
            g_string_append_printf(out, "%s size=%llu valid=%d;", def->disks[i].name,
                                   def->disks[i].size, def->disks[i].sizeValid);
    } else {
        g_string_append(out, "(no checkpoint)");
    }
    if (vm)
        virDomainObjEndAPI(&vm);
    return g_string_free(out, FALSE);
}

int
main(void)
{
    static const unsigned int xml_flags[] = {
        0,
        VIR_DOMAIN_CHECKPOINT_XML_SIZE,
        VIR_DOMAIN_CHECKPOINT_XML_SIZE | VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN,
        VIR_DOMAIN_CHECKPOINT_XML_SIZE | VIR_DOMAIN_CHECKPOINT_XML_SECURE,
    };
    virConnectPtr conn = virConnectOpen("test:///default");
    virDomainPtr dom = conn ? virDomainLookupByName(conn, "test") : NULL;
    virDomainCheckpointPtr chk = NULL;
    g_autofree char *before = NULL;

    if (!tmTestResult(dom != NULL, "test:///default has the domain test"))
        return tmTestDone();
    chk = virDomainCheckpointCreateXML(dom, "<domaincheckpoint><name>c1</name></domaincheckpoint>", 0);
    tmTestResult(chk != NULL, "checkpoint c1 created");
    before = disk_sizes(dom, "c1");
    tmTestResult(strstr(before, "vda size=0 valid=0;") != NULL, "c1 after create: %s", before);

    for (size_t i = 0; chk && i < G_N_ELEMENTS(xml_flags); i++) {
        g_autofree char *xml = virDomainCheckpointGetXMLDesc(chk, xml_flags[i]);
        g_autofree char *after = disk_sizes(dom, "c1");

        tmTestResult(xml && !strstr(xml, "size="), "GetXMLDesc(0x%x) prints no size",
                     xml_flags[i]);
        if (!tmTestResult(STREQ(before, after), "GetXMLDesc(0x%x) leaves c1 as it was",
                          xml_flags[i]))
            tmTestDiag("before: %s; after: %s", before, after);
    }

    if (chk)
        virDomainCheckpointFree(chk);
    virDomainFree(dom);
    virConnectClose(conn);
    return tmTestDone();
}
