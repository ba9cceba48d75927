"""A local SMTP server for the tests (aiosmtpd on 127.0.0.1, a free port). It can hold the n-th
message without acknowledging it, so a test can kill the sending worker at that very moment:
a message whose sender died before the server's "250" is not accepted (not counted)."""

import asyncio
import email
import socket
import threading
from email.policy import default

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    def __init__(self, hold_at=None):
        self.messages = []
        self.hold_at = hold_at
        self.held = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if self.hold_at is not None and len(self.messages) + 1 == self.hold_at:
            self.hold_at = None
            self.held.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 Requested action aborted: the client went away"
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 OK"


class SMTPServer:
    def __init__(self, hold_at=None):
        self.recorder = Recorder(hold_at)
        self.port = free_port()
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self):
        return self.recorder.messages

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.recorder.release.set()
        self.controller.stop()
