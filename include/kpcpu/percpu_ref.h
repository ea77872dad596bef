/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::PerCpuRef - the kernel's struct percpu_ref: a reference count
 * that is a per-CPU counter while the object is live, and an atomic one
 * once kill() switched it over, so that reaching zero can be noticed. Its
 * get and put fast paths are inline, one %gs-relative instruction inside
 * the guard, and no longer than the kernel's own inline percpu_ref_get()
 * and percpu_ref_put() (scripts/codegen.sh checks it on every kernel).
 *
 *	struct Session {
 *		kpcpu::PerCpuRef users;
 *		int id;
 *	};
 *
 *	// Once kill() was called and the last reference went: exactly once.
 *	void session_release(kpcpu::PerCpuRef &users)
 *	{
 *		delete kpcpu::PerCpuRef::owner(&Session::users, users);
 *	}
 *
 *	int session_example()
 *	{
 *		auto *s = new (kpcpu::gfp::kernel) Session{};
 *		if (!s)
 *			return -KPCPU_ENOMEM;
 *		int err = s->users.init<session_release>(kpcpu::gfp::kernel);
 *		if (err) {
 *			delete s;	// an uninitialised PerCpuRef destroys nothing
 *			return err;
 *		}
 *		if (auto ref = s->users.tryget_live()) {	// a PerCpuRef::Ref: puts when it goes
 *			s->id = 1;
 *		}
 *		kpcpu::PerCpuRef::Ref held = s->users.get();
 *		s->users.kill();	// drops the initial reference; held keeps s alive
 *		return 0;
 *	}	// held goes: the last put, and session_release() frees s
 *
 * It is the kernel's own struct, embedded as opaque storage whose size,
 * alignment and member offsets come from the kernel facts
 * (src/kernel_facts.c; src/percpu_ref_glue.c checks them again), so the
 * kernel's exported functions do the mode switches: kill() is
 * percpu_ref_kill(), is_zero() percpu_ref_is_zero(), reinit()
 * percpu_ref_reinit(), resurrect() percpu_ref_resurrect(), and the
 * destructor percpu_ref_exit(). The kernel's percpu_ref_data points back
 * at the struct, so a PerCpuRef is neither copyable nor movable.
 *
 * init<Release>(gfp[, flags]) is percpu_ref_init(): 0, or -ENOMEM with the
 * ref left uninitialised; -EBUSY (reported) if it already is one. Flags
 * (the kernel's, values from the facts): init_atomic starts in atomic
 * mode, init_dead starts dead with count 0 (reinit() revives it),
 * allow_reinit lets a killed ref go back to per-CPU mode with reinit().
 * Release(PerCpuRef &) runs exactly once, when the count reaches zero
 * after kill(): the kernel calls a trampoline of exactly its own type
 * void(struct percpu_ref *) (so an indirect-call check - IBT's endbr64 -
 * holds), which calls Release. It may run in an RCU callback (softirq
 * context: the put that kill() switched away finishes there), or inside
 * the last put()'s guard: it must not sleep. It may free the object that
 * holds the PerCpuRef (the destructor is percpu_ref_exit(), which the
 * kernel documents as callable from release). owner() finds that object.
 *
 * An uninitialised PerCpuRef (default-constructed, failed init, or not
 * yet initialised) reads as "atomic and dead, no data": its fast paths
 * take the atomic branch, whose glue reports one "kpcpu:" line naming the
 * caller's code address and touches nothing (tryget: an empty Ref); kill(),
 * is_zero(), reinit() and resurrect() report the call site and do nothing.
 *
 * The fast paths. The kernel's percpu_ref_get() is
 *     rcu_read_lock();
 *     if (!(READ_ONCE(ref->percpu_count_ptr) & __PERCPU_REF_ATOMIC_DEAD))
 *         this_cpu_add(*percpu_count, 1);
 *     else
 *         atomic_long_add(1, &ref->data->count);
 *     rcu_read_unlock();
 * and rcu_read_lock() is an out-of-line call on Debian's kernels
 * (PREEMPT_RCU). kpcpu uses its inline CpuGuard (preempt_disable) as the
 * read-side critical section instead: since the RCU flavours were
 * consolidated in Linux 5.0 (v4.20-rc1 merge), synchronize_rcu() and
 * call_rcu() also wait for every region with preemption disabled
 * (include/linux/rcupdate.h, the comment on rcu_read_lock(): "In v5.0 and
 * later kernels, synchronize_rcu() and call_rcu() also wait for regions of
 * code with preemption disabled"; Documentation/RCU/whatisRCU.rst). The
 * switch to atomic mode (__percpu_ref_switch_to_atomic() in
 * lib/percpu-refcount.c) sets __PERCPU_REF_ATOMIC and then sums the per-CPU
 * counts from an RCU callback: call_rcu() on 6.1, call_rcu_hurry() (the
 * same grace period, not lazy) on 6.12. So every get or put that saw
 * per-CPU mode inside the guard has finished its this_cpu op before the
 * sum is taken, exactly as with rcu_read_lock(). The per-CPU op itself is
 * one instruction, which neither an interrupt nor a migration can split.
 * In atomic mode the guard is still held while the glue does the atomic
 * op (and, on put, calls release when the count reaches zero), as the
 * kernel does inside rcu_read_lock(). The exception: where the guard is
 * longer than the kernel's two calls (the 6.1 PREEMPT_RT kernels' lazy
 * preempt_enable(), CONFIG_DEBUG_PREEMPT's counting calls), the section is
 * rcu_read_lock() itself (__rcu_read_lock/__rcu_read_unlock, as the
 * kernel's percpu_ref_get()).
 */
#ifndef KPCPU_PERCPU_REF_H
#define KPCPU_PERCPU_REF_H

#include <kpcpu/arch.h>
#include <kpcpu/call_site.h>
#include <kpcpu/cpu_guard.h>
#include <kpcpu/gfp.h>
#include <kpcpu/kernel_api.h>
#include <kpcpu/kernel_api_counter_ref.h>
#include <kpcpu/kernel_constants.h>
#include <kpcpu/type_traits.h>
#include <kpcpu/types.h>

namespace kpcpu {

namespace detail {
#if defined(CONFIG_PREEMPT_RCU) && (KPCPU_FACT_PREEMPT_ENABLE_CHECKS_LAZY || defined(CONFIG_DEBUG_PREEMPT))
/*
 * Where preempt_disable()/preempt_enable() are longer than the two calls
 * of the kernel's own rcu_read_lock()/rcu_read_unlock() - the 6.1
 * PREEMPT_RT kernels, whose preempt_enable() also checks the lazy count,
 * and CONFIG_DEBUG_PREEMPT, where both are calls plus the resched check -
 * the read-side section is those calls, exactly as in the kernel's
 * percpu_ref_get() (without rcu_read_lock()'s lockdep annotation, which
 * only a lockdep kernel has).
 */
class RcuReadSection {
public:
	[[gnu::always_inline]] RcuReadSection() { __rcu_read_lock(); }
	[[gnu::always_inline]] ~RcuReadSection() { __rcu_read_unlock(); }
	RcuReadSection(const RcuReadSection &) = delete;
	RcuReadSection &operator=(const RcuReadSection &) = delete;
};
#else
/* A preempt-disabled region is an RCU read-side critical section (see PerCpuRef). */
using RcuReadSection = CpuGuard;
#endif
} // namespace detail

#define KPCPU_TEMPORARY_PERCPU_REF_MESSAGE                                                  \
	"a reference to a temporary PerCpuRef outlives it (the temporary goes at the end of " \
	"the expression): take references of a PerCpuRef that lives in a variable or object"

class PerCpuRef {
public:
	class Ref;

	/* percpu_ref_init()'s flags (include/linux/percpu-refcount.h). */
	enum class Flags : unsigned int {
		none = 0,
		init_atomic = KPCPU_FACT_PERCPU_REF_INIT_ATOMIC,
		init_dead = KPCPU_FACT_PERCPU_REF_INIT_DEAD,
		allow_reinit = KPCPU_FACT_PERCPU_REF_ALLOW_REINIT,
	};
	friend constexpr Flags operator|(Flags a, Flags b)
	{
		return static_cast<Flags>(static_cast<unsigned int>(a) | static_cast<unsigned int>(b));
	}

	/* Uninitialised: "atomic and dead, no data", as after percpu_ref_exit(). */
	constexpr PerCpuRef()
	{
		words_[count_ptr_word] = KPCPU_FACT_PERCPU_REF_ATOMIC_DEAD;
	}
	PerCpuRef(const PerCpuRef &) = delete;
	PerCpuRef(PerCpuRef &&) = delete;
	PerCpuRef &operator=(const PerCpuRef &) = delete;
	PerCpuRef &operator=(PerCpuRef &&) = delete;

	/*
	 * percpu_ref_exit(): frees the counters; nothing for an uninitialised
	 * ref. Precondition (the kernel's): the ref is no longer in use - never
	 * killed, or its release ran (the release may destroy it). Destroying
	 * one whose kill() is still switching (before the RCU callback ran)
	 * leaves that callback a freed ref: the kernel warns in
	 * percpu_ref_exit().
	 */
	~PerCpuRef() { percpu_ref_exit(raw()); }

	/*
	 * percpu_ref_init() with count 1 (0 for Flags::init_dead), calling
	 * Release once it reaches 0 after kill(). 0, -ENOMEM, or -EBUSY.
	 */
	template <void (*Release)(PerCpuRef &)>
	int init(Gfp gfp, Flags flags = Flags::none, CallSite site = CallSite::here())
	{
		if (initialized()) {
			kpcpu_report_refused("PerCpuRef::init() of a ref already initialised", site.file,
					     site.line, site.function);
			return -KPCPU_EBUSY;
		}
		return kpcpu_percpu_ref_init(raw(), &release_trampoline<Release>,
					     static_cast<unsigned int>(flags), gfp.bits);
	}

	/* Whether init() succeeded (and the destructor has not run). */
	bool initialized() const { return data() != nullptr; }
	explicit operator bool() const { return initialized(); }

	/* A new reference, dropped when the Ref goes. */
	[[gnu::always_inline]] Ref get() &;
	template <typename Temporary = void>
	Ref get() &&;
	/* A new reference unless the count is 0 (an empty Ref then). */
	[[gnu::always_inline]] Ref tryget() &;
	template <typename Temporary = void>
	Ref tryget() &&;
	/* A new reference unless kill() was called (an empty Ref then). */
	[[gnu::always_inline]] Ref tryget_live() &;
	template <typename Temporary = void>
	Ref tryget_live() &&;

	/*
	 * Drops a reference the caller owns without a Ref: one from
	 * Ref::leak(). The release callback may run (and free the object).
	 */
	[[gnu::always_inline]] void put()
	{
		detail::RcuReadSection rcu; /* the RCU read-side critical section (see the top) */
		unsigned long p = count_ptr();

		if (__builtin_expect(!(p & KPCPU_FACT_PERCPU_REF_ATOMIC_DEAD), 1))
			// Safe because per-CPU mode was seen inside the read-side
			// section: the switch's RCU callback waits for it to end.
			arch::numeric::sub<true>(*reinterpret_cast<unsigned long *>(p), 1ul, 1);
		else
			kpcpu_percpu_ref_put_atomic(raw());
	}

	/*
	 * percpu_ref_kill(): tryget_live() fails from now on; the initial
	 * reference is dropped, and once the switch to atomic mode (after an
	 * RCU grace period) and the last put bring the count to 0, Release
	 * runs. Once only (the kernel warns on a second kill).
	 */
	void kill(CallSite site = CallSite::here())
	{
		if (!reported_uninitialized(site))
			percpu_ref_kill_and_confirm(raw(), nullptr);
	}

	/* Whether kill() was called (percpu_ref_is_dying); racy unless serialized. */
	bool is_dying(CallSite site = CallSite::here()) const
	{
		if (reported_uninitialized(site))
			return false;
		return __atomic_load_n(&words_[count_ptr_word], __ATOMIC_RELAXED) & KPCPU_FACT_PERCPU_REF_DEAD;
	}

	/* Whether the count reached 0 (percpu_ref_is_zero): false in per-CPU mode. */
	bool is_zero(CallSite site = CallSite::here())
	{
		if (reported_uninitialized(site))
			return false;
		return percpu_ref_is_zero(raw());
	}

	/*
	 * percpu_ref_reinit(): a ref whose count reached 0 is live again with
	 * count 1 (per-CPU again if it was initialised with allow_reinit or
	 * init_atomic/init_dead). -EBUSY (reported) if the count is not 0.
	 */
	int reinit(CallSite site = CallSite::here())
	{
		if (reported_uninitialized(site))
			return -KPCPU_EINVAL;
		if (!percpu_ref_is_zero(raw())) {
			kpcpu_report_refused("PerCpuRef::reinit() of a ref whose count is not 0",
					     site.file, site.line, site.function);
			return -KPCPU_EBUSY;
		}
		percpu_ref_reinit(raw());
		return 0;
	}

	/*
	 * percpu_ref_resurrect(): a killed ref whose count has not reached 0
	 * is live again. -EINVAL (reported) if it was not killed. The caller
	 * makes sure Release cannot run meanwhile (it holds a reference).
	 */
	int resurrect(CallSite site = CallSite::here())
	{
		if (reported_uninitialized(site))
			return -KPCPU_EINVAL;
		if (!is_dying(site)) {
			kpcpu_report_refused("PerCpuRef::resurrect() of a ref that was not killed",
					     site.file, site.line, site.function);
			return -KPCPU_EINVAL;
		}
		percpu_ref_resurrect(raw());
		return 0;
	}

	/* The kernel's struct, for C code that takes a struct percpu_ref *. */
	struct percpu_ref *raw() { return reinterpret_cast<struct percpu_ref *>(words_); }

	/*
	 * The object of type Owner whose member @member is @ref (container_of):
	 *	Session *s = kpcpu::PerCpuRef::owner(&Session::users, users);
	 */
	template <typename Owner>
	static Owner *owner(PerCpuRef Owner::*member, PerCpuRef &ref)
	{
		/*
		 * The member's offset: address arithmetic on a suitably aligned
		 * address where no object is, never dereferenced.
		 */
		uintptr_t base = static_cast<uintptr_t>(alignof(Owner)) << 12;
		uintptr_t at = reinterpret_cast<uintptr_t>(&(reinterpret_cast<Owner *>(base)->*member));

		return reinterpret_cast<Owner *>(reinterpret_cast<uintptr_t>(&ref) - (at - base));
	}

private:
	static_assert(KPCPU_FACT_PERCPU_REF_COUNT_PTR % sizeof(unsigned long) == 0 &&
			      KPCPU_FACT_PERCPU_REF_DATA % sizeof(unsigned long) == 0 &&
			      KPCPU_FACT_PERCPU_REF_SIZE % sizeof(unsigned long) == 0,
		      "struct percpu_ref is made of words");
	static constexpr unsigned long count_ptr_word = KPCPU_FACT_PERCPU_REF_COUNT_PTR / sizeof(unsigned long);
	static constexpr unsigned long data_word = KPCPU_FACT_PERCPU_REF_DATA / sizeof(unsigned long);

	/* The kernel calls this, with its own type; it calls Release. */
	template <void (*Release)(PerCpuRef &)>
	static void release_trampoline(struct percpu_ref *ref)
	{
		Release(*reinterpret_cast<PerCpuRef *>(ref));
	}

	/* READ_ONCE(ref->percpu_count_ptr): the mode bits and the per-CPU counter. */
	[[gnu::always_inline]] unsigned long count_ptr() const
	{
		return __atomic_load_n(&words_[count_ptr_word], __ATOMIC_RELAXED);
	}

	const void *data() const
	{
		return reinterpret_cast<const void *>(__atomic_load_n(&words_[data_word], __ATOMIC_RELAXED));
	}

	/* True (and reported) for a ref without data: never initialised, or failed. */
	bool reported_uninitialized(CallSite site) const
	{
		if (__builtin_expect(data() != nullptr, 1))
			return false;
		kpcpu_report_empty_handle(site.file, site.line, site.function);
		return true;
	}

	/* The per-CPU branch of get/tryget/tryget_live; false when not in per-CPU mode. */
	[[gnu::always_inline]] bool get_percpu()
	{
		unsigned long p = count_ptr();

		if (__builtin_expect(p & KPCPU_FACT_PERCPU_REF_ATOMIC_DEAD, 0))
			return false;
		// Safe because per-CPU mode was seen inside the caller's read-side
		// section, and the op is one instruction: no interrupt or migration splits it.
		arch::numeric::add<true>(*reinterpret_cast<unsigned long *>(p), 1ul, 1);
		return true;
	}

	alignas(KPCPU_FACT_PERCPU_REF_ALIGN) unsigned long words_[KPCPU_FACT_PERCPU_REF_SIZE / sizeof(unsigned long)] = {};
};

/*
 * PerCpuRef::Ref - one reference, dropped (put) when it goes. Move-only;
 * empty after a move, leak(), or a failed tryget. [[nodiscard]]: a
 * reference taken and thrown away at once is a mistake.
 */
class [[nodiscard]] PerCpuRef::Ref {
public:
	constexpr Ref() = default;
	Ref(Ref &&other) : ref_(other.ref_) { other.ref_ = nullptr; }
	Ref &operator=(Ref &&other)
	{
		if (this != &other) {
			drop();
			ref_ = other.ref_;
			other.ref_ = nullptr;
		}
		return *this;
	}
	Ref(const Ref &) = delete;
	Ref &operator=(const Ref &) = delete;
	[[gnu::always_inline]] ~Ref() { drop(); }

	/* Takes over a reference the caller owns (one from leak()). */
	static Ref adopt(PerCpuRef &ref) { return Ref(&ref); }

	explicit operator bool() const { return ref_ != nullptr; }
	PerCpuRef *get() const { return ref_; }

	/* Hands the reference over: the caller puts it (PerCpuRef::put()). */
	PerCpuRef *leak()
	{
		PerCpuRef *ref = ref_;

		ref_ = nullptr;
		return ref;
	}

	/* Drops the reference now. */
	void reset() { drop(); }

private:
	friend class PerCpuRef;
	explicit Ref(PerCpuRef *ref) : ref_(ref) {}

	[[gnu::always_inline]] void drop()
	{
		if (ref_)
			leak()->put();
	}

	PerCpuRef *ref_ = nullptr;
};

inline PerCpuRef::Ref PerCpuRef::get() &
{
	{
		detail::RcuReadSection rcu; /* the RCU read-side critical section */

		if (!get_percpu())
			kpcpu_percpu_ref_get_atomic(raw());
	}
	return Ref(this);
}

inline PerCpuRef::Ref PerCpuRef::tryget() &
{
	bool got;
	{
		detail::RcuReadSection rcu;

		got = get_percpu() || kpcpu_percpu_ref_tryget_atomic(raw());
	}
	return got ? Ref(this) : Ref();
}

inline PerCpuRef::Ref PerCpuRef::tryget_live() &
{
	bool got;
	{
		detail::RcuReadSection rcu;

		got = get_percpu() || kpcpu_percpu_ref_tryget_live_atomic(raw());
	}
	return got ? Ref(this) : Ref();
}

/* The rvalue forms exist only to say why they do not compile. */
template <typename Temporary>
inline PerCpuRef::Ref PerCpuRef::get() &&
{
	static_assert(always_false<Temporary>, KPCPU_TEMPORARY_PERCPU_REF_MESSAGE);
	return Ref();
}
template <typename Temporary>
inline PerCpuRef::Ref PerCpuRef::tryget() &&
{
	static_assert(always_false<Temporary>, KPCPU_TEMPORARY_PERCPU_REF_MESSAGE);
	return Ref();
}
template <typename Temporary>
inline PerCpuRef::Ref PerCpuRef::tryget_live() &&
{
	static_assert(always_false<Temporary>, KPCPU_TEMPORARY_PERCPU_REF_MESSAGE);
	return Ref();
}

/*
 * kpcpu::rcu_barrier() - the kernel's rcu_barrier(): returns once every RCU
 * callback queued before the call has run. It sleeps: process context, no
 * guard held.
 *
 * kill() finishes in such a callback: the switch to atomic mode drops its
 * own reference there, and may run the release there. So a module calls
 * it after its last kill() and before it unloads (the release and its
 * trampoline are the module's code), and wherever it must know that the
 * only references left are the ones it holds:
 *
 *	void unplug(kpcpu::PerCpuRef &users, kpcpu::PerCpuRef::Ref last)
 *	{
 *		users.kill();
 *		kpcpu::rcu_barrier();	// the switch is done: only "last" is left
 *		last.reset();		// the release runs here, in this task
 *	}
 */
using ::rcu_barrier; /* the kernel's own function (kernel_api_counter_ref.h): no ambiguity under "using namespace kpcpu" */

} // namespace kpcpu

#endif /* KPCPU_PERCPU_REF_H */
