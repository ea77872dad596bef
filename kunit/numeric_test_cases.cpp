// SPDX-License-Identifier: GPL-2.0
/*
 * C++ bodies of the kpcpu_numeric KUnit suite: every this_cpu_* operation
 * on every integer width, both flavours, the kernel's integer-promotion
 * semantics, the double cmpxchg, and a stress run in which kthreads on
 * every CPU add with preemption enabled while IPIs add to the same
 * variables. Built once per path (see numeric_generic_test_cases.cpp).
 */
#include <kpcpu/kpcpu.h>
#include <kpcpu_kunit.h>

#include "numeric_test.h"

using namespace kpcpu;

namespace {

using kunit_bridge::opaque;

/* a + b and a - b with the wrap-around the hardware does, without C++ overflow UB. */
template <typename T>
T wrap_add(T a, T b)
{
	return static_cast<T>(static_cast<u64>(a) + static_cast<u64>(b));
}

template <typename T>
T wrap_sub(T a, T b)
{
	return static_cast<T>(static_cast<u64>(a) - static_cast<u64>(b));
}

/* The operations, in the plain flavour or the raw (guard-taking) one. */
template <typename T, bool Raw>
struct Ops {
	PerCpuNumeric<T> num;
	const CpuGuard &guard;

#define KPCPU_OPS_CALL(op, ...)                                            \
	do {                                                               \
		if constexpr (Raw)                                         \
			return num.op(__VA_ARGS__ __VA_OPT__(, ) guard);   \
		else                                                       \
			return num.op(__VA_ARGS__);                        \
	} while (0)

	[[gnu::always_inline]] T read() const { KPCPU_OPS_CALL(read); }
	[[gnu::always_inline]] void inc() const { KPCPU_OPS_CALL(inc); }
	[[gnu::always_inline]] void dec() const { KPCPU_OPS_CALL(dec); }
	[[gnu::always_inline]] void write(T v) const { KPCPU_OPS_CALL(write, v); }
	template <typename U>
	[[gnu::always_inline]] void add(U v) const { KPCPU_OPS_CALL(add, v); }
	template <typename U>
	[[gnu::always_inline]] void sub(U v) const { KPCPU_OPS_CALL(sub, v); }
	template <typename U>
	[[gnu::always_inline]] void bit_and(U v) const { KPCPU_OPS_CALL(bit_and, v); }
	template <typename U>
	[[gnu::always_inline]] void bit_or(U v) const { KPCPU_OPS_CALL(bit_or, v); }
	template <typename U>
	[[gnu::always_inline]] T add_return(U v) const { KPCPU_OPS_CALL(add_return, v); }
	template <typename U>
	[[gnu::always_inline]] T sub_return(U v) const { KPCPU_OPS_CALL(sub_return, v); }
	template <typename U>
	[[gnu::always_inline]] T xchg(U v) const { KPCPU_OPS_CALL(xchg, v); }
	template <typename U>
	[[gnu::always_inline]] T cmpxchg(U o, U v) const { KPCPU_OPS_CALL(cmpxchg, o, v); }
#undef KPCPU_OPS_CALL
};

/*
 * Every operation once, each checked against a plain local doing the same
 * arithmetic and against this CPU's slot. Returns 0, or the number of the
 * first step that disagreed (the caller's expectation shows which type).
 */
template <typename T, bool Raw>
int check_ops(const Ops<T, Raw> &ops, const T &slot)
{
	T native = 0;
	T got = 0;
	int step = 0;
#define STEP(ok)                                                               \
	do {                                                                   \
		step++;                                                        \
		if (!(ok) || slot != native || ops.read() != native)           \
			return step;                                           \
	} while (0)

	ops.write(T(0));
	STEP(true);
	ops.add(5);                               /* immediate */
	native = wrap_add(native, T(5));
	STEP(true);
	ops.add(1);                               /* constant +1: inc */
	native = wrap_add(native, T(1));
	STEP(true);
	ops.add(-1);                              /* constant -1: dec */
	native = wrap_add(native, static_cast<T>(-1));
	STEP(true);
	ops.add(opaque(T(9)));                    /* register */
	native = wrap_add(native, T(9));
	STEP(true);
	ops.sub(3);
	native = wrap_add(native, static_cast<T>(-static_cast<T>(3)));
	STEP(true);
	ops.sub(opaque(T(2)));
	native = wrap_add(native, static_cast<T>(-static_cast<T>(2)));
	STEP(true);
	ops.inc();
	native = wrap_add(native, T(1));
	STEP(true);
	ops.dec();
	native = wrap_add(native, static_cast<T>(-1));
	STEP(true);
	ops.bit_or(0x30);
	native = static_cast<T>(native | 0x30);
	STEP(true);
	ops.bit_and(opaque(T(0x3c)));
	native = static_cast<T>(native & 0x3c);
	STEP(true);
	got = ops.add_return(7);
	native = wrap_add(native, T(7));
	STEP(got == native);
	got = ops.sub_return(opaque(T(2)));
	native = wrap_add(native, static_cast<T>(-static_cast<T>(2)));
	STEP(got == native);
	got = ops.add_return(-1);
	native = wrap_add(native, static_cast<T>(-1));
	STEP(got == native);
	T before = native;
	got = ops.xchg(42);
	native = 42;
	STEP(got == before);
	got = ops.cmpxchg(T(42), T(9));           /* matches: replaced */
	native = 9;
	STEP(got == 42);
	got = ops.cmpxchg(T(1), T(5));            /* does not match: kept */
	STEP(got == 9);
	ops.write(static_cast<T>(~T(0) > 0 ? ~T(0) : T(-1))); /* all ones */
	native = static_cast<T>(~T(0));
	STEP(true);
	ops.add(1);                               /* wraps to 0 */
	native = wrap_add(native, T(1));
	STEP(native == 0);
	ops.write(static_cast<T>(-5));
	ops.add(opaque(static_cast<T>(-3)));
	native = wrap_add(static_cast<T>(-5), static_cast<T>(-3));
	STEP(true);

	/*
	 * Literal constants that are +-1 only before or only after the
	 * conversion to T: the inc/dec choice must follow the converted value
	 * (sub(0xffffffffu) on a u64 subtracts 4294967295; it is not a
	 * "constant -1" and so not an incq). The same values from a register.
	 */
	ops.write(T(0));
	native = 0;
	ops.sub(0xffffffffu);
	native = wrap_sub(native, static_cast<T>(0xffffffffu));
	STEP(true);
	ops.add(0xffffffffu);
	native = wrap_add(native, static_cast<T>(0xffffffffu));
	STEP(true);
	ops.add(0x100000001ull); /* 1 for T up to 32 bits */
	native = wrap_add(native, static_cast<T>(0x100000001ull));
	STEP(true);
	ops.sub(0x100000001ull);
	native = wrap_sub(native, static_cast<T>(0x100000001ull));
	STEP(true);
	ops.add(0x1ffu); /* 0xff for u8: -1 */
	native = wrap_add(native, static_cast<T>(0x1ffu));
	STEP(true);
	ops.sub(0x10001u); /* 1 for 8 and 16 bits */
	native = wrap_sub(native, static_cast<T>(0x10001u));
	STEP(true);
	ops.add(-1ll);
	native = wrap_add(native, static_cast<T>(-1ll));
	STEP(true);
	ops.sub(0xffffffffffffffffull);
	native = wrap_sub(native, static_cast<T>(0xffffffffffffffffull));
	STEP(true);
	got = ops.add_return(0xffffffffu);
	native = wrap_add(native, static_cast<T>(0xffffffffu));
	STEP(got == native);
	got = ops.sub_return(0xffffffffu);
	native = wrap_sub(native, static_cast<T>(0xffffffffu));
	STEP(got == native);
	ops.sub(opaque(0xffffffffu));
	native = wrap_sub(native, static_cast<T>(0xffffffffu));
	STEP(true);
	ops.add(opaque(0x100000001ull));
	native = wrap_add(native, static_cast<T>(0x100000001ull));
	STEP(true);
	ops.add(opaque(-1ll));
	native = wrap_add(native, static_cast<T>(-1ll));
	STEP(true);
#undef STEP
	return 0;
}

template <typename T, bool Raw>
int check_type()
{
	auto var = DynamicPerCpu<T>::zeroed(gfp::kernel);

	if (!var)
		return -1;
	CpuGuard guard; /* keeps "this CPU's slot" the same slot throughout */
	Ops<T, Raw> ops{var.num(), guard};
	return check_ops(ops, *var.ptr().this_cpu(guard));
}

template <bool Raw>
void check_every_width(struct kunit *test)
{
	KPCPU_EXPECT_EQ(test, (check_type<u8, Raw>()), 0);
	KPCPU_EXPECT_EQ(test, (check_type<s8, Raw>()), 0);
	KPCPU_EXPECT_EQ(test, (check_type<u16, Raw>()), 0);
	KPCPU_EXPECT_EQ(test, (check_type<s16, Raw>()), 0);
	KPCPU_EXPECT_EQ(test, (check_type<u32, Raw>()), 0);
	KPCPU_EXPECT_EQ(test, (check_type<s32, Raw>()), 0);
	KPCPU_EXPECT_EQ(test, (check_type<u64, Raw>()), 0);
	KPCPU_EXPECT_EQ(test, (check_type<s64, Raw>()), 0);
	KPCPU_EXPECT_EQ(test, (check_type<long, Raw>()), 0);
	KPCPU_EXPECT_EQ(test, (check_type<unsigned long, Raw>()), 0);
	KPCPU_EXPECT_EQ(test, (check_type<size_t, Raw>()), 0);
	KPCPU_EXPECT_EQ(test, (check_type<char, Raw>()), 0);
}

KPCPU_DEFINE_PER_CPU(long, long_counter, 0);
KPCPU_DEFINE_PER_CPU(unsigned long, ulong_counter, 0);
KPCPU_DEFINE_PER_CPU(int, int_counter, 0);
KPCPU_DEFINE_PER_CPU(u8, u8_counter, 0);
KPCPU_DEFINE_PER_CPU(s8, s8_counter, 0);
KPCPU_DEFINE_PER_CPU(u64, static_u64, 0);
KPCPU_DEFINE_PER_CPU(DoubleWord, pair, 1, 2);
KPCPU_DEFINE_PER_CPU(u64, stress_total, 0);

/* A per-CPU variable the kernel's C defines (the core suite checks each
 * against C): this CPU's per-CPU offset on x86_64, its number on arm64. */
#ifdef CONFIG_X86_64
KPCPU_EXTERN_PER_CPU(unsigned long, this_cpu_off, kernel_identity);
unsigned long kernel_identity_here(const CpuGuard &)
{
	return arch::this_cpu_offset();
}
#else
KPCPU_EXTERN_PER_CPU(int, cpu_number, kernel_identity);
int kernel_identity_here(const CpuGuard &guard)
{
	return static_cast<int>(guard.cpu());
}
#endif

} // namespace

extern "C" void kpcpu_test_numeric_path_selected(struct kunit *test)
{
#ifdef KPCPU_GENERIC_PERCPU
	KPCPU_EXPECT_TRUE(test, PerCpuNumeric<long>::generic_path);
#else
	KPCPU_EXPECT_FALSE(test, PerCpuNumeric<long>::generic_path);
#endif
}

extern "C" void kpcpu_test_numeric_every_op_every_width(struct kunit *test)
{
	check_every_width<false>(test);
}

extern "C" void kpcpu_test_numeric_raw_flavour(struct kunit *test)
{
	check_every_width<true>(test);
}

/* The kernel's conversions: the value becomes typeof(var) first. */
extern "C" void kpcpu_test_numeric_integer_promotion(struct kunit *test)
{
	unsigned int ui_one = opaque(1u);
	CpuGuard guard;
	auto l = long_counter.num();
	auto ul = ulong_counter.num();

	l.write(0);
	l.add(-1);
	KPCPU_EXPECT_EQ(test, l.read(), -1l);
	l.add(1);
	KPCPU_EXPECT_EQ(test, l.read(), 0l);
	l.add(-ui_one); /* an unsigned int: 0xffffffff, not -1 */
	KPCPU_EXPECT_EQ(test, l.read(), 0xffffffffl);
	l.add(ui_one);
	KPCPU_EXPECT_EQ(test, l.read(), 0x100000000l);
	l.sub(ui_one);
	KPCPU_EXPECT_EQ(test, l.read(), 0xffffffffl);
	l.write(0);
	KPCPU_EXPECT_EQ(test, l.sub_return(ui_one), -1l);
	KPCPU_EXPECT_EQ(test, l.sub_return(ui_one, guard), -2l);

	ul.write(0);
	ul.add(-1);
	KPCPU_EXPECT_EQ(test, ul.read(), ~0ul);
	ul.add(1);
	KPCPU_EXPECT_EQ(test, ul.read(), 0ul);
	ul.add(-ui_one);
	KPCPU_EXPECT_EQ(test, ul.read(), 0xfffffffful);
	ul.dec(guard);
	KPCPU_EXPECT_EQ(test, ul.read(guard), 0xfffffffeul);
	ul.sub(-1); /* minus minus one */
	KPCPU_EXPECT_EQ(test, ul.read(), 0xfffffffful);

	int_counter.num().write(0);
	int_counter.num().add(3000000000u); /* becomes (int)3000000000 */
	KPCPU_EXPECT_EQ(test, int_counter.num().read(), (int)-1294967296);
	u8_counter.num().write(0);
	u8_counter.num().add(-1);
	KPCPU_EXPECT_EQ(test, u8_counter.num().read(), (u8)255);
	u8_counter.num().add(300); /* (u8)300 == 44 */
	KPCPU_EXPECT_EQ(test, u8_counter.num().read(), (u8)43);
	s8_counter.num().write(0);
	s8_counter.num().add(200); /* (s8)200 == -56 */
	KPCPU_EXPECT_EQ(test, s8_counter.num().read(), (s8)-56);
}

extern "C" void kpcpu_test_numeric_static_and_extern(struct kunit *test)
{
	/* Each CPU counts its own IPIs on a static variable; the sum adds up. */
	for (unsigned int cpu : possible_cpus())
		*static_u64.remote_ptr(cpu) = 0;
	for (int i = 0; i < 10; i++)
		on_each_cpu([]() { static_u64.num().add(3); });
	for (unsigned int cpu : online_cpus())
		KPCPU_EXPECT_EQ(test, *static_u64.remote_ptr(cpu), 30ull);
	KPCPU_EXPECT_EQ(test, sum(static_u64), 30ull * online_cpus().count());

	/* num() of a variable C defines (see kernel_identity above). */
	CpuGuard guard;
	KPCPU_EXPECT_EQ(test, kernel_identity.num().read(), kernel_identity_here(guard));
	KPCPU_EXPECT_EQ(test, kernel_identity.num().read(guard), kernel_identity_here(guard));
}

extern "C" void kpcpu_test_numeric_cmpxchg_double(struct kunit *test)
{
	bool ok[CONFIG_NR_CPUS] = {};

	on_each_cpu([&](const CpuGuard &guard) {
		unsigned int cpu = guard.cpu();
		auto num = pair.num();

		/* Matching pair: replaced. Half-matching pair: left alone. */
		ok[cpu] = num.cmpxchg_double({1, 2}, {10 + cpu, 20 + cpu}) &&
			  !num.cmpxchg_double({10 + cpu, 0}, {0, 0}) &&
			  !num.cmpxchg_double({0, 20 + cpu}, {0, 0});
	});
	for (unsigned int cpu : online_cpus()) {
		KPCPU_EXPECT_TRUE(test, ok[cpu]);
		KPCPU_EXPECT_EQ(test, pair.remote_ptr(cpu)->first, 10ull + cpu);
		KPCPU_EXPECT_EQ(test, pair.remote_ptr(cpu)->second, 20ull + cpu);
	}
}

namespace {

constexpr unsigned int stress_iterations = 20000;
constexpr unsigned int stress_ipis = 300;

struct Stress {
	unsigned int roles_taken;
	unsigned int ipis_sent;
};

/*
 * One role per thread: the first fires IPIs that add 1000 on every CPU;
 * the others run mixed operations worth +3 per iteration, preemptible.
 */
int stress_thread(void *arg)
{
	auto *stress = static_cast<Stress *>(arg);
	auto total = stress_total.num();

	if (__atomic_fetch_add(&stress->roles_taken, 1, __ATOMIC_RELAXED) == 0) {
		for (unsigned int i = 0; i < stress_ipis; i++)
			on_each_cpu([]() { stress_total.num().add(1000); });
		stress->ipis_sent = stress_ipis;
		return 0;
	}
	for (unsigned int i = 0; i < stress_iterations; i++) {
		total.add(2);
		total.inc();
		total.dec();
		total.add_return(1);
		total.sub(1);
		/* +1 by compare-and-swap: right even if it migrates mid-loop. */
		u64 old;
		do
			old = total.read();
		while (total.cmpxchg(old, old + 1) != old);
	}
	return 0;
}

} // namespace

extern "C" void kpcpu_test_numeric_stress_threads_and_irqs(struct kunit *test)
{
	Stress stress{};
	unsigned int online = online_cpus().count();
	unsigned int adders = 2 * online;

	for (unsigned int cpu : possible_cpus())
		*stress_total.remote_ptr(cpu) = 0;
	if (!KPCPU_EXPECT_EQ(test, kpcpu_test_run_threads(adders + 1, stress_thread, &stress), 0))
		return;
	KPCPU_EXPECT_EQ(test, stress.ipis_sent, stress_ipis);
	KPCPU_EXPECT_EQ(test, sum(stress_total),
			3ull * adders * stress_iterations + 1000ull * stress_ipis * online);
}
