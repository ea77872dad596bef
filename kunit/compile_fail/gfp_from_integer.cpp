// expect: cannot convert .int. to .kpcpu::Gfp.
// Allocation flags are a type of their own: a size or a raw number is not one.
#include <kpcpu/kpcpu.h>
bool misuse()
{
#ifdef KPCPU_CONTROL
	auto var = kpcpu::DynamicPerCpu<long>::zeroed(kpcpu::gfp::kernel);
#else
	auto var = kpcpu::DynamicPerCpu<long>::zeroed(3264);
#endif
	return static_cast<bool>(var);
}
