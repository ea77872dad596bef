// expect: this handle is a temporary that frees the per-CPU storage at the end of the expression
// A view of a temporary DynamicPerCpu: the block is freed at the ';', then used.
#include <kpcpu/kpcpu.h>
void misuse()
{
#ifdef KPCPU_CONTROL
	auto var = kpcpu::DynamicPerCpu<kpcpu::u64>::zeroed(kpcpu::gfp::kernel);
	auto n = var.num();
#else
	auto n = kpcpu::DynamicPerCpu<kpcpu::u64>::zeroed(kpcpu::gfp::kernel).num();
#endif
	n.inc();
}
