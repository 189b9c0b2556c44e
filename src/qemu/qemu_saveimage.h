/*
 * qemu_saveimage.h: libvirt's save image, the file a domain's memory
 * state is kept in
 *
 * The layout is libvirt's (qemu_saveimage.h of libvirt 9.0), so each
 * tool can read the other's: a 92-byte header in host byte order
 * (16-byte magic, then the unsigned 32-bit version 2, data_len,
 * was_running, compressed, cookieOffset and 14 unused words), then
 * data_len bytes holding the domain XML and the save cookie (each with
 * its NUL) padded with zeros, then QEMU's migration stream. The magic
 * reads "LibvirtQemudPart" while the file is being written and
 * "LibvirtQemudSave" once it is whole.
 */
#pragma once

#include "qemu/qemu_domain.h"

/**
 * qemuSaveImageCreate:
 * @vm: a running domain, its monitor usable (the caller holds the job)
 * @path: the file to write (absolute); replaced if it exists
 * @xml: the domain XML to record
 * @cookie: the save cookie to record (the <cookie> element's text), or NULL
 * @was_running: whether the domain ran when the state was taken
 *
 * Writes the header and @xml, then has QEMU migrate its state into the
 * file (at full speed: the migration speed is raised for it and put back
 * after), waits for it to complete, syncs the file and only then marks
 * it whole. QEMU's vCPUs are stopped at the end of the migration (QEMU's
 * "postmigrate" state; `cont` resumes them). On failure a file this
 * call created is removed.
 *
 * Returns 0, or -1 with an error set.
 */
int qemuSaveImageCreate(virDomainObj *vm, const char *path, const char *xml,
                        const char *cookie, bool was_running);

/**
 * qemuSaveImageCheck:
 * @path: a file
 *
 * Whether @path is a whole save image qemuSaveImageLoad can read.
 * Returns 0, or -1 with its error set.
 */
int qemuSaveImageCheck(const char *path);

/**
 * qemuSaveImageLoad:
 * @vm: a domain whose QEMU was started with `-incoming defer`
 * @path: a whole save image (compression is refused: tidemark writes none)
 *
 * Checks the header, then feeds QEMU the migration stream after it and
 * waits until QEMU has loaded it; the vCPUs stay stopped.
 *
 * Returns 0, or -1 with an error set (a file that is not a whole save
 * image: VIR_ERR_OPERATION_FAILED naming it; a compressed one:
 * VIR_ERR_OPERATION_UNSUPPORTED).
 */
int qemuSaveImageLoad(virDomainObj *vm, const char *path);
