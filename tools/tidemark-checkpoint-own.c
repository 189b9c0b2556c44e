/*
 * tidemark-checkpoint-own.c: tidemark's own checkpoint commands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Listed in the "Tidemark itself" help group, so that no virsh command
 * changes: checkpoint-verify (are the bitmaps behind the checkpoints
 * still trustworthy?) and the offline create/delete that libvirt
 * refuses on a shut-off domain (qemu-img on the images).
 */
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <tidemark/tidemark-extensions.h>

#include "tidemark-cmd.h"
#include "tidemark-domain.h"
#include "util/virxmlescape.h"

/* ---- checkpoint-verify ---- */

const tmCmdOptDef tmOptsCheckpointVerify[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "checkpoint",
     .type = TM_OT_STRING,
     .help = "checkpoint name (default: every checkpoint)"
    },
    {.name = NULL}
};

static char *
attr(xmlNodePtr node, const char *name)
{
    xmlChar *v = xmlGetProp(node, BAD_CAST name);
    char *ret = v ? g_strdup((const char *)v) : NULL;

    xmlFree(v);
    return ret;
}

bool
tmCmdCheckpointVerify(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(tmTable) table = tmTableNew("Checkpoint", "Disk", "Bitmap", "Present",
                                          "Consistent", "Recording", "Status", NULL);
    g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *report = NULL;
    const char *name = NULL;
    xmlDocPtr doc;
    int bad = 0;
    int total = 0;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)) ||
        tmCommandOptStringReq(ctl, cmd, "checkpoint", &name) < 0)
        return false;
    if (!(report = tidemarkDomainCheckpointVerify(dom, name, 0)))
        return false;
    if (!(doc = xmlReadMemory(report, strlen(report), "verify.xml", NULL, XML_PARSE_NONET))) {
        tmError(ctl, "%s", "failed to parse the verification report");
        return false;
    }
    for (xmlNodePtr chk = xmlDocGetRootElement(doc)->children; chk; chk = chk->next) {
        if (chk->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(chk->name, BAD_CAST "orphan")) {
            g_autofree char *disk = attr(chk, "disk");
            g_autofree char *bitmap = attr(chk, "bitmap");
            g_autofree char *reason = attr(chk, "reason");

            g_ptr_array_add(notes, g_strdup_printf("bitmap '%s' on disk '%s': %s",
                                                   bitmap, disk, reason));
            continue;
        }
        for (xmlNodePtr d = chk->children; d; d = d->next) {
            g_autofree char *cname = NULL, *disk = NULL, *bitmap = NULL;
            g_autofree char *present = NULL, *consistent = NULL, *recording = NULL;
            g_autofree char *status = NULL, *reason = NULL;

            if (d->type != XML_ELEMENT_NODE)
                continue;
            cname = attr(chk, "name");
            disk = attr(d, "name");
            bitmap = attr(d, "bitmap");
            present = attr(d, "present");
            consistent = attr(d, "consistent");
            recording = attr(d, "recording");
            status = attr(d, "status");
            reason = attr(d, "reason");
            tmTableRowAppend(table, cname, disk, bitmap, present, consistent,
                             recording, status, NULL);
            total++;
            if (g_strcmp0(status, "ok") != 0) {
                bad++;
                g_ptr_array_add(notes, g_strdup_printf("%s on %s: %s", cname, disk,
                                                       reason ? reason : status));
            }
        }
    }
    xmlFreeDoc(doc);

    tmTablePrint(ctl, table);
    for (guint i = 0; i < notes->len; i++)
        tmPrint(ctl, "%s\n", (const char *)g_ptr_array_index(notes, i));
    if (bad) {
        tmError(ctl, "%d of %d checkpoint bitmaps cannot be trusted", bad, total);
        return false;
    }
    return true;
}

/* ---- offline create / delete ---- */

const tmCmdOptDef tmOptsCheckpointOffline[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "checkpoint",
     .type = TM_OT_DATA,
     .flags = TM_OFLAG_REQ,
     .help = "checkpoint name"
    },
    {.name = NULL}
};

bool
tmCmdCheckpointCreateOffline(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autofree char *escaped = NULL;
    g_autofree char *xml = NULL;
    const char *name = NULL;
    virDomainCheckpointPtr chk;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)) ||
        tmCommandOptStringReq(ctl, cmd, "checkpoint", &name) < 0)
        return false;
    escaped = virXMLEscape(name);
    xml = g_strdup_printf("<domaincheckpoint><name>%s</name></domaincheckpoint>", escaped);
    if (!(chk = virDomainCheckpointCreateXML(dom, xml, TIDEMARK_CHECKPOINT_OFFLINE)))
        return false;
    tmPrint(ctl, "Domain checkpoint %s created\n", virDomainCheckpointGetName(chk));
    virDomainCheckpointFree(chk);
    return true;
}

bool
tmCmdCheckpointDeleteOffline(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    const char *name = NULL;
    virDomainCheckpointPtr chk;
    int rc;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)) ||
        tmCommandOptStringReq(ctl, cmd, "checkpoint", &name) < 0)
        return false;
    if (!(chk = virDomainCheckpointLookupByName(dom, name, 0)))
        return false;
    rc = virDomainCheckpointDelete(chk, TIDEMARK_CHECKPOINT_OFFLINE);
    virDomainCheckpointFree(chk);
    if (rc < 0) {
        tmError(ctl, "Failed to delete checkpoint %s", name);
        return false;
    }
    tmPrint(ctl, "Domain checkpoint %s deleted\n", name);
    return true;
}
