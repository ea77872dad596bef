// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite proving the C++ toolchain on a real kernel: per-CPU data
 * placed by C++ and reached through %gs, operator new/delete, templates,
 * virtual dispatch without RTTI. The bodies are C++ (toolchain_test_cases.cpp).
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "toolchain_test.h"

static struct kunit_case kpcpu_toolchain_cases[] = {
	KPCPU_TOOLCHAIN_TEST_CASES(KPCPU_TEST_CASE)
	{}
};

static struct kunit_suite kpcpu_toolchain_suite = {
	.name = "kpcpu_toolchain",
	.test_cases = kpcpu_toolchain_cases,
};

kunit_test_suite(kpcpu_toolchain_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: C++ toolchain tests");
