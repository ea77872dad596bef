/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::Cell<T> and kpcpu::RefCell<T> - interior mutability, so that a
 * per-CPU value can be changed through the shared CheckedPerCpuToken.
 *
 * A type opts in to interior mutability by being one of these, or by
 * declaring "using kpcpu_interior_mutable = void;" (then its const member
 * functions must be safe to call from nested shared borrows on one CPU).
 *
 * Cell<T>: get() copies out, set() copies in; no reference to the value ever
 * escapes. A T of 1, 2, 4 or 8 bytes is copied with one load or store, so an
 * interrupt on the same CPU sees the old or the new value, never half of
 * each; a bigger T is copied in pieces, so share it with interrupts through
 * a RefCell instead.
 *
 *	kpcpu::Cell<unsigned long> hits{0};
 *	hits.set(hits.get() + 1);
 *
 * RefCell<T>: borrow() gives shared access, borrow_mut() exclusive access,
 * and a conflicting borrow is detected at run time: it comes back empty
 * (false), is logged as a "kpcpu:" line and counted in
 * kpcpu_debug_reports(). try_borrow()/try_borrow_mut() do the same without
 * the report, for callers that expect contention.
 *
 *	kpcpu::RefCell<kpcpu::u64> total{100};
 *	if (auto v = total.borrow_mut())
 *		*v += 4;
 *
 * Not thread-safe: meant for one CPU's slot with preemption disabled. An
 * interrupt handler on the same CPU that borrows the same cell while the
 * task holds a borrow gets an empty borrow, not a race: the borrow count is
 * read and written with single instructions, and compiler barriers (signal
 * fences: an interrupt is to the task what a signal handler is to a thread)
 * keep every access to the value after the borrow is taken and before it is
 * released. A Ref or RefMut must not outlive the token it came from
 * (with() rejects returning one).
 */
#ifndef KPCPU_CELL_H
#define KPCPU_CELL_H

#include <kpcpu/call_site.h>
#include <kpcpu/kernel_api.h>
#include <kpcpu/type_traits.h>

namespace kpcpu {

template <typename T>
class Cell {
public:
	using kpcpu_interior_mutable = void;

	constexpr explicit Cell(T value) : value_(value) {}
	Cell(const Cell &) = delete;
	Cell &operator=(const Cell &) = delete;

	T get() const
	{
		if constexpr (is_single_access)
			return __atomic_load_n(&value_, __ATOMIC_RELAXED);
		else
			return value_;
	}
	void set(T value) const
	{
		if constexpr (is_single_access)
			__atomic_store_n(&value_, value, __ATOMIC_RELAXED);
		else
			value_ = value;
	}
	T replace(T value) const
	{
		T old = get();

		set(value);
		return old;
	}

private:
	/* Copied with one instruction (READ_ONCE/WRITE_ONCE): not torn by an interrupt. */
	static constexpr bool is_single_access =
		(is_integral_v<T> || is_enum_v<T> || is_pointer_v<T>) &&
		(sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8);

	mutable T value_;
};

template <typename T>
class RefCell;

/* Shared access to a RefCell's value, released when it goes. */
template <typename T>
class Ref {
public:
	using kpcpu_borrow = void;

	Ref(Ref &&other) : cell_(other.cell_) { other.cell_ = nullptr; }
	Ref(const Ref &) = delete;
	Ref &operator=(const Ref &) = delete;
	~Ref()
	{
		if (cell_)
			cell_->release_shared();
	}

	explicit operator bool() const { return cell_ != nullptr; }
	const T &operator*() const { return cell_->value_; }
	const T *operator->() const { return &cell_->value_; }

private:
	friend class RefCell<T>;
	explicit Ref(const RefCell<T> *cell) : cell_(cell) {}
	const RefCell<T> *cell_;
};

/* Exclusive access to a RefCell's value, released when it goes. */
template <typename T>
class RefMut {
public:
	using kpcpu_borrow = void;

	RefMut(RefMut &&other) : cell_(other.cell_) { other.cell_ = nullptr; }
	RefMut(const RefMut &) = delete;
	RefMut &operator=(const RefMut &) = delete;
	~RefMut()
	{
		if (cell_)
			cell_->release_exclusive();
	}

	explicit operator bool() const { return cell_ != nullptr; }
	T &operator*() const { return cell_->value_; }
	T *operator->() const { return &cell_->value_; }

private:
	friend class RefCell<T>;
	explicit RefMut(const RefCell<T> *cell) : cell_(cell) {}
	const RefCell<T> *cell_;
};

template <typename T>
class RefCell {
public:
	using kpcpu_interior_mutable = void;

	constexpr explicit RefCell(T value) : value_(value) {}
	RefCell(const RefCell &) = delete;
	RefCell &operator=(const RefCell &) = delete;

	/* Shared access; empty (and reported) while borrowed mutably. */
	Ref<T> borrow(CallSite site = CallSite::here()) const
	{
		Ref<T> r = try_borrow();

		if (!r)
			kpcpu_report_refcell_conflict(this, 0, site.file, site.line, site.function);
		return r;
	}

	/* Exclusive access; empty (and reported) while borrowed at all. */
	RefMut<T> borrow_mut(CallSite site = CallSite::here()) const
	{
		RefMut<T> r = try_borrow_mut();

		if (!r)
			kpcpu_report_refcell_conflict(this, 1, site.file, site.line, site.function);
		return r;
	}

	Ref<T> try_borrow() const
	{
		long borrows = load_borrows();

		if (borrows < 0)
			return Ref<T>(nullptr);
		/*
		 * An interrupt between the load and the store borrows and releases
		 * completely before it returns, so the count it leaves is the one
		 * loaded: no update is lost on this CPU.
		 */
		store_borrows(borrows + 1);
		/* Every access to the value comes after the count says "borrowed". */
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		return Ref<T>(this);
	}

	RefMut<T> try_borrow_mut() const
	{
		if (load_borrows() != 0)
			return RefMut<T>(nullptr);
		store_borrows(-1);
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		return RefMut<T>(this);
	}

private:
	friend class Ref<T>;
	friend class RefMut<T>;

	/* One instruction each (READ_ONCE/WRITE_ONCE): an interrupt sees a whole count. */
	long load_borrows() const { return __atomic_load_n(&borrows_, __ATOMIC_RELAXED); }
	void store_borrows(long borrows) const { __atomic_store_n(&borrows_, borrows, __ATOMIC_RELAXED); }

	/* Every access to the value comes before the count says "released". */
	void release_shared() const
	{
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		store_borrows(load_borrows() - 1);
	}
	void release_exclusive() const
	{
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		store_borrows(0);
	}

	mutable T value_;
	/* > 0: that many shared borrows; -1: one exclusive borrow. */
	mutable long borrows_ = 0;
};

/* Whether T may be shared through a CheckedPerCpuToken. */
template <typename T>
inline constexpr bool is_interior_mutable_v = requires { typename remove_cv_t<T>::kpcpu_interior_mutable; };

} // namespace kpcpu

#endif /* KPCPU_CELL_H */
