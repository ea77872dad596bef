// SPDX-License-Identifier: GPL-2.0
/* The numeric test bodies, built for the generic (interrupts-off) path. */
#define KPCPU_GENERIC_PERCPU 1
#include "numeric_test_cases.cpp"
