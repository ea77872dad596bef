// SPDX-License-Identifier: GPL-2.0
/*
 * kpcpu_sample.ko: what a newcomer loads first.
 *
 * For now it shows that a C++ module built with kpcpu loads on the target
 * kernel: it greets from every online CPU and round-trips an object
 * through operator new/delete. It grows into the full mirror of the Rust
 * rust_percpu.rs sample as the per-CPU API lands.
 */
#include <kpcpu/kpcpu.h>

namespace {

struct Greeting {
	int cpus_seen = 0;
};

int sample_init()
{
	kpcpu_printk(KPCPU_KERN_INFO "kpcpu sample: C++ module loaded\n");

	Greeting *greeting = new (kpcpu::gfp::kernel) Greeting;
	if (!greeting)
		return -KPCPU_ENOMEM;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		auto hello = [](void *arg) {
			static_cast<Greeting *>(arg)->cpus_seen++;
			kpcpu_printk(KPCPU_KERN_INFO "kpcpu sample: hello from CPU %d\n",
				     kpcpu_raw_smp_processor_id());
		};
		/* Offline CPUs answer -ENXIO and are skipped. */
		kpcpu_run_on_cpu(cpu, hello, greeting);
	}
	kpcpu_printk(KPCPU_KERN_INFO "kpcpu sample: %d CPUs answered\n", greeting->cpus_seen);
	delete greeting;
	return 0;
}

void sample_exit()
{
	kpcpu_printk(KPCPU_KERN_INFO "kpcpu sample: unloaded\n");
}

} // namespace

KPCPU_MODULE_INIT(sample_init);
KPCPU_MODULE_EXIT(sample_exit);
KPCPU_MODULE_LICENSE("GPL");
KPCPU_MODULE_DESCRIPTION("kpcpu sample: per-CPU variables from C++");
