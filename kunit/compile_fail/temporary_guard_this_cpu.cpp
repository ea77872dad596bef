// expect: a temporary CpuGuard enables preemption again at the end of the expression
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(long, counter, 0);
void misuse()
{
#ifdef KPCPU_CONTROL
	kpcpu::CpuGuard guard;
	long *mine = counter.ptr().this_cpu(guard);
#else
	long *mine = counter.ptr().this_cpu(kpcpu::CpuGuard{});
#endif
	if (mine)
		(*mine)++;
}
