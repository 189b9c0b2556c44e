/*
 * drivers.c: the list of built-in connection drivers
 *
 * This is the one place that knows which drivers exist. Each driver
 * exposes a registration function (testRegister() for test:///, later
 * qemuRegister() for qemu:/// and remoteRegister() for the remote
 * client, which must come last) and this file calls them in order.
 */
#include "internal.h"
#include "driver.h"
#include "drivers.h"
#include "test/test_driver.h"
#include "qemu/qemu_driver.h"
#include "remote/remote_driver.h"

int
tmRegisterDrivers(void)
{
    if (testRegister() < 0)
        return -1;
    if (qemuRegister() < 0)
        return -1;
    /* last: it takes the URIs the in-process drivers decline */
    if (remoteRegister() < 0)
        return -1;
    return 0;
}
