// expect: this_cpu\(\) needs the CpuGuard that keeps this task on its CPU
// first-error
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(long, counter, 0);
void misuse()
{
#ifdef KPCPU_CONTROL
	kpcpu::CpuGuard guard;
	(*counter.ptr().this_cpu(guard))++;
#else
	(*counter.ptr().this_cpu())++;
#endif
}
