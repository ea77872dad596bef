// expect: get_checked\(\) shares the slot: T must be interior-mutable
#include <kpcpu/kpcpu.h>
#ifdef KPCPU_CONTROL
KPCPU_DEFINE_PER_CPU(kpcpu::Cell<long>, counter, kpcpu::Cell<long>(0));
#else
KPCPU_DEFINE_PER_CPU(long, counter, 0);
#endif
void misuse()
{
	kpcpu::CpuGuard guard;
	counter.get_checked(guard).with([](const auto &) {});
}
