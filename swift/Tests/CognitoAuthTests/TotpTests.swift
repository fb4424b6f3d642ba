// The test support's SHA-1, HMAC-SHA1, base32 and TOTP (Support/Totp.swift) against the RFCs'
// vectors: the TOTP set-up test signs in with codes computed by them.

import Foundation
import XCTest

final class TotpTests: XCTestCase {
    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    func testSha1MatchesRfc3174() {
        XCTAssertEqual(hex(Sha1.hash(Array("abc".utf8))), "a9993e364706816aba3e25717850c26c9cd0d89d")
        XCTAssertEqual(hex(Sha1.hash([])), "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        // 56 bytes: the padding spills into a second block.
        let two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        XCTAssertEqual(hex(Sha1.hash(Array(two.utf8))), "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    func testHmacSha1MatchesRfc2202() {
        XCTAssertEqual(
            hex(hmacSha1(key: [UInt8](repeating: 0x0B, count: 20), message: Array("Hi There".utf8))),
            "b617318655057264e28bc0b6fb378c8ef146be00")
        // A key longer than a block is hashed first.
        XCTAssertEqual(
            hex(hmacSha1(
                key: [UInt8](repeating: 0xAA, count: 80),
                message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112")
    }

    func testTotpMatchesRfc6238() throws {
        let key = Array("12345678901234567890".utf8)
        for (time, code) in [
            (59.0, "94287082"), (1_111_111_109, "07081804"), (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
        ] {
            XCTAssertEqual(totp(key: key, at: Date(timeIntervalSince1970: time), digits: 8), code, "T=\(time)")
        }
        XCTAssertEqual(totp(key: key, at: Date(timeIntervalSince1970: 59)), "287082", "six digits by default")
        XCTAssertEqual(try base32Decode("JBSWY3DPEHPK3PXP"), Array("Hello!".utf8) + [0xDE, 0xAD, 0xBE, 0xEF])
        XCTAssertEqual(try base32Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), key)
    }
}
