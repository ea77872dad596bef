/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kpcpu_numeric KUnit suites: C++ bodies (numeric_test_cases.cpp) and
 * C helpers (numeric_test.c). The same bodies are built twice, for the
 * x86_64 path and for the generic path (numeric_generic_test*.c/cpp), each
 * into a module of its own, so the names below never clash.
 */
#ifndef KPCPU_NUMERIC_TEST_H
#define KPCPU_NUMERIC_TEST_H

#include "suite.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The cases in run order, each the C++ body kpcpu_test_<name> (suite.h). */
#define KPCPU_NUMERIC_TEST_CASES(X) \
	X(numeric_path_selected) \
	X(numeric_every_op_every_width) \
	X(numeric_raw_flavour) \
	X(numeric_integer_promotion) \
	X(numeric_static_and_extern) \
	X(numeric_cmpxchg_double) \
	X(numeric_stress_threads_and_irqs)
KPCPU_NUMERIC_TEST_CASES(KPCPU_TEST_PROTOTYPE)

/*
 * Runs fn(arg) in @nthreads kthreads, thread i started on online CPU
 * i % online (preemptible; they may migrate), and waits for all. 0 or -errno.
 */
int kpcpu_test_run_threads(unsigned int nthreads, int (*fn)(void *arg), void *arg);

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_NUMERIC_TEST_H */
