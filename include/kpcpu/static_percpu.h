/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Static per-CPU variables: defined by C++, or declared from C.
 *
 * KPCPU_DEFINE_PER_CPU(T, name, init...) defines a per-CPU variable as the
 * kernel's DEFINE_PER_CPU does - in the section .data..percpu, which the
 * module loader copies to every possible CPU - and a StaticPerCpu<T>
 * handle called `name`. T must be constant-initialized (constinit: no
 * constructor runs at load time) and trivially destructible (nothing runs
 * at unload); both are compile errors otherwise. All modules share 8 KiB of
 * static per-CPU space (PERCPU_MODULE_RESERVE): each variable is checked
 * against it at compile time, and the module's whole .data..percpu when the
 * module links (scripts/Makefile.cxx), naming the largest variables. Bigger
 * data belongs in a dynamic variable. Alignment is at most PAGE_SIZE.
 *
 *	KPCPU_DEFINE_PER_CPU(long, hits, 0);
 *	KPCPU_DEFINE_PER_CPU(kpcpu::RefCell<kpcpu::u64>, stats, kpcpu::RefCell<kpcpu::u64>(0));
 *
 *	void record()
 *	{
 *		kpcpu::CpuGuard guard;
 *		hits.get(guard).with([](long &h) { h++; });
 *		stats.get_checked(guard).with([](const auto &s) {
 *			if (auto v = s.borrow_mut())
 *				*v += 2;
 *		});
 *	}
 *
 * Another translation unit of the module reaches it with
 * KPCPU_DECLARE_PER_CPU(T, name).
 *
 * KPCPU_EXTERN_PER_CPU(T, c_name, handle) reaches a per-CPU variable that C
 * defined (the kernel's, an exported one of another module, or the
 * module's own C files) through an ExternPerCpu<T> called `handle`:
 *
 *	KPCPU_EXTERN_PER_CPU(unsigned long, this_cpu_off, kernel_this_cpu_off);
 *
 *	unsigned long my_per_cpu_offset()
 *	{
 *		kpcpu::CpuGuard guard;
 *		return kernel_this_cpu_off.read(guard);	// x86_64's per_cpu_offset(cpu)
 *	}
 *
 * C owns such a variable and its locking rules, so it offers reads,
 * pointers and num() but no tokens.
 */
#ifndef KPCPU_STATIC_PERCPU_H
#define KPCPU_STATIC_PERCPU_H

#include <kpcpu/cpu_guard.h>
#include <kpcpu/kernel_constants.h>
#include <kpcpu/module.h>
#include <kpcpu/numeric.h>
#include <kpcpu/percpu_ptr.h>
#include <kpcpu/percpu_variable.h>
#include <kpcpu/slot.h>
#include <kpcpu/type_traits.h>

namespace kpcpu {

template <typename T>
class StaticPerCpu : public PerCpuVariable<StaticPerCpu<T>, T> {
public:
	/* @storage: the .data..percpu address KPCPU_DEFINE_PER_CPU placed. */
	/* Storage in .data..percpu lives as long as the module: a handle is a name. */
	static constexpr bool owns_storage = false;

	constexpr explicit StaticPerCpu(Slot<T> *storage) : storage_(storage) {}

	constexpr Slot<T> *percpu_slots() const { return storage_; }

private:
	Slot<T> *storage_;
};

template <typename T>
class ExternPerCpu {
public:
	using value_type = T;

	constexpr explicit ExternPerCpu(T *percpu_address) : addr_(percpu_address) {}

	PerCpuPtr<T> ptr() const { return PerCpuPtr<T>(addr_); }

	/* This CPU's value. */
	[[gnu::always_inline]] T read(GuardRef guard) const
	{
		(void)guard;
		// Safe because the address of a C variable is never null and the
		// guard keeps this task on its CPU.
		return *ptr().unchecked_this_cpu_ptr();
	}

	T *remote_ptr(unsigned int cpu) const { return ptr().remote_ptr(cpu); }

	/* The this_cpu_* operations on it (kpcpu/numeric.h). */
	[[gnu::always_inline]] auto num() const { return detail::make_numeric(addr_); }

private:
	T *addr_;
};

} // namespace kpcpu

/* The storage behind handle `name`; use the handle, not this. */
#define KPCPU_PER_CPU_STORAGE(name) name##__kpcpu_storage

#define KPCPU_DEFINE_PER_CPU(T, name, ...)                                                       \
	static_assert(::kpcpu::is_trivially_destructible_v<T>,                                   \
		      "KPCPU_DEFINE_PER_CPU(" #T ", " #name "): static per-CPU variables are never " \
		      "destroyed, so the type must be trivially destructible");                      \
	static_assert(sizeof(::kpcpu::Slot<T>) <= KPCPU_PERCPU_MODULE_RESERVE,                   \
		      "KPCPU_DEFINE_PER_CPU(" #T ", " #name "): larger than the 8 KiB all modules "  \
		      "share for static per-CPU data; use a dynamic per-CPU variable");              \
	static_assert(alignof(::kpcpu::Slot<T>) <= KPCPU_PAGE_SIZE,                              \
		      "KPCPU_DEFINE_PER_CPU(" #T ", " #name "): the module loader aligns static "    \
		      "per-CPU data to at most PAGE_SIZE");                                          \
	[[gnu::section(".data..percpu")]] constinit ::kpcpu::Slot<T> KPCPU_PER_CPU_STORAGE(name){ \
		::kpcpu::type_identity_t<T>(__VA_ARGS__)};                                      \
	constexpr ::kpcpu::StaticPerCpu<T> name { &KPCPU_PER_CPU_STORAGE(name) }

#define KPCPU_DECLARE_PER_CPU(T, name)                                      \
	extern ::kpcpu::Slot<T> KPCPU_PER_CPU_STORAGE(name);                \
	constexpr ::kpcpu::StaticPerCpu<T> name { &KPCPU_PER_CPU_STORAGE(name) }

#define KPCPU_EXTERN_PER_CPU(T, c_name, handle) \
	extern "C" {                            \
	extern T c_name;                        \
	}                                       \
	constexpr ::kpcpu::ExternPerCpu<T> handle { &c_name }

#endif /* KPCPU_STATIC_PERCPU_H */
