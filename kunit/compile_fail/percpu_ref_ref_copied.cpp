// expect: use of deleted function .kpcpu::PerCpuRef::Ref::Ref\(const kpcpu::PerCpuRef::Ref&\)
#include <kpcpu/kpcpu.h>
void misuse(kpcpu::PerCpuRef &users)
{
	kpcpu::PerCpuRef::Ref held = users.get();
#ifdef KPCPU_CONTROL
	kpcpu::PerCpuRef::Ref moved(static_cast<kpcpu::PerCpuRef::Ref &&>(held));
#else
	kpcpu::PerCpuRef::Ref copy(held);
#endif
}
