// swift-tools-version:5.10
// The CognitoAuth Swift package: the Rust core as an XCFramework (CognitoAuthFFI, built by
// `make xcframework` on a Mac), the UniFFI-generated Swift (Sources/CognitoAuth/Generated,
// written by the same command, not committed) and a thin Swift layer.
//
// Swift 5 language mode on purpose: uniffi 0.32's async foreign traits (SecureStorage) do not
// compile in Swift 6 mode (uniffi-rs#2929). Generated code needs Swift 5.10 or newer.
import PackageDescription

let package = Package(
    name: "CognitoAuth",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "CognitoAuth", targets: ["CognitoAuth"]),
    ],
    targets: [
        .binaryTarget(name: "CognitoAuthFFI", path: "CognitoAuthFFI.xcframework"),
        .target(
            name: "CognitoAuth",
            dependencies: ["CognitoAuthFFI"],
            path: "Sources/CognitoAuth",
            // The Rust core verifies TLS through Security.framework (rustls-platform-verifier).
            linkerSettings: [.linkedFramework("Security"), .linkedFramework("CoreFoundation")]
        ),
        .testTarget(
            name: "CognitoAuthTests",
            dependencies: ["CognitoAuth"],
            path: "Tests/CognitoAuthTests"
        ),
    ],
    swiftLanguageVersions: [.v5]
)
