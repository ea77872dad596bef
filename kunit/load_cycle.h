/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu_load_cycle.ko's module parameter (kunit/load_cycle_param.c), read
 * by its C++ (kunit/load_cycle.cpp): C++ cannot use module_param().
 */
#ifndef KPCPU_LOAD_CYCLE_H
#define KPCPU_LOAD_CYCLE_H

#ifdef __cplusplus
extern "C" {
#endif

/* fail_half_way=1: init fails after emplacing its ModuleObjects. */
bool kpcpu_load_cycle_fail_half_way(void);

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_LOAD_CYCLE_H */
