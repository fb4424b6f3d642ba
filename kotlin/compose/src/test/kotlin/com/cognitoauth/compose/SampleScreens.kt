package com.cognitoauth.compose

import com.cognitoauth.AuthenticatorAction
import com.cognitoauth.AuthenticatorScreen
import com.cognitoauth.AuthenticatorStep
import com.cognitoauth.CodeDelivery
import com.cognitoauth.DeliveryMedium
import com.cognitoauth.FieldKind
import com.cognitoauth.FormField
import com.cognitoauth.MfaType
import com.cognitoauth.ScreenAction
import com.cognitoauth.authenticatorDefaultStrings

/**
 * Screens shaped as the core's Authenticator hands them out, with the core's own texts
 * (`authenticatorDefaultStrings()`, replaced by the app's table where it has them), for the
 * building-block tests and pictures that need no server.
 */
object SampleScreens {
    private val core: Map<String, String> by lazy { authenticatorDefaultStrings() }

    private fun text(s: AuthenticatorStrings, key: String, vararg args: Pair<String, String>): String =
        args.fold((core + s.coreOverrides())[key] ?: error("no core text $key")) { t, (k, v) -> t.replace("{$k}", v) }

    private fun field(
        s: AuthenticatorStrings,
        name: String,
        kind: FieldKind,
        required: Boolean = true,
        value: String = "",
        hint: String? = null,
        error: String? = null,
    ): FormField {
        val label = text(s, "field.$name")
        val a11y = text(s, if (required) "a11y.required" else "a11y.optional", "label" to label)
        return FormField(name, kind, label, a11y, hint, value, required, error)
    }

    private fun action(s: AuthenticatorStrings, action: AuthenticatorAction, key: String) = ScreenAction(action, text(s, key))

    fun signIn(
        s: AuthenticatorStrings = AuthenticatorStrings(),
        username: String = "",
        banner: String? = null,
        usernameError: String? = null,
        passwordError: String? = null,
    ) = AuthenticatorScreen(
        step = AuthenticatorStep.SignIn,
        title = text(s, "sign_in.title"),
        message = null,
        fields = listOf(
            field(s, "username", FieldKind.USERNAME, value = username, error = usernameError),
            field(s, "password", FieldKind.PASSWORD, error = passwordError),
        ),
        actions = listOf(
            action(s, AuthenticatorAction.Submit, "action.sign_in"),
            action(s, AuthenticatorAction.ForgotPassword, "action.forgot_password"),
            action(s, AuthenticatorAction.GoToSignUp, "action.go_to_sign_up"),
        ),
        banner = banner,
    )

    fun signUp(s: AuthenticatorStrings = AuthenticatorStrings(), withErrors: Boolean = false) = AuthenticatorScreen(
        step = AuthenticatorStep.SignUp,
        title = text(s, "sign_up.title"),
        message = null,
        fields = listOf(
            field(s, "username", FieldKind.USERNAME, value = if (withErrors) "ana" else ""),
            field(
                s, "password", FieldKind.PASSWORD,
                hint = "The password needs at least 8 characters, one digit and one symbol.",
                error = if (withErrors) "The password needs one digit and one symbol." else null,
            ),
            field(
                s, "confirm_password", FieldKind.CONFIRM_PASSWORD,
                error = if (withErrors) text(s, "error.password.mismatch") else null,
            ),
            field(s, "email", FieldKind.EMAIL, value = if (withErrors) "ana@example.com" else ""),
            field(s, "given_name", FieldKind.TEXT, required = false),
        ),
        actions = listOf(
            action(s, AuthenticatorAction.Submit, "action.create_account"),
            action(s, AuthenticatorAction.BackToSignIn, "action.back_to_sign_in"),
        ),
        banner = null,
    )

    fun confirmCode(s: AuthenticatorStrings = AuthenticatorStrings(), error: String? = null) = AuthenticatorScreen(
        step = AuthenticatorStep.ConfirmSignInWithCode(
            MfaType.SMS,
            CodeDelivery(destination = "+*******0123", medium = DeliveryMedium.SMS, attributeName = "phone_number"),
        ),
        title = text(s, "confirm_code.title"),
        message = text(s, "message.code_sent", "destination" to "+*******0123"),
        fields = listOf(field(s, "code", FieldKind.CODE, error = error)),
        actions = listOf(
            action(s, AuthenticatorAction.Submit, "action.confirm"),
            action(s, AuthenticatorAction.BackToSignIn, "action.back_to_sign_in"),
        ),
        banner = null,
    )

    fun signedIn(s: AuthenticatorStrings = AuthenticatorStrings(), username: String) = AuthenticatorScreen(
        step = AuthenticatorStep.SignedIn(username),
        title = text(s, "signed_in.title"),
        message = text(s, "message.signed_in_as", "username" to username),
        fields = emptyList(),
        actions = listOf(action(s, AuthenticatorAction.SignOut, "action.sign_out")),
        banner = null,
    )
}
