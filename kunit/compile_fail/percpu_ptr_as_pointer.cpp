// expect: PerCpuPtr is a per-CPU offset, not a pointer: use this_cpu\(guard\) or remote_ptr\(cpu\)
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(long, counter, 0);
long *misuse()
{
#ifdef KPCPU_CONTROL
	return counter.ptr().remote_ptr(0);
#else
	long *p = counter.ptr();
	return p;
#endif
}
