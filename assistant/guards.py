"""Protections around every HTTP request, as plain ASGI middleware: a request-size limit, a
rate limit per API key and per address, a time limit, security headers, and errors that never
show a stack trace or a file-system path."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable

log = logging.getLogger("assistant.http")

# what may run on the demo page: the widget from this server, its constructed stylesheet
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
COMMON_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
# paths that cost real work; the page, the script, /health and the docs are not rate limited
LIMITED_PREFIXES = ("/search", "/ask", "/v1/", "/decisions", "/actions", "/documents", "/glossary")


class TokenBuckets:
    """A token bucket per caller: ``per_minute`` requests a minute on average, up to ``burst``
    at once. ``wait(who)`` takes a token, or says how many seconds until one is free."""

    def __init__(
        self,
        per_minute: float,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        max_callers: int = 100_000,
    ) -> None:
        self.rate = per_minute / 60.0
        self.burst = burst
        self._clock = clock
        self._max = max_callers
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, who: str) -> float:
        now = self._clock()
        with self._lock:
            tokens, then = self._buckets.pop(who, (float(self.burst), now))
            tokens = min(self.burst, tokens + (now - then) * self.rate)
            if tokens >= 1:
                self._buckets[who] = (tokens - 1, now)
                wait = 0.0
            else:
                self._buckets[who] = (tokens, now)
                wait = (1 - tokens) / self.rate
            while len(self._buckets) > self._max:  # forget the longest-quiet callers
                self._buckets.popitem(last=False)
            return wait


def caller_identity(scope: dict) -> str:
    """A key's hash when the request carries one, else the client's address."""
    headers = dict(scope.get("headers") or [])
    key = headers.get(b"authorization", b"") or headers.get(b"x-api-key", b"")
    if key:
        return "key:" + hashlib.sha256(key).hexdigest()[:16]
    client = scope.get("client") or ("unknown", 0)
    return f"address:{client[0]}"


async def send_json(send, status: int, detail: str, headers: list | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *COMMON_HEADERS,
                (b"content-security-policy", API_POLICY.encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Guards:
    """The middleware. Order inside: size limit, rate limit, time limit, then the app; every
    response gets the security headers; an unexpected error becomes a 500 with a reference
    that is logged with its stack trace."""

    def __init__(
        self,
        app,
        max_body_bytes: int,
        buckets: TokenBuckets | None,
        timeout_seconds: float,
    ) -> None:
        self.app = app
        self.max_body = max_body_bytes
        self.buckets = buckets
        self.timeout = timeout_seconds

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = refused = False

        async def guarded_send(message):
            nonlocal started
            if refused:  # the body was too large and the 413 has gone: the app's reply is moot
                return
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": self._with_security(scope, message)}
            await send(message)

        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared and declared.isdigit() and int(declared) > self.max_body:
            return await send_json(send, 413, self._too_large())
        if self.buckets and scope["path"].startswith(LIMITED_PREFIXES):
            wait = self.buckets.wait(caller_identity(scope))
            if wait > 0:
                seconds = str(max(1, round(wait)))
                return await send_json(
                    send,
                    429,
                    f"too many requests; try again in {seconds} seconds",
                    [(b"retry-after", seconds.encode())],
                )
        received = 0

        async def counted_receive():
            # a body without Content-Length is counted as it arrives; past the limit the client
            # gets the 413 and the app sees the client gone
            nonlocal received, refused, started
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body and not refused:
                if not started:
                    await send_json(send, 413, self._too_large())
                refused = started = True
                return {"type": "http.disconnect"}
            return message

        try:
            await asyncio.wait_for(self.app(scope, counted_receive, guarded_send), self.timeout)
        except TimeoutError:
            log.warning("%s %s took over %s s", scope["method"], scope["path"], self.timeout)
            if not started:
                await send_json(
                    send, 503, "the answer took too long; try again, or ask a narrower question"
                )
        except Exception:
            reference = uuid.uuid4().hex[:8]
            log.exception("unexpected error, reference %s", reference)
            if not started:
                await send_json(
                    send,
                    500,
                    f"the assistant hit an unexpected problem (reference {reference}); "
                    "it has been logged",
                )

    def _too_large(self) -> str:
        return f"the request is larger than the {self.max_body // 1024} KB limit"

    @staticmethod
    def _with_security(scope, message) -> list:
        headers = list(message.get("headers") or [])
        names = {name.lower() for name, _ in headers}
        html = any(n == b"content-type" and v.startswith(b"text/html") for n, v in headers)
        policy = PAGE_POLICY if html else API_POLICY
        extra = [*COMMON_HEADERS, (b"content-security-policy", policy.encode())]
        if html:
            extra.append((b"cross-origin-opener-policy", b"same-origin"))
        return headers + [(n, v) for n, v in extra if n not in names]
