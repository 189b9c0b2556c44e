/*
 * domain_abi.h: whether two definitions of a domain present the same
 * guest ABI
 *
 * libvirt refuses to swap one definition of a domain for another one
 * the guest could tell apart (other memory size, other disks, other
 * addresses...). Snapshot REDEFINE uses it when it replaces the saved
 * definition of an existing snapshot.
 */
#pragma once

#include "conf/domain_conf.h"

/**
 * virDomainDefCheckABIStability:
 * @src: the definition in place (a snapshot's saved domain)
 * @dst: the definition that would replace it
 *
 * Compares the parts of the domain tidemark models, in libvirt 9.0's
 * order and with its wording: virt type, uuid, name, memory and current
 * memory, vCPU count and online vCPUs (<vcpu current=...>), OS type,
 * architecture and machine, then disk count and each disk (device, bus,
 * target, serial, wwn, read-only, model, rotation rate, queues, queue
 * size, virtio driver options, address). What tidemark keeps only as
 * preserved XML (controllers, interfaces, features, ...) is not
 * compared.
 *
 * Returns true if @dst may replace @src; false with the first
 * difference reported as VIR_ERR_CONFIG_UNSUPPORTED (VIR_FROM_DOMAIN),
 * the target's value named first: "Target domain max memory 2097152
 * does not match source 1048576".
 */
bool virDomainDefCheckABIStability(const virDomainDef *src, const virDomainDef *dst);
