/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::ModuleObject<T> - an object that lives from the module's init to
 * its exit, without a global constructor.
 *
 * A global DynamicPerCpu (or any T with a constructor or destructor) is
 * rejected by kpcpu's build: the module loader runs global constructors
 * only on CONFIG_CONSTRUCTORS kernels, and destructors never. A
 * ModuleObject<T> is constant-initialized and trivially destructible, so it
 * can be a global; it starts empty:
 *  - emplace(args...) in the init function constructs the T in place (an
 *    object it already holds is destroyed first) and returns it;
 *  - get() is the T, or nullptr while empty;
 *  - reset() destroys it now; a no-op while empty.
 * The module's KPCPU_MODULE_EXIT entry point destroys every ModuleObject
 * still holding an object after the exit function returns, and its
 * KPCPU_MODULE_INIT entry point does the same when the init function
 * fails - so an init that fails half way leaks nothing it emplaced. Newest
 * first, like stack unwinding: an object emplaced later may use an
 * earlier one until it goes.
 *
 *	constinit kpcpu::ModuleObject<kpcpu::DynamicPerCpu<kpcpu::u64>> packets;
 *
 *	int packets_init()
 *	{
 *		auto *p = packets.emplace(kpcpu::DynamicPerCpu<kpcpu::u64>::zeroed(kpcpu::gfp::kernel));
 *		if (!*p)
 *			return -KPCPU_ENOMEM;	// the empty handle goes with the failed init
 *		return 0;
 *	}
 *
 *	void packet_seen()
 *	{
 *		if (auto *p = packets.get())
 *			p->num().inc();
 *	}
 *
 * emplace() and reset() are for init, exit, or code the module serializes
 * itself: they are not safe against each other or against get() on
 * another CPU.
 */
#ifndef KPCPU_MODULE_OBJECT_H
#define KPCPU_MODULE_OBJECT_H

#include <kpcpu/new.h>
#include <kpcpu/type_traits.h>

namespace kpcpu {

namespace detail {

/* One holder's link in the module's list of live ModuleObjects. */
struct ModuleObjectLink {
	ModuleObjectLink *next;
	void (*destroy)(ModuleObjectLink *link);
};

/* The module's live ModuleObjects, newest first (src/cxx_runtime.cpp: one per module). */
extern ModuleObjectLink *module_objects;

/* Destroys every live ModuleObject, newest first. Init/exit entry points only. */
void destroy_module_objects();

} // namespace detail

template <typename T>
class ModuleObject {
	static_assert(!is_reference_v<T>, "ModuleObject<T> holds an object, not a reference");

public:
	constexpr ModuleObject() = default;
	ModuleObject(const ModuleObject &) = delete;
	ModuleObject &operator=(const ModuleObject &) = delete;

	/* Constructs T(args...) in place (after destroying a held one); returns it. */
	template <typename... Args>
	T *emplace(Args &&...args)
	{
		reset();
		T *object = new (static_cast<void *>(storage_)) T(static_cast<Args &&>(args)...);
		link_.destroy = &destroy_linked;
		link_.next = detail::module_objects;
		detail::module_objects = &link_;
		held_ = true;
		return object;
	}

	/* The held object, or nullptr. */
	T *get() { return held_ ? object() : nullptr; }
	const T *get() const { return held_ ? object() : nullptr; }

	explicit operator bool() const { return held_; }

	/* Destroys the held object now; nothing while empty. */
	void reset()
	{
		if (!held_)
			return;
		for (detail::ModuleObjectLink **at = &detail::module_objects; *at; at = &(*at)->next) {
			if (*at == &link_) {
				*at = link_.next;
				break;
			}
		}
		destroy();
	}

private:
	T *object() { return __builtin_launder(reinterpret_cast<T *>(storage_)); }
	const T *object() const { return __builtin_launder(reinterpret_cast<const T *>(storage_)); }

	void destroy()
	{
		held_ = false;
		object()->~T();
	}

	/* Called through the module's list, which has already unlinked @link. */
	static void destroy_linked(detail::ModuleObjectLink *link)
	{
		/* link_ is the first member: the holder starts where its link does. */
		reinterpret_cast<ModuleObject *>(link)->destroy();
	}

	detail::ModuleObjectLink link_{};
	alignas(T) unsigned char storage_[sizeof(T)]{};
	bool held_ = false;
};

} // namespace kpcpu

#endif /* KPCPU_MODULE_OBJECT_H */
