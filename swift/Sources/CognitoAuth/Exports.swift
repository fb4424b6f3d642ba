// `import CognitoAuth` is all an app writes: the generated API (AuthClient, AuthError, the
// records and enums) lives in CognitoAuthGenerated and is re-exported here with the layer.

@_exported import CognitoAuthGenerated
