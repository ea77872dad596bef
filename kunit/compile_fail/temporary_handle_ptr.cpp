// expect: this handle is a temporary that frees the per-CPU storage at the end of the expression
#include <kpcpu/kpcpu.h>
kpcpu::u64 *misuse(unsigned int cpu)
{
#ifdef KPCPU_CONTROL
	static auto var = kpcpu::DynamicPerCpu<kpcpu::u64>();
	kpcpu::PerCpuPtr<kpcpu::u64> p = var.ptr();
#else
	kpcpu::PerCpuPtr<kpcpu::u64> p = kpcpu::DynamicPerCpu<kpcpu::u64>::zeroed(kpcpu::gfp::kernel).ptr();
#endif
	return p.remote_ptr(cpu);
}
