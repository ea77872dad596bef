// expect: use of deleted function .kpcpu::CpuGuard::CpuGuard\(const kpcpu::CpuGuard&\)
#include <kpcpu/kpcpu.h>
void misuse()
{
	kpcpu::CpuGuard guard;
#ifdef KPCPU_CONTROL
	const kpcpu::CpuGuard &same = guard;
	(void)same;
#else
	kpcpu::CpuGuard copy(guard);
#endif
}
