// SPDX-License-Identifier: GPL-2.0
/*
 * A user's out-of-tree C++ module that vendors kpcpu in ./kpcpu, as the
 * README describes. scripts/buildsys-tests.sh builds it, then builds it
 * again with one misuse switched on (-DMISUSE_...) and checks that the build
 * fails with the intended message.
 */
#include <kpcpu/kpcpu.h>

#include "user_stats.h"

namespace {

#ifdef MISUSE_PERCPU_OVER_BUDGET
/* With user_stats.cpp's buffer, over the 8 KiB all modules share. */
struct Scratch {
	kpcpu::u8 bytes[5000];
};
KPCPU_DEFINE_PER_CPU(Scratch, user_scratch);
#endif

struct Widget {
	int id;
	explicit Widget(int i) : id(i) {}
	~Widget() { kpcpu_printk(KPCPU_KERN_INFO "widget %d gone\n", id); }
};

#ifdef MISUSE_GLOBAL_CONSTRUCTOR
/* Not constant-initialized: needs a constructor call at load time. */
Widget global_widget(kpcpu_raw_smp_processor_id());
#endif

int user_init()
{
#ifdef MISUSE_THROWING_NEW
	Widget *w = new Widget(1); /* needs the throwing operator new */
#else
	Widget *w = new (kpcpu::gfp::kernel) Widget(1);
#endif
	if (!w)
		return -KPCPU_ENOMEM;
#ifdef MISUSE_STATIC_DESTRUCTOR
	static Widget forever(2); /* needs atexit() to be destroyed */
	(void)forever;
#endif
	delete w;
	user_stats_record(3);
#ifdef MISUSE_PERCPU_OVER_BUDGET
	kpcpu::CpuGuard guard;
	user_scratch.get(guard).with([](Scratch &s) { s.bytes[0]++; });
#endif
	return 0;
}

void user_exit() {}

} // namespace

#ifdef MISUSE_KERNEL_HEADER
#include <linux/percpu.h>
#endif

KPCPU_MODULE_INIT(user_init);
KPCPU_MODULE_EXIT(user_exit);
KPCPU_MODULE_LICENSE("GPL");
