// expect: this handle is a temporary that frees the per-CPU storage at the end of the expression
#include <kpcpu/kpcpu.h>
using Hits = kpcpu::Cell<long>;
long misuse()
{
	kpcpu::CpuGuard guard;
	auto make = [] { return kpcpu::DynamicPerCpu<Hits>::from_fn([](unsigned int) { return Hits(1); },
								    kpcpu::gfp::atomic); };
#ifdef KPCPU_CONTROL
	auto var = make();
	auto token = var.get_checked(guard);
#else
	auto token = make().get_checked(guard);
#endif
	return token.with([](const Hits &h) { return h.get(); });
}
