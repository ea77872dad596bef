// expect: read\(\) needs the CpuGuard that keeps this task on its CPU
// first-error
#include <kpcpu/kpcpu.h>
KPCPU_EXTERN_PER_CPU(unsigned long, this_cpu_off, kernel_this_cpu_off);
unsigned long misuse()
{
#ifdef KPCPU_CONTROL
	kpcpu::CpuGuard guard;
	return kernel_this_cpu_off.read(guard);
#else
	return kernel_this_cpu_off.read();
#endif
}
