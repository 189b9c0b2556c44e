/*
 * libtidemark.h: library-wide initialisation
 */
#pragma once

/**
 * tmInitialize:
 *
 * Runs the one-time initialisation of the library (registering the
 * built-in drivers) on first call; later calls, from any thread, wait
 * for it and return its result. Called by virConnectOpen*; tests call
 * it before registering drivers of their own if they want the built-in
 * ones first.
 *
 * Returns 0, or -1 (the error is set in the thread that ran the
 * initialisation only).
 */
int tmInitialize(void);
