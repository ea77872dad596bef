// expect: this handle is a temporary that frees the per-CPU storage at the end of the expression
#include <kpcpu/kpcpu.h>
kpcpu::Slot<long> *misuse()
{
#ifdef KPCPU_CONTROL
	static kpcpu::PerCpuAllocation<long> block;
	block = kpcpu::PerCpuAllocation<long>::zeroed(kpcpu::gfp::kernel);
	return block.percpu_address();
#else
	return kpcpu::PerCpuAllocation<long>::zeroed(kpcpu::gfp::kernel).percpu_address();
#endif
}
