// SPDX-License-Identifier: GPL-2.0
/*
 * The C++ runtime a kernel module needs, and nothing more.
 *
 * Every C++ object of a module is checked against the symbols this file
 * defines (scripts/check-cxx-object.sh): a reference to any other C++
 * runtime symbol fails the build. Deliberately absent: the throwing
 * operator new forms (allocation must name its gfp flags and may fail),
 * exception and RTTI support, __cxa_guard_* (no thread-safe statics) and
 * __cxa_atexit (no global destructors).
 */
#include <kpcpu/kernel_api.h>
#include <kpcpu/module_object.h>
#include <kpcpu/new.h>

void *operator new(kpcpu::size_t size, kpcpu::Gfp gfp) noexcept
{
	return kpcpu_kmalloc(size, gfp.bits);
}

void *operator new[](kpcpu::size_t size, kpcpu::Gfp gfp) noexcept
{
	return kpcpu_kmalloc(size, gfp.bits);
}

void operator delete(void *ptr) noexcept
{
	kfree(ptr);
}

void operator delete(void *ptr, kpcpu::size_t) noexcept
{
	kfree(ptr);
}

void operator delete[](void *ptr) noexcept
{
	kfree(ptr);
}

void operator delete[](void *ptr, kpcpu::size_t) noexcept
{
	kfree(ptr);
}

/* Placed in a vtable slot of an abstract class; reached only through a bug.
 * Declared first: kernels since 6.8 build with -Wmissing-declarations. */
extern "C" void __cxa_pure_virtual(void);
extern "C" void __cxa_pure_virtual(void)
{
	kpcpu_pure_virtual_called();
}

/* The module's live kpcpu::ModuleObjects (kpcpu/module_object.h). */
namespace kpcpu::detail {

constinit ModuleObjectLink *module_objects = nullptr;

void destroy_module_objects()
{
	while (ModuleObjectLink *link = module_objects) {
		module_objects = link->next;
		link->destroy(link);
	}
}

} // namespace kpcpu::detail
