// SPDX-License-Identifier: GPL-2.0
/*
 * C++ bodies of the kpcpu_core KUnit suite for what a module author reaches
 * for first: file-local static variables (with core_test_local_a.cpp and
 * core_test_local_b.cpp), types with commas, module-lifetime objects
 * (kpcpu::ModuleObject) and reports that name the author's own code.
 */
#include <kpcpu/kpcpu.h>
#include <kpcpu_kunit.h>

#include "core_test.h"

using namespace kpcpu;

namespace {

using kunit_bridge::opaque;

template <typename A, typename B>
struct Pair {
	A first;
	B second;
	constexpr Pair(A a, B b) : first(a), second(b) {}
};

KPCPU_DEFINE_PER_CPU((Pair<int, long>), pairs, 1, 2L);
KPCPU_DEFINE_PER_CPU(long, report_target, 0);

/* Destruction order, as digits: 21 is "2 went, then 1". */
int destroyed;

struct Tracked {
	int id;
	long *value;
	explicit Tracked(int id_) : id(id_), value(new (gfp::kernel) long(id_ * 100)) {}
	Tracked(const Tracked &) = delete;
	~Tracked()
	{
		delete value;
		destroyed = destroyed * 10 + id;
	}
};

constinit ModuleObject<Tracked> first_object;
constinit ModuleObject<Tracked> second_object;
constinit ModuleObject<DynamicPerCpu<u64>> percpu_object;

} // namespace

/*
 * Two files of this module each define "static KPCPU_DEFINE_PER_CPU(long,
 * hits, 0)": they link, and they are two variables - different per-CPU
 * addresses, and what one file adds the other does not see.
 */
extern "C" void kpcpu_test_file_local_statics(struct kunit *test)
{
	KPCPU_EXPECT_NE(test, kpcpu_test_local_a_address(), kpcpu_test_local_b_address());
	KPCPU_EXPECT_EQ(test, kpcpu_test_local_a_add(opaque(3u)), 3l);
	KPCPU_EXPECT_EQ(test, kpcpu_test_local_b_add(2u), 20l);
	KPCPU_EXPECT_EQ(test, kpcpu_test_local_a_add(0u), 3l);
	KPCPU_EXPECT_EQ(test, kpcpu_test_local_b_add(0u), 20l);
}

/* A parenthesized type with a comma, initialized on every possible CPU. */
extern "C" void kpcpu_test_type_with_comma(struct kunit *test)
{
	for (unsigned int cpu : possible_cpus()) {
		Pair<int, long> *p = pairs.remote_ptr(cpu);

		KPCPU_EXPECT_TRUE(test, p != nullptr);
		if (p) {
			KPCPU_EXPECT_EQ(test, p->first, 1);
			KPCPU_EXPECT_EQ(test, p->second, 2l);
		}
	}
	CpuGuard guard;
	long second = pairs.get(guard).with([](Pair<int, long> &p) { return p.second += 40; });
	KPCPU_EXPECT_EQ(test, second, 42l);
	pairs.get(guard).with([](Pair<int, long> &p) { p.second = 2; });
}

/*
 * ModuleObject: empty until emplace(), the object after; emplace() again
 * replaces it (the old one destroyed first); reset() destroys it and is a
 * no-op when empty; destroy_module_objects() - what the module's init (on
 * failure) and exit entry points call - destroys the live ones newest
 * first and leaves them empty.
 */
extern "C" void kpcpu_test_module_object(struct kunit *test)
{
	destroyed = 0;
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(first_object));
	KPCPU_EXPECT_TRUE(test, first_object.get() == nullptr);

	Tracked *one = first_object.emplace(opaque(1));
	KPCPU_EXPECT_TRUE(test, one == first_object.get());
	KPCPU_EXPECT_EQ(test, *one->value, 100l);
	first_object.emplace(3); /* replaces 1 */
	KPCPU_EXPECT_EQ(test, destroyed, 1);
	KPCPU_EXPECT_EQ(test, first_object.get()->id, 3);
	first_object.reset();
	first_object.reset(); /* empty: nothing */
	KPCPU_EXPECT_EQ(test, destroyed, 13);
	KPCPU_EXPECT_TRUE(test, first_object.get() == nullptr);

	destroyed = 0;
	first_object.emplace(1);
	second_object.emplace(2);
	auto *counters = percpu_object.emplace(DynamicPerCpu<u64>::with_value(5, gfp::kernel));
	KPCPU_EXPECT_TRUE(test, static_cast<bool>(*counters));
	KPCPU_EXPECT_EQ(test, sum(*counters), 5ull * possible_cpus().count());
	detail::destroy_module_objects();
	KPCPU_EXPECT_EQ(test, destroyed, 21);
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(first_object));
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(second_object));
	KPCPU_EXPECT_FALSE(test, static_cast<bool>(percpu_object));
	KPCPU_EXPECT_TRUE(test, detail::module_objects == nullptr);
	detail::destroy_module_objects(); /* nothing left: nothing happens */
	KPCPU_EXPECT_EQ(test, destroyed, 21);
}

/*
 * A report names this function - the call site in the module, not a kpcpu
 * function - and the static variable by name: scripts/test.sh reads the
 * line from the console log (check reports-name-call-site).
 */
extern "C" void kpcpu_test_reports_name_call_site(struct kunit *test)
{
	unsigned long before = kpcpu_debug_reports();

	KPCPU_EXPECT_TRUE(test, report_target.remote_ptr(opaque(possible_cpus().count() + 1000)) == nullptr);
	KPCPU_EXPECT_EQ(test, kpcpu_debug_reports(), before + 1);
}
