// expect: PerCpuPtr cannot be dereferenced: use this_cpu\(guard\) or remote_ptr\(cpu\)
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(long, counter, 0);
void misuse()
{
#ifdef KPCPU_CONTROL
	kpcpu::CpuGuard guard;
	*counter.ptr().this_cpu(guard) = 1;
#else
	*counter.ptr() = 1;
#endif
}
