// SPDX-License-Identifier: GPL-2.0
/*
 * One of two files of the kpcpu_core_test module (core_test_local_a.cpp,
 * core_test_local_b.cpp) that each define a file-local per-CPU variable
 * called `hits`, the way C writes "static DEFINE_PER_CPU": they must link
 * into one module and stay two variables (kpcpu_test_file_local_statics).
 */
#include <kpcpu/kpcpu.h>

#include "core_test.h"

static KPCPU_DEFINE_PER_CPU(long, hits, 0);

/* Adds 1 to this CPU's hits @times times; returns the sum over CPUs. */
long kpcpu_test_local_a_add(unsigned int times)
{
	for (unsigned int i = 0; i < times; i++)
		hits.num().add(1);
	return kpcpu::sum(hits);
}

const void *kpcpu_test_local_a_address(void)
{
	return hits.ptr().percpu_address();
}
