#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unload and reload sipc while every CPU keeps doing IPC through hooked
# functions, some of it being refused (so tasks sit in the refusal stub).
# Nothing may fail, oops or stay attached.
. "$(dirname "$0")/lib.sh"

CYCLES=${CYCLES:-20}
tap_plan 5

"$ROOT/build/tools/ipc-load" -q -t 0 &
load=$!

# A writer whose every pipe write is refused while the module is loaded.
# It takes its reader down with it, so no process outlives the test.
refused_writer() {
	local reader

	exec 4> >(exec cat >/dev/null 2>&1)
	reader=$!
	trap 'kill $reader; exit 0' TERM
	while :; do
		echo x >&4 2>/dev/null
	done
}
refused_writer &
writer=$!

cycle() {
	local i

	for i in $(seq "$CYCLES"); do
		echo "# cycle $i: $(cut -d' ' -f1 /proc/uptime)s"
		sipc_unload || return 1
		insmod "$MODULE" inject=1 || return 1
		echo "pipe.file_permission $writer 13" \
			>/sys/kernel/security/sipc/inject || return 1
		sleep 0.$((RANDOM % 3))
	done
}
tap_result "reload $CYCLES times under IPC load" cycle

refused_seen() {
	local refused

	refused=$(awk '$1 == "pipe.file_permission" { print $3 }' \
		/sys/kernel/security/sipc/hooks)
	[ "${refused:-0}" -gt 0 ]
}
tap_result "the refusal path ran during the test" refused_seen

tap_result "final unload" sipc_unload
tap_result "nothing left attached" eval '! ftrace_attached'

kill "$writer"
wait "$writer"
kill -TERM "$load"
wait "$load"
tap_result "every IPC round trip succeeded meanwhile" test $? -eq 0

insmod "$MODULE" inject=1
tap_exit
