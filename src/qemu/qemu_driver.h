/*
 * qemu_driver.h: the qemu driver (qemu:///embed?root=DIR)
 */
#pragma once

#include "qemu/qemu_domain.h"
#include "driver.h"

/* Registers the qemu driver with the connection layer. */
int qemuRegister(void);

/**
 * qemuDriverSetDaemonMode:
 *
 * Called by tidemarkd before any connection: qemu:///session (a user)
 * and qemu:///system (root) are then served by this driver, with
 * libvirt's directories (qemuDriverConfigNewDaemon), and that driver
 * stays loaded after its last connection closes, as libvirtd's does.
 * Elsewhere the driver declines those URIs for the remote driver.
 */
void qemuDriverSetDaemonMode(void);

/**
 * qemuDriverCountActiveDomains:
 *
 * Returns how many domains of every loaded qemu driver are running:
 * tidemarkd's idle timeout waits while any is (libvirtd's shutdown
 * inhibition). Any thread.
 */
unsigned int qemuDriverCountActiveDomains(void);

/* Queues a lifecycle event of @vm for the driver's connections. */
void qemuDriverEmitLifecycle(qemuDriver *driver, virDomainObj *vm,
                             int event, int detail);
