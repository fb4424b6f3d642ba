package com.cognitoauth.compose

/**
 * Screens as the core's Authenticator hands them out (docs/authenticator.md on branch
 * `authenticator`), built from the string table: what the tests and screenshots draw until
 * the renderer is wired to the core.
 */
object SampleScreens {
    fun signIn(
        s: AuthenticatorStrings = AuthenticatorStrings(),
        username: String = "",
        banner: String? = null,
        usernameError: String? = null,
        passwordError: String? = null,
    ) = ScreenSpec(
        step = "SignIn",
        title = s["sign_in.title"],
        fields = listOf(
            s.field("username", FieldKind.Username, value = username, error = usernameError),
            s.field("password", FieldKind.Password, error = passwordError),
        ),
        actions = listOf(
            s.action(ActionSpec.SUBMIT, "action.sign_in"),
            s.action("forgot_password"),
            s.action("go_to_sign_up"),
        ),
        banner = banner,
    )

    fun signUp(s: AuthenticatorStrings = AuthenticatorStrings(), withErrors: Boolean = false) = ScreenSpec(
        step = "SignUp",
        title = s["sign_up.title"],
        fields = listOf(
            s.field("username", FieldKind.Username, value = if (withErrors) "ana" else ""),
            s.field(
                "password", FieldKind.Password,
                hint = "The password needs at least 8 characters, one digit and one symbol.",
                error = if (withErrors) "The password needs one digit and one symbol." else null,
            ),
            s.field(
                "confirm_password", FieldKind.ConfirmPassword,
                error = if (withErrors) s["error.password.mismatch"] else null,
            ),
            s.field("email", FieldKind.Email, value = if (withErrors) "ana@example.com" else ""),
            s.field("given_name", FieldKind.Text, required = false),
        ),
        actions = listOf(s.action(ActionSpec.SUBMIT, "action.create_account"), s.action("back_to_sign_in")),
    )

    fun confirmCode(s: AuthenticatorStrings = AuthenticatorStrings(), error: String? = null) = ScreenSpec(
        step = "ConfirmSignInWithCode",
        title = s["confirm_code.title"],
        message = s.format("message.code_sent", "destination" to "+*******0123"),
        fields = listOf(s.field("code", FieldKind.Code, error = error)),
        actions = listOf(s.action(ActionSpec.SUBMIT, "action.confirm"), s.action("back_to_sign_in")),
    )

    fun signedIn(s: AuthenticatorStrings = AuthenticatorStrings(), username: String) = ScreenSpec(
        step = "SignedIn",
        title = s["signed_in.title"],
        message = s.format("message.signed_in_as", "username" to username),
        actions = listOf(s.action("sign_out")),
    )
}
