"""Client overhead on the host thread (Python): the latency of one client.record_transaction call
against a no-op function of the same signature, call by call with perf_counter_ns, while the
client's sender thread really sends every batch to a local HTTP sink in another process.

    python3 benchmarks/clients/record_overhead.py [calls=200000] [rate_per_s=0 (as fast as possible)]

With a rate, the loop sleeps between calls as a request thread waits between requests.

Prints p50/p90/p99/p99.9/max in microseconds for both, and the client's stats at the end.
"""

import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "clients", "python"))

from vedette import Client  # noqa: E402


def noop(id, status, *, amount=None, currency=None, provider=None, customer_email=None, step=None):
    return None


def measure(fn, calls, pace_ns):
    samples = [0] * calls
    clock = time.perf_counter_ns
    next_at = clock()
    for i in range(calls):
        if pace_ns:
            # a host thread between requests waits (and releases the GIL), it does not spin
            wait = next_at - clock()
            if wait > 0:
                time.sleep(wait / 1e9)
            next_at += pace_ns
        t0 = clock()
        fn("order-%d" % i, "COMPLETED", amount="49.00", currency="USD", provider="paypal",
           customer_email="ada@example.com", step="email_sent")
        samples[i] = clock() - t0
    return samples


def summary(name, samples):
    s = sorted(samples)
    n = len(s)

    def q(p):
        return s[min(n - 1, int(p * n))] / 1000.0

    return "%-22s n=%d  p50=%.2f  p90=%.2f  p99=%.2f  p99.9=%.2f  max=%.1f  (us)" % (
        name, n, q(0.50), q(0.90), q(0.99), q(0.999), s[-1] / 1000.0)


def main():
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    rate = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    pace_ns = int(1e9 / rate) if rate > 0 else 0
    sink = subprocess.Popen([sys.executable, os.path.join(HERE, "sink_server.py")], stdout=subprocess.PIPE)
    try:
        port = int(sink.stdout.readline())
        client = Client("http://127.0.0.1:%d" % port, key="vk_benchmk0_" + "b" * 32, max_buffer=calls + 1,
                        batch_size=1000, flush_at_exit=False)
        measure(noop, 20_000, 0)  # warm-up
        measure(client.record_transaction, 20_000, 0)
        client.flush(60)
        base = measure(noop, calls, pace_ns)
        rec = measure(client.record_transaction, calls, pace_ns)
        flushed = client.flush(120)
        print("python %s, %d calls, %s" % (sys.version.split()[0], calls,
                                           "as fast as possible" if not pace_ns else "%.0f calls/s" % rate))
        print(summary("no-op", base))
        print(summary("record_transaction", rec))
        print("flushed=%s stats=%s loadavg=%s" % (flushed, tuple(client.stats()), os.getloadavg()))
        client.close(5)
    finally:
        sink.terminate()
        sink.wait(5)


if __name__ == "__main__":
    main()
