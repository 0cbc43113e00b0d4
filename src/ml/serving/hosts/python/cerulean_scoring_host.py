"""Cerulean's Python scoring host: the azureml-inference-server-http contract (v1.5.1) with the standard library only.

Usage: python3 -u cerulean_scoring_host.py [--unix-socket] [config.json]
The entry script is AML_APP_ROOT/AZUREML_ENTRY_SCRIPT. The optional config names the conda requirements to check
({"python": "3.12", "requirements": [{"package", "module", "op", "version"}]}) before the script is loaded.
Exit codes: 3 = the entry script failed to load or init() raised; 4 = required modules cannot be imported.
Once init() has returned, the host listens on 127.0.0.1 (SERVER_PORT, default any free port) and logs
"Listening at: http://127.0.0.1:<port>". With --unix-socket it also serves the same requests on
$TMPDIR/azmlinfsrv/score.sock (directory 0700) before that line is logged; when the socket cannot be made it
serves TCP only.
"""
import builtins
import importlib.metadata
import importlib.util
import inspect
import json
import logging
import os
import socketserver
import sys
import threading
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from azureml_inference_server_http import __version__
from azureml_inference_server_http.api.aml_request import AMLRequest
from azureml_inference_server_http.api.aml_response import AMLResponse

SERVER_VERSION = "azmlinfsrv/" + __version__
log = logging.getLogger("azmlinfsrv")
NOT_FOUND = {"message": "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again."}
NOT_ALLOWED = {"message": "The method is not allowed for the requested URL."}
SCRIPT_ERROR = {"message": "An unexpected error occurred in scoring script. Check the logs for more info."}
INTERNAL_ERROR = {"message": "An unexpected internal error occurred. Check the logs for more info."}


def setup_logging():
    handler = logging.StreamHandler(sys.stdout)
    fmt = logging.Formatter("%(asctime)s %(levelname).1s [%(process)d] %(name)s - %(message)s")
    fmt.converter = time.gmtime
    handler.setFormatter(fmt)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    original_print = builtins.print
    print_log = logging.getLogger("azmlinfsrv.print")

    def aml_print(*args, sep=" ", end="\n", file=None, flush=False):
        if file is not None and file is not sys.stdout:
            return original_print(*args, sep=sep, end=end, file=file, flush=flush)
        text = (sep if sep is not None else " ").join(str(a) for a in args)
        print_log.info(text)

    builtins.print = aml_print


def version_tuple(v):
    out = []
    for part in str(v).split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        if digits == "":
            break
        out.append(int(digits))
    return tuple(out)


def pin_matches(installed, op, wanted):
    a, b = version_tuple(installed), version_tuple(wanted)
    if op in ("=", "=="):
        return a[: len(b)] == b
    if op == ">=":
        return a >= b
    if op == ">":
        return a > b
    if op == "<=":
        return a <= b
    if op == "<":
        return a < b
    if op == "!=":
        return a[: len(b)] != b
    if op == "~=":
        return a >= b and a[: max(len(b) - 1, 1)] == b[: max(len(b) - 1, 1)]
    return True


def module_available(name):
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def check_environment(config):
    """Logs warnings for version pins the interpreter does not match; returns the requirements that cannot be imported."""
    wanted_python = config.get("python")
    if wanted_python and not pin_matches(".".join(str(x) for x in sys.version_info[:3]), "==", wanted_python):
        log.warning("The environment asks for python=%s; this host runs Python %s (%s). Continuing.", wanted_python, sys.version.split()[0], sys.executable)
    missing = []
    for req in config.get("requirements", []):
        module = req.get("module")
        if not module:
            continue
        if not module_available(module):
            missing.append(req)
            continue
        version, op = req.get("version"), req.get("op")
        if version and op:
            try:
                installed = importlib.metadata.version(req.get("distribution") or req["package"])
            except importlib.metadata.PackageNotFoundError:
                installed = None
            if installed is None:
                log.warning("Package %s%s%s: module '%s' is importable but its installed version is unknown. Continuing.", req["package"], op, version, module)
            elif not pin_matches(installed, op, version):
                log.warning("Package %s%s%s: installed version is %s. Continuing.", req["package"], op, version, installed)
    return missing


def load_entry_script():
    app_root = os.environ.get("AML_APP_ROOT", os.getcwd())
    entry = os.environ.get("AZUREML_ENTRY_SCRIPT")
    if not entry:
        raise RuntimeError("AZUREML_ENTRY_SCRIPT is not set.")
    path = entry if os.path.isabs(entry) else os.path.join(app_root, entry)
    sys.path.insert(0, app_root)
    source_dir = os.environ.get("AZUREML_SOURCE_DIRECTORY")
    if source_dir:
        sys.path.insert(0, os.path.join(app_root, source_dir))
    spec = importlib.util.spec_from_file_location("entry_module", path)
    if spec is None or spec.loader is None:
        raise RuntimeError("Cannot load the entry script %s." % path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["entry_module"] = module
    spec.loader.exec_module(module)
    for name in ("init", "run"):
        if not callable(getattr(module, name, None)):
            raise AttributeError("The entry script %s does not define %s()." % (entry, name))
    return module


def log_model_dir_tree():
    model_dir = os.environ.get("AZUREML_MODEL_DIR")
    if not model_dir:
        return
    lines = []
    for root, dirs, files in os.walk(model_dir):
        depth = root[len(model_dir):].count(os.sep)
        lines.append("%s%s/" % ("  " * depth, os.path.basename(root) or root))
        lines.extend("%s%s" % ("  " * (depth + 1), f) for f in sorted(files))
        if len(lines) > 200:
            break
    log.info("Model Directory tree:\n%s", "\n".join(lines[:200]))


class Scoring:
    def __init__(self, module):
        self.run = module.run
        self.raw = bool(getattr(self.run, "__aml_rawhttp__", False))
        params = inspect.signature(self.run).parameters
        self.wants_headers = "request_headers" in params
        if self.raw:
            log.info("run() is decorated with @rawhttp. Server will invoke it with the AMLRequest object.")
        else:
            log.info("run() is not decorated. Server will invoke it with the input in JSON string.")

    def call(self, data, headers):
        if self.wants_headers:
            return self.run(data, request_headers=headers)
        return self.run(data)


def query_as_json(query):
    out = {}
    for k, values in parse_qs(query, keep_blank_values=True).items():
        parsed = []
        for v in values:
            try:
                parsed.append(json.loads(v))
            except ValueError:
                parsed.append(v)
        out[k] = parsed[0] if len(parsed) == 1 else parsed
    return json.dumps(out)


def swagger(version, app_root):
    names = {"2": ["swagger2.json", "swagger.json"], "3": ["swagger3.json"], "3.1": ["swagger3.1.json"]}[version]
    for name in names:
        p = os.path.join(app_root, name)
        if os.path.isfile(p):
            with open(p, "rb") as f:
                return f.read()
    title = os.environ.get("SERVICE_NAME", "ML service")
    svc_version = os.environ.get("SERVICE_VERSION", "1.0")
    schema = {"type": "object", "example": {}}
    score = {
        "post": {
            "description": "Run web service's model and get the prediction output",
            "security": [{"Bearer": []}],
            "parameters": [{"name": "serviceInputPayload", "in": "body", "description": "The input payload for executing the real-time machine learning service.", "schema": {"$ref": "#/definitions/ServiceInput"}}],
            "responses": {"200": {"description": "The service processed the input correctly and provided a result prediction, if applicable.", "schema": {"$ref": "#/definitions/ServiceOutput"}}, "default": {"description": "The service failed to execute due to an error.", "schema": {"$ref": "#/definitions/ErrorResponse"}}},
        }
    }
    error = {"type": "object", "properties": {"message": {"type": "string"}}}
    if version == "2":
        doc = {
            "swagger": "2.0",
            "info": {"title": title, "description": "API specification for the Azure Machine Learning service " + title, "version": svc_version},
            "schemes": ["https"],
            "consumes": ["application/json"],
            "produces": ["application/json"],
            "securityDefinitions": {"Bearer": {"type": "apiKey", "name": "Authorization", "in": "header", "description": "For example: Bearer abc123"}},
            "paths": {"/": {"get": {"operationId": "ServiceHealthCheck", "description": "Simple health check endpoint to ensure the service is up at any given point.", "responses": {"200": {"description": "If service is up and running, this response will be returned with the content 'Healthy'", "schema": {"type": "string"}, "examples": {"application/json": "Healthy"}}, "default": {"description": "The service failed to execute due to an error.", "schema": {"$ref": "#/definitions/ErrorResponse"}}}}}, "/score": score},
            "definitions": {"ServiceInput": schema, "ServiceOutput": schema, "ErrorResponse": error},
        }
    else:
        doc = {
            "openapi": "3.0.1" if version == "3" else "3.1.0",
            "info": {"title": title, "description": "API specification for the Azure Machine Learning service " + title, "version": svc_version},
            "paths": {"/": {"get": {"operationId": "ServiceHealthCheck", "responses": {"200": {"description": "Healthy"}}}}, "/score": {"post": {"security": [{"Bearer": []}], "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ServiceOutput"}}}}}}}},
            "components": {"schemas": {"ServiceInput": schema, "ServiceOutput": schema, "ErrorResponse": error}, "securitySchemes": {"Bearer": {"type": "apiKey", "name": "Authorization", "in": "header"}}},
        }
    return json.dumps(doc).encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    scoring = None
    app_root = "."

    def log_message(self, format, *args):  # the access log is written by respond()
        pass

    def send(self, status, body, content_type="application/json", extra=None, started=None):
        headers = {"Content-Type": content_type, "Content-Length": str(len(body)), "x-ms-server-version": SERVER_VERSION}
        headers.update(self.ids)
        if extra:
            for k, v in extra.items():
                if k.lower() == "content-type":
                    headers["Content-Type"] = str(v)
                elif k.lower() != "content-length":
                    headers[k] = str(v)
        reason = self.responses.get(status, ("",))[0]
        head = "HTTP/1.1 %d %s\r\n" % (status, reason) + "".join("%s: %s\r\n" % (k, v) for k, v in headers.items()) + "\r\n"
        self.wfile.write(head.encode("latin-1") + (body if self.command != "HEAD" else b""))
        if started is not None:
            log.info("%s %s %d %.3fms %d", self.command, self.path, status, (time.perf_counter() - started) * 1000, len(body))

    def send_json(self, status, obj, extra=None, started=None):
        self.send(status, json.dumps(obj).encode("utf-8"), "application/json", extra, started)

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def request_ids(self):
        rid = self.headers.get("x-request-id")
        if rid is not None and len(rid) > 100:
            return None
        rid = rid or str(uuid.uuid4())
        client = self.headers.get("x-ms-client-request-id") or self.headers.get("x-ms-request-id")
        ids = {"x-request-id": rid, "x-ms-request-id": client or rid}
        if self.headers.get("x-ms-client-request-id"):
            ids["x-ms-client-request-id"] = self.headers["x-ms-client-request-id"]
        if self.headers.get("TraceId"):
            ids["TraceId"] = self.headers["TraceId"]
        return ids

    def dispatch(self):
        started = time.perf_counter()
        body = self.read_body()
        self.ids = {}
        ids = self.request_ids()
        if ids is None:
            return self.send_json(431, {"message": "x-request-id must not exceed 100 characters"}, started=started)
        self.ids = ids
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/") or "/"
        if path == "/":
            if self.command not in ("GET", "HEAD"):
                return self.send_json(405, NOT_ALLOWED, started=started)
            return self.send(200, b"Healthy", "text/html; charset=utf-8")
        if path == "/swagger.json":
            if self.command != "GET":
                return self.send_json(405, NOT_ALLOWED, started=started)
            version = (parse_qs(parts.query).get("version") or ["2"])[0]
            version = {"2": "2", "2.0": "2", "3": "3", "3.0": "3", "3.1": "3.1"}.get(version)
            if version is None:
                bad = (parse_qs(parts.query).get("version") or [""])[0]
                return self.send_json(404, {"message": "Swagger version [%s] is not valid. Supported versions: [2, 3, 3.1]." % bad}, started=started)
            return self.send(200, swagger(version, self.app_root), "application/json", started=started)
        if path != "/score":
            return self.send_json(404, NOT_FOUND, started=started)
        if self.command not in ("GET", "POST", "OPTIONS"):
            return self.send_json(405, NOT_ALLOWED, started=started)
        return self.score(parts, body, started)

    def score(self, parts, body, started):
        scoring = self.scoring
        # dict(request.headers) under Flask/WSGI: names title-cased (HTTP_X_TRACE → X-Trace).
        headers = {k.replace("_", "-").title(): v for k, v in self.headers.items()}
        if scoring.raw:
            data = AMLRequest(self.command, self.path, self.headers.items(), body)
        elif self.command == "OPTIONS":
            return self.send(200, b"", "text/html; charset=utf-8", started=started)
        elif self.command == "GET":
            data = query_as_json(parts.query)
        else:
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                data = ""  # consumed by the form parser, as Flask does
            else:
                try:
                    data = body.decode("utf-8")
                except UnicodeDecodeError as e:
                    return self.send_json(400, {"message": "Input cannot be decoded as UTF-8: %s" % e}, started=started)
        t0 = time.perf_counter()
        try:
            result = scoring.call(data, headers)
        except Exception:
            log.error("Encountered Exception: %s", traceback.format_exc())
            return self.send_json(500, SCRIPT_ERROR, {"x-ms-run-function-failed": "True", "x-ms-run-fn-exec-ms": "%.3f" % ((time.perf_counter() - t0) * 1000)}, started)
        exec_ms = "%.3f" % ((time.perf_counter() - t0) * 1000)
        if isinstance(result, AMLResponse):
            extra = dict(result.headers)
            extra["x-ms-run-function-failed"] = "True" if result.status_code >= 500 else "False"
            extra["x-ms-run-fn-exec-ms"] = exec_ms
            return self.send(result.status_code, result.body, "text/html; charset=utf-8", extra, started)
        try:
            out = json.dumps(result).encode("utf-8")
        except (TypeError, ValueError):
            log.error("Encountered Exception: %s", traceback.format_exc())
            return self.send_json(500, INTERNAL_ERROR, {"x-ms-run-function-failed": "False", "x-ms-run-fn-exec-ms": exec_ms}, started)
        return self.send(200, out, "application/json", {"x-ms-run-function-failed": "False", "x-ms-run-fn-exec-ms": exec_ms}, started)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = dispatch


class UnixHandler(Handler):
    disable_nagle_algorithm = False  # TCP_NODELAY does not apply to a Unix domain socket

    def address_string(self):
        return "unix"


class UnixHTTPServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    request_queue_size = 128


def unix_server():
    """The Unix domain socket listener in a private directory of TMPDIR, or None when it cannot be made."""
    tmp = os.environ.get("TMPDIR")
    if not tmp:
        return None
    directory = os.path.join(tmp, "azmlinfsrv")
    try:
        os.mkdir(directory, 0o700)
        os.chmod(directory, 0o700)
        return UnixHTTPServer(os.path.join(directory, "score.sock"), UnixHandler)
    except OSError:
        return None


def main():
    setup_logging()
    config = {}
    args = [a for a in sys.argv[1:] if a != "--unix-socket"]
    if args:
        with open(args[0], "r", encoding="utf-8") as f:
            config = json.load(f)
    app_root = os.environ.get("AML_APP_ROOT", os.getcwd())
    log.info("Azure ML Inferencing HTTP server v%s (Cerulean scoring host, Python %s)", __version__, sys.version.split()[0])
    log.info("Server Settings: Entry Script Name: %s, Model Directory: %s, Worker Count: 1, Server Version: %s",
             os.environ.get("AZUREML_ENTRY_SCRIPT"), os.environ.get("AZUREML_MODEL_DIR"), SERVER_VERSION)
    missing = check_environment(config)
    if missing:
        listing = ", ".join("%s (module %s)" % (r["package"], r["module"]) for r in missing)
        log.error("Missing modules: %s", listing)
        log.error("MissingModules %s", json.dumps([{"package": r["package"], "module": r["module"]} for r in missing]))
        sys.exit(4)
    try:
        module = load_entry_script()
        scoring = Scoring(module)
        module.init()
    except BaseException:
        log.error("User's init function failed")
        log.error("Encountered Exception %s", traceback.format_exc())
        log_model_dir_tree()
        sys.stdout.flush()
        os._exit(3)
    Handler.scoring = scoring
    Handler.app_root = app_root
    ThreadingHTTPServer.request_queue_size = 128  # the router opens up to max_concurrent_requests_per_instance connections at once
    sys.setswitchinterval(0.001)  # shorter GIL hand-offs between connection threads: lower tail latency
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("SERVER_PORT") or 0)), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    userver = unix_server() if "--unix-socket" in sys.argv[1:] else None
    if userver is not None:
        threading.Thread(target=userver.serve_forever, name="unix-listener", daemon=True).start()
    log.info("Scoring timeout is set to %s", os.environ.get("SCORING_TIMEOUT_MS", "3600000"))
    log.info("Worker with pid %d ready for serving traffic", os.getpid())
    log.info("Listening at: http://127.0.0.1:%d (%d)", port, os.getpid())
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
