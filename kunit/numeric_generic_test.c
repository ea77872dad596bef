// SPDX-License-Identifier: GPL-2.0
/* The kpcpu_numeric suite again, for the generic path (see numeric_test.c). */
#define KPCPU_NUMERIC_SUITE "kpcpu_numeric_generic"
#include "numeric_test.c"
