/*
 * qemu_device_shape.h: the attributes and children of each device that
 * tidemark's QEMU command line carries
 */
#pragma once

#include "internal.h"
#include "util/virxml.h"

/**
 * qemuDeviceShapeCheck:
 * @device: an element under <devices>
 * @why: set to a new string describing the first part of @device the
 *       command line would leave out, e.g. "<driver cache='none'> is not
 *       supported"
 *
 * Returns true if every attribute and child element of @device (and of
 * the children tidemark reads) is one the command line builder turns
 * into QEMU options. Devices it has no table for are accepted here:
 * their builder decides.
 */
bool qemuDeviceShapeCheck(xmlNodePtr device, char **why);
