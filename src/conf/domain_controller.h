/*
 * domain_controller.h: <controller> devices as libvirt 9.0 keeps them
 *
 * Controllers stay preserved XML. libvirt stores them in a list whose
 * order depends on the order they were given in (a controller goes after
 * the last one of its type, or before one of its type with a higher
 * index), gives an index to those without one, appends the controllers
 * the disks and other devices need, and refuses two of a type with the
 * same index. This file does the same to the XML.
 */
#pragma once

#include "conf/domain_conf.h"

typedef struct _virDomainControllerList virDomainControllerList;

void virDomainControllerListFree(virDomainControllerList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainControllerList, virDomainControllerListFree);

/**
 * virDomainControllerParse:
 * @devices: the <devices> element, or NULL
 *
 * What libvirt's parser does with the controllers: reads and checks
 * them and puts them in libvirt's order. Returns the list for the later
 * steps, or NULL with libvirt's error.
 */
virDomainControllerList *virDomainControllerParse(xmlNodePtr devices);

/**
 * virDomainControllerAssignIndexes:
 *
 * Gives each controller without index= the one libvirt gives it (the
 * lowest unused one of its type, or the index of its USB2 group), then
 * refuses duplicates as libvirt's post-parse does. Returns 0 or -1 with
 * libvirt's error.
 */
int virDomainControllerAssignIndexes(virDomainControllerList *list);

/**
 * virDomainControllerAddImplicit:
 * @def: the definition, its disks' drive addresses assigned
 *
 * Appends the controllers libvirt adds for disk drive addresses (SCSI,
 * FDC, IDE, SATA), virtio channels and consoles, and smartcards (which
 * get a CCID address when they have none), then writes the list back
 * into <devices> in its order.
 */
void virDomainControllerAddImplicit(virDomainControllerList *list, virDomainDef *def);
