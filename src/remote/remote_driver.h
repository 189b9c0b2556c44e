/*
 * remote_driver.h: the remote driver, libtidemark's client of a daemon
 *
 * Like libvirt's, it is just another connection driver: every method
 * sends the call of libvirt's wire protocol to tidemarkd (or to any
 * libvirtd) and turns the reply back into the driver's result, so the
 * public API behaves the same in-process and through a daemon.
 */
#pragma once

/**
 * remoteRegister:
 *
 * Registers the remote driver; it must come after every in-process
 * driver, since it takes the URIs they leave (DRIVER+unix://...,
 * qemu:///session, qemu:///system). Returns 0, or -1 with the error set.
 */
int remoteRegister(void);

/**
 * remoteDriverSetInsideDaemon:
 *
 * Called by tidemarkd before it opens anything: inside the daemon the
 * remote driver declines every URI, so that a URI the daemon's own
 * drivers do not serve fails instead of connecting back to the daemon,
 * as libvirt's remote driver does inside libvirtd.
 */
void remoteDriverSetInsideDaemon(void);
