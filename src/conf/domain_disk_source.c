/*
 * domain_disk_source.c: the preserved parts of a disk's storage source
 *
 * Facts from libvirt's virDomainDiskDefParseSourceXML,
 * virDomainDiskSourceNetworkParse, virDomainStorageNetworkParseHost,
 * virDomainDiskBackingStoreParse, virDomainDiskDefMirrorParse (only read
 * for a live definition), virDomainDiskSourceFormat and
 * virStorageSourceNetworkDefaultPort.
 */
#include "internal.h"
#include "conf/domain_disk_source.h"
#include "conf/domain_xmledit.h"
#include "util/virxmlprop.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

static const char *const protocols[] = {
    "none", "nbd", "rbd", "sheepdog", "gluster", "iscsi", "http", "https",
    "ftp", "ftps", "tftp", "ssh", "vxhs", "nfs", NULL,
};

/* default TCP port of each protocol (0: none) */
static const unsigned int default_ports[] = {
    0, 10809, 0, 7000, 24007, 3260, 80, 443, 21, 990, 69, 22, 9999, 0,
};

static const char *const transports[] = { "tcp", "unix", "rdma", NULL };

/* The attributes of every kind of <source>, in libvirt's order (each
 * kind has its own subset). */
static const char *const source_attrs[] = {
    "protocol", "name", "query", "tls", "tlsHostname", "file", "fdgroup",
    "dev", "dir", "pool", "volume", "mode", "type", "managed", "namespace",
    "path", "startupPolicy", "index", NULL,
};

static const char *const source_children[] = {
    "host", "identity", "snapshot", "config", "initiator", "ssl", "cookies",
    "readahead", "timeout", "address", "reconnect", "slices", "seclabel",
    "auth", "encryption", "reservations", NULL,
};

static const char *const secret_children[] = { "cookies", NULL };

const char *const *
virDomainDiskSourceSecretChildren(unsigned int flags)
{
    return (flags & VIR_DOMAIN_DEF_FORMAT_SECURE) ? NULL : secret_children;
}

/* virDomainStorageNetworkParseHost */
static int
host_parse(xmlNodePtr host, int protocol)
{
    g_autofree char *transport = virXMLPropString(host, "transport");
    g_autofree char *socket = virXMLPropString(host, "socket");
    g_autofree char *port_s = virXMLPropString(host, "port");
    gssize trans = 0;
    unsigned int port = 0;

    if (transport) {
        for (trans = 0; transports[trans] && STRNEQ(transports[trans], transport); trans++)
            ;
        if (!transports[trans]) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "unknown protocol transport type '%s'", transport);
            return -1;
        }
    }
    if (trans == 1 && !socket) {
        virReportError(VIR_ERR_XML_ERROR, "%s", "missing socket for unix transport");
        return -1;
    }
    if (trans != 1 && socket) {
        /* libvirt passes the NULL on to printf */
        virReportError(VIR_ERR_XML_ERROR, "transport '%s' does not support socket attribute",
                       transport ? transport : "(null)");
        return -1;
    }
    if (trans == 1) {
        /* a unix socket has no name and no port */
        virDomainXMLSetProp(host, "name", NULL);
        virDomainXMLSetProp(host, "port", NULL);
    } else {
        if (!xmlHasNsProp(host, BAD_CAST "name", NULL)) {
            virReportError(VIR_ERR_XML_ERROR, "%s", "missing name for host");
            return -1;
        }
        if (port_s) {
            if (virXMLParseUInt(port_s, &port) < 0) {
                virReportError(VIR_ERR_INVALID_ARG, "failed to parse port number '%s'", port_s);
                return -1;
            }
            if (port > G_MAXUINT16) {
                virReportError(VIR_ERR_INVALID_ARG, "port '%s' out of range", port_s);
                return -1;
            }
        }
        if (trans == 0 && port == 0)
            port = default_ports[protocol];
        if (port)
            virDomainXMLSetPropf(host, "port", "%u", port);
        else
            virDomainXMLSetProp(host, "port", NULL);
    }
    /* tcp is the default and is not printed */
    virDomainXMLSetProp(host, "transport", trans ? transports[trans] : NULL);
    virDomainXMLOrderProps(host, (const char *const[]){ "name", "port", "transport",
                                                       "socket", NULL });
    return 0;
}

/* virDomainDiskSourceNetworkParse */
static int
network_parse(xmlNodePtr source)
{
    g_autofree char *name = virXMLPropString(source, "name");
    g_autoptr(GPtrArray) hosts = virDomainXMLChildren(source, "host");
    int protocol;
    int tls;

    if (virXMLPropEnum(source, "protocol", protocols, VIR_XML_PROP_REQUIRED,
                       &protocol, 0) < 0)
        return -1;
    if (!name && !STREQ(protocols[protocol], "nbd")) {
        virReportError(VIR_ERR_XML_ERROR, "%s", "missing name for disk source");
        return -1;
    }
    if (virXMLPropTristateBool(source, "tls", VIR_XML_PROP_NONE, &tls) < 0)
        return -1;
    if (name && (STREQ(protocols[protocol], "gluster") || STREQ(protocols[protocol], "rbd"))) {
        const char *slash = strchr(name, '/');

        if (!slash || slash == name) {
            virReportError(VIR_ERR_XML_ERROR,
                           "can't split path '%s' into pool name and image name", name);
            return -1;
        }
    }
    /* only HTTP sources have a query, and a startup policy is for local
     * files */
    if (!STREQ(protocols[protocol], "http") && !STREQ(protocols[protocol], "https"))
        virDomainXMLSetProp(source, "query", NULL);
    virDomainXMLSetProp(source, "startupPolicy", NULL);
    for (guint i = 0; i < hosts->len; i++) {
        if (host_parse(hosts->pdata[i], protocol) < 0)
            return -1;
    }
    /* virDomainPostParseCheckISCSIPath: an iSCSI target without a LUN
     * means LUN 0 */
    if (name && STREQ(protocols[protocol], "iscsi") && !strchr(name, '/')) {
        g_autofree char *lun0 = g_strdup_printf("%s/0", name);

        virDomainXMLSetProp(source, "name", lun0);
    }
    return 0;
}

/* libvirt reads no index from a backing chain of an inactive definition,
 * and never prints the index of a backing store's <source>. */
static void
backing_store_drop_live(xmlNodePtr node, unsigned int flags)
{
    for (xmlNodePtr bs = virXMLChildElement(node, "backingStore"); bs;
         bs = virXMLChildElement(bs, "backingStore")) {
        xmlNodePtr source = virXMLChildElement(bs, "source");

        if (flags & VIR_DOMAIN_DEF_PARSE_INACTIVE)
            virDomainXMLSetProp(bs, "index", NULL);
        if (source)
            virDomainXMLSetProp(source, "index", NULL);
    }
}

int
virDomainDiskSourcePostParse(virDomainDef *def, unsigned int flags)
{
    bool inactive = flags & VIR_DOMAIN_DEF_PARSE_INACTIVE;

    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainDiskDef *disk = def->disks[i];
        xmlNodePtr source = virXMLChildElement(disk->node, "source");

        if (source) {
            if (STREQ(disk->type, "network")) {
                if (network_parse(source) < 0)
                    return -1;
                g_free(disk->src);
                disk->src = virXMLPropString(source, "name");
            }
            if (inactive)
                virDomainXMLSetProp(source, "index", NULL);
            virDomainXMLOrderProps(source, source_attrs);
            virDomainXMLSortChildren(source, source_children);
        }
        backing_store_drop_live(disk->node, flags);
        /* a block job's state: libvirt only reads it for a live domain */
        if (inactive)
            virDomainXMLRemove(virXMLChildElement(disk->node, "mirror"));
    }
    return 0;
}
