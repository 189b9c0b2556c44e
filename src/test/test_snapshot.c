/*
 * test_snapshot.c: the test driver's snapshot API (being written)
 */
#include "internal.h"
#include "test/test_driver.h"

void
testSnapshotMethods(virConnectDriver *drv G_GNUC_UNUSED)
{
}
