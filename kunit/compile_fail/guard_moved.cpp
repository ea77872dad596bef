// expect: use of deleted function .kpcpu::CpuGuard::CpuGuard\(kpcpu::CpuGuard&&\)
#include <kpcpu/kpcpu.h>
void misuse()
{
	kpcpu::CpuGuard guard;
#ifdef KPCPU_CONTROL
	(void)guard.cpu();
#else
	kpcpu::CpuGuard moved(static_cast<kpcpu::CpuGuard &&>(guard));
#endif
}
