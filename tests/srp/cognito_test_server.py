"""cognito-auth TEST SERVER (ours, not a peer): a small Cognito user-pool imitation for what
neither moto nor cognito-local can prove.

- Verifying SRP server: v = g^x, B = k*v + g^b, S = (A * v^u)^b; PASSWORD_CLAIM_SIGNATURE
  checked (and the TIMESTAMP's format and weekday), so a wrong password is refused. The same
  for devices (DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER against the ConfirmDevice verifier).
- Flows moto answers with HTTP 500 or not at all: devices (ConfirmDevice, ListDevices,
  UpdateDeviceStatus, ForgetDevice), CUSTOM_AUTH challenges, USER_AUTH (first-factor
  selection, PASSWORD, PASSWORD_SRP, EMAIL_OTP, WEB_AUTHN), MFA set-up by email, SELECT_MFA_TYPE,
  RevokeToken, DeleteUser, auto sign-in sessions after sign-up, ResendConfirmationCode (neither
  moto nor cognito-local implements it).

Written independently of the Rust client: Python's own integers, hashlib, hmac; PAD is
int.to_bytes(signed=True) at minimal length. Users are created through POST /_test/users;
GET /_test/log lists the operations received (with their ClientMetadata).

Usage: python cognito_test_server.py --port P [--pool-id us-east-1_TestPool]
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import secrets
import struct
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

N = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879"
    "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B"
    "0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA4836"
    "1C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804"
    "F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6"
    "955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64"
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D226"
    "1AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
    16,
)
G = 2


def pad(n):
    """Minimal two's-complement big-endian bytes (Java BigInteger.toByteArray)."""
    if n >= 0:
        length = n.bit_length() // 8 + 1
    else:
        length = (-n - 1).bit_length() // 8 + 1
    return n.to_bytes(length, "big", signed=True)


def h(*parts):
    return hashlib.sha256(b"".join(parts)).digest()


K = int.from_bytes(h(pad(N), pad(G)), "big")
TIMESTAMP = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"([1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] UTC [0-9]{4}$"
)


def java_hex(s):
    return -int(s[1:], 16) if s.startswith("-") else int(s, 16)


def verifier(pool_name, user, password, salt_text):
    x = int.from_bytes(h(pad(java_hex(salt_text)), h(f"{pool_name}{user}:{password}".encode())), "big")
    return pow(G, x, N)


def hkdf16(ikm, salt):
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    return hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]


def check_timestamp(ts):
    if not TIMESTAMP.match(ts or ""):
        return False
    try:
        parsed = datetime.datetime.strptime(ts, "%a %b %d %H:%M:%S UTC %Y")
    except ValueError:
        return False
    return parsed.strftime("%a") == ts[:3]


def totp(secret_b32, at=None, step=30):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = int((at or time.time()) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[off : off + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def totp_matches(secret_b32, code):
    """The code of the current 30 s step or of the one on either side, as Cognito allows for
    clock drift (and as a loaded test machine needs at a step's edge)."""
    now = time.time()
    return bool(secret_b32) and code in {totp(secret_b32, now + d) for d in (-30, 0, 30)}


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class CognitoError(Exception):
    def __init__(self, name, message, status=400):
        super().__init__(message)
        self.name = name
        self.message = message
        self.status = status


class Server:
    def __init__(self, pool_id, client_id, client_secret):
        self.pool_id = pool_id
        self.pool_name = pool_id.split("_", 1)[1]
        self.client_id = client_id
        self.client_secret = client_secret
        self.users = {}
        self.sessions = {}
        self.access = {}
        self.refresh = {}
        self.devices = {}
        self.log = []
        self.lock = threading.Lock()

    # ---- helpers -------------------------------------------------------------------------
    def user(self, name):
        u = self.users.get(name)
        if not u:
            raise CognitoError("UserNotFoundException", "User does not exist.")
        return u

    def check_client(self, req, username):
        if req.get("ClientId") not in (self.client_id, "secret-" + self.client_id):
            raise CognitoError("ResourceNotFoundException", "client not found")
        if req.get("ClientId") == "secret-" + self.client_id:
            params = req.get("AuthParameters") or req.get("ChallengeResponses") or req
            given = params.get("SECRET_HASH") or req.get("SecretHash")
            want = base64.b64encode(
                hmac.new(self.client_secret.encode(), (username + req["ClientId"]).encode(), hashlib.sha256).digest()
            ).decode()
            if given != want:
                raise CognitoError("NotAuthorizedException", "Unable to verify secret hash for client")

    def new_session(self, **state):
        sid = b64url(secrets.token_bytes(48))
        self.sessions[sid] = state
        return sid

    def take_session(self, sid, expect=None):
        st = self.sessions.get(sid or "")
        if st is None:
            raise CognitoError("NotAuthorizedException", "Invalid session for the user, session is expired.")
        if expect and st.get("challenge") != expect:
            raise CognitoError("InvalidParameterException", f"expected {st.get('challenge')}")
        return st

    def tokens(self, u, device_key=None, new_device=False):
        now = int(time.time())
        claims = {"sub": u["sub"], "cognito:username": u["username"], "exp": now + 3600, "iat": now,
                  "iss": f"http://test-server/{self.pool_id}", "token_use": "id", "aud": self.client_id}
        header = b64url(json.dumps({"alg": "none", "kid": "test"}).encode())
        idt = f"{header}.{b64url(json.dumps(claims).encode())}.{b64url(b'sig')}"
        acc_claims = dict(claims, token_use="access", username=u["username"], jti=str(uuid.uuid4()))
        del acc_claims["cognito:username"]
        acc = f"{header}.{b64url(json.dumps(acc_claims).encode())}.{b64url(b'sig')}"
        ref = b64url(secrets.token_bytes(32))
        self.access[acc] = u["username"]
        self.refresh[ref] = {"username": u["username"], "revoked": False, "access": acc}
        result = {"AccessToken": acc, "IdToken": idt, "RefreshToken": ref, "ExpiresIn": 3600, "TokenType": "Bearer"}
        if new_device:
            key = f"{self.pool_id.split('_')[0]}_{uuid.uuid4()}"
            self.devices[key] = {"username": u["username"], "group": b64url(secrets.token_bytes(6)),
                                 "confirmed": False, "status": "not_remembered", "name": None}
            result["NewDeviceMetadata"] = {"DeviceKey": key, "DeviceGroupKey": self.devices[key]["group"]}
        return {"AuthenticationResult": result}

    def by_access(self, req):
        name = self.access.get(req.get("AccessToken", ""))
        if not name or name not in self.users:
            raise CognitoError("NotAuthorizedException", "Invalid Access Token")
        return self.users[name]

    # ---- what comes after a first factor -------------------------------------------------
    def after_first_factor(self, u, st):
        if u.get("force_change_password"):
            req = json.dumps([f"userAttributes.{a}" for a in u.get("required_attributes", [])])
            return self.challenge("NEW_PASSWORD_REQUIRED", u, st, {"requiredAttributes": req,
                                                                   "userAttributes": json.dumps(u["attributes"])})
        custom = u.get("custom_challenges", [])
        if st.get("custom") and st.get("custom_index", 0) < len(custom):
            q = custom[st.get("custom_index", 0)]
            return self.challenge("CUSTOM_CHALLENGE", u, st, {"question": q["question"], "USERNAME": u["username"]})
        device = self.devices.get(st.get("device_key") or "")
        if device and device["confirmed"] and device["status"] == "remembered" and not st.get("device_done"):
            return self.challenge("DEVICE_SRP_AUTH", u, st, {"USERNAME": u["username"]})
        mfa = u.get("mfa")
        if mfa and not st.get("mfa_done") and not st.get("device_done"):
            if mfa == "SELECT":
                return self.challenge("SELECT_MFA_TYPE", u, st, {"MFAS_CAN_CHOOSE": '["SMS_MFA","SOFTWARE_TOKEN_MFA"]'})
            if mfa == "SETUP":
                return self.challenge("MFA_SETUP", u, st, {"MFAS_CAN_SETUP": '["SMS_MFA","SOFTWARE_TOKEN_MFA","EMAIL_OTP"]'})
            return self.mfa_challenge(mfa, u, st)
        new_device = u.get("track_devices") and not (device and device["confirmed"])
        return self.tokens(u, new_device=new_device)

    def mfa_challenge(self, mfa, u, st):
        params = {"USERNAME": u["username"]}
        if mfa in ("SMS_MFA", "SMS_OTP"):
            params.update(CODE_DELIVERY_DESTINATION="+*******1234", CODE_DELIVERY_DELIVERY_MEDIUM="SMS")
        if mfa == "EMAIL_OTP":
            params.update(CODE_DELIVERY_DESTINATION="a***@e***.com", CODE_DELIVERY_DELIVERY_MEDIUM="EMAIL")
        return self.challenge(mfa, u, st, params)

    def challenge(self, name, u, st, params):
        st = dict(st, challenge=name, username=u["username"])
        out = {"ChallengeName": name, "ChallengeParameters": params, "Session": self.new_session(**st)}
        return out

    def srp_challenge(self, u, st, srp_a, kind="PASSWORD_VERIFIER", device=None):
        a = int(srp_a, 16)
        if a % N == 0:
            raise CognitoError("InvalidParameterException", "SRP_A is zero mod N")
        if device:
            v, salt_text = device["verifier"], device["salt"]
        else:
            v, salt_text = u["verifier"], u["salt"]
        b = secrets.randbits(1024)
        big_b = (K * v + pow(G, b, N)) % N
        block = base64.b64encode(secrets.token_bytes(64)).decode()
        st = dict(st, srp_a=srp_a, b=b, big_b=big_b, v=v, block=block)
        params = {"SALT": salt_text, "SRP_B": format(big_b, "x"), "SECRET_BLOCK": block,
                  "USERNAME": u["username"], "USER_ID_FOR_SRP": u["username"]}
        return self.challenge(kind, u, st, params)

    def verify_claim(self, st, resp, pool_name, user_id):
        if not check_timestamp(resp.get("TIMESTAMP")):
            raise CognitoError("InvalidParameterException", "TIMESTAMP format is wrong")
        if resp.get("PASSWORD_CLAIM_SECRET_BLOCK") != st["block"]:
            raise CognitoError("NotAuthorizedException", "secret block mismatch")
        a = int(st["srp_a"], 16)
        u = int.from_bytes(h(pad(a), pad(st["big_b"])), "big")
        s = pow(a * pow(st["v"], u, N), st["b"], N)
        key = hkdf16(pad(s), pad(u))
        msg = pool_name.encode() + user_id.encode() + base64.b64decode(st["block"]) + resp["TIMESTAMP"].encode()
        want = base64.b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode()
        if not hmac.compare_digest(want, resp.get("PASSWORD_CLAIM_SIGNATURE", "")):
            raise CognitoError("NotAuthorizedException", "Incorrect username or password.")

    # ---- operations ----------------------------------------------------------------------
    def InitiateAuth(self, req):
        flow = req.get("AuthFlow")
        p = req.get("AuthParameters", {})
        name = p.get("USERNAME", "")
        self.check_client(req, name)
        if flow == "USER_AUTH" and req.get("Session"):
            st = self.take_session(req["Session"], "AUTO_SIGN_IN")
            return self.tokens(self.user(st["username"]))
        u = self.user(name)
        if not u["confirmed"]:
            raise CognitoError("UserNotConfirmedException", "User is not confirmed.")
        if u.get("reset_required"):
            raise CognitoError("PasswordResetRequiredException", "Password reset required for the user")
        st = {"device_key": p.get("DEVICE_KEY")}
        if flow == "USER_SRP_AUTH":
            return self.srp_challenge(u, st, p["SRP_A"])
        if flow == "USER_PASSWORD_AUTH":
            if p.get("PASSWORD") != u["password"]:
                raise CognitoError("NotAuthorizedException", "Incorrect username or password.")
            return self.after_first_factor(u, st)
        if flow == "CUSTOM_AUTH":
            st["custom"] = True
            if p.get("CHALLENGE_NAME") == "SRP_A":
                return self.srp_challenge(u, st, p["SRP_A"])
            return self.after_first_factor(u, st)
        if flow == "USER_AUTH":
            pref = p.get("PREFERRED_CHALLENGE")
            if pref is None:
                return self.challenge("SELECT_CHALLENGE", u, st, {"USERNAME": u["username"]}) | {
                    "AvailableChallenges": u.get("first_factors", ["PASSWORD", "PASSWORD_SRP"])}
            return self.first_factor(u, st, pref, p)
        raise CognitoError("InvalidParameterException", f"unsupported flow {flow}")

    def first_factor(self, u, st, factor, p):
        if factor == "PASSWORD":
            if p.get("PASSWORD") != u["password"]:
                raise CognitoError("NotAuthorizedException", "Incorrect username or password.")
            return self.after_first_factor(u, st)
        if factor == "PASSWORD_SRP":
            return self.srp_challenge(u, st, p["SRP_A"])
        if factor in ("EMAIL_OTP", "SMS_OTP"):
            return self.mfa_challenge(factor, u, dict(st, otp_first=True))
        if factor == "WEB_AUTHN":
            return self.challenge("WEB_AUTHN", u, st, {"CREDENTIAL_REQUEST_OPTIONS": "{}"})
        raise CognitoError("InvalidParameterException", f"unknown factor {factor}")

    def RespondToAuthChallenge(self, req):
        name = req.get("ChallengeName")
        r = req.get("ChallengeResponses", {})
        st = self.take_session(req.get("Session"), name)
        u = self.user(st["username"])
        self.check_client(req, r.get("USERNAME", ""))
        if r.get("USERNAME") != u["username"]:
            raise CognitoError("NotAuthorizedException", "USERNAME does not match the session")
        del self.sessions[req["Session"]]
        st = {k: v for k, v in st.items() if k != "challenge"}
        if name == "PASSWORD_VERIFIER":
            self.verify_claim(st, r, self.pool_name, u["username"])
            if r.get("DEVICE_KEY"):
                st["device_key"] = r["DEVICE_KEY"]
            return self.after_first_factor(u, st)
        if name == "DEVICE_SRP_AUTH":
            d = self.devices.get(r.get("DEVICE_KEY", ""))
            if not d or not d["confirmed"] or d["username"] != u["username"]:
                raise CognitoError("ResourceNotFoundException", "Device does not exist.")
            return self.srp_challenge(u, dict(st, device_key=r["DEVICE_KEY"]), r["SRP_A"], "DEVICE_PASSWORD_VERIFIER", d)
        if name == "DEVICE_PASSWORD_VERIFIER":
            d = self.devices[st["device_key"]]
            self.verify_claim(st, r, d["group"], st["device_key"])
            return self.after_first_factor(u, dict(st, device_done=True))
        if name in ("SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP", "SMS_OTP"):
            code = r.get(f"{name}_CODE")
            if name == "SOFTWARE_TOKEN_MFA" and u.get("totp_secret"):
                right = totp_matches(u["totp_secret"], code)
            else:
                right = code == u.get("mfa_code", "123456")
            if not right:
                self.sessions[req["Session"]] = dict(st, challenge=name, username=u["username"])
                raise CognitoError("CodeMismatchException", "Invalid code received for user")
            return self.after_first_factor(u, dict(st, mfa_done=True))
        if name == "SELECT_MFA_TYPE":
            return self.mfa_challenge(r.get("ANSWER"), u, st)
        if name == "MFA_SETUP":
            if r.get("EMAIL"):
                u["attributes"]["email"] = r["EMAIL"]
                return self.mfa_challenge("EMAIL_OTP", u, st)
            if not st.get("totp_verified"):
                raise CognitoError("InvalidParameterException", "software token not verified")
            return self.after_first_factor(u, dict(st, mfa_done=True))
        if name == "NEW_PASSWORD_REQUIRED":
            missing = [a for a in u.get("required_attributes", []) if f"userAttributes.{a}" not in r]
            if missing:
                raise CognitoError("InvalidParameterException", f"missing required attributes: {missing}")
            u["password"] = r["NEW_PASSWORD"]
            u["verifier"] = verifier(self.pool_name, u["username"], u["password"], u["salt"])
            u["force_change_password"] = False
            for k, v in r.items():
                if k.startswith("userAttributes."):
                    u["attributes"][k[len("userAttributes."):]] = v
            return self.after_first_factor(u, st)
        if name == "CUSTOM_CHALLENGE":
            i = st.get("custom_index", 0)
            if r.get("ANSWER") != u["custom_challenges"][i]["answer"]:
                raise CognitoError("NotAuthorizedException", "Incorrect answer.")
            return self.after_first_factor(u, dict(st, custom_index=i + 1))
        if name == "SELECT_CHALLENGE":
            answer = r.get("ANSWER")
            if answer not in u.get("first_factors", ["PASSWORD", "PASSWORD_SRP"]):
                raise CognitoError("InvalidParameterException", "factor not available")
            return self.first_factor(u, st, answer, r)
        raise CognitoError("InvalidParameterException", f"unknown challenge {name}")

    def AssociateSoftwareToken(self, req):
        secret = base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")
        if req.get("Session"):
            st = self.take_session(req["Session"], "MFA_SETUP")
            del self.sessions[req["Session"]]
            # "setup_totp_secret" fixes the key handed out (the same screenshot every run).
            secret = self.users[st["username"]].get("setup_totp_secret", secret)
            self.users[st["username"]]["pending_totp"] = secret
            return {"SecretCode": secret, "Session": self.new_session(**dict(st, challenge="VERIFY_TOTP"))}
        self.by_access(req)["pending_totp"] = secret
        return {"SecretCode": secret}

    def VerifySoftwareToken(self, req):
        if req.get("Session"):
            st = self.take_session(req["Session"], "VERIFY_TOTP")
            u = self.users[st["username"]]
        else:
            u, st = self.by_access(req), None
        if not totp_matches(u.get("pending_totp", ""), req.get("UserCode")):
            raise CognitoError("EnableSoftwareTokenMFAException", "Code mismatch")
        u["totp_secret"] = u.pop("pending_totp")
        if st is None:
            return {"Status": "SUCCESS"}
        del self.sessions[req["Session"]]
        return {"Status": "SUCCESS", "Session": self.new_session(**dict(st, challenge="MFA_SETUP", totp_verified=True))}

    def ConfirmDevice(self, req):
        u = self.by_access(req)
        d = self.devices.get(req.get("DeviceKey", ""))
        if not d or d["username"] != u["username"]:
            raise CognitoError("ResourceNotFoundException", "Device does not exist.")
        cfg = req["DeviceSecretVerifierConfig"]
        d.update(confirmed=True, name=req.get("DeviceName"), salt=base64.b64decode(cfg["Salt"]).hex(),
                 verifier=int.from_bytes(base64.b64decode(cfg["PasswordVerifier"]), "big", signed=True))
        if u.get("always_remember_devices"):
            d["status"] = "remembered"
        return {"UserConfirmationNecessary": not u.get("always_remember_devices")}

    def UpdateDeviceStatus(self, req):
        u = self.by_access(req)
        d = self.devices.get(req.get("DeviceKey", ""))
        if not d or d["username"] != u["username"]:
            raise CognitoError("ResourceNotFoundException", "Device does not exist.")
        d["status"] = req["DeviceRememberedStatus"]
        return {}

    def ForgetDevice(self, req):
        u = self.by_access(req)
        d = self.devices.get(req.get("DeviceKey", ""))
        if not d or d["username"] != u["username"]:
            raise CognitoError("ResourceNotFoundException", "Device does not exist.")
        del self.devices[req["DeviceKey"]]
        return {}

    def ListDevices(self, req):
        u = self.by_access(req)
        out = []
        for key, d in sorted(self.devices.items()):
            if d["username"] == u["username"] and d["confirmed"]:
                attrs = [{"Name": "device_status", "Value": d["status"]}]
                if d["name"]:
                    attrs.append({"Name": "device_name", "Value": d["name"]})
                out.append({"DeviceKey": key, "DeviceAttributes": attrs, "DeviceCreateDate": time.time()})
        return {"Devices": out}

    def GetUser(self, req):
        u = self.by_access(req)
        return {"Username": u["username"], "UserAttributes": [{"Name": k, "Value": v} for k, v in u["attributes"].items()]}

    def DeleteUser(self, req):
        u = self.by_access(req)
        del self.users[u["username"]]
        for t in [t for t, n in self.access.items() if n == u["username"]]:
            del self.access[t]
        return {}

    def RevokeToken(self, req):
        if req.get("ClientId") not in (self.client_id, "secret-" + self.client_id):
            raise CognitoError("ResourceNotFoundException", "client not found")
        t = self.refresh.get(req.get("Token", ""))
        if t:
            t["revoked"] = True
            self.access.pop(t["access"], None)
        return {}

    def SignUp(self, req):
        name = req["Username"]
        self.check_client(req, name)
        if name in self.users:
            raise CognitoError("UsernameExistsException", "User already exists")
        self.add_user({"username": name, "password": req.get("Password", ""), "confirmed": False,
                       "attributes": {a["Name"]: a["Value"] for a in req.get("UserAttributes", [])}})
        return {"UserConfirmed": False, "UserSub": self.users[name]["sub"],
                "CodeDeliveryDetails": {"Destination": "a***@e***.com", "DeliveryMedium": "EMAIL", "AttributeName": "email"},
                "Session": self.new_session(challenge="SIGN_UP", username=name)}

    def ConfirmSignUp(self, req):
        u = self.user(req["Username"])
        self.check_client(req, u["username"])
        if req.get("ConfirmationCode") != u.get("confirmation_code", "246810"):
            raise CognitoError("CodeMismatchException", "Invalid verification code provided, please try again.")
        u["confirmed"] = True
        out = {}
        if req.get("Session"):
            self.take_session(req["Session"], "SIGN_UP")
            del self.sessions[req["Session"]]
            out["Session"] = self.new_session(challenge="AUTO_SIGN_IN", username=u["username"])
        return out

    def ResendConfirmationCode(self, req):
        # A new code replaces the old one, as Cognito's does: the n-th resend of a user's
        # code is "80000n" (so a test knows it, and knows the old one no longer works).
        u = self.user(req["Username"])
        self.check_client(req, u["username"])
        if u["confirmed"]:
            raise CognitoError("InvalidParameterException", "User is already confirmed.")
        u["resends"] = u.get("resends", 0) + 1
        u["confirmation_code"] = f"{800000 + u['resends']:06d}"
        return {"CodeDeliveryDetails": {"Destination": "a***@e***.com", "DeliveryMedium": "EMAIL",
                                        "AttributeName": "email"}}

    # ---- test-only -------------------------------------------------------------------------
    def add_user(self, spec):
        u = {"confirmed": True, "attributes": {}, "sub": str(uuid.uuid4())}
        u.update(spec)
        u.setdefault("salt", secrets.token_bytes(16).hex())
        u["verifier"] = verifier(self.pool_name, u["username"], u["password"], u["salt"])
        self.users[u["username"]] = u


def make_handler(server):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/_test/log":
                with server.lock:
                    return self.reply(200, server.log)
            if self.path.startswith("/_test/devices"):
                with server.lock:
                    return self.reply(200, {k: {kk: vv for kk, vv in d.items() if kk != "verifier"} for k, d in server.devices.items()})
            self.reply(200, {"server": "cognito-auth test server"})

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            with server.lock:
                if self.path == "/_test/users":
                    server.add_user(body)
                    return self.reply(200, {"sub": server.users[body["username"]]["sub"]})
                target = self.headers.get("X-Amz-Target", "")
                op = target.rsplit(".", 1)[-1]
                server.log.append({"op": op, "ClientMetadata": body.get("ClientMetadata"),
                                   "ChallengeName": body.get("ChallengeName"), "AuthFlow": body.get("AuthFlow")})
                fn = getattr(server, op, None) if op[:1].isupper() else None
                try:
                    if fn is None:
                        raise CognitoError("UnsupportedOperationException", f"{op} is not implemented", 400)
                    self.reply(200, fn(body))
                except CognitoError as e:
                    self.reply(e.status, {"__type": e.name, "message": e.message})
                except (KeyError, ValueError, TypeError) as e:
                    self.reply(400, {"__type": "InvalidParameterException", "message": f"bad request: {e!r}"})

    return Handler


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--pool-id", default="us-east-1_TestPool")
    ap.add_argument("--client-id", default="testclient")
    ap.add_argument("--client-secret", default="test-client-secret")
    a = ap.parse_args()
    server = Server(a.pool_id, a.client_id, a.client_secret)
    httpd = ThreadingHTTPServer(("127.0.0.1", a.port), make_handler(server))
    httpd.serve_forever()


if __name__ == "__main__":
    main()
