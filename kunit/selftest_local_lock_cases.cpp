// SPDX-License-Identifier: GPL-2.0
/* The C++ body of the LocalLocked recursion self-test (see selftest_local_lock.c). */
#include <kpcpu/kpcpu.h>
#include <kpcpu_kunit.h>

#include "selftest_local_lock.h"

extern "C" void kpcpu_selftest_local_lock_taken_twice(struct kunit *test)
{
	auto locked = kpcpu::LocalLocked<long>::with_value(0, kpcpu::gfp::kernel);

	if (!KPCPU_EXPECT_TRUE(test, static_cast<bool>(locked)))
		return;
	auto outer = locked.lock();
	auto inner = locked.lock(); // lockdep: possible recursive locking
	long v = outer.with([](long &x) { return ++x; });

	KPCPU_EXPECT_EQ(test, v, 1l);
}
