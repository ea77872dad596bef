// SPDX-License-Identifier: GPL-2.0
/*
 * load-module <file.ko> [param=value...]: load a module exactly once with
 * finit_module(2) and print "KPCPU-INSMOD-RC <errno or 0>".
 *
 * Busybox's insmod retries with init_module(2) when finit_module(2) fails
 * for any reason, so a module whose init returns an error (kpcpu_sample
 * returns -EINVAL on purpose) would run twice. Built static for the guest's
 * initramfs by scripts/lib.sh.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char params[4096] = "";
	size_t used = 0;
	int fd, i, err = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s <file.ko> [param=value...]\n", argv[0]);
		return 2;
	}
	for (i = 2; i < argc; i++) {
		int n = snprintf(params + used, sizeof(params) - used, "%s%s",
				 used ? " " : "", argv[i]);

		if (n < 0 || (size_t)n >= sizeof(params) - used) {
			fprintf(stderr, "%s: parameters too long\n", argv[0]);
			return 2;
		}
		used += n;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0 || syscall(SYS_finit_module, fd, params, 0) != 0)
		err = errno;
	printf("KPCPU-INSMOD-RC %d%s%s\n", err, err ? " " : "", err ? strerror(err) : "");
	return err ? 1 : 0;
}
