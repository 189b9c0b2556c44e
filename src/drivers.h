/*
 * drivers.h: which connection drivers the library registers
 */
#pragma once

/**
 * tmRegisterDrivers:
 *
 * Registers every built-in connection driver with
 * virRegisterConnectDriver(), in the order they are to be asked
 * (specific schemes first, a wildcard remote driver last). Called once
 * per process by tmInitialize().
 *
 * Returns 0, or -1 with the error set.
 */
int tmRegisterDrivers(void);
