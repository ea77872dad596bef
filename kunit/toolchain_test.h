/* SPDX-License-Identifier: GPL-2.0 */
/* The C++ bodies of the kpcpu_toolchain KUnit suite (toolchain_test_cases.cpp). */
#ifndef KPCPU_TOOLCHAIN_TEST_H
#define KPCPU_TOOLCHAIN_TEST_H

#ifdef __cplusplus
extern "C" {
#endif

struct kunit;

void kpcpu_test_percpu_section_gs_roundtrip(struct kunit *test);
void kpcpu_test_percpu_template_widths(struct kunit *test);
void kpcpu_test_new_delete_object(struct kunit *test);
void kpcpu_test_new_delete_array(struct kunit *test);
void kpcpu_test_new_failure_returns_null(struct kunit *test);
void kpcpu_test_placement_new(struct kunit *test);
void kpcpu_test_virtual_dispatch(struct kunit *test);
void kpcpu_test_constant_initialized_statics(struct kunit *test);

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_TOOLCHAIN_TEST_H */
