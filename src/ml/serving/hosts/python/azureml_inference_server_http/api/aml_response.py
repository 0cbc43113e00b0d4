"""AMLResponse: a response run() returns as is (status, headers, body)."""
import json


class AMLResponse:
    def __init__(self, message, status_code, response_headers=None, json_str=False):
        self.status_code = int(status_code)
        self.headers = dict(response_headers or {})
        if json_str:
            self.body = json.dumps(message).encode("utf-8")
            self.headers.setdefault("Content-Type", "application/json")
        elif isinstance(message, (bytes, bytearray)):
            self.body = bytes(message)
        elif isinstance(message, str):
            self.body = message.encode("utf-8")
        elif message is None:
            self.body = b""
        else:
            self.body = json.dumps(message).encode("utf-8")
            self.headers.setdefault("Content-Type", "application/json")
        self.headers.setdefault("Content-Type", "text/html; charset=utf-8")

    @property
    def status(self):
        return str(self.status_code)

    def get_data(self, as_text=False):
        return self.body.decode("utf-8") if as_text else self.body
