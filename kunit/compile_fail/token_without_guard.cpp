// expect: get\(\) needs the CpuGuard that keeps this task on its CPU
// first-error
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(long, counter, 0);
void misuse()
{
#ifdef KPCPU_CONTROL
	kpcpu::CpuGuard guard;
	counter.get(guard).with([](long &v) { v++; });
#else
	counter.get();
#endif
}
