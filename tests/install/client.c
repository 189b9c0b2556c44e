/*
 * client.c: a small libvirt client, built from outside the source tree
 *
 * check-install.sh compiles it twice: against the installed tidemark
 * (`pkg-config --cflags --libs tidemark`, <tidemark/tidemark.h>) and,
 * with -DTM_USE_LIBVIRT, against Debian's libvirt 9.0; both programs
 * must print the same. It makes a checkpoint tree on test:///default,
 * lists it, reads a checkpoint back and hits an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef TM_USE_LIBVIRT
# include <libvirt/libvirt.h>
# include <libvirt/virterror.h>
#else
# include <tidemark/tidemark.h>
#endif

static void
quiet(void *opaque, virErrorPtr err)
{
    (void)opaque;
    (void)err;
}

static void
print_error(const char *what)
{
    printf("%s: error code=%d domain=%d: %s\n", what, virGetLastErrorCode(),
           virGetLastErrorDomain(), virGetLastErrorMessage());
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(virDomainCheckpointGetName(*(virDomainCheckpointPtr const *)a),
                  virDomainCheckpointGetName(*(virDomainCheckpointPtr const *)b));
}

/* Prints the domain's checkpoints, sorted by name. */
static int
list(virDomainPtr dom)
{
    virDomainCheckpointPtr *cps = NULL;
    int n = virDomainListAllCheckpoints(dom, &cps, 0);

    if (n < 0) {
        print_error("list");
        return -1;
    }
    qsort(cps, n, sizeof(*cps), by_name);
    printf("%d checkpoints:", n);
    for (int i = 0; i < n; i++) {
        printf(" %s", virDomainCheckpointGetName(cps[i]));
        virDomainCheckpointFree(cps[i]);
    }
    printf("\n");
    free(cps);
    return 0;
}

static virDomainCheckpointPtr
create(virDomainPtr dom, const char *xml)
{
    virDomainCheckpointPtr cp = virDomainCheckpointCreateXML(dom, xml, 0);

    if (cp)
        printf("created %s\n", virDomainCheckpointGetName(cp));
    else
        print_error("create");
    return cp;
}

int
main(void)
{
    virConnectPtr conn;
    virDomainPtr dom = NULL;
    virDomainCheckpointPtr c1 = NULL;
    virDomainCheckpointPtr c2 = NULL;
    virDomainCheckpointPtr parent = NULL;
    char *xml = NULL;
    int ret = 1;

    virSetErrorFunc(NULL, quiet);
    if (!(conn = virConnectOpen("test:///default"))) {
        print_error("open");
        return 1;
    }
    if (!(dom = virDomainLookupByName(conn, "test"))) {
        print_error("lookup");
        goto cleanup;
    }
    if (!(c1 = create(dom, "<domaincheckpoint><name>c1</name>"
                      "<description>made by an installed client &amp; co</description>"
                      "</domaincheckpoint>")) ||
        !(c2 = create(dom, "<domaincheckpoint><name>c2</name></domaincheckpoint>")))
        goto cleanup;
    if (list(dom) < 0)
        goto cleanup;
    if (!(parent = virDomainCheckpointGetParent(c2, 0))) {
        print_error("parent");
        goto cleanup;
    }
    printf("parent of c2: %s\n", virDomainCheckpointGetName(parent));
    if (!(xml = virDomainCheckpointGetXMLDesc(c1, VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN))) {
        print_error("xml");
        goto cleanup;
    }
    printf("%s", xml);

    /* the errors travel as libvirt's do */
    if (!virDomainCheckpointLookupByName(dom, "nosuch", 0))
        print_error("lookup nosuch");
    if (!virDomainCheckpointCreateXML(dom, "<domaincheckpoint><name>bad/name</name></domaincheckpoint>", 0))
        print_error("create bad/name");

    if (virDomainCheckpointDelete(c1, VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN) < 0) {
        print_error("delete");
        goto cleanup;
    }
    if (list(dom) < 0)
        goto cleanup;
    ret = 0;

 cleanup:
    free(xml);
    if (parent)
        virDomainCheckpointFree(parent);
    if (c2)
        virDomainCheckpointFree(c2);
    if (c1)
        virDomainCheckpointFree(c1);
    if (dom)
        virDomainFree(dom);
    virConnectClose(conn);
    return ret;
}
