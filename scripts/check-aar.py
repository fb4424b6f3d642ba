#!/usr/bin/env python3
"""Checks the structure of the AAR that scripts/build-aar.sh assembled (part of `make test`).

Fails on: a missing or misplaced entry, a manifest of another package, classes that are not
JVM 1.8 bytecode or lack the public API, test-only exports in a release archive, missing JNA
keep rules, a POM without its runtime dependencies, and (when natives are present) an ABI
missing or holding a library for the wrong machine.
"""
import io
import os
import pathlib
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = pathlib.Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target").resolve() / "aar"
POM_NS = {"m": "http://maven.apache.org/POM/4.0.0"}
ANDROID = "{http://schemas.android.com/apk/res/android}"
# ELF e_machine of each ABI's library.
ABIS = {"arm64-v8a": 183, "armeabi-v7a": 40, "x86_64": 62}
REQUIRED_CLASSES = [
    "com/cognitoauth/AuthClient.class",
    "com/cognitoauth/AuthException.class",
    "com/cognitoauth/AuthException$InvalidPassword.class",
    "com/cognitoauth/SecureStorage.class",
    "com/cognitoauth/AuthEventStream.class",
    "com/cognitoauth/CognitoAuth.class",
    "com/cognitoauth/EventsKt.class",
    "com/cognitoauth/presenter/CustomTabsPresenter.class",
]


def fail(msg):
    print(f"check-aar: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    version = re.search(r"^  <version>(.*)</version>", (ROOT / "kotlin/pom.xml").read_text(), re.M)[1]
    aar_path = OUT / f"cognito-auth-{version}.aar"
    pom_path = OUT / f"cognito-auth-{version}.pom"
    if not aar_path.is_file():
        fail(f"{aar_path} missing: run `make aar`")
    aar = zipfile.ZipFile(aar_path)
    names = set(aar.namelist())
    for entry in ["AndroidManifest.xml", "classes.jar", "R.txt", "proguard.txt"]:
        if entry not in names:
            fail(f"{entry} missing from the AAR")

    manifest = ET.fromstring(aar.read("AndroidManifest.xml"))
    if manifest.get("package") != "com.cognitoauth":
        fail(f"manifest package is {manifest.get('package')!r}")
    sdk = manifest.find("uses-sdk")
    if sdk is None or int(sdk.get(f"{ANDROID}minSdkVersion", "0")) < 21:
        fail("manifest lacks uses-sdk minSdkVersion >= 21")

    classes = zipfile.ZipFile(io.BytesIO(aar.read("classes.jar")))
    class_names = [n for n in classes.namelist() if n.endswith(".class")]
    for required in REQUIRED_CLASSES:
        if required not in class_names:
            fail(f"classes.jar lacks {required}")
    for name in class_names:
        head = classes.read(name)[:8]
        if head[:4] != b"\xca\xfe\xba\xbe":
            fail(f"{name} is not a class file")
        major = int.from_bytes(head[6:8], "big")
        if major != 52:
            fail(f"{name} has class version {major}, expected 52 (Java 8) for Android")
        if b"ffiTest" in classes.read(name) or b"ffi_test" in classes.read(name):
            fail(f"{name} contains a test-only export: the AAR must use release bindings")

    rules = aar.read("proguard.txt").decode()
    for rule in ["-keep class com.sun.jna.** { *; }", "-keep class com.cognitoauth.** { *; }"]:
        if rule not in rules:
            fail(f"proguard.txt lacks `{rule}`")

    natives = sorted(n for n in names if n.startswith("jni/") and n.endswith(".so"))
    if natives:
        for abi, machine in ABIS.items():
            entry = f"jni/{abi}/libcognito_auth_ffi.so"
            if entry not in names:
                fail(f"{entry} missing")
            elf = aar.read(entry)
            if elf[:4] != b"\x7fELF" or int.from_bytes(elf[18:20], "little") != machine:
                fail(f"{entry} is not an ELF library for {abi}")
        extra = set(natives) - {f"jni/{abi}/libcognito_auth_ffi.so" for abi in ABIS}
        if extra:
            fail(f"unexpected natives {sorted(extra)}")
        where = f"natives for {', '.join(ABIS)}"
    else:
        if any(n.startswith("jni/") and not n.endswith("/") for n in names):
            fail("jni/ holds files but no libraries")
        where = "no Android natives (built without ANDROID_NDK_HOME)"

    pom = ET.parse(pom_path).getroot()
    if pom.findtext("m:packaging", namespaces=POM_NS) != "aar":
        fail("POM packaging is not aar")
    deps = {
        (d.findtext("m:groupId", namespaces=POM_NS), d.findtext("m:artifactId", namespaces=POM_NS)): d
        for d in pom.iterfind("m:dependencies/m:dependency", POM_NS)
    }
    jna = deps.get(("net.java.dev.jna", "jna"))
    if jna is None or jna.findtext("m:type", namespaces=POM_NS) != "aar":
        fail("POM lacks JNA as an aar dependency")
    if ("org.jetbrains.kotlinx", "kotlinx-coroutines-android") not in deps:
        fail("POM lacks kotlinx-coroutines-android")
    for d in deps.values():
        if not re.fullmatch(r"\d+(\.\d+)+", d.findtext("m:version", namespaces=POM_NS) or ""):
            fail(f"unpinned dependency version in the POM: {ET.tostring(d).decode()}")

    print(f"check-aar: ok: {aar_path.name}, {len(class_names)} classes (Java 8 bytecode), {where}")


if __name__ == "__main__":
    main()
