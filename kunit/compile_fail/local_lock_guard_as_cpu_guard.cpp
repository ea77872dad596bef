// expect: a LocalLocked's guard is not a CpuGuard
// first-error
// On PREEMPT_RT the holder of a local lock is preemptible: other per-CPU
// data is not protected by it, on any kernel.
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(long, counter, 0);
long misuse(const kpcpu::LocalLocked<long> &locked)
{
	auto held = locked.lock();
#ifdef KPCPU_CONTROL
	kpcpu::CpuGuard guard;
	return counter.get(guard).with([](long &v) { return ++v; }) +
	       held.with([](long &v) { return v; });
#else
	return counter.get(held).with([](long &v) { return ++v; });
#endif
}
