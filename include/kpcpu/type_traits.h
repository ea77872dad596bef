/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few type traits kpcpu needs, since freestanding kernel C++ has no
 * <type_traits>. Same names and meaning as the standard's, in kpcpu::.
 *
 *	static_assert(kpcpu::is_integral_v<long>);
 *	static_assert(!kpcpu::is_signed_v<kpcpu::u64>);
 */
#ifndef KPCPU_TYPE_TRAITS_H
#define KPCPU_TYPE_TRAITS_H

#include <kpcpu/types.h>

namespace kpcpu {

template <typename T> struct remove_cv { using type = T; };
template <typename T> struct remove_cv<const T> { using type = T; };
template <typename T> struct remove_cv<volatile T> { using type = T; };
template <typename T> struct remove_cv<const volatile T> { using type = T; };
template <typename T> using remove_cv_t = typename remove_cv<T>::type;

template <typename A, typename B>
inline constexpr bool is_same_v = __is_same(A, B);

namespace detail {
template <typename T> inline constexpr bool is_integral = false;
template <> inline constexpr bool is_integral<bool> = true;
template <> inline constexpr bool is_integral<char> = true;
template <> inline constexpr bool is_integral<signed char> = true;
template <> inline constexpr bool is_integral<unsigned char> = true;
template <> inline constexpr bool is_integral<short> = true;
template <> inline constexpr bool is_integral<unsigned short> = true;
template <> inline constexpr bool is_integral<int> = true;
template <> inline constexpr bool is_integral<unsigned int> = true;
template <> inline constexpr bool is_integral<long> = true;
template <> inline constexpr bool is_integral<unsigned long> = true;
template <> inline constexpr bool is_integral<long long> = true;
template <> inline constexpr bool is_integral<unsigned long long> = true;

template <typename T> inline constexpr bool is_pointer = false;
template <typename T> inline constexpr bool is_pointer<T *> = true;

template <typename T> inline constexpr bool is_member_pointer = false;
template <typename T, typename C> inline constexpr bool is_member_pointer<T C::*> = true;
} // namespace detail

template <typename T>
inline constexpr bool is_integral_v = detail::is_integral<remove_cv_t<T>>;

template <typename T>
inline constexpr bool is_pointer_v = detail::is_pointer<remove_cv_t<T>>;

template <typename T>
inline constexpr bool is_member_pointer_v = detail::is_member_pointer<remove_cv_t<T>>;

template <typename T>
inline constexpr bool is_enum_v = __is_enum(T);

template <typename T>
inline constexpr bool is_signed_v = [] {
	if constexpr (is_integral_v<T>)
		return static_cast<T>(-1) < static_cast<T>(0);
	else
		return false;
}();

template <typename T>
inline constexpr bool is_trivially_destructible_v = __has_trivial_destructor(T);

template <typename T> inline constexpr bool is_void_v = is_same_v<remove_cv_t<T>, void>;
template <typename T> inline constexpr bool is_reference_v = false;
template <typename T> inline constexpr bool is_reference_v<T &> = true;
template <typename T> inline constexpr bool is_reference_v<T &&> = true;

/* For static_assert in a template that must never be instantiated. */
template <typename...> inline constexpr bool always_false = false;

template <typename T> T &&declval() noexcept;

/* Names any type as one token, e.g. for a cast to "unsigned long". */
template <typename T> struct type_identity { using type = T; };
template <typename T> using type_identity_t = typename type_identity<T>::type;

template <typename T> struct remove_reference { using type = T; };
template <typename T> struct remove_reference<T &> { using type = T; };
template <typename T> struct remove_reference<T &&> { using type = T; };
template <typename T> using remove_reference_t = typename remove_reference<T>::type;

template <bool B, typename A, typename B_> struct conditional { using type = A; };
template <typename A, typename B_> struct conditional<false, A, B_> { using type = B_; };
template <bool B, typename A, typename B_> using conditional_t = typename conditional<B, A, B_>::type;

} // namespace kpcpu

#endif /* KPCPU_TYPE_TRAITS_H */
