// expect: the per-CPU allocator aligns to at most PAGE_SIZE
#include <kpcpu/kpcpu.h>
#ifdef KPCPU_CONTROL
struct alignas(4096) Page {
#else
struct alignas(8192) Page {
#endif
	char bytes[64];
	using kpcpu_zeroable = void;
};
bool misuse()
{
	return static_cast<bool>(kpcpu::DynamicPerCpu<Page>::zeroed(kpcpu::gfp::kernel));
}
