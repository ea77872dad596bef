// expect: use of deleted function .kpcpu::PerCpuCounter::PerCpuCounter\(const kpcpu::PerCpuCounter&\)
#include <kpcpu/kpcpu.h>
void misuse(kpcpu::PerCpuCounter &bytes)
{
#ifdef KPCPU_CONTROL
	kpcpu::PerCpuCounter &same = bytes;
	same.add(1);
#else
	kpcpu::PerCpuCounter copy(bytes);
#endif
}
