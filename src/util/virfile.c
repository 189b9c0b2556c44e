/*
 * virfile.c: durable file writes and name encoding
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "util/virfile.h"

#define VIR_FROM_THIS VIR_FROM_NONE

int
virFileSyncDir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc;

    if (fd < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "cannot open directory '%s': %s",
                       dir, g_strerror(errno));
        return -1;
    }
    rc = fsync(fd);
    close(fd);
    if (rc < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "cannot sync directory '%s': %s",
                       dir, g_strerror(errno));
        return -1;
    }
    return 0;
}

static int
fsync_dir_of(const char *path)
{
    g_autofree char *dir = g_path_get_dirname(path);

    return virFileSyncDir(dir);
}

struct _virFileStaged {
    char *path;
    char *tmp;
};

static void
staged_free(virFileStaged *staged)
{
    g_free(staged->path);
    g_free(staged->tmp);
    g_free(staged);
}

virFileStaged *
virFileStageAtomic(const char *path, const char *data, size_t len, int mode)
{
    g_autofree char *tmp = g_strdup_printf("%s" VIR_FILE_STAGED_MARK "XXXXXX", path);
    int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, mode);
    virFileStaged *staged;
    int saved;

    if (fd < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "cannot create file '%s': %s",
                       tmp, g_strerror(errno));
        return NULL;
    }
    while (len > 0) {
        ssize_t n = write(fd, data, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            goto error;
        data += n;
        len -= n;
    }
    if (fsync(fd) < 0)
        goto error;
    if (close(fd) < 0) {
        fd = -1;
        goto error;
    }
    staged = g_new0(virFileStaged, 1);
    staged->path = g_strdup(path);
    staged->tmp = g_steal_pointer(&tmp);
    return staged;

 error:
    saved = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    virReportError(VIR_ERR_SYSTEM_ERROR, "cannot write file '%s': %s",
                   path, g_strerror(saved));
    return NULL;
}

int
virFileStagedCommit(virFileStaged *staged, bool sync_dir)
{
    int ret = -1;

    if (rename(staged->tmp, staged->path) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "cannot write file '%s': %s",
                       staged->path, g_strerror(errno));
        unlink(staged->tmp);
    } else {
        ret = sync_dir ? fsync_dir_of(staged->path) : 0;
    }
    staged_free(staged);
    return ret;
}

void
virFileStagedDiscard(virFileStaged *staged)
{
    if (!staged)
        return;
    unlink(staged->tmp);
    staged_free(staged);
}

int
virFileWriteAtomic(const char *path, const char *data, size_t len, int mode)
{
    virFileStaged *staged = virFileStageAtomic(path, data, len, mode);

    return staged ? virFileStagedCommit(staged, true) : -1;
}

int
virFileRemoveDurable(const char *path)
{
    if (unlink(path) < 0) {
        if (errno == ENOENT)
            return 0;
        virReportError(VIR_ERR_SYSTEM_ERROR, "cannot remove file '%s': %s",
                       path, g_strerror(errno));
        return -1;
    }
    return fsync_dir_of(path);
}

int
virFileMakePath(const char *path)
{
    if (g_mkdir_with_parents(path, 0700) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "cannot create directory '%s': %s",
                       path, g_strerror(errno));
        return -1;
    }
    return 0;
}

static bool
name_char_plain(char c, bool first)
{
    return g_ascii_isalnum(c) || c == '-' || c == '_' || (c == '.' && !first);
}

char *
virFileEncodeName(const char *name)
{
    GString *out = g_string_new(NULL);

    for (const char *p = name; *p; p++) {
        if (name_char_plain(*p, p == name))
            g_string_append_c(out, *p);
        else
            g_string_append_printf(out, "%%%02X", (unsigned char)*p);
    }
    /* "" can only come from an empty name; keep it a valid file name */
    if (out->len == 0)
        g_string_append(out, "%");
    return g_string_free(out, FALSE);
}

char *
virFileDecodeName(const char *file)
{
    GString *out = g_string_new(NULL);

    if (STREQ(file, "%"))
        return g_string_free(out, FALSE);
    for (const char *p = file; *p; p++) {
        if (*p == '%' && g_ascii_isxdigit(p[1]) && g_ascii_isxdigit(p[2])) {
            int c = g_ascii_xdigit_value(p[1]) * 16 + g_ascii_xdigit_value(p[2]);

            /* only the canonical encoding decodes, so that the mapping
             * stays one to one */
            if (c == 0 || name_char_plain((char)c, p == file) ||
                g_ascii_islower(p[1]) || g_ascii_islower(p[2]))
                goto invalid;
            g_string_append_c(out, (char)c);
            p += 2;
        } else if (name_char_plain(*p, p == file)) {
            g_string_append_c(out, *p);
        } else {
            goto invalid;
        }
    }
    return g_string_free(out, FALSE);

 invalid:
    g_string_free(out, TRUE);
    return NULL;
}
