/*
 * drivers.c: the list of built-in connection drivers
 *
 * This is the one place that knows which drivers exist. Each driver
 * exposes a registration function (testRegister() for test:///,
 * qemuRegister() for qemu:///, remoteRegister() for the remote client)
 * and this file calls them in order. No driver is built yet, so the
 * list is empty and every virConnectOpen fails with VIR_ERR_NO_CONNECT
 * until one is added here.
 */
#include "internal.h"
#include "driver.h"
#include "drivers.h"

int
tmRegisterDrivers(void)
{
    return 0;
}
