package com.cognitoauth.compose

import androidx.compose.runtime.staticCompositionLocalOf

/**
 * The renderer's words, keyed by stable ids, which an app replaces entry by entry (a
 * translation, its own tone): `AuthenticatorStrings(mapOf("field.username" to "Nom d'utilisateur"))`.
 *
 * The ids are the core's (`core/src/authenticator/strings.rs`: `<screen>.title`,
 * `field.<name>`, `a11y.required`, `action.*`, …) plus a few that only a graphical renderer
 * needs ([DEFAULTS]: the password toggle, the busy state, the banner, field errors, the TOTP
 * set-up piece). Placeholders are in braces (`{label}`), as in the core.
 *
 * The core builds every text of a screen from its own table
 * (`authenticatorDefaultStrings()`); [Authenticator] hands it this table's replacements of
 * the core's keys ([coreOverrides]), so one map translates both. [DEFAULTS] holds only the
 * renderer's own keys.
 *
 * @param overrides the app's texts, by id; they win over the defaults.
 */
class AuthenticatorStrings(overrides: Map<String, String> = emptyMap()) {
    private val table: Map<String, String> = DEFAULTS + overrides
    private val overrides: Map<String, String> = overrides.toMap()

    /**
     * The text of [key] (a renderer key, or a core key the app replaced); an unknown key shows
     * itself, so a typo is visible rather than blank.
     */
    operator fun get(key: String): String = table[key] ?: key

    /** The text of [key] with each `{name}` placeholder replaced by its value in [args]. */
    fun format(key: String, vararg args: Pair<String, String>): String =
        args.fold(get(key)) { text, (name, value) -> text.replace("{$name}", value) }

    /** The app's replacements for keys the core owns: what to pass as `AuthenticatorOptions.strings`. */
    fun coreOverrides(): Map<String, String> = overrides.filterKeys { it !in RENDERER_KEYS }

    companion object {
        /** The English texts of the ids only a graphical renderer uses (the core has no use for them). */
        val DEFAULTS: Map<String, String> = mapOf(
            "action.show" to "Show",
            "action.hide" to "Hide",
            "a11y.show_password" to "Show password",
            "a11y.hide_password" to "Hide password",
            "a11y.busy" to "Please wait",
            "a11y.banner" to "Error: {message}",
            "a11y.field_error" to "{label}: {error}",
            "a11y.totp_qr" to "QR code for your authenticator app",
            "a11y.totp_key" to "Key: {key}",
            "totp.key_label" to "Or type this key into the app:",
        )

        /** The renderer's own ids: every other id is the core's. */
        val RENDERER_KEYS: Set<String> = DEFAULTS.keys
    }
}

/** The table the building blocks read; [AuthenticatorTheme] provides it. */
val LocalAuthenticatorStrings = staticCompositionLocalOf { AuthenticatorStrings() }
