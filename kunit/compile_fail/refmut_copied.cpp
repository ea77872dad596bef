// expect: use of deleted function .kpcpu::RefMut<T>::RefMut\(const kpcpu::RefMut<T>&\)
// Two exclusive borrows of one RefCell would alias.
#include <kpcpu/kpcpu.h>
void misuse(const kpcpu::RefCell<long> &cell)
{
	auto w = cell.borrow_mut();
#ifdef KPCPU_CONTROL
	auto moved = static_cast<kpcpu::RefMut<long> &&>(w);
	if (moved)
		*moved = 1;
#else
	auto copy = w;
	if (copy)
		*copy = 1;
#endif
}
