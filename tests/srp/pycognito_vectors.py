"""SRP vectors from pycognito (AWSSRP), on the fixed inputs of cases.json.

Runs pycognito's own code paths: AWSSRP.process_challenge (user SRP, PASSWORD_VERIFIER),
AWSSRP.process_device_challenge (DEVICE_PASSWORD_VERIFIER) and generate_hash_device (device
verifier). Only the random private value `a`, the clock and os.urandom are pinned. Prints JSON.
Usage: tests/peers/.venv/bin/python tests/srp/pycognito_vectors.py tests/srp/cases.json
"""

import datetime
import json
import sys

import pycognito.aws_srp as srp


class FixedDatetime(datetime.datetime):
    fixed = None

    @classmethod
    def utcnow(cls):
        return cls.fixed


class FakeDatetimeModule:
    datetime = FixedDatetime


def parse_time(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")


def helper(case, **device):
    s = srp.AWSSRP(
        username=case.get("user_id_for_srp", "unused"),
        password=case.get("password", "unused"),
        pool_id=case.get("pool_id", "us-east-1_unused"),
        client_id="client",
        client=object(),  # never called: only the math is exercised
        **device,
    )
    s.small_a_value = int(case["a"], 16)
    s.large_a_value = s.calculate_a()
    return s


def run(fn):
    try:
        return fn()
    except Exception as e:  # a peer failing on an input is a result too
        return {"error": f"{type(e).__name__}: {e}"}


def user_case(case):
    s = helper(case)
    FixedDatetime.fixed = parse_time(case["time"])
    srp.datetime = FakeDatetimeModule
    params = {
        "USER_ID_FOR_SRP": case["user_id_for_srp"],
        "SALT": case["salt"],
        "SRP_B": case["srp_b"],
        "SECRET_BLOCK": case["secret_block"],
    }

    def go():
        resp = s.process_challenge(params, {"USERNAME": case["user_id_for_srp"]})
        key = s.get_password_authentication_key(
            case["user_id_for_srp"], case["password"], int(case["srp_b"], 16), case["salt"]
        )
        return {
            "srp_a": srp.long_to_hex(s.large_a_value),
            "u": srp.long_to_hex(srp.calculate_u(s.large_a_value, int(case["srp_b"], 16))),
            "key": key.hex(),
            "timestamp": resp["TIMESTAMP"],
            "signature": resp["PASSWORD_CLAIM_SIGNATURE"],
        }

    return run(go)


def device_case(case):
    s = helper(
        case,
        device_key=case["device_key"],
        device_group_key=case["device_group_key"],
        device_password=case["device_password"],
    )
    FixedDatetime.fixed = parse_time(case["time"])
    srp.datetime = FakeDatetimeModule
    params = {
        "USERNAME": "user",
        "SALT": case["salt"],
        "SRP_B": case["srp_b"],
        "SECRET_BLOCK": case["secret_block"],
    }

    def go():
        resp = s.process_device_challenge(params)
        return {
            "srp_a": srp.long_to_hex(s.large_a_value),
            "timestamp": resp["TIMESTAMP"],
            "signature": resp["PASSWORD_CLAIM_SIGNATURE"],
        }

    return run(go)


def verifier_case(case):
    chunks = [bytes.fromhex(case["random_40"]), bytes.fromhex(case["random_16"])]
    srp.os.urandom = lambda n: chunks.pop(0)

    def go():
        password, config = srp.generate_hash_device(case["device_group_key"], case["device_key"])
        return {
            "device_password": password,
            "salt": config["Salt"],
            "password_verifier": config["PasswordVerifier"],
        }

    return run(go)


def main():
    cases = json.load(open(sys.argv[1], encoding="utf-8"))
    out = {
        "user": {c["name"]: user_case(c) for c in cases["user"]},
        "device": {c["name"]: device_case(c) for c in cases["device"]},
        "verifier": {c["name"]: verifier_case(c) for c in cases["verifier"]},
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=True, ensure_ascii=False)


if __name__ == "__main__":
    main()
