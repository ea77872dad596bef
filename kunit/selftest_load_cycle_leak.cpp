// SPDX-License-Identifier: GPL-2.0
/*
 * Runner self-test, never part of a normal run: kunit/load_cycle.cpp with
 * its held variable never freed, one leaked per-CPU block per load.
 * scripts/kunit-run.sh must fail the load/unload check and say so.
 */
#define KPCPU_LOAD_CYCLE_LEAKS 1
#include "load_cycle.cpp"
