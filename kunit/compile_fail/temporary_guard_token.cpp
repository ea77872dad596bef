// expect: a temporary CpuGuard enables preemption again at the end of the expression
// The guard is gone at the ';': the token would be used preemptible.
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(long, counter, 0);
long misuse()
{
#ifdef KPCPU_CONTROL
	kpcpu::CpuGuard guard;
	auto token = counter.get(guard);
#else
	auto token = counter.get(kpcpu::CpuGuard{});
#endif
	return token.with([](long &v) { return ++v; });
}
