"""A steady, paced load from threads, recording every request: when it was sent, how long it
took, its status (or `error` when the connection failed) and whether it said Retry-After."""

import http.client
import json
import threading
import time
from dataclasses import dataclass

# What a reverse proxy terminating TLS would add; production settings redirect plain HTTP.
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Language": "en"}
TIMEOUT = 15


@dataclass
class Result:
    sent: float  # seconds since the load started
    seconds: float
    status: int | str
    retry_after: bool = False
    body: bytes = b""

    @property
    def ok(self):
        return isinstance(self.status, int) and self.status < 400


class Connection:
    def __init__(self, port):
        self.port = port
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            self.connection.request(method, path, body=body, headers={**HEADERS, **(headers or {})})
            response = self.connection.getresponse()
            content = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, response.getheader("Retry-After") is not None, content
        except (OSError, http.client.HTTPException):
            self.close()
            return "error", False, b""

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def steady_load(port, paths, rate, duration, *, threads=8, during=None):
    """GET `paths` in turn at `rate` requests a second for `duration` seconds. `during(t0)` runs
    beside the load (the fault to inject); the load goes on whatever it does."""
    results = []
    lock = threading.Lock()
    start = time.monotonic()
    interval = threads / rate

    def worker(offset):
        connection = Connection(port)
        mine = []
        due = start + offset * interval / threads
        n = offset
        while due < start + duration:
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            sent = time.monotonic()
            status, retry_after, _ = connection.request("GET", paths[n % len(paths)])
            mine.append(Result(sent - start, time.monotonic() - sent, status, retry_after))
            n += threads
            due += interval
        connection.close()
        with lock:
            results.extend(mine)

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    fault = threading.Thread(target=during, args=(start,)) if during else None
    for thread in pool:
        thread.start()
    if fault:
        fault.start()
    for thread in pool:
        thread.join()
    if fault:
        fault.join()
    return sorted(results, key=lambda r: r.sent)


def concurrent_writes(port, token, bodies, *, rate, threads=50, after_each=None):
    """POST each body to /api/v1/sources/ from `threads` editors at once, the n-th no sooner
    than n / `rate` seconds after the start (so the writes span a fault)."""
    results = [None] * len(bodies)
    cursor = iter(range(len(bodies)))
    lock = threading.Lock()
    start = time.monotonic()
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}

    def worker():
        connection = Connection(port)
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                break
            pause = start + index / rate - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            sent = time.monotonic()
            status, retry_after, content = connection.request(
                "POST", "/api/v1/sources/", json.dumps(bodies[index]), headers
            )
            results[index] = Result(
                sent - start, time.monotonic() - sent, status, retry_after, content
            )
            if after_each:
                after_each(index)
        connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return results


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
