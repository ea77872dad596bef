// expect: static per-CPU variables are never destroyed, so the type must be trivially destructible
#include <kpcpu/kpcpu.h>
struct Logged {
	long value;
	constexpr explicit Logged(long v) : value(v) {}
#ifndef KPCPU_CONTROL
	~Logged() { kpcpu_printk("gone\n"); }
#endif
};
KPCPU_DEFINE_PER_CPU(Logged, logged, 1);
