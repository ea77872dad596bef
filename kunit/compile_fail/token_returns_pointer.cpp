// expect: with\(\): the callable must return a value, not a reference, a pointer or a borrow
// A pointer into the slot outlives the loan just as a reference would.
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(kpcpu::u64, counter, 0);
kpcpu::u64 misuse()
{
	kpcpu::CpuGuard guard;
#ifdef KPCPU_CONTROL
	return counter.get(guard).with([](kpcpu::u64 &v) { return v; });
#else
	kpcpu::u64 *escaped = counter.get(guard).with([](kpcpu::u64 &v) { return &v; });
	return *escaped;
#endif
}
