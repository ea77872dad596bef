// expect: .const class kpcpu::ExternPerCpu<long int>. has no member named .get.
// C owns a variable C defined, and its locking rules: no tokens for it.
#include <kpcpu/kpcpu.h>
extern "C" {
KPCPU_EXTERN_PER_CPU(long, c_defined_counter, c_counter);
}
long misuse()
{
	kpcpu::CpuGuard guard;
#ifdef KPCPU_CONTROL
	return c_counter.read(guard);
#else
	return c_counter.get(guard).with([](long &v) { return v; });
#endif
}
