/* SPDX-License-Identifier: GPL-2.0 */
/* The C++ bodies of the kpcpu_selftest_fail suite (selftest_fail_cases.cpp). */
#ifndef KPCPU_SELFTEST_FAIL_H
#define KPCPU_SELFTEST_FAIL_H

#include "suite.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The cases in run order, each the C++ body kpcpu_selftest_<name> (suite.h). */
#define KPCPU_SELFTEST_FAIL_CASES(X) \
	X(passing_expectation) \
	X(failing_expectation)
KPCPU_SELFTEST_FAIL_CASES(KPCPU_SELFTEST_PROTOTYPE)

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_SELFTEST_FAIL_H */
