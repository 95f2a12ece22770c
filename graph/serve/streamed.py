"""Sending an answer as it is written: :class:`StreamedResponse` (docs/endpoint.md, "Every
row, streamed").

The status and headers go out with the first bytes (the endpoint has them before it builds
this response, so a query that fails before its first bytes still gets its own status). Then
each chunk is sent when the client has taken the one before (uvicorn waits for the socket to
drain), so a slow client slows the query's writer instead of filling memory. Everything must
be sent by the answer's deadline: past it, or when the answer cannot be finished
(:class:`~graph.serve.formats.Aborted`), the response is **broken off** — the connection is
closed without the last, empty chunk of the chunked encoding — so that a client sees an error
(``requests``: ``ChunkedEncodingError``; ``curl``: exit 18), never a short answer that looks
whole. A client that hangs up stops the answer too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Mapping
from contextvars import ContextVar

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from graph.serve.formats import Aborted

__all__ = ["GRACE", "StreamedResponse", "quiet_aborts"]

log = logging.getLogger("graph.serve.endpoint")

#: Set in a request's task when its response was broken off on purpose.
_ABORTED: ContextVar[bool] = ContextVar("accredigraph_aborted", default=False)
#: What uvicorn logs, as an error, when an app ends without finishing its response.
_UNFINISHED = "ASGI callable returned without completing response."
#: Seconds past the answer's deadline a client has to take what was written: the writer is
#: stopped at the deadline itself; this bounds a client that stopped reading.
GRACE = 1.0


class _OnPurpose(logging.Filter):
    """Drops uvicorn's error for a response this module broke off (it logs its own line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.msg == _UNFINISHED and _ABORTED.get())


_FILTER = _OnPurpose()


def quiet_aborts() -> None:
    """Have uvicorn's logger leave out its error for responses broken off on purpose (once)."""
    logger = logging.getLogger("uvicorn.error")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)


class StreamedResponse(Response):
    """A response whose body is ``chunks``, sent by ``deadline`` (``time.monotonic()``) or
    broken off (see the module)."""

    def __init__(self, chunks: AsyncIterator[bytes], *, status_code: int,
                 headers: Mapping[str, str], deadline: float | None) -> None:  # fmt: skip
        self.chunks, self.deadline = chunks, deadline
        super().__init__(None, status_code=status_code, headers=headers)
        # chunked: the length is not known up front
        self.raw_headers = [(k, v) for k, v in self.raw_headers if k != b"content-length"]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        left = asyncio.Event()

        async def watch() -> None:  # the client hung up
            while (await receive())["type"] != "http.disconnect":
                pass
            left.set()

        watcher = asyncio.ensure_future(watch())
        try:
            end = None if self.deadline is None else self.deadline + GRACE
            async with asyncio.timeout_at(end):
                await send({"type": "http.response.start", "status": self.status_code,
                            "headers": self.raw_headers})  # fmt: skip
                async for chunk in self.chunks:
                    if left.is_set():
                        _ABORTED.set(True)
                        return
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except Aborted as reason:
            log.warning("an answer was broken off: %s", reason)
            _ABORTED.set(True)
        except TimeoutError:  # the client did not take the answer in time
            log.warning("an answer was broken off: the client did not read it by its deadline")
            _ABORTED.set(True)
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            await self.chunks.aclose()  # type: ignore[attr-defined]
