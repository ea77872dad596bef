// SPDX-License-Identifier: GPL-2.0
/*
 * The module parameter of kpcpu_load_cycle.ko: module_param() is a C macro,
 * so the parameter lives in C and C++ reads it through a function.
 */
#include <linux/moduleparam.h>
#include <linux/types.h>

#include "load_cycle.h"

static bool fail_half_way;
module_param(fail_half_way, bool, 0444);
MODULE_PARM_DESC(fail_half_way, "fail init after its per-CPU variables are allocated");

bool kpcpu_load_cycle_fail_half_way(void)
{
	return fail_half_way;
}
