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
 * "static" in front makes the variable file-local, as with the kernel's
 * "static DEFINE_PER_CPU": two files of one module may each have their own
 * `misses`. A type with a comma goes in parentheses (a macro argument
 * cannot hold a bare comma); the initializer may have commas:
 *
 *	struct MinMax {
 *		long min;
 *		long max;
 *	};
 *	template <typename A, typename B>
 *	struct Pair {
 *		A first;
 *		B second;
 *		constexpr Pair(A a, B b) : first(a), second(b) {}
 *	};
 *
 *	static KPCPU_DEFINE_PER_CPU(long, misses, 0);
 *	static KPCPU_DEFINE_PER_CPU((Pair<int, long>), last_pair, 1, 2L);
 *	KPCPU_DEFINE_PER_CPU(MinMax, range, MinMax{0, 100});
 *	KPCPU_DECLARE_PER_CPU((Pair<int, long>), other_files_pair);	// defined in another file
 *
 *	long miss_and_read()
 *	{
 *		kpcpu::CpuGuard guard;
 *		misses.num().inc();
 *		long mine = last_pair.get(guard).with([](Pair<int, long> &p) { return p.second; });
 *		return mine + other_files_pair.get(guard).with([](Pair<int, long> &p) { return p.second; });
 *	}
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

#include <kpcpu/call_site.h>
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
	/* Storage in .data..percpu lives as long as the module: a handle is a name. */
	static constexpr bool owns_storage = false;

	/* @storage: the .data..percpu address KPCPU_DEFINE_PER_CPU placed; @name: its name. */
	constexpr StaticPerCpu(Slot<T> *storage, const char *name) : storage_(storage), name_(name) {}

	constexpr Slot<T> *percpu_address() const { return storage_; }
	constexpr const char *variable_name() const { return name_; }

private:
	Slot<T> *storage_;
	const char *name_;
};

template <typename T>
class ExternPerCpu {
public:
	using value_type = T;

	/* @percpu_address: the C variable's address; @name: its C name. */
	constexpr ExternPerCpu(T *percpu_address, const char *name) : addr_(percpu_address), name_(name) {}

	PerCpuPtr<T> ptr() const { return PerCpuPtr<T>(addr_); }

	/* This CPU's value. */
	[[gnu::always_inline]] T read(GuardRef guard) const
	{
		(void)guard;
		// Safe because the address of a C variable is never null and the
		// guard keeps this task on its CPU.
		return *ptr().unchecked_this_cpu_ptr();
	}
	template <typename... NoGuard>
		requires(sizeof...(NoGuard) == 0)
	auto read(NoGuard &&...) const
	{
		static_assert(always_false<NoGuard...>, "read() needs the CpuGuard that keeps this "
							"task on its CPU: kpcpu::CpuGuard guard; "
							"var.read(guard), or var.num().read() without one");
		return T{};
	}

	T *remote_ptr(unsigned int cpu, CallSite site = CallSite::here()) const
	{
		return ptr().remote_ptr_of(name_, cpu, site);
	}

	/* The this_cpu_* operations on it (kpcpu/numeric.h). */
	[[gnu::always_inline]] auto num(CallSite site = CallSite::here()) const
	{
		return detail::make_numeric(addr_, site);
	}

private:
	T *addr_;
	const char *name_;
};

} // namespace kpcpu

/*
 * A type argument in parentheses, for types with commas:
 * KPCPU_TYPE((Pair<int, long>)) and KPCPU_TYPE(long) are both the type.
 * (A macro argument cannot contain a bare comma.)
 */
#define KPCPU_TYPE(T) KPCPU_TYPE_STRIP_(KPCPU_TYPE_OPEN_ T)
#define KPCPU_TYPE_OPEN_(...) KPCPU_TYPE_OPEN_ __VA_ARGS__
#define KPCPU_TYPE_STRIP_(...) KPCPU_TYPE_STRIP2_(__VA_ARGS__)
#define KPCPU_TYPE_STRIP2_(...) KPCPU_TYPE_DONE_##__VA_ARGS__
#define KPCPU_TYPE_DONE_KPCPU_TYPE_OPEN_

/* The storage behind handle `name`; use the handle, not this. */
#define KPCPU_PER_CPU_STORAGE(name) name##__kpcpu_storage

/*
 * The storage comes first, so that "static" in front of the macro makes it
 * file-local (a GNU attribute may follow "static"; a [[...]] one may not);
 * the handle is constexpr, which is file-local already.
 */
#define KPCPU_DEFINE_PER_CPU(T, name, ...)                                                       \
	__attribute__((section(".data..percpu"))) constinit                                      \
		::kpcpu::Slot<KPCPU_TYPE(T)> KPCPU_PER_CPU_STORAGE(name){                        \
			::kpcpu::type_identity_t<KPCPU_TYPE(T)>(__VA_ARGS__)};                   \
	constexpr ::kpcpu::StaticPerCpu<KPCPU_TYPE(T)> name{&KPCPU_PER_CPU_STORAGE(name), #name}; \
	static_assert(::kpcpu::is_trivially_destructible_v<KPCPU_TYPE(T)>,                       \
		      "KPCPU_DEFINE_PER_CPU(" #T ", " #name "): static per-CPU variables are never " \
		      "destroyed, so the type must be trivially destructible");                      \
	static_assert(sizeof(::kpcpu::Slot<KPCPU_TYPE(T)>) <= KPCPU_PERCPU_MODULE_RESERVE,       \
		      "KPCPU_DEFINE_PER_CPU(" #T ", " #name "): larger than the 8 KiB all modules "  \
		      "share for static per-CPU data; use a dynamic per-CPU variable");              \
	static_assert(alignof(::kpcpu::Slot<KPCPU_TYPE(T)>) <= KPCPU_PAGE_SIZE,                  \
		      "KPCPU_DEFINE_PER_CPU(" #T ", " #name "): the module loader aligns static "    \
		      "per-CPU data to at most PAGE_SIZE")

#define KPCPU_DECLARE_PER_CPU(T, name)                               \
	extern ::kpcpu::Slot<KPCPU_TYPE(T)> KPCPU_PER_CPU_STORAGE(name); \
	constexpr ::kpcpu::StaticPerCpu<KPCPU_TYPE(T)> name{&KPCPU_PER_CPU_STORAGE(name), #name}

#define KPCPU_EXTERN_PER_CPU(T, c_name, handle) \
	extern "C" {                            \
	extern KPCPU_TYPE(T) c_name;            \
	}                                       \
	constexpr ::kpcpu::ExternPerCpu<KPCPU_TYPE(T)> handle{&c_name, #c_name}

#endif /* KPCPU_STATIC_PERCPU_H */
