// SPDX-License-Identifier: GPL-2.0
/*
 * A static per-CPU variable defined in one translation unit and used from
 * another (core_test_cases.cpp declares it with KPCPU_DECLARE_PER_CPU).
 */
#include <kpcpu/kpcpu.h>

KPCPU_DEFINE_PER_CPU(long, kpcpu_test_shared_counter, 11);
