#!/usr/bin/env python3
"""Switchboard vs the Node.js socket.io reference: runs every benchmark scenario against both
servers, alternating, and prints one table (see README.md in this folder).

    tests/bench/run.py            # full run, about 12 minutes
    tests/bench/run.py --quick    # fewer runs, smaller N, under 2 minutes

Builds nothing: it expects `cmake --build --preset default` to have produced build/app/switchboard
and build/tests/bench/loadgen. Each run starts a fresh server pinned to one core and the load
generator pinned to the other; every process it starts is stopped on exit, Ctrl-C included.
Standard library only.
"""

import argparse
import json
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[2]
NODE_SERVER = SOURCE_DIR / "tests" / "e2e" / "socketio" / "reference_echo.js"

# One scenario: the loadgen arguments (full and --quick), and the figures shown, each as
# (row label, result key, True when higher is better, per-CPU-second key or None).
SCENARIOS = [
    {
        "name": "echo32",
        "args": ["echo", "--clients", "50", "--inflight", "10", "--payload", "32"],
        "rows": [("acked echo 50x10, 32 B: acks/s", "rate", True, "rate_per_cpu_s")],
    },
    {
        "name": "echo1k",
        "args": ["echo", "--clients", "50", "--inflight", "10", "--payload", "1024"],
        "rows": [("acked echo 50x10, 1 KiB: acks/s", "rate", True, "rate_per_cpu_s")],
    },
    {
        "name": "rtt",
        "args": ["echo", "--clients", "1", "--inflight", "1", "--payload", "32"],
        "rows": [
            ("single acked round trip: p50 us", "p50_us", False, None),
            ("single acked round trip: p99 us", "p99_us", False, None),
        ],
    },
    {
        # The closed loop: one broadcast at a time, the next once its ack and all 100
        # deliveries arrived.
        "name": "broadcast100",
        "args": ["broadcast", "--room-size", "100", "--inflight", "1", "--payload", "32"],
        "rows": [("broadcast, room of 100, 1 at a time: deliveries/s", "rate", True, "rate_per_cpu_s")],
    },
    {
        # Four outstanding, so that the server never waits for us to read the deliveries: its
        # capacity rather than its round trip.
        "name": "broadcast100x4",
        "args": ["broadcast", "--room-size", "100", "--inflight", "4", "--payload", "32"],
        "rows": [("broadcast, room of 100, 4 in flight: deliveries/s", "rate", True, "rate_per_cpu_s")],
    },
    {
        "name": "fanout1000",
        "args": ["fanout", "--room-size", "1000", "--rate", "50", "--payload", "32"],
        "rows": [
            ("broadcast to 1,000 at 50k/s: p50 ms", "p50_ms", False, None),
            ("broadcast to 1,000 at 50k/s: p99 ms", "p99_ms", False, None),
        ],
    },
    {
        "name": "idle",
        "args": ["idle", "--connections", "10000", "--concurrency", "64", "--stop-server"],
        "quick": ["idle", "--connections", "2000", "--concurrency", "64", "--stop-server"],
        "timed": False,  # no warm-up/duration: it ends when every connection is open
        "rows": [
            ("idle: handshakes/s, 0 to 1k", "rate_first_1k", True, None),
            ("idle: handshakes/s, last 1k (9k to 10k; quick: 1k to 2k)", "rate_last_1k", True, None),
            ("idle: handshakes per server CPU-s", "rate_per_cpu_s", True, None),
            ("idle: server RSS per connection, KB", "rss_per_conn_kb", False, None),
            ("idle: stop (SIGTERM to exit), s", "stop_s", False, None),
        ],
    },
    {
        "name": "polling100",
        "args": ["polling", "--clients", "100", "--inflight", "1", "--payload", "32"],
        "rows": [("long-polling echo, 100 clients: acks/s", "rate", True, "rate_per_cpu_s")],
    },
]

SERVERS = ["node", "switchboard"]


class Runner:
    def __init__(self, args):
        self.args = args
        build = Path(args.build_dir)
        if not build.is_absolute():
            build = SOURCE_DIR / build
        self.switchboard = Path(args.switchboard) if args.switchboard else build / "app" / "switchboard"
        self.loadgen = Path(args.loadgen) if args.loadgen else build / "tests" / "bench" / "loadgen"
        self.processes = []
        cores = os.cpu_count() or 1
        self.pin = cores >= 2 and not args.no_pin

    # -- processes ---------------------------------------------------------------------------

    def _raise_limits(self):
        # 10,000 sockets need more than the usual 1,024 descriptors; as root we may raise both.
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (65536, 65536))
        except (ValueError, OSError):
            _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        if self.args.nice:
            os.nice(self.args.nice)

    def _pinned(self, core, command):
        return ["taskset", "-c", str(core)] + command if self.pin else command

    def start_server(self, kind):
        if kind == "node":
            command = [self.args.node, str(NODE_SERVER), "--bind", "127.0.0.1", "--port", "0"]
        else:
            command = [str(self.switchboard), "--headless", "--service", "echo",
                       "--bind", "127.0.0.1", "--port", "0"]
        process = subprocess.Popen(self._pinned(self.args.server_core, command),
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   preexec_fn=self._raise_limits)
        self.processes.append(process)
        # Bounded wait for the one line both servers print when ready.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
            if match:
                # Keep reading whatever else it prints, so a full pipe can never block it.
                threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
                return process, int(match.group(1))
        self.stop(process)
        raise RuntimeError(f"{kind} server did not start")

    def stop(self, process, timeout=30):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if process in self.processes:
            self.processes.remove(process)

    def stop_all(self):
        for process in list(self.processes):
            try:
                if process.poll() is None:
                    process.kill()
                process.wait(timeout=10)
            except Exception:  # noqa: BLE001 - best effort while unwinding
                pass
        self.processes.clear()

    # -- one run -----------------------------------------------------------------------------

    def timing_args(self):
        if self.args.quick:
            return ["--warmup", "0.5", "--seconds", "1.5"]
        return ["--warmup", "1", "--seconds", str(self.args.seconds)]

    def run_once(self, scenario, kind):
        server, port = self.start_server(kind)
        try:
            args = scenario.get("quick", scenario["args"]) if self.args.quick else scenario["args"]
            command = [str(self.loadgen)] + args + ["--port", str(port), "--server-pid", str(server.pid)]
            if scenario.get("timed", True):
                command += self.timing_args()
            loadgen = subprocess.Popen(self._pinned(self.args.loadgen_core, command),
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                       preexec_fn=self._raise_limits)
            self.processes.append(loadgen)
            try:
                out, err = loadgen.communicate(timeout=180)
            except subprocess.TimeoutExpired:
                loadgen.kill()
                out, err = loadgen.communicate()
                err += "\n(timed out)"
            self.processes.remove(loadgen)
            for line in out.splitlines():
                if line.startswith("RESULT "):
                    return json.loads(line[len("RESULT "):])
            raise RuntimeError(f"{scenario['name']} against {kind}: no result "
                               f"(exit {loadgen.returncode}): {err.strip() or out.strip()}")
        finally:
            self.stop(server)

    # -- the whole suite ---------------------------------------------------------------------

    def run(self):
        runs = self.args.runs or (2 if self.args.quick else 5)
        chosen = [s for s in SCENARIOS if not self.args.only or s["name"] in self.args.only]
        results = {s["name"]: {k: [] for k in SERVERS} for s in chosen}
        started = time.monotonic()
        for scenario in chosen:
            for run in range(runs):
                # Alternate which server goes first, so a slow drift on the machine (a neighbour's
                # compile starting) does not always hit the same one.
                order = SERVERS if run % 2 == 0 else list(reversed(SERVERS))
                for kind in order:
                    try:
                        result = self.run_once(scenario, kind)
                    except RuntimeError as error:
                        print(f"  ! {error}", file=sys.stderr)
                        continue
                    results[scenario["name"]][kind].append(result)
                    summary = ", ".join(f"{key}={fmt(result.get(key))}" for _, key, _, _ in scenario["rows"])
                    print(f"  {scenario['name']:<13} run {run + 1}/{runs} {kind:<11} {summary}"
                          f"  loadgen_cpu={fmt(result.get('loadgen_cpu'))}"
                          f" server_cpu={fmt(result.get('server_cpu'))}"
                          f" others={fmt(result.get('neighbours_on_server_cores'))}", flush=True)
        elapsed = time.monotonic() - started
        print()
        print_table(chosen, results)
        print(f"\n{runs} runs per server and scenario, {elapsed:.0f} s; "
              f"{'quick' if self.args.quick else 'full'} mode; nice {self.args.nice}; "
              f"{time.strftime('%Y-%m-%d %H:%M %Z')}; load average at end "
              f"{os.getloadavg()[0]:.1f}")
        if self.args.json:
            Path(self.args.json).write_text(json.dumps(results, indent=1))
        return results

    def smoke(self):
        """One short echo run against our server: the ctest that keeps the load generator and
        the server speaking the same protocol."""
        server, port = self.start_server("switchboard")
        try:
            out = subprocess.run(
                [str(self.loadgen), "echo", "--port", str(port), "--server-pid", str(server.pid),
                 "--clients", "4", "--inflight", "2", "--warmup", "0.2", "--seconds", "1"],
                capture_output=True, text=True, timeout=60, check=False).stdout
        finally:
            self.stop(server)
        print(out)
        result = next((json.loads(l[7:]) for l in out.splitlines() if l.startswith("RESULT ")), None)
        return 0 if result and result["acks"] > 0 and result["errors"] == 0 else 1


def fmt(value):
    if value is None:
        return "-"
    value = float(value)
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def print_table(chosen, results):
    header = ["scenario", "Node (median, min-max)", "Switchboard (median, min-max)",
              "ours/Node", "ours/Node per server CPU-s", "loadgen CPU (Node / ours)",
              "server CPU (Node / ours)", "others on server core"]
    rows = []
    for scenario in chosen:
        for label, key, higher_better, cpu_key in scenario["rows"]:
            cells = [label + (" (higher is better)" if higher_better else " (lower is better)")]
            medians = {}
            cpu_medians = {}
            for kind in SERVERS:
                values = [r[key] for r in results[scenario["name"]][kind]
                          if r.get(key) is not None and r.get(key, -1) >= 0]
                if values:
                    medians[kind] = statistics.median(values)
                    cells.append(f"{fmt(medians[kind])} ({fmt(min(values))}-{fmt(max(values))})")
                else:
                    cells.append("-")
                if cpu_key:
                    cpu_values = [r[cpu_key] for r in results[scenario["name"]][kind] if r.get(cpu_key)]
                    if cpu_values:
                        cpu_medians[kind] = statistics.median(cpu_values)
            cells.append(f"{medians['switchboard'] / medians['node']:.2f}x"
                         if len(medians) == 2 and medians["node"] else "-")
            cells.append(f"{cpu_medians['switchboard'] / cpu_medians['node']:.2f}x"
                         if len(cpu_medians) == 2 else "-")
            loadgen = []
            saturated = False
            for kind in SERVERS:
                values = [r.get("loadgen_cpu", 0) for r in results[scenario["name"]][kind]]
                saturated |= any(r.get("loadgen_saturated") for r in results[scenario["name"]][kind])
                loadgen.append(f"{100 * max(values):.0f}%" if values else "-")
            cells.append(" / ".join(loadgen) + (" SATURATED" if saturated else ""))
            # The server's own share of its core, and what the neighbours took from that core:
            # a server below 100% with busy neighbours was starved, not idle.
            for field in ("server_cpu", "neighbours_on_server_cores"):
                shares = []
                for kind in SERVERS:
                    values = [r[field] for r in results[scenario["name"]][kind] if r.get(field) is not None]
                    shares.append(f"{100 * statistics.median(values):.0f}%" if values else "-")
                cells.append(" / ".join(shares))
            rows.append(cells)
    widths = [max(len(row[i]) for row in rows + [header]) for i in range(len(header))]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))
    print("loadgen CPU: the highest share of its core over the runs; SATURATED (>= 90%) means the "
          "load generator, not the server, may have been the limit. Server CPU: median share of "
          "its core; others on server core: median share of that core used by other processes "
          "(Node / ours): stolen from a server that wanted the core, otherwise idle time they filled.")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="2 runs, short windows, 2,000 idle connections")
    parser.add_argument("--runs", type=int, help="runs per server and scenario (default 5, quick 2)")
    parser.add_argument("--seconds", type=float, default=5, help="measured seconds per run (full mode)")
    parser.add_argument("--only", type=lambda s: s.split(","), help="comma-separated scenario names: "
                        + ",".join(s["name"] for s in SCENARIOS))
    parser.add_argument("--build-dir", default="build")
    parser.add_argument("--switchboard", help="path of the switchboard binary")
    parser.add_argument("--loadgen", help="path of the loadgen binary")
    parser.add_argument("--node", default="node")
    parser.add_argument("--server-core", type=int, default=0)
    parser.add_argument("--loadgen-core", type=int, default=1)
    parser.add_argument("--no-pin", action="store_true", help="do not use taskset")
    parser.add_argument("--nice", type=int, default=0,
                        help="niceness of both servers and the load generator (negative needs root): "
                        "-10 keeps other users' compiles from taking most of the server's core")
    parser.add_argument("--json", help="also write every run's figures to this file")
    parser.add_argument("--smoke", action="store_true", help="one 1-second echo against switchboard (ctest)")
    args = parser.parse_args()

    runner = Runner(args)
    for path in (runner.loadgen, runner.switchboard):
        if not path.exists():
            sys.exit(f"run.py: {path} is missing: build first (cmake --preset default && "
                     "cmake --build --preset default)")
    # SIGTERM unwinds like Ctrl-C, through the finally below.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        if args.smoke:
            return runner.smoke()
        runner.run()
        return 0
    except KeyboardInterrupt:
        print("\nrun.py: interrupted", file=sys.stderr)
        return 130
    finally:
        runner.stop_all()


if __name__ == "__main__":
    sys.exit(main())
