/*
 * testutils.h: the shared harness of tidemark's C unit tests
 *
 * Tests print TAP (one "ok"/"not ok" line per check, plan at the end),
 * read fixture files relative to the source tree, and compare text
 * with a readable diff on mismatch. TIDEMARK_TEST_REGENERATE=1 makes
 * xml2xml tests rewrite the expected files that differ from tidemark's
 * own output, and fail (then confirm them with the libvirt generator,
 * see tests/README.md).
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

/* Records one check. Returns @ok. */
bool tmTestResult(bool ok, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Prints a diagnostic line ("# ...") under the last check. */
void tmTestDiag(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* Prints the plan and returns the process exit status. */
int tmTestDone(void);

/* Reads a file; aborts the test on failure. */
char *tmTestReadFile(const char *path);

/* Compares @actual with the file @expect_path; on mismatch prints a line
 * diff and returns false. In regenerate mode a file that differs (or is
 * missing) is rewritten from @actual, and the check still fails. */
bool tmTestCompareFile(const char *actual, const char *expect_path);

/* One line of a case list, split on blanks; the message column of
 * invalid lists (everything after the fixed columns) is kept whole. */
typedef struct {
    char **fields;     /* NULL-terminated */
    size_t nfields;
    char *rest;        /* text after the first @nfixed fields, or NULL */
} tmTestCase;

/* Reads @path, skipping comments and blank lines. @nfixed: number of
 * leading columns; the remainder of the line goes to rest (0 = all
 * columns are fields). Returns an array of tmTestCase (free with
 * tmTestCasesFree). */
GPtrArray *tmTestReadCases(const char *path, size_t nfixed);

/* Undoes the escaping of invalid.txt messages: "\n" -> newline,
 * "\\" -> backslash. */
char *tmTestUnescape(const char *msg);

/* Replaces tidemark's schema directory in @msg by "@SCHEMADIR@/". */
char *tmTestMaskSchemaDir(const char *msg);

/* Checks the thread's last error against code, domain and message. */
bool tmTestCheckError(int code, int domain, const char *message,
                      const char *what);

bool tmTestHasFlag(const tmTestCase *tc, size_t from, const char *flag);
