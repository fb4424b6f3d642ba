package com.cognitoauth.compose

import androidx.compose.runtime.staticCompositionLocalOf

/**
 * The renderer's words, keyed by stable ids, which an app replaces entry by entry (a
 * translation, its own tone): `AuthenticatorStrings(mapOf("field.username" to "Nom d'utilisateur"))`.
 *
 * The ids are the core's (`core/src/authenticator/strings.rs`: `<screen>.title`,
 * `field.<name>`, `a11y.required`, `action.*`, …) plus a few that only a graphical renderer
 * needs (`a11y.show_password`, `a11y.hide_password`, `a11y.busy`, `a11y.banner`,
 * `a11y.field_error`). Placeholders are in braces (`{label}`), as in the core.
 *
 * Until the renderer is wired to the core, [DEFAULTS] carries a copy of the core's English
 * texts for the keys the building blocks use; once wired, the core builds the screens' texts
 * from its own table and [coreOverrides] is what the app passes as
 * `AuthenticatorOptions.strings`, so one map translates both.
 *
 * @param overrides the app's texts, by id; they win over the defaults.
 */
class AuthenticatorStrings(overrides: Map<String, String> = emptyMap()) {
    private val table: Map<String, String> = DEFAULTS + overrides
    private val overrides: Map<String, String> = overrides.toMap()

    /** The text of [key]; an unknown key shows itself, so a typo is visible rather than blank. */
    operator fun get(key: String): String = table[key] ?: key

    /** The text of [key] with each `{name}` placeholder replaced by its value in [args]. */
    fun format(key: String, vararg args: Pair<String, String>): String =
        args.fold(get(key)) { text, (name, value) -> text.replace("{$name}", value) }

    /** The app's replacements for keys the core owns: what to pass as `AuthenticatorOptions.strings`. */
    fun coreOverrides(): Map<String, String> = overrides.filterKeys { it !in RENDERER_KEYS }

    /**
     * A field described from this table, as the core describes it: label `field.<name>`,
     * screen-reader label `a11y.required`/`a11y.optional`. For previews and tests until the
     * core's screens are wired.
     */
    fun field(
        name: String,
        kind: FieldKind,
        required: Boolean = true,
        value: String = "",
        hint: String? = null,
        error: String? = null,
    ): FieldSpec {
        val label = get("field.$name")
        val a11y = format(if (required) "a11y.required" else "a11y.optional", "label" to label)
        return FieldSpec(name, kind, label, a11y, hint, value, required, error)
    }

    /** A button labelled from `action.<id>` (for previews and tests until the core is wired). */
    fun action(id: String, labelKey: String = "action.$id"): ActionSpec = ActionSpec(id, get(labelKey))

    companion object {
        /** Ids only a graphical renderer uses (the core has no use for them). */
        val RENDERER_KEYS: Set<String> = setOf(
            "a11y.show_password", "a11y.hide_password", "action.show", "action.hide",
            "a11y.busy", "a11y.banner", "a11y.field_error",
        )

        /** The English defaults: the renderer's own ids, then a copy of the core's. */
        val DEFAULTS: Map<String, String> = mapOf(
            // The renderer's own.
            "action.show" to "Show",
            "action.hide" to "Hide",
            "a11y.show_password" to "Show password",
            "a11y.hide_password" to "Hide password",
            "a11y.busy" to "Please wait",
            "a11y.banner" to "Error: {message}",
            "a11y.field_error" to "{label}: {error}",
            // The core's (core/src/authenticator/strings.rs, branch authenticator).
            "sign_in.title" to "Sign in",
            "sign_up.title" to "Create an account",
            "confirm_sign_up.title" to "Confirm your account",
            "forgot_password.title" to "Reset your password",
            "confirm_reset_password.title" to "Choose a new password",
            "new_password.title" to "Change your password",
            "confirm_code.title" to "Enter your code",
            "signed_in.title" to "Signed in",
            "message.code_sent" to "We sent a code to {destination}.",
            "message.signed_in_as" to "You are signed in as {username}.",
            "field.username" to "Username",
            "field.email" to "Email",
            "field.email_or_phone" to "Email or phone number",
            "field.phone_number" to "Phone number",
            "field.password" to "Password",
            "field.new_password" to "New password",
            "field.confirm_password" to "Confirm password",
            "field.code" to "Code",
            "field.answer" to "Answer",
            "field.given_name" to "First name",
            "field.family_name" to "Last name",
            "a11y.required" to "{label}, required",
            "a11y.optional" to "{label}, optional",
            "action.sign_in" to "Sign in",
            "action.create_account" to "Create account",
            "action.go_to_sign_up" to "Create an account",
            "action.forgot_password" to "Forgot your password?",
            "action.back_to_sign_in" to "Back to sign in",
            "action.confirm" to "Confirm",
            "action.send_code" to "Send code",
            "action.resend_code" to "Send the code again",
            "action.sign_out" to "Sign out",
            "error.sign_in_failed" to "The username or password is not right.",
            "error.code_mismatch" to "That code is not right. Check it and try again.",
            "error.password.mismatch" to "The passwords do not match.",
        )
    }
}

/** The table the building blocks read; [AuthenticatorTheme] provides it. */
val LocalAuthenticatorStrings = staticCompositionLocalOf { AuthenticatorStrings() }
