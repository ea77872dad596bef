// SPDX-License-Identifier: GPL-2.0
/*
 * kpcpu_sample.ko - a guided tour of kpcpu, step for step the Rust
 * per-CPU sample (rust_percpu.rs) with "rust" replaced by "cxx", and then
 * a second act the Rust sample does not have: a byte counter and a
 * reference count the way a driver keeps them (PerCpuCounter, PerCpuRef).
 *
 * Load it and read the kernel log:
 *
 *	insmod kpcpu_sample.ko; dmesg | tail -n 40
 *
 * Like the Rust sample it never stays loaded: when every check passed it
 * says "cxx percpu sample: all checks passed" and returns -EINVAL. A check
 * that fails never panics: it prints "cxx percpu check failed: <what> at
 * <file>:<line>", the tour goes on, and the module returns -EIO.
 *
 * It uses only kpcpu's public header, as your module would.
 */
#include <kpcpu/kpcpu.h>

using kpcpu::CpuGuard;
using kpcpu::DynamicPerCpu;
using kpcpu::RefCell;
using kpcpu::s16;
using kpcpu::s32;
using kpcpu::s64;
using kpcpu::s8;
using kpcpu::u16;
using kpcpu::u32;
using kpcpu::u64;
using kpcpu::u8;
namespace gfp = kpcpu::gfp;

namespace {

/* ----- Checks that report instead of panicking ----------------------- */

/* Set by any failed check, from any CPU (the IPI callbacks check too). */
bool any_check_failed;

bool check(bool ok, const char *what, const char *file, int line)
{
	if (!ok) {
		kpcpu_printk(KPCPU_KERN_ERR "cxx percpu check failed: %s at %s:%d\n", what, file, line);
		__atomic_store_n(&any_check_failed, true, __ATOMIC_RELAXED);
	}
	return ok;
}

#define CHECK(cond) check((cond), #cond, __FILE__, __LINE__)

void say(const char *line)
{
	kpcpu_printk(KPCPU_KERN_INFO "%s\n", line);
}

constexpr u64 u64_max = ~0ull;

/* ----- Static per-CPU variables --------------------------------------- */

/*
 * Each is placed in .data..percpu, one copy per possible CPU, constant-
 * initialized (the compiler rejects anything else).
 */
KPCPU_DEFINE_PER_CPU(s64, PERCPU, 0);
KPCPU_DEFINE_PER_CPU(u64, UPERCPU, 0);
/* A RefCell is interior-mutable: it may be shared through a checked token. */
KPCPU_DEFINE_PER_CPU(RefCell<u64>, CHECKED, RefCell<u64>(0));

/*
 * The four-step sequence the Rust sample runs on a u64, here on a RefCell
 * borrowed mutably, next to a plain local ("native") doing the same.
 */
void checked_native_steps(const RefCell<u64> &checked)
{
	auto value = checked.borrow_mut();

	if (!CHECK(static_cast<bool>(value)))
		return;
	u64 native = 0;

	native += 1;
	*value += 1;
	kpcpu_printk(KPCPU_KERN_INFO "Checked native: %llu, *checked: %llu\n", native, *value);
	CHECK(native == 1 && *value == 1);

	native += u64_max; /* unsigned arithmetic wraps, like wrapping_add */
	*value += u64_max;
	kpcpu_printk(KPCPU_KERN_INFO "Checked native: %llu, *checked: %llu\n", native, *value);
	CHECK(native == 0 && *value == 0);

	native += u64_max;
	*value += u64_max;
	kpcpu_printk(KPCPU_KERN_INFO "Checked native: %llu, *checked: %llu\n", native, *value);
	CHECK(native == u64_max && *value == u64_max);

	native = 0;
	*value = 0;
	native -= 1; /* wrapping_sub */
	*value -= 1;
	kpcpu_printk(KPCPU_KERN_INFO "Checked native: %llu, *checked: %llu\n", native, *value);
	CHECK(native == (u64)-1 && *value == (u64)-1);
	CHECK(native == u64_max && *value == u64_max);
}

void static_percpu_tour()
{
	say("cxx percpu test start");

	/*
	 * A CpuGuard disables preemption while it lives. Every this-CPU access
	 * takes it as an argument, so "preemption is disabled" is checked by
	 * the compiler.
	 */
	CpuGuard guard;

	/* An exclusive token lends this CPU's copy to a callable. */
	PERCPU.get(guard).with([](s64 &pcpu) {
		s64 native = 0;

		kpcpu_printk(KPCPU_KERN_INFO "The contents of pcpu are %lld\n", pcpu);
		native += -1;
		pcpu += -1;
		kpcpu_printk(KPCPU_KERN_INFO "Native: %lld, *pcpu: %lld\n", native, pcpu);
		CHECK(native == -1 && pcpu == -1);

		native += 1;
		pcpu += 1;
		kpcpu_printk(KPCPU_KERN_INFO "Native: %lld, *pcpu: %lld\n", native, pcpu);
		CHECK(native == 0 && pcpu == 0);
	});

	UPERCPU.get(guard).with([](u64 &upcpu) {
		u64 unative = 0;

		unative += 1;
		upcpu += 1;
		kpcpu_printk(KPCPU_KERN_INFO "Unative: %llu, *upcpu: %llu\n", unative, upcpu);
		CHECK(unative == 1 && upcpu == 1);

		unative += u64_max;
		upcpu += u64_max;
		kpcpu_printk(KPCPU_KERN_INFO "Unative: %llu, *upcpu: %llu\n", unative, upcpu);
		CHECK(unative == 0 && upcpu == 0);

		unative += u64_max;
		upcpu += u64_max;
		kpcpu_printk(KPCPU_KERN_INFO "Unative: %llu, *upcpu: %llu\n", unative, upcpu);
		CHECK(unative == u64_max && upcpu == u64_max);

		unative = 0;
		upcpu = 0;
		unative -= 1;
		upcpu -= 1;
		kpcpu_printk(KPCPU_KERN_INFO "Unative: %llu, *upcpu: %llu\n", unative, upcpu);
		CHECK(unative == (u64)-1 && upcpu == (u64)-1);
		CHECK(unative == u64_max && upcpu == u64_max);
	});

	/* A checked token shares the copy (const RefCell&): for interior mutability. */
	CHECKED.get_checked(guard).with([](const RefCell<u64> &checked) { checked_native_steps(checked); });

	say("cxx static percpu test done");
}

/* ----- Dynamic per-CPU variables ---------------------------------------- */

/* Runs on each CPU in interrupt context, through on_each_cpu(). */
struct Increment {
	DynamicPerCpu<u64> counter; /* a handle: copies share the variable */

	void operator()(const CpuGuard &guard)
	{
		kpcpu_printk(KPCPU_KERN_INFO "Incrementing on %u\n", guard.cpu());
		counter.get(guard).with([](u64 &c) { c += 1; });
	}
};

struct CheckedIncrement {
	DynamicPerCpu<RefCell<u64>> counter;

	void operator()(const CpuGuard &guard)
	{
		kpcpu_printk(KPCPU_KERN_INFO "Incrementing on %u\n", guard.cpu());
		counter.get_checked(guard).with([](const RefCell<u64> &c) {
			if (auto value = c.borrow_mut())
				*value += 1;
			else
				CHECK(!"RefCell already borrowed");
		});
	}
};

bool dynamic_percpu_tour()
{
	say("cxx dynamic percpu test start");

	/* Zeroed on every possible CPU. Factories never throw: empty on failure. */
	auto counter = DynamicPerCpu<u64>::zeroed(gfp::kernel);
	auto checked = DynamicPerCpu<RefCell<u64>>::from_fn(
		[](unsigned int) { return RefCell<u64>(100); }, gfp::kernel);
	if (!CHECK(counter && checked))
		return false;

	/*
	 * Three increments on every CPU without waiting, then one waiting. The
	 * callable holds state (a handle), so it must outlive every call that
	 * does not wait: NoWaitCalls owns it, keeps this task on one CPU so the
	 * calls queue in order, and waits for all of them before it goes.
	 */
	{
		kpcpu::NoWaitCalls calls(Increment{counter});
		calls.run(kpcpu::Wait::no);
		calls.run(kpcpu::Wait::no);
		calls.run(kpcpu::Wait::no);
		calls.run(kpcpu::Wait::yes);
	}
	kpcpu::on_each_cpu([&](const CpuGuard &guard) {
		kpcpu_printk(KPCPU_KERN_INFO "Asserting on %u\n", guard.cpu());
		CHECK(counter.get(guard).with([](u64 &c) { return c; }) == 4);
	});

	/* The same with a RefCell created as 100 on every CPU: 104 afterwards. */
	{
		kpcpu::NoWaitCalls calls(CheckedIncrement{checked});
		calls.run(kpcpu::Wait::no);
		calls.run(kpcpu::Wait::no);
		calls.run(kpcpu::Wait::no);
		calls.run(kpcpu::Wait::yes);
	}
	kpcpu::on_each_cpu([&](const CpuGuard &guard) {
		kpcpu_printk(KPCPU_KERN_INFO "Asserting on %u\n", guard.cpu());
		checked.get_checked(guard).with([](const RefCell<u64> &c) {
			auto value = c.borrow();
			CHECK(value && *value == 104);
		});
	});
	{
		CpuGuard guard;

		checked.get_checked(guard).with([](const RefCell<u64> &c) {
			{
				auto value = c.borrow_mut();
				if (!CHECK(value && *value == 104))
					return;
				*value = 0;
			}
			checked_native_steps(c);
		});
	}

	/*
	 * The drop test: a reference-counted object (a DynamicPerCpu handle
	 * itself) copied into every possible CPU's slot of another dynamic
	 * variable. When that variable goes, each copy is destroyed exactly
	 * once, and the object is unique again.
	 */
	auto shared = DynamicPerCpu<u8>::zeroed(gfp::kernel);
	if (!CHECK(static_cast<bool>(shared)))
		return false;
	{
		auto copies = DynamicPerCpu<DynamicPerCpu<u8>>::with_value(shared, gfp::kernel);
		if (!CHECK(static_cast<bool>(copies)))
			return false;
		CHECK(shared.use_count() == 1 + (long)kpcpu::possible_cpus().count());
	}
	CHECK(shared.use_count() == 1);

	say("cxx dynamic percpu test done");
	return true;
}

/* ----- Numeric operations ------------------------------------------------ */

/*
 * num() gives the kernel's this_cpu_* operations: each one instruction on
 * x86_64, safe without a guard. Here a guard is held across the whole block
 * (the Rust sample drops its guard at once, so its steps could migrate), so
 * reading back through a token sees the copy the operations changed.
 */
template <typename T>
void numeric_steps(const DynamicPerCpu<T> &var, const CpuGuard &guard)
{
	auto read = [&] { return var.get(guard).with([](T &v) { return v; }); };

	var.get(guard).with([](T &v) { v = 10; });
	var.num().add(1);
	CHECK(read() == 11);
	var.num().add(10);
	CHECK(read() == 21);
	var.num().sub(5);
	CHECK(read() == 16);
}

bool numeric_tour()
{
	say("cxx numeric optimizations test start");

	/* Allocated before the guard: a gfp::kernel allocation may sleep. */
	auto v_u8 = DynamicPerCpu<u8>::zeroed(gfp::kernel);
	auto v_u16 = DynamicPerCpu<u16>::zeroed(gfp::kernel);
	auto v_u32 = DynamicPerCpu<u32>::zeroed(gfp::kernel);
	auto v_u64 = DynamicPerCpu<u64>::zeroed(gfp::kernel);
	auto v_usize = DynamicPerCpu<kpcpu::size_t>::zeroed(gfp::kernel);
	auto v_i8 = DynamicPerCpu<s8>::zeroed(gfp::kernel);
	auto v_i16 = DynamicPerCpu<s16>::zeroed(gfp::kernel);
	auto v_i32 = DynamicPerCpu<s32>::zeroed(gfp::kernel);
	auto v_i64 = DynamicPerCpu<s64>::zeroed(gfp::kernel);
	auto v_isize = DynamicPerCpu<long>::zeroed(gfp::kernel);
	if (!CHECK(v_u8 && v_u16 && v_u32 && v_u64 && v_usize && v_i8 && v_i16 && v_i32 &&
		   v_i64 && v_isize))
		return false;
	{
		CpuGuard guard;

		numeric_steps(v_u8, guard);
		numeric_steps(v_u16, guard);
		numeric_steps(v_u32, guard);
		numeric_steps(v_u64, guard);
		numeric_steps(v_usize, guard);
		numeric_steps(v_i8, guard);
		numeric_steps(v_i16, guard);
		numeric_steps(v_i32, guard);
		numeric_steps(v_i64, guard);
		numeric_steps(v_isize, guard);
	}

	say("cxx numeric optimizations test done");
	return true;
}

/* ----- Second act: a driver's counter and reference count ------------ */

/*
 * What a driver does with per-CPU data most often: count bytes on every
 * CPU without sharing a cache line (PerCpuCounter, the kernel's
 * percpu_counter) and let every CPU take and drop references to a device
 * without sharing one either (PerCpuRef, the kernel's percpu_ref), until
 * the device goes away: kill(), and the last reference dropped runs the
 * release callback, once.
 */
struct Device {
	kpcpu::PerCpuCounter rx_bytes;
	kpcpu::PerCpuRef users;
};

/* How often device_release() ran; the sample expects exactly once. */
int device_releases;

/* Runs once, when the last reference went after kill(). Must not sleep. */
void device_release(kpcpu::PerCpuRef &users)
{
	Device *dev = kpcpu::PerCpuRef::owner(&Device::users, users);

	__atomic_fetch_add(&device_releases, 1, __ATOMIC_RELAXED);
	delete dev; /* destroys the counter and the ref (percpu_ref_exit is allowed here) */
}

constexpr kpcpu::s64 packet_bytes = 1500;
constexpr int packets_per_cpu = 10;

bool driver_tour()
{
	say("cxx driver patterns start");

	auto *dev = new (gfp::kernel) Device{};
	if (!CHECK(dev != nullptr))
		return false;
	if (!CHECK(dev->rx_bytes.init(0, gfp::kernel) == 0) ||
	    !CHECK(dev->users.init<device_release>(gfp::kernel) == 0)) {
		delete dev;
		return false;
	}

	/*
	 * Every online CPU "receives" packets (from an IPI, like an interrupt
	 * handler would): it takes a reference to the device for as long as
	 * it uses it and counts the bytes. Neither touches another CPU's
	 * cache line while the local counts stay within the batch.
	 */
	kpcpu::on_each_cpu([&](const CpuGuard &) {
		auto ref = dev->users.tryget_live();
		if (!CHECK(static_cast<bool>(ref)))
			return;
		for (int i = 0; i < packets_per_cpu; i++)
			dev->rx_bytes.add(packet_bytes);
	}); /* each ref dropped at the end of its CPU's call */
	kpcpu::s64 expected = packet_bytes * packets_per_cpu * kpcpu::online_cpus().count();
	CHECK(dev->rx_bytes.sum() == expected);
	CHECK(dev->rx_bytes.read() <= dev->rx_bytes.sum());
	CHECK(dev->rx_bytes.compare(expected) == 0);
	say("Counter: the sum is every byte counted on every online CPU");

	/* The device goes away while one user still holds it. */
	kpcpu::PerCpuRef::Ref last_user = dev->users.get();
	dev->users.kill();
	CHECK(!dev->users.tryget_live());
	say("Reference: killed, new users refused");
	/*
	 * The switch to atomic mode finishes in an RCU callback; wait for it, so
	 * that the release can only come from the last user's put below.
	 */
	kpcpu::rcu_barrier();
	CHECK(__atomic_load_n(&device_releases, __ATOMIC_RELAXED) == 0);
	last_user.reset(); /* the last reference: device_release() runs, here */
	CHECK(__atomic_load_n(&device_releases, __ATOMIC_RELAXED) == 1);
	say("Reference: the last user's put released the device once");

	say("cxx driver patterns done");
	return true;
}

int sample_init()
{
	static_percpu_tour();
	bool completed = dynamic_percpu_tour() && numeric_tour() && driver_tour();

	if (!completed || __atomic_load_n(&any_check_failed, __ATOMIC_RELAXED))
		return -KPCPU_EIO;
	say("cxx percpu sample: all checks passed");
	/* As upstream: fail the load so that the sample never stays loaded. */
	return -KPCPU_EINVAL;
}

} // namespace

KPCPU_MODULE_INIT(sample_init);
KPCPU_MODULE_LICENSE("GPL");
KPCPU_MODULE_DESCRIPTION("kpcpu sample: per-CPU variables from C++, step for step the Rust sample");
