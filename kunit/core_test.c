// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for kpcpu's core API (C++ bodies in core_test_cases.cpp), and
 * the C reference helpers the bodies compare kpcpu's answers with.
 */
#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/smp.h>

#include "core_test.h"

/* A per-CPU variable defined by C, reached from C++ with KPCPU_EXTERN_PER_CPU. */
DEFINE_PER_CPU(long, kpcpu_test_c_percpu);

int kpcpu_test_preempt_count(void)
{
	return preempt_count();
}

/* How far the kernel's preempt_disable() moves the count: 1, or 0 without PREEMPT_COUNT. */
unsigned int kpcpu_test_preempt_disable_step(void)
{
	unsigned int before = preempt_count(), step;

	preempt_disable();
	step = preempt_count() - before;
	preempt_enable();
	return step;
}

int kpcpu_test_smp_processor_id(void)
{
	return smp_processor_id();
}

unsigned long kpcpu_test_per_cpu_offset(unsigned int cpu)
{
	return per_cpu_offset(cpu);
}

void kpcpu_test_c_percpu_set(unsigned int cpu, long value)
{
	per_cpu(kpcpu_test_c_percpu, cpu) = value;
}

long kpcpu_test_c_percpu_this_cpu_read(void)
{
	return this_cpu_read(kpcpu_test_c_percpu);
}

unsigned int kpcpu_test_num_possible_cpus(void)
{
	return num_possible_cpus();
}

unsigned int kpcpu_test_num_online_cpus(void)
{
	return num_online_cpus();
}

unsigned int kpcpu_test_num_present_cpus(void)
{
	return num_present_cpus();
}

unsigned int kpcpu_test_num_active_cpus(void)
{
	return num_active_cpus();
}

static struct kunit_case kpcpu_core_cases[] = {
	KPCPU_CORE_TEST_CASES(KPCPU_TEST_CASE)
	{}
};

static struct kunit_suite kpcpu_core_suite = {
	.name = "kpcpu_core",
	.test_cases = kpcpu_core_cases,
};

kunit_test_suite(kpcpu_core_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: core API tests");
