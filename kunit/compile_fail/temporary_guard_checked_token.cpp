// expect: a temporary CpuGuard enables preemption again at the end of the expression
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(kpcpu::Cell<long>, hits, kpcpu::Cell<long>(0));
long misuse()
{
#ifdef KPCPU_CONTROL
	kpcpu::CpuGuard guard;
	auto token = hits.get_checked(guard);
#else
	auto token = hits.get_checked(kpcpu::CpuGuard{});
#endif
	return token.with([](const kpcpu::Cell<long> &h) { return h.get(); });
}
