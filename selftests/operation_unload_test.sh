#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Narrowed processes (SIPC_IOC_NARROW) that fork, exit and outlive the
# module: their narrowings are freed as they exit, and all of what is
# left at rmmod; nothing may oops or warn.
. "$(dirname "$0")/lib.sh"

SIPCCTL=$ROOT/build/userspace/sipcctl
tap_plan 6

tap_result "load a policy with interface files" \
	"$SIPCCTL" load "$ROOT/selftests/policy/op_base.sipc"
kmsg_mark
# A narrowed shell whose narrowed children come and go, then waits.
"$SIPCCTL" narrow files stat -- sh -c \
	'for i in 1 2 3 4 5 6 7 8; do (sleep 0.1) & done; wait; exec sleep 60' &
narrowed=$!
sleep 1
tap_result "a narrowing that names nothing known fails" \
	eval '! "$SIPCCTL" narrow files nosuch -- true 2>/dev/null'
tap_result "unload with a narrowed process alive" sipc_unload
tap_result "reload" insmod "$MODULE" inject=1
kill "$narrowed"
wait "$narrowed" 2>/dev/null
tap_result "no oops, BUG or warning in the kernel log" \
	eval '! kmsg_since_mark | grep -E "BUG|WARNING|Oops|refcount_t"'
tap_result "back to the reset policy" \
	"$SIPCCTL" load "$ROOT/selftests/policy/reset.sipc"
tap_exit
