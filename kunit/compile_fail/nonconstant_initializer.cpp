// expect: .constinit. variable .counter__kpcpu_storage. does not have a constant initializer
#include <kpcpu/kpcpu.h>
#ifdef KPCPU_CONTROL
KPCPU_DEFINE_PER_CPU(long, counter, 40 + 2);
#else
KPCPU_DEFINE_PER_CPU(long, counter, kpcpu_raw_smp_processor_id());
#endif
