// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for kpcpu's dynamic per-CPU variables (C++ bodies in
 * dynamic_test_cases.cpp), and the C helpers they need.
 */
#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/module.h>
#include <linux/preempt.h>

#include "dynamic_test.h"

int kpcpu_test_cpu_offline(unsigned int cpu)
{
	return remove_cpu(cpu);
}

int kpcpu_test_cpu_online(unsigned int cpu)
{
	return add_cpu(cpu);
}

int kpcpu_test_preemptible(void)
{
	return preemptible();
}

static struct kunit_case kpcpu_dynamic_cases[] = {
	KPCPU_DYNAMIC_TEST_CASES(KPCPU_TEST_CASE)
	{}
};

static struct kunit_suite kpcpu_dynamic_suite = {
	.name = "kpcpu_dynamic",
	.test_cases = kpcpu_dynamic_cases,
};

kunit_test_suite(kpcpu_dynamic_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: dynamic per-CPU variable tests");
