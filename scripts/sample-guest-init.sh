#!/bin/busybox sh
# /init of the sample initramfs (scripts/run-sample.sh): insmod the sample,
# remove it if it stayed loaded, and print the kernel log it produced
# between markers, then the whole log for the splat check.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null

echo "KPCPU-GUEST cpus online: $(cat /sys/devices/system/cpu/online)"
echo "kpcpu-run: insmod kpcpu_sample" >/dev/kmsg
insmod /modules/kpcpu_sample.ko
echo "KPCPU-INSMOD-RC $?"
grep -q '^kpcpu_sample ' /proc/modules && rmmod kpcpu_sample
echo "kpcpu-run: done" >/dev/kmsg
echo "KPCPU-DMESG-BEGIN"
dmesg | sed -n '/kpcpu-run: insmod kpcpu_sample/,/kpcpu-run: done/p' | sed '1d;$d'
echo "KPCPU-DMESG-END"
echo "KPCPU-FULL-DMESG-BEGIN"
dmesg
echo "KPCPU-FULL-DMESG-END"
echo "KPCPU-RUN-COMPLETE"
reboot -f
