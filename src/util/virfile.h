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
