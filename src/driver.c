/*
 * driver.c: the registry of connection drivers
 *
 * A small fixed array: a process has a handful of drivers, registered
 * once at library initialisation (tmRegisterDrivers) and read by every
 * virConnectOpen. The lock makes registration from a test (or a late
 * caller) safe against concurrent opens, which copy the table first.
 */
#include "internal.h"
#include "driver.h"

#define VIR_FROM_THIS VIR_FROM_NONE

static GMutex registry_lock;
static const virConnectDriver *registry[VIR_MAX_CONNECT_DRIVERS];
static size_t registry_count;

int
virRegisterConnectDriver(const virConnectDriver *driver)
{
    size_t i;
    int ret = -1;

    if (!driver || !driver->connectOpen || !driver->connectClose) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       "connection driver lacks connectOpen or connectClose");
        return -1;
    }

    g_mutex_lock(&registry_lock);
    for (i = 0; i < registry_count; i++) {
        if (registry[i] == driver) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           "connection driver '%s' is already registered",
                           NULLSTR(driver->name));
            goto cleanup;
        }
    }
    if (registry_count == VIR_MAX_CONNECT_DRIVERS) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "too many connection drivers: cannot register '%s' (limit %d)",
                       NULLSTR(driver->name), VIR_MAX_CONNECT_DRIVERS);
        goto cleanup;
    }
    registry[registry_count++] = driver;
    ret = 0;

 cleanup:
    g_mutex_unlock(&registry_lock);
    return ret;
}

size_t
virConnectDriverGetAll(const virConnectDriver **drivers)
{
    size_t n;

    g_mutex_lock(&registry_lock);
    n = registry_count;
    memcpy(drivers, registry, n * sizeof(*registry));
    g_mutex_unlock(&registry_lock);
    return n;
}

void
virConnectDriverUnregisterAll(void)
{
    g_mutex_lock(&registry_lock);
    memset(registry, 0, sizeof(registry));
    registry_count = 0;
    g_mutex_unlock(&registry_lock);
}
