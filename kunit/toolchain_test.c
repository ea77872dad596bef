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
	KUNIT_CASE(kpcpu_test_percpu_section_gs_roundtrip),
	KUNIT_CASE(kpcpu_test_percpu_template_widths),
	KUNIT_CASE(kpcpu_test_new_delete_object),
	KUNIT_CASE(kpcpu_test_new_delete_array),
	KUNIT_CASE(kpcpu_test_new_failure_returns_null),
	KUNIT_CASE(kpcpu_test_placement_new),
	KUNIT_CASE(kpcpu_test_virtual_dispatch),
	KUNIT_CASE(kpcpu_test_constant_initialized_statics),
	{}
};

static struct kunit_suite kpcpu_toolchain_suite = {
	.name = "kpcpu_toolchain",
	.test_cases = kpcpu_toolchain_cases,
};

kunit_test_suite(kpcpu_toolchain_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: C++ toolchain tests");
