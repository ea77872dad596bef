// expect: a temporary CpuGuard enables preemption again at the end of the expression
#include <kpcpu/kpcpu.h>
KPCPU_EXTERN_PER_CPU(int, cpu_number, kernel_cpu_number);
int misuse()
{
#ifdef KPCPU_CONTROL
	kpcpu::CpuGuard guard;
	return kernel_cpu_number.read(guard);
#else
	return kernel_cpu_number.read(kpcpu::CpuGuard{});
#endif
}
