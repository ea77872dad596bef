/* SPDX-License-Identifier: GPL-2.0 */
/* The C++ bodies of the kpcpu_toolchain KUnit suite (toolchain_test_cases.cpp). */
#ifndef KPCPU_TOOLCHAIN_TEST_H
#define KPCPU_TOOLCHAIN_TEST_H

#include "suite.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The cases in run order, each the C++ body kpcpu_test_<name> (suite.h). */
#define KPCPU_TOOLCHAIN_TEST_CASES(X) \
	X(percpu_section_gs_roundtrip) \
	X(percpu_template_widths) \
	X(new_delete_object) \
	X(new_delete_array) \
	X(new_failure_returns_null) \
	X(placement_new) \
	X(virtual_dispatch) \
	X(constant_initialized_statics)
KPCPU_TOOLCHAIN_TEST_CASES(KPCPU_TEST_PROTOTYPE)

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_TOOLCHAIN_TEST_H */
