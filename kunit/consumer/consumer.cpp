// SPDX-License-Identifier: GPL-2.0
/*
 * kpcpu_consumer.ko: a module outside kpcpu that uses it, built as the
 * README's "Using kpcpu in your own module" says - with kpcpu vendored in
 * ./kpcpu, and against an installed kpcpu. scripts/consumer-test.sh copies
 * this directory out of the repository, adds the README's Kbuild and
 * Makefile, builds it both ways, and the test command loads both builds
 * under QEMU.
 *
 * A file-local static per-CPU event counter and a dynamic per-CPU byte
 * counter that lives from init to exit in a kpcpu::ModuleObject (a global
 * DynamicPerCpu would need a constructor at load time). Init prints
 * "kpcpu consumer: events 110 bytes 5050" and stays loaded; exit prints
 * "kpcpu consumer: exit, events 110".
 */
#include <kpcpu/kpcpu.h>

namespace {

using kpcpu::DynamicPerCpu;
using kpcpu::u64;

/* File-local, as C's "static DEFINE_PER_CPU". */
static KPCPU_DEFINE_PER_CPU(u64, consumer_events, 0);

/* Emplaced in init; the module's exit entry point destroys it. */
constinit kpcpu::ModuleObject<DynamicPerCpu<u64>> consumer_bytes;

void record(unsigned int len)
{
	consumer_events.num().inc();
	if (auto *bytes = consumer_bytes.get())
		bytes->num().add(len);
}

int consumer_init()
{
	DynamicPerCpu<u64> *bytes = consumer_bytes.emplace(DynamicPerCpu<u64>::zeroed(kpcpu::gfp::kernel));

	if (!*bytes)
		return -KPCPU_ENOMEM; /* the failed init's entry point destroys the empty handle */
	for (unsigned int len = 1; len <= 10; len++)
		record(len);
	{
		/* Several updates on one CPU: take the guard once. */
		kpcpu::CpuGuard guard;

		for (unsigned int len = 11; len <= 100; len++)
			bytes->num().add(len, guard);
		consumer_events.num().add(100, guard);
	}
	kpcpu_printk(KPCPU_KERN_INFO "kpcpu consumer: events %llu bytes %llu\n",
		     kpcpu::sum(consumer_events), kpcpu::sum(*bytes));
	return 0;
}

void consumer_exit()
{
	/* consumer_bytes goes after this returns. */
	kpcpu_printk(KPCPU_KERN_INFO "kpcpu consumer: exit, events %llu\n", kpcpu::sum(consumer_events));
}

} // namespace

KPCPU_MODULE_INIT(consumer_init);
KPCPU_MODULE_EXIT(consumer_exit);
KPCPU_MODULE_LICENSE("GPL");
