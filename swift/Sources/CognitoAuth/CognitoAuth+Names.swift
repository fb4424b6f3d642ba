// Names for apps that also import Amplify. Amplify Swift has its own `AuthError`,
// `AuthSession`, `AuthUser`, `AuthDevice` and `AuthFlowType` (and more `Auth…` types), so in a
// file importing both modules the bare names are ambiguous. Qualify ours with
// `CognitoAuth.`: because the module and its `CognitoAuth` namespace share that name,
// `CognitoAuth.AuthSession` finds the namespace first, and these aliases make it the module's
// type.

extension CognitoAuth {
    public typealias AuthClient = CognitoAuthGenerated.AuthClient
    public typealias AuthConfig = CognitoAuthGenerated.AuthConfig
    public typealias AuthDevice = CognitoAuthGenerated.AuthDevice
    public typealias AuthError = CognitoAuthGenerated.AuthError
    public typealias AuthEvent = CognitoAuthGenerated.AuthEvent
    public typealias AuthFactor = CognitoAuthGenerated.AuthFactor
    public typealias AuthFlowType = CognitoAuthGenerated.AuthFlowType
    public typealias AuthSession = CognitoAuthGenerated.AuthSession
    public typealias AuthUser = CognitoAuthGenerated.AuthUser
    public typealias UserState = CognitoAuthGenerated.UserState
    public typealias SignInResult = CognitoAuthGenerated.SignInResult
    public typealias SignInNextStep = CognitoAuthGenerated.SignInNextStep
    public typealias SignUpResult = CognitoAuthGenerated.SignUpResult
    public typealias SignOutResult = CognitoAuthGenerated.SignOutResult
    public typealias UserPoolTokens = CognitoAuthGenerated.UserPoolTokens
    public typealias AwsCredentials = CognitoAuthGenerated.AwsCredentials
    public typealias CodeDelivery = CognitoAuthGenerated.CodeDelivery
    public typealias MfaType = CognitoAuthGenerated.MfaType
}
