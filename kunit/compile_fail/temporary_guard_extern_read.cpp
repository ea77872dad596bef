// expect: a temporary CpuGuard enables preemption again at the end of the expression
#include <kpcpu/kpcpu.h>
KPCPU_EXTERN_PER_CPU(unsigned long, this_cpu_off, kernel_this_cpu_off);
int misuse()
{
#ifdef KPCPU_CONTROL
	kpcpu::CpuGuard guard;
	return kernel_this_cpu_off.read(guard);
#else
	return kernel_this_cpu_off.read(kpcpu::CpuGuard{});
#endif
}
