#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unload and reload sipc while every CPU keeps doing IPC through hooked
# functions, some of it being refused (so tasks sit in the refusal stub).
# Nothing may fail, stall, oops or stay attached.
. "$(dirname "$0")/lib.sh"

CYCLES=${CYCLES:-20}
# A cycle takes 3 s on an idle host but up to 25 s on a loaded one: after
# CYCLE_SECONDS no new cycle starts, once MIN_CYCLES have run.
CYCLE_SECONDS=${CYCLE_SECONDS:-60}
MIN_CYCLES=5
PATHS=(ops direct)
LOAD=$ROOT/build/tools/ipc-load
tap_plan 7

# ipc-load itself must fail a worker that stops making progress: here the
# pipe worker's echo child is stopped, so the worker waits in a read
# until SIGTERM interrupts it, longer than the -g limit.
stall_detected() {
	local load worker echo_child i rc

	"$LOAD" -g 1 -t 0 pipe >/dev/null 2>&1 &
	load=$!
	for i in $(seq 100); do
		worker=$(pgrep -P "$load") &&
			echo_child=$(pgrep -P "$worker") && break
		sleep 0.05
	done
	if [ -z "$echo_child" ]; then
		echo "# cannot find ipc-load's pipe worker and its child"
		kill "$load"
		wait "$load"
		return 1
	fi
	kill -STOP "$echo_child"
	sleep 2
	kill -TERM "$load"
	wait "$load"
	rc=$?
	kill -CONT "$echo_child" 2>/dev/null
	[ "$rc" -eq 1 ] || echo "# ipc-load exited with $rc through a stall"
	[ "$rc" -eq 1 ]
}
tap_result "ipc-load fails a worker stuck in a read until SIGTERM" \
	stall_detected

out=$(mktemp)
"$LOAD" -t 0 >"$out" 2>&1 &
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

# Has the module refused the writer since it was loaded?
refused_yet() {
	local hook calls refused

	while read -r hook calls refused; do
		[ "$hook" = pipe.file_permission ] && break
	done </sys/kernel/security/sipc/hooks
	[ "$hook" = pipe.file_permission ] && [ "${refused:-0}" -gt 0 ]
}

# Wait up to 10 s for the module just loaded to refuse the writer.
wait_refused() {
	local i

	for i in $(seq 200); do
		refused_yet && return 0
		sleep 0.05
	done
	refused_yet
}

uptime_s() {
	local up rest

	read -r up rest </proc/uptime
	echo "$up"
}

refused_cycles=0
cycle() {
	local i start=$SECONDS

	for i in $(seq "$CYCLES"); do
		if [ "$i" -gt "$MIN_CYCLES" ] &&
		   [ $((SECONDS - start)) -ge "$CYCLE_SECONDS" ]; then
			echo "# ${CYCLE_SECONDS} s are up: $((i - 1)) cycles"
			break
		fi
		echo "# cycle $i: $(uptime_s)s"
		sipc_unload || return 1
		echo "#   unloaded: $(uptime_s)s"
		# Both interception paths, in turn (intercept_test.sh).
		insmod "$MODULE" inject=1 intercept=${PATHS[i % 2]} || return 1
		echo "#   loaded (${PATHS[i % 2]}): $(uptime_s)s"
		echo "pipe.file_permission $writer 13" \
			>/sys/kernel/security/sipc/inject || return 1
		sleep 0.$((RANDOM % 3))
		refused_yet && refused_cycles=$((refused_cycles + 1))
	done
	echo "# the writer had been refused before $refused_cycles unloads"
}
tap_result "reload up to $CYCLES times under IPC load" cycle

# Not read at a random moment, which could come before the first
# refusal: the writer must be refused within 10 s, before the final
# unload, which then finds it in the refusal path.
tap_result "the refusal path runs" wait_refused

tap_result "final unload" sipc_unload
tap_result "nothing left attached" eval '! ftrace_attached'

kill "$writer"
wait "$writer"
kill -TERM "$load"
wait "$load"
rc=$?
sed 's/^/# ipc-load: /' "$out"
rm -f "$out"
tap_result "every IPC worker made progress, and no call failed" \
	test "$rc" -eq 0

tap_result "reload for the tests that follow" insmod "$MODULE" inject=1
tap_exit
