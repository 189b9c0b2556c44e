/*
 * virfault.h: named points where a test can make tidemark die
 *
 * TIDEMARK_FAULT=<name> kills the process with SIGKILL when it reaches
 * the point <name> (a crash at the worst moment, made deterministic).
 * Every point is listed here, once; the crash test walks this list, so
 * a point added here is tested without further change.
 */
#pragma once

#define VIR_FAULT_POINT_LIST(X) \
    X("checkpoint-create-after-transaction") \
    X("checkpoint-create-after-metadata") \
    X("checkpoint-redefine-after-metadata") \
    X("checkpoint-delete-after-transaction") \
    X("checkpoint-delete-after-metadata") \
    X("domain-start-after-spawn") \
    X("domain-define-after-config") \
    X("backup-begin-after-transaction") \
    X("backup-abort-after-stop") \
    X("snapshot-create-after-images") \
    X("snapshot-create-after-savevm") \
    X("snapshot-create-after-metadata") \
    X("snapshot-redefine-after-metadata") \
    X("snapshot-revert-after-images") \
    X("snapshot-delete-after-images") \
    X("snapshot-delete-after-metadata") \
    X("snapshot-external-after-images") \
    X("snapshot-external-after-memory") \
    X("snapshot-external-after-transaction") \
    X("snapshot-merge-after-images")

/**
 * virFaultPoint:
 * @name: one of VIR_FAULT_POINT_LIST
 *
 * Kills the process if TIDEMARK_FAULT names this point; otherwise does
 * nothing (one getenv).
 */
void virFaultPoint(const char *name);
