"""The Python peers of `make bench` (bench/run.py): pycognito, botocore and the GMP floor.

Same protocol as core/benches/peers.rs: one JSON request per line on stdin, one JSON answer
per line on stdout, {"ok": true, "iters": N, "wall_ns": .., "cpu_ns": ..} (CPU: the process).

Cases:
  srp_all_pycognito  AWSSRP(...) (a, A = g^a) then process_challenge (x, g^x, S, HKDF, HMAC)
                     on the inputs of core/benches/common/mod.rs.
  gmp_powmod         the three modular exponentiations of that work with gmpy2.powmod:
                     g^a (1024-bit a), g^x (256-bit x), (B - k*g^x)^(a + u*x) — the floor.
  gmp_powmod_sec     the same with gmpy2.powmod_sec (GMP's constant-time mpz_powm_sec, the
                     fair floor for a constant-time implementation such as ours).
  sigv4_botocore     botocore's SigV4Auth.add_auth on the request of the SigV4 bench.
"""

import hashlib
import json
import secrets
import sys
import time

import botocore
import gmpy2
import pycognito
import pycognito.aws_srp as aws_srp
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

# The inputs of core/benches/common/mod.rs (module `srp`).
POOL_ID = "us-east-1_AbCdEfGhI"
USER = "alice"
PASSWORD = "Corr3ct-Horse!"
SALT = "3f1e2d3c4b5a6978"
SECRET_BLOCK = "c2VjcmV0LWJsb2NrLW9mLXRoZS1zZXJ2ZXI="
B_HEX = "c0ffee0123456789abcdef0123456789abcdef" * 20

# The SigV4 request of core/benches/common/mod.rs.
SIGV4_URL = "https://abc123.execute-api.us-east-1.amazonaws.com/prod/items?limit=10"
SIGV4_BODY = b'{"name":"widget","count":3}'
SIGV4_CREDENTIALS = Credentials(
    "ASIAEXAMPLEEXAMPLE12",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN" * 26,
)


def measure(iters, body):
    c0, t0 = time.process_time_ns(), time.perf_counter_ns()
    for _ in range(iters):
        body()
    return {
        "ok": True,
        "iters": iters,
        "wall_ns": time.perf_counter_ns() - t0,
        "cpu_ns": time.process_time_ns() - c0,
    }


def srp_pycognito():
    challenge = {
        "USER_ID_FOR_SRP": USER,
        "SALT": SALT,
        "SRP_B": B_HEX,
        "SECRET_BLOCK": SECRET_BLOCK,
    }
    s = aws_srp.AWSSRP(
        username=USER,
        password=PASSWORD,
        pool_id=POOL_ID,
        client_id="client",
        client=object(),  # never called: only the SRP work runs
    )
    return s.process_challenge(challenge, {"USERNAME": USER})


def gmp_operands(n):
    """Operands of n SRP runs, as the client has them: fresh a, x and u from the hashes."""
    big_n = gmpy2.mpz(aws_srp.N_HEX, 16)
    g = gmpy2.mpz(2)
    k = gmpy2.mpz(aws_srp.hex_hash("00" + aws_srp.N_HEX + "0" + aws_srp.G_HEX), 16)
    b = gmpy2.mpz(B_HEX, 16)
    x = gmpy2.mpz(
        hashlib.sha256(
            bytes.fromhex(aws_srp.pad_hex(SALT))
            + hashlib.sha256(f"AbCdEfGhI{USER}:{PASSWORD}".encode()).digest()
        ).hexdigest(),
        16,
    )
    ops = []
    for _ in range(n):
        a = gmpy2.mpz(secrets.randbits(1024))
        u = gmpy2.mpz(secrets.randbits(256))
        ops.append((a, u))
    return big_n, g, k, b, x, ops


def gmp_case(powmod):
    def run(iters):
        big_n, g, k, b, x, ops = gmp_operands(iters)
        it = iter(ops)

        def body():
            a, u = next(it)
            powmod(g, a, big_n)  # A
            v = powmod(g, x, big_n)  # g^x
            powmod((b - k * v) % big_n, a + u * x, big_n)  # S

        return measure(iters, body)

    return run


def sigv4_botocore():
    request = AWSRequest(
        method="POST",
        url=SIGV4_URL,
        data=SIGV4_BODY,
        headers={"Content-Type": "application/json"},
    )
    SigV4Auth(SIGV4_CREDENTIALS, "execute-api", "us-east-1").add_auth(request)
    return request.headers["Authorization"]


CASES = {
    "srp_all_pycognito": lambda n: measure(n, srp_pycognito),
    "gmp_powmod": gmp_case(gmpy2.powmod),
    "gmp_powmod_sec": gmp_case(gmpy2.powmod_sec),
    "sigv4_botocore": lambda n: measure(n, sigv4_botocore),
}


def versions():
    return {
        "ok": True,
        "python": sys.version.split()[0],
        "gmpy2": gmpy2.version(),
        "gmp": gmpy2.mp_version(),
        "pycognito": getattr(pycognito, "__version__", None) or _dist_version("pycognito"),
        "botocore": botocore.__version__,
    }


def _dist_version(name):
    from importlib.metadata import version

    return version(name)


def handle(req):
    case = req.get("case")
    if case == "versions":
        return versions()
    if case not in CASES:
        raise ValueError(f"unknown case {case}")
    return CASES[case](max(1, int(req.get("iters", 1))))


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = handle(json.loads(line))
        except Exception as e:  # reported to the driver, which stops
            answer = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
