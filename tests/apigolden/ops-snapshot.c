/*
 * ops-snapshot.c: snapshot operations of the API golden runner
 * (filled in with the test driver's snapshot API)
 */
#include "golden.h"

const goldenOp goldenSnapshotOps[] = {
    { NULL, NULL },
};
