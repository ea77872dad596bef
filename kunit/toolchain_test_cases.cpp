// SPDX-License-Identifier: GPL-2.0
/*
 * C++ bodies of the kpcpu_toolchain KUnit suite: everything here must work
 * on a real kernel before any per-CPU feature can be trusted.
 */
#include <kpcpu/kpcpu.h>
#include <kpcpu_kunit.h>

#include "toolchain_test.h"

namespace {

using namespace kpcpu;

#ifdef CONFIG_X86_64
/*
 * Test-local gs-relative accessors, one mov of the variable's width.
 * Precondition: @var is a per-CPU variable (placed in .data..percpu), and
 * the caller cannot migrate (interrupt context or preemption disabled).
 */
template <typename T>
[[gnu::always_inline]] inline T gs_read(const T &var)
{
	T val;
	if constexpr (sizeof(T) == 1)
		asm volatile("movb %%gs:%1, %0" : "=q"(val) : "m"(var));
	else if constexpr (sizeof(T) == 2)
		asm volatile("movw %%gs:%1, %0" : "=r"(val) : "m"(var));
	else if constexpr (sizeof(T) == 4)
		asm volatile("movl %%gs:%1, %0" : "=r"(val) : "m"(var));
	else {
		static_assert(sizeof(T) == 8, "gs_read: 1, 2, 4 or 8 bytes");
		asm volatile("movq %%gs:%1, %0" : "=r"(val) : "m"(var));
	}
	return val;
}

/* Precondition: as gs_read. */
template <typename T>
[[gnu::always_inline]] inline void gs_write(T &var, T val)
{
	if constexpr (sizeof(T) == 1)
		asm volatile("movb %1, %%gs:%0" : "=m"(var) : "qi"(val));
	else if constexpr (sizeof(T) == 2)
		asm volatile("movw %1, %%gs:%0" : "=m"(var) : "ri"(val));
	else if constexpr (sizeof(T) == 4)
		asm volatile("movl %1, %%gs:%0" : "=m"(var) : "ri"(val));
	else {
		static_assert(sizeof(T) == 8, "gs_write: 1, 2, 4 or 8 bytes");
		asm volatile("movq %1, %%gs:%0" : "=m"(var) : "r"(val));
	}
}
#else
/*
 * Elsewhere (arm64) there is no %gs: "this CPU's copy" is the variable's
 * address plus the base kpcpu::arch::this_cpu_offset() reads (tpidr_el1 or
 * tpidr_el2), so these cases also check that base against the kernel's
 * __per_cpu_offset[] (remote_slot() below). Precondition: as on x86_64.
 */
template <typename T>
[[gnu::always_inline]] inline T gs_read(const T &var)
{
	return *reinterpret_cast<const volatile T *>(reinterpret_cast<unsigned long>(&var) +
						     arch::this_cpu_offset());
}

template <typename T>
[[gnu::always_inline]] inline void gs_write(T &var, T val)
{
	*reinterpret_cast<volatile T *>(reinterpret_cast<unsigned long>(&var) + arch::this_cpu_offset()) = val;
}
#endif

/* CPU @cpu's copy of per-CPU variable @var: per_cpu_ptr(). */
template <typename T>
T *remote_slot(T &var, unsigned int cpu)
{
	return reinterpret_cast<T *>(reinterpret_cast<char *>(&var) + __per_cpu_offset[cpu]);
}

/*
 * Per-CPU variables placed by C++ itself. Plain (non-template, non-inline)
 * variables: a template or inline variable would get a COMDAT section of its
 * own, and the module loader relocates only one .data..percpu section.
 */
#define TEST_PER_CPU [[gnu::section(".data..percpu")]]
TEST_PER_CPU long pcpu_long;
TEST_PER_CPU u8 pcpu_u8;
TEST_PER_CPU s8 pcpu_s8;
TEST_PER_CPU u16 pcpu_u16;
TEST_PER_CPU s16 pcpu_s16;
TEST_PER_CPU u32 pcpu_u32;
TEST_PER_CPU s32 pcpu_s32;
TEST_PER_CPU u64 pcpu_u64;
TEST_PER_CPU s64 pcpu_s64;

/* A value that differs per CPU and uses the sign bit. */
long long_marker(unsigned int cpu)
{
	return -0x123456789abcLL - 0x1111 * (long)cpu;
}

/*
 * Runs fn(cpu) on every online CPU through an IPI, so that fn runs in
 * interrupt context on that CPU and cannot migrate; returns how many ran.
 */
template <typename Fn>
unsigned int run_on_each_online_cpu(Fn &fn)
{
	unsigned int ran = 0;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		auto trampoline = [](void *arg) { (*static_cast<Fn *>(arg))(); };
		if (kpcpu_run_on_cpu(cpu, trampoline, &fn) == 0)
			ran++;
	}
	return ran;
}

struct GsRoundtrip {
	int cpu_seen[CONFIG_NR_CPUS];
	long read_back[CONFIG_NR_CPUS];

	void operator()()
	{
		int cpu = kpcpu_raw_smp_processor_id();

		// Safe: an IPI handler runs with interrupts off on its CPU.
		gs_write(pcpu_long, long_marker(cpu));
		cpu_seen[cpu] = cpu;
		read_back[cpu] = gs_read(pcpu_long);
	}
};

} // namespace

extern "C" void kpcpu_test_percpu_section_gs_roundtrip(struct kunit *test)
{
	static GsRoundtrip ctx; /* too large for a kernel stack frame */

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		ctx.cpu_seen[cpu] = -1;
		*remote_slot(pcpu_long, cpu) = 0;
	}

	/* The runner boots two CPUs; one would prove nothing about per-CPU data. */
	KPCPU_EXPECT_GE(test, run_on_each_online_cpu(ctx), 2u);

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (ctx.cpu_seen[cpu] < 0)
			continue;
		KPCPU_EXPECT_EQ(test, ctx.cpu_seen[cpu], (int)cpu);
		KPCPU_EXPECT_EQ(test, ctx.read_back[cpu], long_marker(cpu));
		/* The %gs write landed in the slot per_cpu_ptr() computes. */
		KPCPU_EXPECT_EQ(test, *remote_slot(pcpu_long, cpu), long_marker(cpu));
	}
}

namespace {

template <typename T>
T width_marker(unsigned int cpu)
{
	return static_cast<T>(static_cast<T>(0xa5a5a5a5a5a5a5a5ull) ^ static_cast<T>(cpu + 1));
}

/* One instantiation per integer type: write via %gs on each CPU, read remotely. */
template <typename T>
void check_width(struct kunit *test, T &var)
{
	static_assert(alignof(T) == sizeof(T), "integer per-CPU slots are naturally aligned");
	struct Writer {
		T *var;
		bool ran[CONFIG_NR_CPUS];
		bool read_ok[CONFIG_NR_CPUS];
		void operator()()
		{
			unsigned int cpu = kpcpu_raw_smp_processor_id();

			// Safe: IPI context, as above.
			gs_write(*var, width_marker<T>(cpu));
			read_ok[cpu] = gs_read(*var) == width_marker<T>(cpu);
			ran[cpu] = true;
		}
	} writer{&var, {}, {}};

	KPCPU_EXPECT_EQ(test, reinterpret_cast<uintptr_t>(&var) % alignof(T), 0ul);
	KPCPU_EXPECT_GE(test, run_on_each_online_cpu(writer), 2u);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (!writer.ran[cpu])
			continue;
		KPCPU_EXPECT_TRUE(test, writer.read_ok[cpu]);
		KPCPU_EXPECT_EQ(test, *remote_slot(var, cpu), width_marker<T>(cpu));
	}
}

} // namespace

extern "C" void kpcpu_test_percpu_template_widths(struct kunit *test)
{
	check_width(test, pcpu_u8);
	check_width(test, pcpu_s8);
	check_width(test, pcpu_u16);
	check_width(test, pcpu_s16);
	check_width(test, pcpu_u32);
	check_width(test, pcpu_s32);
	check_width(test, pcpu_u64);
	check_width(test, pcpu_s64);
}

namespace {

struct Tracked {
	static inline int live;
	long value;

	Tracked() : value(-1) { live++; }
	explicit Tracked(long v) : value(v) { live++; }
	~Tracked() { live--; }
};

} // namespace

extern "C" void kpcpu_test_new_delete_object(struct kunit *test)
{
	Tracked::live = 0;
	Tracked *t = new (gfp::kernel) Tracked(41);

	if (!KPCPU_EXPECT_NE(test, t, nullptr))
		return;
	KPCPU_EXPECT_EQ(test, t->value, 41);
	KPCPU_EXPECT_EQ(test, Tracked::live, 1);
	KPCPU_EXPECT_EQ(test, reinterpret_cast<uintptr_t>(t) % alignof(Tracked), 0ul);
	delete t;
	KPCPU_EXPECT_EQ(test, Tracked::live, 0);

	/* The gfp flags reach kmalloc: __GFP_ZERO gives zeroed memory. */
	u8 *bytes = new (gfp::kernel | gfp::zero) u8[256];
	if (!KPCPU_EXPECT_NE(test, bytes, nullptr))
		return;
	unsigned int nonzero = 0;
	for (int i = 0; i < 256; i++)
		nonzero += bytes[i] != 0;
	KPCPU_EXPECT_EQ(test, nonzero, 0u);
	delete[] bytes;
}

extern "C" void kpcpu_test_new_delete_array(struct kunit *test)
{
	Tracked::live = 0;
	Tracked *arr = new (gfp::kernel) Tracked[5];

	if (!KPCPU_EXPECT_NE(test, arr, nullptr))
		return;
	KPCPU_EXPECT_EQ(test, Tracked::live, 5);
	for (int i = 0; i < 5; i++)
		KPCPU_EXPECT_EQ(test, arr[i].value, -1);
	delete[] arr;
	KPCPU_EXPECT_EQ(test, Tracked::live, 0);
}

namespace {

struct Huge {
	static inline int constructed;
	char bytes[1ul << 30];
	Huge() { constructed++; }
};

} // namespace

extern "C" void kpcpu_test_new_failure_returns_null(struct kunit *test)
{
	Huge::constructed = 0;
	Tracked::live = 0;

	/* 1 GiB is beyond kmalloc's largest order: the allocation must fail. */
	Huge *h = new (gfp::kernel | gfp::nowarn) Huge;
	KPCPU_EXPECT_EQ(test, h, nullptr);
	KPCPU_EXPECT_EQ(test, Huge::constructed, 0);

	Tracked *arr = new (gfp::kernel | gfp::nowarn) Tracked[1ul << 27];
	KPCPU_EXPECT_EQ(test, arr, nullptr);
	KPCPU_EXPECT_EQ(test, Tracked::live, 0);
}

extern "C" void kpcpu_test_placement_new(struct kunit *test)
{
	alignas(Tracked) unsigned char storage[sizeof(Tracked)];

	Tracked::live = 0;
	Tracked *t = new (storage) Tracked(7);
	KPCPU_EXPECT_EQ(test, static_cast<void *>(t), static_cast<void *>(storage));
	KPCPU_EXPECT_EQ(test, t->value, 7);
	KPCPU_EXPECT_EQ(test, Tracked::live, 1);
	t->~Tracked();
	KPCPU_EXPECT_EQ(test, Tracked::live, 0);
}

namespace {

struct Shape {
	static inline int destroyed;
	virtual ~Shape() { destroyed++; }
	virtual long area() const = 0;
};

struct Rect : Shape {
	long w, h;
	Rect(long width, long height) : w(width), h(height) {}
	long area() const override { return w * h; }
};

struct Square final : Rect {
	static inline int squares_destroyed;
	explicit Square(long side) : Rect(side, side) {}
	~Square() override { squares_destroyed++; }
};

} // namespace

extern "C" void kpcpu_test_virtual_dispatch(struct kunit *test)
{
	Shape::destroyed = 0;
	Square::squares_destroyed = 0;
	Shape *shapes[3] = {
		new (gfp::kernel) Rect(2, 3),
		new (gfp::kernel) Square(4),
		new (gfp::kernel) Rect(5, 7),
	};
	long total = 0;

	for (Shape *s : shapes)
		if (KPCPU_EXPECT_NE(test, s, nullptr))
			total += s->area();
	KPCPU_EXPECT_EQ(test, total, 6 + 16 + 35);

	for (Shape *s : shapes)
		delete s; /* through the base: the virtual destructor picks the right one */
	KPCPU_EXPECT_EQ(test, Shape::destroyed, 3);
	KPCPU_EXPECT_EQ(test, Square::squares_destroyed, 1);
}

namespace {

struct Counter {
	long count;
	constexpr explicit Counter(long start) : count(start) {}
	long next() { return ++count; }
};

/* Constant-initialized: no constructor runs at load time, none is needed. */
constinit Counter module_counter{100};

long next_from_local_static()
{
	/* Constant initialization: no guard variable, no __cxa_guard_acquire. */
	static Counter local{5};
	return local.next();
}

template <unsigned int N>
constexpr unsigned long factorial = N * factorial<N - 1>;
template <>
constexpr unsigned long factorial<0> = 1;

} // namespace

extern "C" void kpcpu_test_constant_initialized_statics(struct kunit *test)
{
	static_assert(factorial<10> == 3628800ul);
	KPCPU_EXPECT_EQ(test, module_counter.next(), 101);
	KPCPU_EXPECT_EQ(test, module_counter.next(), 102);
	KPCPU_EXPECT_EQ(test, next_from_local_static(), 6);
	KPCPU_EXPECT_EQ(test, next_from_local_static(), 7);
	/* A compile-time table lives in .rodata and is read at run time. */
	static constexpr unsigned long table[] = {factorial<3>, factorial<5>, factorial<7>};
	unsigned long sum = 0;
	for (unsigned long v : table)
		sum += v;
	KPCPU_EXPECT_EQ(test, sum, 6ul + 120ul + 5040ul);
}
