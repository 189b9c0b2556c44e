/*
 * golden.h: shared by the parts of the API golden runner
 */
#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <glib.h>
#include <tidemark/tidemark.h>

typedef struct {
    const char *name;
    /* argv[0] is the op name; @text is what follows " : " or NULL */
    void (*run)(char **argv, int argc, const char *text);
} goldenOp;

extern const goldenOp goldenDomainOps[];
extern const goldenOp goldenCheckpointOps[];
extern const goldenOp goldenSnapshotOps[];
extern const goldenOp goldenJobOps[];
extern const goldenOp goldenEventOps[];

/* "A|B|0x10" with constant names of the public headers -> value. */
int goldenFlags(const char *text, unsigned int *flags);

/* goldenFlags for an op's argument: prints "error: bad flags" and
 * returns false when the text is not flags. */
bool goldenFlagsArg(const char *text, unsigned int *flags);

/* In an op (argv, argc in scope): print "error: usage" and return
 * unless there are at least @n words. */
#define NEED(n) \
    do { \
        if (argc < (n)) { \
            printf("error: usage\n"); \
            return; \
        } \
    } while (0)

/* Transcript lines: "ok [details]" or "error code=N domain=N: message". */
void goldenOk(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void goldenError(void);

virConnectPtr goldenConn(void);
/* Releases the held handles, closes the connection and returns what
 * virConnectClose returned (-2 without a connection). */
int goldenCloseConn(void);
/* Looks a domain up by name; prints the error and returns NULL. */
virDomainPtr goldenDomain(const char *name);

/* Handles kept across lines ("hold" ops), released at the end or when
 * the connection changes. */
void goldenHold(const char *var, void *handle, GDestroyNotify release);
void *goldenHeld(const char *var);

/* The text argument: inline, or "@FILE" relative to the scenario. */
char *goldenText(const char *arg);

void goldenPrintNames(GPtrArray *names, bool keep_order);
int goldenStrCmp(const char **a, const char **b);
