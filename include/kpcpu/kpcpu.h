/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu: per-CPU variables for kernel modules written in C++.
 * The umbrella header: include this one.
 *
 *	#include <kpcpu/kpcpu.h>
 */
#ifndef KPCPU_KPCPU_H
#define KPCPU_KPCPU_H

#include <kpcpu/call_site.h>
#include <kpcpu/cell.h>
#include <kpcpu/config.h>
#include <kpcpu/cpu_guard.h>
#include <kpcpu/cpumask.h>
#include <kpcpu/dynamic_percpu.h>
#include <kpcpu/empty_handle.h>
#include <kpcpu/gfp.h>
#include <kpcpu/irq_guard.h>
#include <kpcpu/kernel_api.h>
#include <kpcpu/local_lock.h>
#include <kpcpu/module.h>
#include <kpcpu/module_object.h>
#include <kpcpu/new.h>
#include <kpcpu/numeric.h>
#include <kpcpu/on_each_cpu.h>
#include <kpcpu/percpu_counter.h>
#include <kpcpu/percpu_ptr.h>
#include <kpcpu/percpu_ref.h>
#include <kpcpu/static_percpu.h>
#include <kpcpu/sum.h>
#include <kpcpu/token.h>
#include <kpcpu/types.h>

#endif /* KPCPU_KPCPU_H */
