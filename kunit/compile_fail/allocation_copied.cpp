// expect: use of deleted function .kpcpu::PerCpuAllocation<T>::PerCpuAllocation\(const kpcpu::PerCpuAllocation<T>&\)
// Two owners of one alloc_percpu() block would free it twice.
#include <kpcpu/kpcpu.h>
bool misuse()
{
	auto block = kpcpu::PerCpuAllocation<long>::zeroed(kpcpu::gfp::kernel);
#ifdef KPCPU_CONTROL
	auto owner = static_cast<kpcpu::PerCpuAllocation<long> &&>(block);
#else
	auto owner = block;
#endif
	return static_cast<bool>(owner);
}
