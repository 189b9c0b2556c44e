/*
 * qemu_agent.h: the guest agent calls of the qemu driver
 *
 * tidemark does not talk to QEMU guest agents. The calls that need one
 * (virDomainFSFreeze/FSThaw, which backup tools try before a backup) fail
 * as libvirt 9.0 fails when no agent answers, so such tools go on as
 * they do with libvirt and a guest without an agent.
 */
#pragma once

#include "driver.h"
#include "qemu/qemu_domain.h"

/* Fills the guest agent methods of the qemu driver table. */
void qemuAgentMethods(virConnectDriver *drv);

/* What libvirt says where running @vm's guest agent would be asked
 * (tidemark never connects one): OPERATION_INVALID "domain is not
 * running" when paused, AGENT_UNRESPONSIVE "QEMU guest agent is not
 * connected" with the agent's channel, else ARGUMENT_UNSUPPORTED "QEMU
 * guest agent is not configured". Always -1. */
int qemuAgentUnavailable(virDomainObj *vm);
