#!/usr/bin/env python3
"""OUR OWN TEST SERVER (not an independent peer): a tiny S3 stand-in that checks the SigV4
signature of every request against the secret of its access key, recomputed by botocore's
signer (the signer of boto3 and the AWS CLI), so the AWS SDKs' requests are proven signed with
the credentials an identity pool issued, whichever SDK sent them.

The test tells it which keys exist (moto's identity pool issues them; the server cannot know
them otherwise):

    POST /__keys   {"access_key_id", "secret_access_key", "session_token"}   -> 204
    GET  /__seen   every request checked so far, oldest first:
                   [{"method", "path", "access_key_id", "amz_date", "status", "error"}]
    GET  /__health 200 (readiness)

Any other request must carry `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…,
Signature=…` (presigned URLs are not supported) and is answered like S3 would:

    403 InvalidAccessKeyId      the key was never registered
    403 InvalidToken            `x-amz-security-token` is not the key's session token
    403 SignatureDoesNotMatch   the signature is not the one botocore computes with the secret
    400 XAmzContentSHA256Mismatch  the signed payload hash is not the body's
    otherwise                   PUT /bucket/key stores the body, GET/HEAD /bucket/key serves
                                it (404 NoSuchKey), anything else answers 200 with no body.

Payloads: a hex `x-amz-content-sha256` is checked against the body; `UNSIGNED-PAYLOAD` and the
streaming values are accepted, and an `aws-chunked` body is decoded before it is stored (its
chunk signatures and trailing checksums are not checked: only the seed signature is).

    verifying_server.py --port N
"""

import argparse
import datetime
import hashlib
import hmac
import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

KEYS = {}  # access key id -> (secret, session token or None)
SEEN = []
OBJECTS = {}
LOCK = threading.Lock()

AUTH_RE = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request,\s*"
    r"SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$"
)


def decode_aws_chunked(body):
    """The data of an `aws-chunked` body (chunk extensions and trailers dropped)."""
    out, i = bytearray(), 0
    while True:
        eol = body.index(b"\r\n", i)
        size = int(body[i:eol].split(b";")[0], 16)
        i = eol + 2
        if size == 0:
            return bytes(out)
        out += body[i : i + size]
        i += size + 2


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("%s\n" % (fmt % args))

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            out = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return bytes(out)
                out += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def reply(self, status, body=b"", content_type="application/xml", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def s3_error(self, status, code, message):
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
            f"<Message>{message}</Message><RequestId>verifying-server</RequestId></Error>"
        ).encode()
        self.reply(status, body)

    def handle_any(self):
        path = urlsplit(self.path).path
        body = self.read_body()
        if path == "/__health":
            return self.reply(200, b"ok", "text/plain")
        if path == "/__keys" and self.command == "POST":
            k = json.loads(body)
            with LOCK:
                KEYS[k["access_key_id"]] = (k["secret_access_key"], k.get("session_token") or None)
            return self.reply(204)
        if path == "/__seen":
            with LOCK:
                return self.reply(200, json.dumps(SEEN).encode(), "application/json")
        status, error, akid = self.verify(body)
        with LOCK:
            SEEN.append(
                {
                    "method": self.command,
                    "path": path,
                    "access_key_id": akid,
                    "amz_date": self.headers.get("x-amz-date"),
                    "status": status,
                    "error": error and error[0],
                }
            )
        if error:
            return self.s3_error(status, *error)
        self.serve_s3(path, body)

    def verify(self, body):
        """(status, (code, message) or None, access key id)."""
        m = AUTH_RE.match(self.headers.get("Authorization", "").strip())
        if not m:
            return 403, ("AccessDenied", "No AWS4-HMAC-SHA256 Authorization header."), None
        akid, day, region, service, signed, signature = m.groups()
        with LOCK:
            key = KEYS.get(akid)
        if key is None:
            return 403, ("InvalidAccessKeyId", f"Unknown access key {akid}."), akid
        secret, token = key
        if token is not None and self.headers.get("x-amz-security-token") != token:
            return 403, ("InvalidToken", "The session token is not the key's."), akid
        amz_date = self.headers.get("x-amz-date", "")
        if amz_date[:8] != day:
            return 403, ("SignatureDoesNotMatch", "x-amz-date is not the scope's day."), akid
        payload = self.headers.get("x-amz-content-sha256")
        if payload and re.fullmatch(r"[0-9a-f]{64}", payload):
            if payload != hashlib.sha256(body).hexdigest():
                return 400, ("XAmzContentSHA256Mismatch", "The body is not the signed one."), akid
        signed_names = signed.split(";")
        headers = {}
        for name in signed_names:
            values = self.headers.get_all(name)
            if values is None:
                return 403, ("SignatureDoesNotMatch", f"Signed header {name} is missing."), akid
            headers[name] = ",".join(values)
        request = AWSRequest(
            method=self.command,
            url=f"http://{self.headers.get('Host')}{self.path}",
            headers=headers,
            data=body,
        )
        request.context["timestamp"] = amz_date
        cls = S3SigV4Auth if service == "s3" else SigV4Auth
        auth = cls(Credentials(akid, secret, token), service, region)
        canonical = auth.canonical_request(request)
        if auth.signed_headers(auth.headers_to_sign(request)) != signed:
            return 403, ("SignatureDoesNotMatch", "Signed a header SigV4 leaves out."), akid
        expected = auth.signature(auth.string_to_sign(request, canonical), request)
        if not hmac.compare_digest(expected, signature):
            return 403, ("SignatureDoesNotMatch", "The signature is not the secret's."), akid
        return 200, None, akid

    def serve_s3(self, path, body):
        parts = path.lstrip("/").split("/", 1)
        encoding = self.headers.get("Content-Encoding", "")
        payload = self.headers.get("x-amz-content-sha256", "")
        if "aws-chunked" in encoding or payload.startswith("STREAMING-"):
            body = decode_aws_chunked(body)
        if len(parts) == 2 and parts[1]:
            if self.command == "PUT":
                with LOCK:
                    OBJECTS[path] = body
                etag = '"%s"' % hashlib.md5(body).hexdigest()
                return self.reply(200, headers=[("ETag", etag)])
            if self.command in ("GET", "HEAD"):
                with LOCK:
                    data = OBJECTS.get(path)
                if data is None:
                    return self.s3_error(404, "NoSuchKey", "The key does not exist.")
                last_modified = datetime.datetime.now(datetime.timezone.utc).strftime(
                    "%a, %d %b %Y %H:%M:%S GMT"
                )
                etag = '"%s"' % hashlib.md5(data).hexdigest()
                return self.reply(
                    200,
                    data,
                    "application/octet-stream",
                    [("ETag", etag), ("Last-Modified", last_modified)],
                )
        self.reply(200)

    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = handle_any


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    ThreadingHTTPServer.daemon_threads = True
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.serve_forever()


if __name__ == "__main__":
    main()
