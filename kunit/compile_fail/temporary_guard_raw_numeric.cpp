// expect: a temporary CpuGuard enables preemption again at the end of the expression
// The raw flavour trusts the caller's guard; a temporary one proves nothing.
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(long, counter, 0);
void misuse()
{
#ifdef KPCPU_CONTROL
	kpcpu::CpuGuard guard;
	counter.num().add(2, guard);
#else
	counter.num().add(2, kpcpu::CpuGuard{});
#endif
}
