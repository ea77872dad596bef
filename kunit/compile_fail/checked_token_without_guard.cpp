// expect: get_checked\(\) needs the CpuGuard that keeps this task on its CPU
// first-error
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(kpcpu::Cell<long>, counter, kpcpu::Cell<long>(0));
void misuse()
{
#ifdef KPCPU_CONTROL
	kpcpu::CpuGuard guard;
	counter.get_checked(guard).with([](const kpcpu::Cell<long> &c) { c.set(c.get() + 1); });
#else
	counter.get_checked().with([](const kpcpu::Cell<long> &c) { c.set(c.get() + 1); });
#endif
}
