// expect: DynamicPerCpu<T>::zeroed\(\): all-zero bytes must be a valid T
#include <kpcpu/kpcpu.h>
struct Handle {
	long fd;
	explicit Handle(long f) : fd(f) {}
#ifdef KPCPU_CONTROL
	using kpcpu_zeroable = void;
#endif
};
bool misuse()
{
	return static_cast<bool>(kpcpu::DynamicPerCpu<Handle>::zeroed(kpcpu::gfp::kernel));
}
