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
 * escapes, so overlapping uses cannot see a half-done change.
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
 *	kpcpu::RefCell<u64> total{100};
 *	if (auto v = total.borrow_mut())
 *		*v += 4;
 *
 * Not thread-safe: meant for one CPU's slot with preemption disabled. An
 * interrupt handler on the same CPU that borrows the same cell while the
 * task holds a borrow gets an empty borrow, not a race.
 */
#ifndef KPCPU_CELL_H
#define KPCPU_CELL_H

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

	T get() const { return value_; }
	void set(T value) const { value_ = value; }
	T replace(T value) const
	{
		T old = value_;

		value_ = value;
		return old;
	}

private:
	mutable T value_;
};

template <typename T>
class RefCell;

/* Shared access to a RefCell's value, released when it goes. */
template <typename T>
class Ref {
public:
	Ref(Ref &&other) : cell_(other.cell_) { other.cell_ = nullptr; }
	Ref(const Ref &) = delete;
	Ref &operator=(const Ref &) = delete;
	~Ref()
	{
		if (cell_)
			cell_->borrows_--;
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
	RefMut(RefMut &&other) : cell_(other.cell_) { other.cell_ = nullptr; }
	RefMut(const RefMut &) = delete;
	RefMut &operator=(const RefMut &) = delete;
	~RefMut()
	{
		if (cell_)
			cell_->borrows_ = 0;
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
	Ref<T> borrow() const
	{
		Ref<T> r = try_borrow();

		if (!r)
			kpcpu_report_refcell_conflict(this, 0);
		return r;
	}

	/* Exclusive access; empty (and reported) while borrowed at all. */
	RefMut<T> borrow_mut() const
	{
		RefMut<T> r = try_borrow_mut();

		if (!r)
			kpcpu_report_refcell_conflict(this, 1);
		return r;
	}

	Ref<T> try_borrow() const
	{
		if (borrows_ < 0)
			return Ref<T>(nullptr);
		borrows_++;
		return Ref<T>(this);
	}

	RefMut<T> try_borrow_mut() const
	{
		if (borrows_ != 0)
			return RefMut<T>(nullptr);
		borrows_ = -1;
		return RefMut<T>(this);
	}

private:
	friend class Ref<T>;
	friend class RefMut<T>;
	mutable T value_;
	/* > 0: that many shared borrows; -1: one exclusive borrow. */
	mutable long borrows_ = 0;
};

/* Whether T may be shared through a CheckedPerCpuToken. */
template <typename T>
inline constexpr bool is_interior_mutable_v = requires { typename remove_cv_t<T>::kpcpu_interior_mutable; };

} // namespace kpcpu

#endif /* KPCPU_CELL_H */
