// expect: with\(\): the callable must return a value, not a reference, a pointer or a borrow
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(long, counter, 0);
long misuse()
{
	kpcpu::CpuGuard guard;
#ifdef KPCPU_CONTROL
	return counter.get(guard).with([](long &v) -> long { return v; });
#else
	long &escaped = counter.get(guard).with([](long &v) -> long & { return v; });
	return escaped;
#endif
}
