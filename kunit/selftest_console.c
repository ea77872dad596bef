// SPDX-License-Identifier: GPL-2.0
/*
 * Runner self-test, loaded on every kernel of the matrix beside the sample:
 * a module that fills the console while it loads. A PREEMPT_RT kernel
 * prints to the console from a kthread, after insmod has returned, so these
 * lines land in the middle of whatever the guest's init prints next. The
 * test command checks that all of them, and the load's return code, still
 * reach it intact (scripts/run-modules.sh reads the guest's results from a
 * serial line of their own, not from the console).
 */
#include <linux/module.h>
#include <linux/printk.h>

static unsigned int lines = 2000;
module_param(lines, uint, 0444);
MODULE_PARM_DESC(lines, "how many console lines to print while loading");

static int __init kpcpu_selftest_console_init(void)
{
	unsigned int i;

	for (i = 1; i <= lines; i++)
		pr_err("kpcpu console noise: line %u of %u\n", i, lines);
	return 0;
}

static void __exit kpcpu_selftest_console_exit(void)
{
}

module_init(kpcpu_selftest_console_init);
module_exit(kpcpu_selftest_console_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpcpu: runner self-test, console lines printed during the load");
