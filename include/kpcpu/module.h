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

#define KPCPU_CONCAT_(a, b) a##b
#define KPCPU_CONCAT(a, b) KPCPU_CONCAT_(a, b)

/* One "tag=value" string in .modinfo, exactly as the kernel's __MODULE_INFO. */
#define KPCPU_MODULE_INFO(tag, value)                                              \
	[[gnu::section(".modinfo"), gnu::used, gnu::aligned(1)]] static const char \
	KPCPU_CONCAT(kpcpu_modinfo_, __COUNTER__)[] = #tag "=" value

#define KPCPU_MODULE_LICENSE(name) KPCPU_MODULE_INFO(license, name)
#define KPCPU_MODULE_DESCRIPTION(text) KPCPU_MODULE_INFO(description, text)
#define KPCPU_MODULE_AUTHOR(text) KPCPU_MODULE_INFO(author, text)

/* fn: int fn(); 0 or a negative errno, as module_init's function. */
#define KPCPU_MODULE_INIT(fn)                                       \
	extern "C" [[gnu::cold]] int init_module(void) { return fn(); } \
	static_assert(true, "")

/* fn: void fn(); as module_exit's function. */
#define KPCPU_MODULE_EXIT(fn)                                         \
	extern "C" [[gnu::cold]] void cleanup_module(void) { fn(); } \
	static_assert(true, "")

#endif /* KPCPU_MODULE_H */
