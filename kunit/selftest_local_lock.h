/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The LocalLocked recursion self-test (selftest_local_lock.c): its one case,
 * the C++ body kpcpu_selftest_<name> (selftest_local_lock_cases.cpp).
 */
#ifndef KPCPU_SELFTEST_LOCAL_LOCK_H
#define KPCPU_SELFTEST_LOCAL_LOCK_H

#include "suite.h"

#ifdef __cplusplus
extern "C" {
#endif

#define KPCPU_SELFTEST_LOCAL_LOCK_CASES(X) X(local_lock_taken_twice)
KPCPU_SELFTEST_LOCAL_LOCK_CASES(KPCPU_SELFTEST_PROTOTYPE)

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_SELFTEST_LOCAL_LOCK_H */
