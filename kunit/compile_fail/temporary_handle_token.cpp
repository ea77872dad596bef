// expect: this handle is a temporary that frees the per-CPU storage at the end of the expression
#include <kpcpu/kpcpu.h>
kpcpu::u64 misuse()
{
	kpcpu::CpuGuard guard;
#ifdef KPCPU_CONTROL
	auto var = kpcpu::DynamicPerCpu<kpcpu::u64>::zeroed(kpcpu::gfp::kernel);
	auto token = var.get(guard);
#else
	auto token = kpcpu::DynamicPerCpu<kpcpu::u64>::zeroed(kpcpu::gfp::kernel).get(guard);
#endif
	return token.with([](kpcpu::u64 &v) { return ++v; });
}
