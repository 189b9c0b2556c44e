/*
 * qemu_chain.c: the backing chains of a domain's disks, found before
 * QEMU starts (qemu_chain.h)
 *
 * Facts: QEMU's docs/interop/qcow2.txt (the header: magic, version,
 * backing file offset and size, header length, the extension that
 * records the backing file's format), libvirt 9.0's
 * virStorageSourceGetMetadataRecurse (relative names, the error for a
 * format that is not recorded) and qemuDomainPrepareStorageSource (the
 * numbers).
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qemu/qemu_chain.h"
#include "qemu/qemu_command.h"
#include "conf/domain_xmledit.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

#define QCOW2_MAGIC 0x514649fbU
#define QCOW2_EXT_END 0U
#define QCOW2_EXT_BACKING_FORMAT 0xe2792acaU
#define QCOW2_V2_HEADER 72
#define QCOW2_V3_HEADER 104
/* QEMU's own limit on a backing file name */
#define QCOW2_MAX_BACKING 1023

static guint32
be32(const guint8 *p)
{
    guint32 v;

    memcpy(&v, p, sizeof(v));
    return GUINT32_FROM_BE(v);
}

static guint64
be64(const guint8 *p)
{
    guint64 v;

    memcpy(&v, p, sizeof(v));
    return GUINT64_FROM_BE(v);
}

/* Reads @len bytes at @offset: all of them, or an error naming @path. */
static int
read_at(int fd, const char *path, void *buf, size_t len, guint64 offset)
{
    ssize_t got = pread(fd, buf, len, (off_t)offset);

    if (got < 0) {
        virReportSystemError(errno, "cannot read image '%s'", path);
        return -1;
    }
    if ((size_t)got != len) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "image '%s' is truncated", path);
        return -1;
    }
    return 0;
}

/* The format recorded in the header extensions between @start and
 * @end, or NULL. */
static int
read_backing_format(int fd, const char *path, guint64 start, guint64 end, char **format)
{
    guint64 offset = start;

    for (unsigned int n = 0; n < 64 && offset + 8 <= end; n++) {
        guint8 ext[8];
        guint32 type;
        guint32 len;

        if (read_at(fd, path, ext, sizeof(ext), offset) < 0)
            return -1;
        type = be32(ext);
        len = be32(ext + 4);
        if (type == QCOW2_EXT_END)
            break;
        if (type == QCOW2_EXT_BACKING_FORMAT && len > 0 && len < 64) {
            g_autofree char *name = g_malloc0(len + 1);

            if (read_at(fd, path, name, len, offset + 8) < 0)
                return -1;
            *format = g_steal_pointer(&name);
            return 0;
        }
        offset += 8 + (((guint64)len + 7) & ~(guint64)7);
    }
    return 0;
}

int
qemuImageBacking(const char *path, const char *format, char **backing,
                 char **backing_format)
{
    guint8 hdr[QCOW2_V3_HEADER] = { 0 };
    g_autofree char *name = NULL;
    guint64 name_offset;
    guint32 name_size;
    guint32 version;
    guint64 ext_start;
    int fd;
    int rc = -1;

    *backing = NULL;
    *backing_format = NULL;
    if (g_strcmp0(format, "qcow2") != 0)
        return 0;
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        virReportSystemError(errno, "cannot open image '%s'", path);
        return -1;
    }
    if (read_at(fd, path, hdr, QCOW2_V2_HEADER, 0) < 0)
        goto cleanup;
    if (be32(hdr) != QCOW2_MAGIC) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "image '%s' is not in qcow2 format", path);
        goto cleanup;
    }
    version = be32(hdr + 4);
    name_offset = be64(hdr + 8);
    name_size = be32(hdr + 16);
    if (name_offset == 0 || name_size == 0) {
        rc = 0;
        goto cleanup;
    }
    if (name_size > QCOW2_MAX_BACKING) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "the backing file name of image '%s' is too long", path);
        goto cleanup;
    }
    ext_start = QCOW2_V2_HEADER;
    if (version >= 3) {
        if (read_at(fd, path, hdr + QCOW2_V2_HEADER, QCOW2_V3_HEADER - QCOW2_V2_HEADER,
                    QCOW2_V2_HEADER) < 0)
            goto cleanup;
        ext_start = be32(hdr + 100);
    }
    name = g_malloc0(name_size + 1);
    if (read_at(fd, path, name, name_size, name_offset) < 0 ||
        read_backing_format(fd, path, ext_start, name_offset, backing_format) < 0)
        goto cleanup;
    if (g_path_is_absolute(name)) {
        *backing = g_steal_pointer(&name);
    } else {
        g_autofree char *dir = g_path_get_dirname(path);

        *backing = g_build_filename(dir, name, NULL);
    }
    rc = 0;

 cleanup:
    close(fd);
    return rc;
}

/* A backing image whose format its parent's header does not record:
 * qcow2 if it says so itself, else raw (libvirt's probe, for an image
 * at the end of a chain only). */
static char *
probe_format(const char *path)
{
    guint8 magic[4];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    bool qcow2 = false;

    if (fd >= 0) {
        qcow2 = pread(fd, magic, sizeof(magic), 0) == (ssize_t)sizeof(magic) &&
                be32(magic) == QCOW2_MAGIC;
        close(fd);
    }
    return g_strdup(qcow2 ? "qcow2" : "raw");
}

/* The deepest element of the chain @disk's definition describes (its
 * <source> when none), and that image's path and format. */
static xmlNodePtr
described_end(virDomainDiskDef *disk, xmlNodePtr source, unsigned int depth,
              char **path, char **format)
{
    xmlNodePtr end = source;
    xmlNodePtr bs = virXMLChildElement(disk->node, "backingStore");

    *path = g_strdup(disk->src);
    *format = g_strdup(disk->driver_type ? disk->driver_type : "raw");
    for (unsigned int d = 0; d < depth && bs; d++) {
        xmlNodePtr src = virXMLChildElement(bs, "source");
        xmlNodePtr fmt = virXMLChildElement(bs, "format");

        end = bs;
        g_free(*path);
        *path = src ? virXMLPropString(src, "file") : NULL;
        if (!*path && src)
            *path = virXMLPropString(src, "dev");
        g_free(*format);
        *format = fmt ? virXMLPropString(fmt, "type") : NULL;
        if (!*format)
            *format = g_strdup("raw");
        bs = virXMLChildElement(bs, "backingStore");
    }
    return end;
}

/* A <backingStore> for image @path of format @format, numbered @index. */
static xmlNodePtr
backing_element(xmlDocPtr doc, const char *path, const char *format, unsigned int index)
{
    xmlNodePtr bs = xmlNewDocNode(doc, NULL, BAD_CAST "backingStore", NULL);
    struct stat st;
    bool block = stat(path, &st) == 0 && S_ISBLK(st.st_mode);
    xmlNodePtr node;

    virDomainXMLSetProp(bs, "type", block ? "block" : "file");
    virDomainXMLSetPropf(bs, "index", "%u", index);
    node = xmlNewChild(bs, NULL, BAD_CAST "format", NULL);
    virDomainXMLSetProp(node, "type", format);
    node = xmlNewChild(bs, NULL, BAD_CAST "source", NULL);
    virDomainXMLSetProp(node, block ? "dev" : "file", path);
    return bs;
}

/* Puts @bs under @end: right after <source> when @end is the disk's own
 * <source> (where libvirt prints it), else as @end's child. */
static void
attach(virDomainDiskDef *disk, xmlNodePtr source, xmlNodePtr end, xmlNodePtr bs)
{
    if (end != source)
        xmlAddChild(end, bs);
    else if (source)
        xmlAddNextSibling(source, bs);
    else
        xmlAddChild(disk->node, bs);
}

/* Adds the images under the described part of disk @disk's chain, read
 * from the headers, numbered from *@next; an empty <backingStore/> ends
 * the chain, as libvirt prints a chain it found. */
static int
detect_chain(virDomainDiskDef *disk, unsigned int *next)
{
    xmlNodePtr source = virXMLChildElement(disk->node, "source");
    unsigned int depth = qemuDiskDescribedDepth(disk);
    g_autofree char *path = NULL;
    g_autofree char *format = NULL;
    xmlNodePtr end = described_end(disk, source, depth, &path, &format);
    xmlNodePtr old_end;
    bool probed = false;

    /* an end the definition wrote is the images' to say */
    if ((old_end = virXMLChildElement(end == source ? disk->node : end, "backingStore")))
        virDomainXMLRemove(old_end);
    for (unsigned int d = 0; path && d < QEMU_CHAIN_MAX_DEPTH; d++) {
        g_autofree char *backing = NULL;
        g_autofree char *backing_format = NULL;
        xmlNodePtr bs;

        if (qemuImageBacking(path, format, &backing, &backing_format) < 0) {
            /* QEMU reports an image it cannot open, in its own words */
            virResetLastError();
            break;
        }
        if (!backing)
            break;
        if (probed) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           "format of backing image '%s' of image '%s' was not specified in "
                           "the image metadata (See "
                           "https://libvirt.org/kbase/backing_chains.html for troubleshooting)",
                           backing, path);
            return -1;
        }
        if (!backing_format) {
            backing_format = probe_format(backing);
            probed = true;
        }
        bs = backing_element(disk->node->doc, backing, backing_format, (*next)++);
        attach(disk, source, end, bs);
        end = bs;
        g_free(path);
        path = g_steal_pointer(&backing);
        g_free(format);
        format = g_steal_pointer(&backing_format);
    }
    attach(disk, source, end, xmlNewDocNode(disk->node->doc, NULL, BAD_CAST "backingStore",
                                            NULL));
    return 0;
}

int
qemuChainPrepare(virDomainDef *def, unsigned int *next)
{
    unsigned int counter = 1;

    for (size_t n = def->ndisks; n-- > 0;) {
        virDomainDiskDef *disk = def->disks[n];
        xmlNodePtr source = virXMLChildElement(disk->node, "source");
        unsigned int index = qemuDiskTopIndex(def, n);
        unsigned int depth = qemuDiskDescribedDepth(disk);
        xmlNodePtr bs = virXMLChildElement(disk->node, "backingStore");

        if (!disk->src)
            continue;
        if (source)
            virDomainXMLSetPropf(source, "index", "%u", index);
        for (unsigned int d = 0; d < depth; d++, bs = virXMLChildElement(bs, "backingStore"))
            virDomainXMLSetPropf(bs, "index", "%u", index + 1 + d);
        if (depth)
            virDomainXMLSetPropf(disk->node, VIR_DOMAIN_DISK_DESCRIBED, "%u", depth);
        counter = MAX(counter, index + depth + 1);
    }
    for (size_t n = def->ndisks; n-- > 0;) {
        if (def->disks[n]->src && detect_chain(def->disks[n], &counter) < 0)
            return -1;
    }
    *next = counter;
    return 0;
}
