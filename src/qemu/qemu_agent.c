/*
 * qemu_agent.c: the guest agent calls of the qemu driver
 *
 * libvirt's order of checks (qemuDomainFSFreeze, qemuDomainAgentAvailable):
 * the domain must be running (OPERATION_INVALID "domain is not running",
 * also for a paused one), then an agent must be connected: with an agent
 * channel in the definition libvirt says AGENT_UNRESPONSIVE "QEMU guest
 * agent is not connected", without one ARGUMENT_UNSUPPORTED "QEMU guest
 * agent is not configured". tidemark never connects one.
 */
#include "internal.h"

#include "qemu/qemu_agent.h"
#include "qemu/qemu_domain.h"
#include "conf/virdomainobjlist.h"
#include "util/virxml.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

#define AGENT_CHANNEL "org.qemu.guest_agent.0"

/* Whether @def has libvirt's guest agent channel (a virtio channel named
 * org.qemu.guest_agent.0). */
static bool
has_agent_channel(const virDomainDef *def)
{
    xmlNodePtr devices = def->root ? virXMLChildElement(def->root, "devices") : NULL;

    for (xmlNodePtr c = devices ? devices->children : NULL; c; c = c->next) {
        g_autofree char *type = NULL;
        g_autofree char *name = NULL;
        xmlNodePtr target;

        if (c->type != XML_ELEMENT_NODE || !xmlStrEqual(c->name, BAD_CAST "channel") ||
            !(target = virXMLChildElement(c, "target")))
            continue;
        type = (char *)xmlGetProp(target, BAD_CAST "type");
        name = (char *)xmlGetProp(target, BAD_CAST "name");
        if (g_strcmp0(type, "virtio") == 0 && g_strcmp0(name, AGENT_CHANNEL) == 0)
            return true;
    }
    return false;
}

/* FSFreeze and FSThaw: both end where the agent would be asked. */
static int
agent_unavailable(virDomainPtr domain, unsigned int flags)
{
    virDomainObj *vm;

    virCheckFlags(0, -1);
    if (!(vm = qemuDomObjFromDomain(domain)))
        return -1;
    if (virDomainObjCheckActive(vm) == 0)
        qemuAgentUnavailable(vm);
    virDomainObjEndAPI(&vm);
    return -1;
}

int
qemuAgentUnavailable(virDomainObj *vm)
{
    if (vm->state != VIR_DOMAIN_RUNNING)
        virReportError(VIR_ERR_OPERATION_INVALID, "%s", "domain is not running");
    else if (has_agent_channel(vm->def))
        virReportError(VIR_ERR_AGENT_UNRESPONSIVE, "%s", "QEMU guest agent is not connected");
    else
        virReportError(VIR_ERR_ARGUMENT_UNSUPPORTED, "%s", "QEMU guest agent is not configured");
    return -1;
}

static int
qemuDomainFSFreeze(virDomainPtr domain, const char **mountpoints G_GNUC_UNUSED,
                   unsigned int nmountpoints G_GNUC_UNUSED, unsigned int flags)
{
    return agent_unavailable(domain, flags);
}

static int
qemuDomainFSThaw(virDomainPtr domain, const char **mountpoints G_GNUC_UNUSED,
                 unsigned int nmountpoints G_GNUC_UNUSED, unsigned int flags)
{
    return agent_unavailable(domain, flags);
}

void
qemuAgentMethods(virConnectDriver *drv)
{
    drv->domainFSFreeze = qemuDomainFSFreeze;
    drv->domainFSThaw = qemuDomainFSThaw;
}
