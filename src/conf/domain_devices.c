/*
 * domain_devices.c: libvirt's post-parse steps over the preserved devices
 *
 * The order is libvirt's (virDomainDefParseXML, virDomainDefPostParse,
 * virDomainDefValidate): when a definition has several faults, the one
 * reported is the one libvirt reports.
 */
#include "internal.h"
#include "conf/domain_devices.h"
#include "conf/domain_console.h"
#include "conf/domain_controller.h"
#include "conf/domain_device_info.h"
#include "conf/domain_disk_source.h"
#include "conf/domain_graphics.h"
#include "conf/domain_net.h"
#include "conf/domain_video.h"
#include "conf/domain_xmledit.h"

int
virDomainDevicesPostParse(virDomainDef *def, unsigned int flags)
{
    xmlNodePtr devices = virDomainXMLDevices(def->root, false);
    g_autoptr(virDomainControllerList) controllers = NULL;

    /* what libvirt's parser does, device type by device type */
    if (virDomainDiskSourcePostParse(def, flags) < 0 ||
        !(controllers = virDomainControllerParse(devices)) ||
        virDomainNetPostParse(devices, flags) < 0 ||
        virDomainChrTargetParse(devices, flags) < 0 ||
        virDomainGraphicsPostParse(devices, flags) < 0 ||
        virDomainVideoParse(devices) < 0 ||
        virDomainDeviceInfoParse(devices, flags) < 0)
        return -1;

    /* virDomainDefPostParse */
    if (virDomainControllerAssignIndexes(controllers) < 0 ||
        virDomainChrTargetPostParse(def) < 0 ||
        virDomainDeviceBootPostParse(def) < 0)
        return -1;
    /* the implicit devices */
    if (virDomainConsoleAddCompat(def) < 0)
        return -1;
    virDomainControllerAddImplicit(controllers, def);
    virDomainVideoPostParse(def);

    if (flags & VIR_DOMAIN_DEF_PARSE_SKIP_VALIDATE)
        return 0;
    /* virDomainDefValidate: the devices (videos before graphics) */
    if (virDomainVideoValidate(devices) < 0 ||
        virDomainGraphicsValidate(devices) < 0)
        return -1;
    return 0;
}

bool
virDomainDeviceNodeFormat(virBuffer *buf, const virDomainDef *def,
                          xmlNodePtr node, unsigned int flags)
{
    return virDomainGraphicsFormat(buf, node, flags) ||
        virDomainConsoleFormat(buf, def, node, flags);
}
