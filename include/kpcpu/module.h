/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module boilerplate from C++: the kernel's MODULE_LICENSE(),
 * MODULE_DESCRIPTION(), module_init() and module_exit() are C macros, so
 * kpcpu restates what they emit: .modinfo strings and the init_module /
 * cleanup_module entry points the module loader looks up.
 *
 *	static int hello_init() { kpcpu_printk(KPCPU_KERN_INFO "hello\n"); return 0; }
 *	static void hello_exit() {}
 *
 *	KPCPU_MODULE_INIT(hello_init);
 *	KPCPU_MODULE_EXIT(hello_exit);
 *	KPCPU_MODULE_LICENSE("GPL");
 *	KPCPU_MODULE_DESCRIPTION("says hello");
 */
#ifndef KPCPU_MODULE_H
#define KPCPU_MODULE_H

#include <kpcpu/module_object.h>

#define KPCPU_CONCAT_(a, b) a##b
#define KPCPU_CONCAT(a, b) KPCPU_CONCAT_(a, b)

/* One "tag=value" string in .modinfo, exactly as the kernel's __MODULE_INFO. */
#define KPCPU_MODULE_INFO(tag, value)                                              \
	[[gnu::section(".modinfo"), gnu::used, gnu::aligned(1)]] static const char \
	KPCPU_CONCAT(kpcpu_modinfo_, __COUNTER__)[] = #tag "=" value

#define KPCPU_MODULE_LICENSE(name) KPCPU_MODULE_INFO(license, name)
#define KPCPU_MODULE_DESCRIPTION(text) KPCPU_MODULE_INFO(description, text)
#define KPCPU_MODULE_AUTHOR(text) KPCPU_MODULE_INFO(author, text)

/*
 * fn: int fn(); 0 or a negative errno, as module_init's function. When it
 * fails, the ModuleObjects it emplaced are destroyed (kpcpu/module_object.h):
 * the kernel never calls the exit function of a module whose init failed.
 */
/*
 * Each entry point is declared before it is defined (kernels since 6.8 build
 * with -Wmissing-declarations) and its address is stored in the section the
 * kernel's module_init()/module_exit() use (___ADDRESSABLE): the loader calls
 * it through a pointer, so with IBT (6.12's X86_KERNEL_IBT) objtool must see
 * it as address-taken and keep its endbr64 - otherwise it warns "not an
 * indirect call target" and the call would fault.
 */
#define KPCPU_MODULE_INIT(fn)                                                  \
	extern "C" int init_module(void);                                      \
	extern "C" [[gnu::cold]] int init_module(void)                             \
	{                                                                          \
		int err = fn();                                                    \
		if (err)                                                           \
			::kpcpu::detail::destroy_module_objects();                 \
		return err;                                                        \
	}                                                                          \
	[[gnu::used, gnu::section(".init.data")]] static int (*const               \
		kpcpu_init_module_addressable)(void) = init_module;             \
	static_assert(true, "")

/* fn: void fn(); as module_exit's function; then the ModuleObjects go. */
#define KPCPU_MODULE_EXIT(fn)                                                  \
	extern "C" void cleanup_module(void);                                  \
	extern "C" [[gnu::cold]] void cleanup_module(void)                         \
	{                                                                          \
		fn();                                                              \
		::kpcpu::detail::destroy_module_objects();                         \
	}                                                                          \
	[[gnu::used, gnu::section(".exit.data")]] static void (*const              \
		kpcpu_cleanup_module_addressable)(void) = cleanup_module;       \
	static_assert(true, "")

#endif /* KPCPU_MODULE_H */
