"""Local stand-ins started by the tests on 127.0.0.1: a fake Telegram Bot API and a fake web
push service (the endpoint a browser's push subscription points at)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Server:
    def __init__(self, handler):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.owner = self
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class _BotHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        bot = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        payload = json.loads(self.rfile.read(length) or b"{}")
        token, _, method = self.path.lstrip("/").partition("/")
        if token != f"bot{bot.token}":
            return self._reply(401, {"ok": False, "description": "Unauthorized"})
        if method == "getUpdates":
            updates = [u for u in bot.updates if u["update_id"] >= payload.get("offset", 0)]
            return self._reply(200, {"ok": True, "result": updates})
        if method == "sendMessage":
            if payload["chat_id"] in bot.blocked:
                return self._reply(403, {"ok": False, "error_code": 403,
                                         "description": "Forbidden: bot was blocked by the user"})
            bot.sent.append(payload)
            return self._reply(200, {"ok": True, "result": {"message_id": len(bot.sent)}})
        return self._reply(404, {"ok": False})

    def _reply(self, status, data):
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class FakeBotAPI(_Server):
    def __init__(self, token):
        self.token = token
        self.updates, self.sent, self.blocked = [], [], set()
        super().__init__(_BotHandler)

    def user_writes(self, chat_id, text):
        self.updates.append({"update_id": len(self.updates) + 1,
                             "message": {"message_id": 1, "chat": {"id": chat_id, "type": "private"}, "text": text}})


class _PushHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        push = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        name = self.path.strip("/")
        if name in push.gone:
            self.send_response(410)
            self.end_headers()
            return
        push.received.append({"path": name, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
        self.send_response(201)
        self.end_headers()


class FakePushService(_Server):
    def __init__(self):
        self.received, self.gone = [], set()
        super().__init__(_PushHandler)
