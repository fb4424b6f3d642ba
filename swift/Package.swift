// swift-tools-version:6.0
// The CognitoAuth Swift package, in three modules:
//
//   CognitoAuthFFI        the Rust core's C interface: the XCFramework on Apple platforms
//                         (`make xcframework` on a Mac), the shared library on Linux
//                         (`make swift-test`, a system library with the modulemap in linux/).
//   CognitoAuthGenerated  the UniFFI-generated Swift (written by those commands, not
//                         committed). Swift 5 language mode, and only this module: uniffi
//                         0.32's generated async foreign traits (SecureStorage,
//                         WebAuthPresenter) do not compile in Swift 6 mode (uniffi-rs#2929).
//   CognitoAuth           the thin Swift layer apps import; it re-exports the generated API.
//                         Swift 6 language mode: complete concurrency checking.
//   CognitoAuthLinuxShims one C symbol the Observation runtime lacks on Linux before Swift 6.2
//                         (swiftlang/swift#75670); empty on Apple platforms.
//
// Tests: CognitoAuthTests (XCTest), and AmplifyStandIn, a module with Amplify Swift's
// clashing type names (AuthError, AuthSession, …) that proves `CognitoAuth.AuthSession`
// resolves beside them.
//
// The AWS SDK for Swift's credential resolver is NOT here: it is the separate, optional package
// Optional/CognitoAuthAWSSDK (its own manifest depending on this one by path), so this package
// never depends on the SDK and `make swift-test` never fetches it (swift/README.md).
//
// Generated code and the layer live in separate modules so that each file name is unique
// within its module (the generated `CognitoAuth.swift` once collided with the layer's).
import PackageDescription

#if os(Linux)
let ffi: Target = .systemLibrary(name: "CognitoAuthFFI", path: "linux/CognitoAuthFFI")
let platformLinking: [LinkerSetting] = []
#else
let ffi: Target = .binaryTarget(name: "CognitoAuthFFI", path: "CognitoAuthFFI.xcframework")
// The Rust core verifies TLS and keeps credentials through Security.framework.
let platformLinking: [LinkerSetting] = [
    .linkedFramework("Security"), .linkedFramework("CoreFoundation"),
]
#endif

let package = Package(
    name: "CognitoAuth",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "CognitoAuth", targets: ["CognitoAuth"]),
    ],
    targets: [
        ffi,
        .target(
            name: "CognitoAuthGenerated",
            dependencies: ["CognitoAuthFFI"],
            path: "Sources/CognitoAuthGenerated",
            swiftSettings: [.swiftLanguageMode(.v5)],
            linkerSettings: platformLinking
        ),
        .target(name: "CognitoAuthLinuxShims", path: "Sources/CognitoAuthLinuxShims"),
        .target(
            name: "CognitoAuth",
            dependencies: ["CognitoAuthGenerated", "CognitoAuthLinuxShims"],
            path: "Sources/CognitoAuth"
        ),
        .target(name: "AmplifyStandIn", path: "Tests/AmplifyStandIn"),
        .testTarget(
            name: "CognitoAuthTests",
            dependencies: ["CognitoAuth", "AmplifyStandIn"],
            path: "Tests/CognitoAuthTests",
            resources: [.process("Resources")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
