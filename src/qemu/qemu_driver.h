/*
 * qemu_driver.h: the qemu driver (qemu:///embed?root=DIR)
 */
#pragma once

#include "qemu/qemu_domain.h"
#include "driver.h"

/* Registers the qemu driver with the connection layer. */
int qemuRegister(void);

/* Queues a lifecycle event of @vm for the driver's connections. */
void qemuDriverEmitLifecycle(qemuDriver *driver, virDomainObj *vm,
                             int event, int detail);
