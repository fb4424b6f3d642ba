// swift-tools-version:6.0
// CognitoAuthAWSSDK: the session's identity-pool credentials for the AWS SDK for Swift
// (`CognitoCredentialIdentityResolver`, an `AWSCredentialIdentityResolver`).
//
// OPTIONAL and SEPARATE on purpose: a package of its own, next to (not inside) swift/Package.swift,
// so that the CognitoAuth package never depends on the AWS SDK for Swift (its dependency graph,
// aws-crt-swift included, is large) and `make swift-test` never fetches it. An app that uses
// the SDK adds this package as well as CognitoAuth. It depends on CognitoAuth by path
// (../..) and on smithy-swift's SmithyIdentity, which defines the protocol the SDK's clients
// take (`awsCredentialIdentityResolver:`); version as used with aws-sdk-swift 1.7.59.
//
// UNVERIFIED here: neither smithy-swift nor aws-sdk-swift can be fetched on the test machines
// (only package registries are reachable), so this package has not been compiled. It is
// written against smithy-swift's documented `AWSCredentialIdentityResolver` protocol.
import PackageDescription

let package = Package(
    name: "CognitoAuthAWSSDK",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "CognitoAuthAWSSDK", targets: ["CognitoAuthAWSSDK"]),
    ],
    dependencies: [
        // The CognitoAuth package by path: its identity is its directory's name, `swift`.
        .package(path: "../.."),
        .package(url: "https://github.com/smithy-lang/smithy-swift", from: "0.241.0"),
    ],
    targets: [
        .target(
            name: "CognitoAuthAWSSDK",
            dependencies: [
                .product(name: "CognitoAuth", package: "swift"),
                .product(name: "SmithyIdentity", package: "smithy-swift"),
                .product(name: "Smithy", package: "smithy-swift"),
            ],
            path: "Sources/CognitoAuthAWSSDK"
        ),
    ],
    swiftLanguageModes: [.v6]
)
