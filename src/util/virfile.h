/*
 * virfile.h: files the drivers persist, written so a crash never leaves
 * half of one
 */
#pragma once

#include "internal.h"

/**
 * virFileWriteAtomic:
 * @path: the file to (re)place
 * @data, @len: its whole new content
 * @mode: permissions of a new file
 *
 * Writes a temporary file in @path's directory, fsyncs it, renames it
 * over @path and fsyncs the directory: a reader (or a process started
 * after a crash) sees the old content or the new, never a mix. Returns
 * 0, or -1 with a SYSTEM_ERROR naming the file.
 */
int virFileWriteAtomic(const char *path, const char *data, size_t len, int mode);

/* What a staged file's temporary name adds to the final one: a file
 * whose name holds it is left over from a crash, never content. */
#define VIR_FILE_STAGED_MARK ".new-"

typedef struct _virFileStaged virFileStaged;

/**
 * virFileStageAtomic:
 *
 * The first half of virFileWriteAtomic, for a caller that decides
 * later whether the write happens: @data is written and fsynced to a
 * temporary file beside @path; @path itself is untouched until
 * virFileStagedCommit. Exactly one of virFileStagedCommit and
 * virFileStagedDiscard must follow. Returns NULL with an error set.
 */
virFileStaged *virFileStageAtomic(const char *path, const char *data, size_t len,
                                  int mode);

/**
 * virFileStagedCommit:
 * @sync_dir: fsync the directory too (false: the caller makes the
 *            rename durable later, with virFileSyncDir)
 *
 * Renames the staged file over its path. Frees @staged. Returns 0, or
 * -1 with an error set (nothing replaced).
 */
int virFileStagedCommit(virFileStaged *staged, bool sync_dir);

/* fsyncs directory @dir: the names created, renamed or removed in it
 * survive a power loss. Returns 0 or -1 with an error set. */
int virFileSyncDir(const char *dir);

/* Removes the staged file and frees @staged (NULL is a no-op). */
void virFileStagedDiscard(virFileStaged *staged);

/**
 * virFileRemoveDurable:
 *
 * Unlinks @path and fsyncs its directory. A missing file is not an
 * error. Returns 0 or -1 with an error set.
 */
int virFileRemoveDurable(const char *path);

/* Creates @path and its parents (mode 0700 for new ones). Returns 0 or
 * -1 with an error set. */
int virFileMakePath(const char *path);

/**
 * virFileEncodeName:
 * @name: an object name as the API accepted it
 *
 * A file name for @name: ASCII letters, digits, '-', '_' and (not
 * first) '.' stand for themselves, every other byte is "%XX". The
 * mapping is one to one, so distinct names never share a file, and no
 * result is "", ".", ".." or contains '/'. Returns a new string.
 */
char *virFileEncodeName(const char *name);

/* The inverse of virFileEncodeName; NULL if @file is not an encoding. */
char *virFileDecodeName(const char *file);
