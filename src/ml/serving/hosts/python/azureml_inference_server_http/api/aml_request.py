"""The request object a @rawhttp run() receives, and the decorator itself (Flask-request-like, standard library only)."""
import json
from urllib.parse import parse_qs, urlsplit


class _Headers(dict):
    """Case-insensitive header mapping that keeps the casing the client sent when iterated."""

    def __init__(self, pairs):
        super().__init__()
        self._lower = {}
        for k, v in pairs:
            self[k] = v

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self._lower[key.lower()] = key

    def __getitem__(self, key):
        return super().__getitem__(self._lower.get(key.lower(), key))

    def __contains__(self, key):
        return isinstance(key, str) and key.lower() in self._lower

    def get(self, key, default=None, type=None):
        if key not in self:
            return default
        value = self[key]
        if type is not None:
            try:
                return type(value)
            except (TypeError, ValueError):
                return default
        return value


class _Args(dict):
    def __init__(self, query):
        super().__init__()
        self._lists = parse_qs(query, keep_blank_values=True)
        for k, v in self._lists.items():
            super().__setitem__(k, v[0])

    def getlist(self, key):
        return list(self._lists.get(key, []))


class AMLRequest:
    """What Flask's request offers to scoring scripts: method, path, headers, args, data, get_data(), get_json(), json."""

    def __init__(self, method, target, headers, body):
        parts = urlsplit(target)
        self.method = method
        self.path = parts.path
        self.query_string = parts.query.encode("latin-1")
        self.full_path = parts.path + "?" + parts.query
        self.headers = _Headers(headers)
        self.args = _Args(parts.query)
        self.data = body
        host = self.headers.get("Host", "127.0.0.1")
        self.url = "http://" + host + target
        self.host_url = "http://" + host + "/"
        self.content_type = self.headers.get("Content-Type")
        self.mimetype = (self.content_type or "").split(";")[0].strip().lower()
        self.content_length = len(body)
        self.environ = {"REQUEST_METHOD": method, "PATH_INFO": self.path, "QUERY_STRING": parts.query}

    def get_data(self, cache=True, as_text=False, parse_form_data=False):
        return self.data.decode("utf-8") if as_text else self.data

    def get_json(self, force=False, silent=False, cache=True):
        if not force and self.mimetype != "application/json" and not self.mimetype.endswith("+json"):
            if silent:
                return None
            raise ValueError("Did not attempt to load JSON data because the request Content-Type was not 'application/json'.")
        try:
            return json.loads(self.data.decode("utf-8"))
        except ValueError:
            if silent:
                return None
            raise

    @property
    def json(self):
        return self.get_json()

    @property
    def form(self):
        if self.mimetype != "application/x-www-form-urlencoded":
            return {}
        return {k: v[0] for k, v in parse_qs(self.data.decode("utf-8"), keep_blank_values=True).items()}


def rawhttp(func):
    """Marks run() as taking the whole request (AMLRequest) instead of the body as a string."""
    func.__aml_rawhttp__ = True
    return func
