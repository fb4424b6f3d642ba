// Stand-ins for Amplify Swift's auth types whose names CognitoAuth also uses (Amplify's
// `Amplify` and `AWSCognitoAuthPlugin` modules): a file importing both must qualify them.
// Only the names matter here.

public enum AuthError: Error { case service(String) }
public protocol AuthSession { var isSignedIn: Bool { get } }
public protocol AuthUser { var username: String { get } }
public protocol AuthDevice { var id: String { get } }
public enum AuthFlowType { case userSRP }
