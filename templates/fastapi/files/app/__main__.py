"""`python -m app`: validate the configuration, load the prompts, serve; drain gracefully on SIGTERM.

On SIGTERM (or Ctrl-C) readiness turns false and new requests get 503 shutting_down while requests in
flight finish; streams still open after SHUTDOWN_GRACE_MS end with an `error` event of kind
`shutting_down`. A second signal stops at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
from collections.abc import Iterator

import uvicorn

from .config import settings_or_exit
from .logs import setup_logging
from .main import create_app
from .prompts import PromptError


class DrainingServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, service: object) -> None:
        super().__init__(config)
        self.service = service
        self._drain_task: asyncio.Task[None] | None = None

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self._on_signal)
        try:
            yield
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)

    def _on_signal(self) -> None:
        if self._drain_task is not None:
            self.force_exit = True
            self.should_exit = True
            return
        service = self.service
        logging.getLogger("app.server").info(
            "SIGTERM: draining",
            extra={"status": "draining", "latency_ms": service.settings.shutdown_grace_ms, "kind": f"in_flight={service.in_flight}"},  # type: ignore[attr-defined]
        )
        service.begin_drain()  # type: ignore[attr-defined]
        self._drain_task = asyncio.get_running_loop().create_task(self._drain())

    async def _drain(self) -> None:
        await self.service.drained()  # type: ignore[attr-defined]
        self.should_exit = True


def main() -> None:
    settings = settings_or_exit()
    setup_logging(settings.log_level, settings.secrets())
    try:
        app = create_app(settings)
    except PromptError as error:
        print(json.dumps({"level": "error", "msg": f"cannot load prompts: {error}", "kind": error.code}), file=sys.stderr)  # noqa: T201
        raise SystemExit(1) from None
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=5,
        lifespan="on",
    )
    server = DrainingServer(config, app.state.service)
    server.run()
    # Everything is drained and closed: skip the interpreter's slow teardown (idle SDK connection pools and
    # resolver threads can hold it for seconds), which would eat into the pod's termination grace period.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0 if server.started else 1)


if __name__ == "__main__":
    main()
