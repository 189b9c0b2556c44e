#!/bin/busybox sh
# /init of the guest of guest-writes.py: writes known data to /dev/vda in
# two rounds and reports on the console (ttyS0, a file on the host).
#
# The host paces it through ttyS1 (a pty on the host): after round 1 it
# waits for "round2" (the host took checkpoint c1 meanwhile), after round
# 2 for "poweroff". The port stays open from the start so that nothing
# the host sends is dropped by a closed tty.
#
# /writes lists "ROUND OFFSET LENGTH FILE" (bytes, multiples of 4096);
# each FILE under /data holds exactly the LENGTH bytes to write.

/bin/busybox --install -s /bin
export PATH=/bin

say() { echo "TM: $*" > /dev/ttyS0; }
fail() { say "FAIL $*"; sync; poweroff -f; }

mount -t devtmpfs devtmpfs /dev
mount -t proc proc /proc
mount -t sysfs sysfs /sys
say "BOOT"

for m in $(cat /modules.order); do
    insmod "/lib/modules/$m.ko" || fail "insmod $m"
done
n=0
while [ ! -b /dev/vda ]; do
    n=$((n + 1))
    [ "$n" -le 200 ] || fail "no /dev/vda after the modules loaded"
    usleep 50000
done

exec 3<>/dev/ttyS1 || fail "cannot open /dev/ttyS1"
# raw: no echo back to the host, no line editing, "\n" ends a line
stty -F /dev/ttyS1 raw -echo clocal || fail "stty ttyS1"

write_round() {
    while read -r round offset length file; do
        [ "$round" = "$1" ] || continue
        # O_DIRECT and fsync: the data is on the virtual disk when dd ends
        dd if="/data/$file" of=/dev/vda bs=4096 seek=$((offset / 4096)) \
           count=$((length / 4096)) oflag=direct conv=notrunc,fsync status=none ||
            fail "dd $file"
    done < /writes
    sync
}

wait_for() {
    read -r word <&3 || fail "ttyS1 closed"
    [ "$word" = "$1" ] || fail "expected '$1' on ttyS1, got '$word'"
}

write_round 1
say "ROUND1-DONE"
wait_for round2
write_round 2
say "ROUND2-DONE"
wait_for poweroff
say "POWEROFF"
poweroff -f
