// expect: a reference to a temporary PerCpuRef outlives it
// first-error
#include <kpcpu/kpcpu.h>
void misuse()
{
#ifdef KPCPU_CONTROL
	kpcpu::PerCpuRef users;
	kpcpu::PerCpuRef::Ref ref = users.get();
#else
	kpcpu::PerCpuRef::Ref ref = kpcpu::PerCpuRef().get();
#endif
}
