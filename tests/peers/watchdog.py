#!/usr/bin/env python3
"""Runs a peer server and guarantees it dies with the test process that started it.

Usage: watchdog.py LOGFILE -- COMMAND [ARGS...]

The server runs in its own process group with stdout/stderr in LOGFILE. The watchdog then
blocks on its stdin, which the test process holds as a pipe: when the test ends in any way
(normal exit, panic, SIGKILL) the pipe closes and the watchdog kills the whole group. SIGTERM
to the watchdog does the same. Standard library only, so it runs before `make setup` too.
"""
import os
import signal
import subprocess
import sys


def main() -> int:
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    log = open(sys.argv[1], "ab", buffering=0)
    child = subprocess.Popen(
        sys.argv[3:], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True,
    )

    def stop(*_):
        try:
            os.killpg(child.pid, signal.SIGTERM)
            try:
                child.wait(timeout=3)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
        except ProcessLookupError:
            pass
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # Tell the parent which PID to kill, then wait for its end.
    sys.stdout.write(f"{child.pid}\n")
    sys.stdout.flush()
    try:
        while sys.stdin.buffer.read(4096):
            if child.poll() is not None:
                break
    except OSError:
        pass
    stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
