# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A minimal SMTP server on 127.0.0.1 for tests and benchmarks that run real
Odoo processes (which send for real, outside Odoo's test mode).

It accepts every message and keeps, for each, when it was accepted, its
recipients and its subject. It can hold the answer to a message: after
`hold_after` messages, the next one is read but not acknowledged until
`release()`, so that a test can stop the sender while a mail is in flight
(a message never acknowledged is not counted as delivered, as a real server
would not deliver it)."""

import email
import socket
import threading
import time


class SmtpSink:
    def __init__(self, port=0, on_message=None, hold_after=None):
        """Listen on `port` (0: a free one, see `self.port`). `on_message`
        is called with the recipients of each message before it is
        accepted."""
        self.on_message = on_message
        self.hold_after = hold_after
        self.messages = []  # (time, [recipients], subject)
        self.held = None  # recipients of the message held, once it is
        self.holding = threading.Event()
        self._release = threading.Event()
        self._lock = threading.Lock()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", port))
        self._sock.listen(64)
        self.port = self._sock.getsockname()[1]
        self._stopped = False
        threading.Thread(target=self._serve, daemon=True).start()

    def received(self, subject=None):
        """{recipient: number of messages accepted}, for `subject` only if given."""
        counts = {}
        with self._lock:
            for _when, recipients, message_subject in self.messages:
                if subject is None or message_subject == subject:
                    for recipient in recipients:
                        counts[recipient] = counts.get(recipient, 0) + 1
        return counts

    def release(self):
        self._release.set()

    def stop(self):
        self._stopped = True
        self._release.set()
        self._sock.close()

    def _serve(self):
        while not self._stopped:
            try:
                conn, _addr = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _hold(self, recipients):
        """Whether to hold this message: the first one past `hold_after`."""
        with self._lock:
            if self.hold_after is None or self.held is not None:
                return False
            if len(self.messages) < self.hold_after:
                return False
            self.held = list(recipients)
        return True

    def _session(self, conn):
        reader = conn.makefile("rb")

        def reply(line):
            conn.sendall(line.encode() + b"\r\n")

        try:
            reply("220 sink ESMTP")
            recipients = []
            while True:
                line = reader.readline()
                if not line:
                    return
                command = line.decode(errors="replace").strip()
                verb = command[:4].upper()
                if verb in ("EHLO", "HELO"):
                    reply("250 sink")
                elif verb == "MAIL":
                    recipients = []
                    reply("250 OK")
                elif verb == "RCPT":
                    address = command.split(":", 1)[1].strip().split(" ")[0]
                    recipients.append(address.strip("<>").lower())
                    reply("250 OK")
                elif verb == "DATA":
                    reply("354 go on")
                    data = []
                    while (chunk := reader.readline()) not in (b".\r\n", b".\n", b""):
                        data.append(chunk)
                    if chunk == b"":
                        return
                    message = email.message_from_bytes(b"".join(data))
                    if self._hold(recipients):
                        self.holding.set()
                        self._release.wait()
                        return  # never acknowledged: not delivered
                    if self.on_message:
                        self.on_message(recipients)
                    with self._lock:
                        self.messages.append((time.time(), list(recipients), message["Subject"]))
                    reply("250 queued")
                elif verb == "QUIT":
                    reply("221 bye")
                    return
                else:  # RSET, NOOP, ...
                    reply("250 OK")
        except OSError:
            return
        finally:
            conn.close()
