#!/bin/busybox sh
# /init of the TIPC guest (initramfs, static busybox). Configuration comes from kernel
# command-line words name=value (no dot in the name), which reach /init as environment variables:
#   tipc_addr=1.1.N    node address (required unless tipc_id is given)
#   tipc_id=STRING     node identity instead of an address (optional)
#   tipc_nics=K        number of NICs; one eth bearer per NIC eth0..eth(K-1) (default 1)
#   tipc_netid=ID      network id (default: the kernel's 4711)
#   tipc_tolI=MS       link tolerance for the bearer on ethI, applied before it is enabled
#   tipc_prioI=P       priority of the bearer on ethI (0..31), given when it is enabled
# Prints TIPC-GUEST-READY (or TIPC-GUEST-FAILED <step>) on the console, then runs a shell there.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
export HOME=/root TERM=dumb

fail() {
	echo "TIPC-GUEST-FAILED $*"
	exec setsid cttyhack sh
}

mkdir -p /proc /sys /dev /run /tmp /root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts 2>/dev/null

# keep kernel messages off the console: they would interleave with command output
echo 1 > /proc/sys/kernel/printk

# no IPv6 on the NICs (neighbour discovery frames would share the wire)
echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6
echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6

while read -r mod; do
	[ -n "$mod" ] || continue
	insmod "/lib/modules/$mod" || fail "insmod $mod"
done < /lib/modules/load-order

nics=${tipc_nics:-1}
ip link set lo up
i=0
while [ "$i" -lt "$nics" ]; do
	n=0
	while [ ! -e "/sys/class/net/eth$i" ] && [ "$n" -lt 100 ]; do usleep 20000; n=$((n + 1)); done
	[ -e "/sys/class/net/eth$i" ] || fail "no eth$i"
	echo 1 > "/proc/sys/net/ipv6/conf/eth$i/disable_ipv6" 2>/dev/null
	ip link set "eth$i" up || fail "ip link set eth$i up"
	i=$((i + 1))
done

if [ -n "$tipc_netid" ]; then
	tipc node set netid "$tipc_netid" || fail "tipc node set netid $tipc_netid"
fi
if [ -n "$tipc_id" ]; then
	tipc node set identity "$tipc_id" || fail "tipc node set identity $tipc_id"
elif [ -n "$tipc_addr" ]; then
	tipc node set address "$tipc_addr" || fail "tipc node set address $tipc_addr"
fi

# the binding helper owns every socket bound from the console
tipc-bind daemon </dev/null >/dev/null 2>&1 &

# the kernel's own FSM tracepoints
T=/sys/kernel/tracing
for ev in tipc_link_fsm tipc_node_fsm; do
	[ -w "$T/events/tipc/$ev/enable" ] && echo 1 > "$T/events/tipc/$ev/enable"
done
[ -w "$T/tracing_on" ] && echo 1 > "$T/tracing_on"

default_tol=$(tipc media get tolerance media eth 2>/dev/null)
i=0
while [ "$i" -lt "$nics" ]; do
	eval "tol=\$tipc_tol$i prio=\$tipc_prio$i"
	# a bearer takes the media tolerance when it is enabled: its links start with it
	tipc media set tolerance "${tol:-${default_tol:-1500}}" media eth || fail "tipc media set tolerance $tol"
	tipc bearer enable ${prio:+priority "$prio"} media eth device "eth$i" || fail "tipc bearer enable eth$i priority $prio"
	i=$((i + 1))
done
[ -n "$default_tol" ] && tipc media set tolerance "$default_tol" media eth

cat /proc/uptime > /run/ready-uptime
echo "TIPC-GUEST-READY $(cut -d' ' -f1 /proc/uptime)"

while true; do
	setsid cttyhack sh
	sleep 1
done
