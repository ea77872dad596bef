// expect: a dynamic per-CPU variable is at most 32 KiB per CPU
#include <kpcpu/kpcpu.h>
struct Buffer {
#ifdef KPCPU_CONTROL
	char bytes[16384];
#else
	char bytes[40000];
#endif
	using kpcpu_zeroable = void;
};
bool misuse()
{
	return static_cast<bool>(kpcpu::DynamicPerCpu<Buffer>::zeroed(kpcpu::gfp::kernel));
}
