// TOTP codes for the set-up test, computed here from the key the Authenticator shows, as an
// authenticator app would. Foundation on Linux has no CryptoKit or CommonCrypto, so SHA-1
// (RFC 3174) and HMAC (RFC 2104) are written out; TotpTests checks them against the RFCs'
// vectors (RFC 3174's, RFC 6238's).

import Foundation

enum Sha1 {
    static func hash(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        // Padding: a 1 bit, zeros up to 56 bytes mod 64, then the length in bits, big-endian.
        var data = message
        let bits = UInt64(message.count) * 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { data.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }

        var w = [UInt32](repeating: 0, count: 80)
        for block in stride(from: 0, to: data.count, by: 64) {
            for t in 0..<16 {
                let i = block + 4 * t
                w[t] = UInt32(data[i]) << 24 | UInt32(data[i + 1]) << 16 | UInt32(data[i + 2]) << 8 | UInt32(data[i + 3])
            }
            for t in 16..<80 { w[t] = rotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1) }
            var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4]
            for t in 0..<80 {
                let f: UInt32
                let k: UInt32
                switch t {
                case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
                case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
                case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
                default: f = b ^ c ^ d; k = 0xCA62_C1D6
                }
                let temp = rotateLeft(a, 5) &+ f &+ e &+ k &+ w[t]
                (e, d, c, b, a) = (d, c, rotateLeft(b, 30), a, temp)
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
        }
        return h.flatMap { word in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> UInt32($0)) } }
    }

    private static func rotateLeft(_ x: UInt32, _ n: UInt32) -> UInt32 { x << n | x >> (32 - n) }
}

/// HMAC-SHA1 (RFC 2104, block size 64).
func hmacSha1(key: [UInt8], message: [UInt8]) -> [UInt8] {
    var block = key.count > 64 ? Sha1.hash(key) : key
    block += [UInt8](repeating: 0, count: 64 - block.count)
    let inner = Sha1.hash(block.map { $0 ^ 0x36 } + message)
    return Sha1.hash(block.map { $0 ^ 0x5C } + inner)
}

/// RFC 4648 base32 (upper case, padding optional), as TOTP keys are written.
func base32Decode(_ text: String) throws -> [UInt8] {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    var out: [UInt8] = []
    var buffer: UInt32 = 0, bits = 0
    for character in text where character != "=" {
        guard let value = alphabet.firstIndex(of: character) else { throw PeerError("not base32: \(text)") }
        buffer = buffer << 5 | UInt32(value)
        bits += 5
        if bits >= 8 {
            bits -= 8
            out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
        }
    }
    return out
}

/// The TOTP code (RFC 6238: HMAC-SHA1, 30-second steps) of `key` at `time`.
func totp(key: [UInt8], at time: Date, digits: Int = 6) -> String {
    let counter = UInt64(time.timeIntervalSince1970 / 30)
    let message = stride(from: 56, through: 0, by: -8).map { UInt8(truncatingIfNeeded: counter >> UInt64($0)) }
    let mac = hmacSha1(key: key, message: message)
    let offset = Int(mac[19] & 0x0F)
    let binary = (UInt32(mac[offset]) & 0x7F) << 24 | UInt32(mac[offset + 1]) << 16
        | UInt32(mac[offset + 2]) << 8 | UInt32(mac[offset + 3])
    var modulus: UInt32 = 1
    for _ in 0..<digits { modulus *= 10 }
    let code = String(binary % modulus)
    return String(repeating: "0", count: digits - code.count) + code
}

/// The code of the base32 `secret` now, waiting for the next 30-second step when this one
/// ends within 3 seconds (the test server accepts the current step's code only).
func freshTotp(_ secret: String) async throws -> String {
    let key = try base32Decode(secret)
    let left = 30 - Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 30)
    if left < 3 { try await Task.sleep(nanoseconds: UInt64((left + 0.25) * 1_000_000_000)) }
    return totp(key: key, at: Date())
}
