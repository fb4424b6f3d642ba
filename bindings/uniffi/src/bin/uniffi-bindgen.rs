//! The crate's own `uniffi-bindgen` (same uniffi version as the library, always), plus four
//! edits of the generated Kotlin that UniFFI 0.32 has no setting for:
//!
//! - `AuthException.message` is the human message (`authExceptionMessage`, in the Kotlin
//!   layer's `Errors.kt`) instead of `reason=…`, and `cause` is the Kotlin exception that made
//!   a callback fail, when the layer kept it (`authExceptionCause`);
//! - a closed object throws `AuthException.InvalidState` instead of `IllegalStateException`;
//! - enum variants without fields are `data object`s, so they print their name instead of
//!   `SignInNextStep$Done@1339e7aa`;
//! - enum variants that carry a secret ([REDACTED]: the TOTP key of the Authenticator's
//!   set-up step) print `***` for it, as the Rust `Debug` does, instead of the data class's
//!   every field.
//!
//! Each edit must match: a uniffi upgrade that changes the generated text fails here, loudly,
//! rather than ship bindings without it.

use std::path::{Path, PathBuf};

fn main() {
    uniffi::uniffi_bindgen_main();
    let args: Vec<String> = std::env::args().collect();
    let value = |names: &[&str]| {
        args.windows(2)
            .find(|w| names.contains(&w[0].as_str()))
            .map(|w| w[1].clone())
    };
    if !args.is_empty() && value(&["--language", "-l"]).as_deref() == Some("kotlin") {
        let out = PathBuf::from(value(&["--out-dir", "-o"]).unwrap_or_else(|| ".".into()));
        let done = patch_dir(&out).and_then(|n| match n {
            0 => Err("no generated file declares AuthException".into()),
            _ => Ok(()),
        });
        if let Err(e) = done {
            eprintln!("uniffi-bindgen: {e}");
            std::process::exit(1);
        }
    }
}

/// Edits the generated file declaring `AuthException` under `dir`; how many were edited.
fn patch_dir(dir: &Path) -> Result<usize, String> {
    let mut patched = 0;
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            patched += patch_dir(&path)?;
        } else if path.extension().is_some_and(|x| x == "kt") {
            let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
            if text.contains("sealed class AuthException") {
                let new = patch_kotlin(&text).map_err(|e| format!("{}: {e}", path.display()))?;
                std::fs::write(&path, new).map_err(|e| e.to_string())?;
                patched += 1;
            }
        }
    }
    Ok(patched)
}

const DESTROYED: &str = r#"throw IllegalStateException("${this.javaClass.simpleName} object has already been destroyed")"#;
const CLOSED: &str = r#"throw AuthException.InvalidState("This ${this.javaClass.simpleName} was closed and cannot be used any more; create a new one.")"#;

/// Enum variants (generated as `data class <name>(`) whose fields are secret, with what their
/// `toString()` prints instead.
const REDACTED: &[(&str, &str)] = &[("SetupTotp", "SetupTotp(sharedSecret=***, setupUri=***)")];

/// The edits described at the top, line by line.
fn patch_kotlin(text: &str) -> Result<String, String> {
    let (mut messages, mut header, mut closed, mut objects) = (0, false, 0, 0);
    let (mut redacting, mut redacted) = (None::<&str>, 0);
    let mut in_error = false;
    let mut after_message = false;
    let mut after_debug = false;
    let mut out = String::with_capacity(text.len() + 4096);
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if line.starts_with("sealed class AuthException") {
            in_error = true;
        }
        if in_error && trimmed.starts_with("companion object ErrorHandler") {
            in_error = false;
        }
        if in_error && after_message && trimmed.starts_with("get() = \"") {
            // `"name=${ `name` }, reason=${ `reason` }"`: the variant's fields, by name.
            let field = |name: &str| {
                let start = trimmed.find(&format!("{name}=${{ "))? + name.len() + 4;
                let len = trimmed[start..].find(" }")?;
                Some(trimmed[start..start + len].to_owned())
            };
            let reason = field("reason").ok_or("an AuthException variant without `reason`")?;
            let name = field("name").unwrap_or_else(|| "null".into());
            out.push_str(&format!(
                "{indent}get() = authExceptionMessage({reason}, {name})\n"
            ));
            after_message = false;
            messages += 1;
            continue;
        }
        after_message = false;
        if in_error && trimmed == "override val message" {
            out.push_str(&format!("{indent}override val message: String\n"));
            after_message = true;
            continue;
        }
        // A closed object still prints (a log line must not throw).
        if trimmed == "override fun toString(): String {" && after_debug {
            out.push_str(&format!(
                "{indent}override fun toString(): String =\n{indent}    try {{ uniffiDebugString() }} \
                 catch (closed: AuthException.InvalidState) {{ \"${{this.javaClass.simpleName}}(closed)\" }}\n\n\
                 {indent}private fun uniffiDebugString(): String {{\n"
            ));
            after_debug = false;
            continue;
        }
        after_debug = trimmed.starts_with("// The local Rust `Display`/`Debug` implementation.");
        if trimmed.contains(DESTROYED) {
            out.push_str(&line.replace(DESTROYED, CLOSED));
            out.push('\n');
            closed += 1;
            continue;
        }
        if let Some(&(_, printed)) = REDACTED
            .iter()
            .find(|(name, _)| trimmed == format!("data class {name}("))
        {
            redacting = Some(printed);
        }
        if let Some(printed) = redacting
            && trimmed == "companion object"
        {
            out.push_str(&format!(
                "{indent}override fun toString(): String = \"{printed}\"\n\n"
            ));
            redacting = None;
            redacted += 1;
        }
        if let Some(rest) = trimmed.strip_prefix("object ")
            && rest.ends_with("()")
            && rest.contains(" : ")
        {
            out.push_str(&format!("{indent}data object {rest}\n"));
            objects += 1;
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if in_error && !header && line.trim_end().ends_with('{') {
            out.push_str(
                "    /** The Kotlin exception behind this one, when there is one (a store's \
                 `IOException`, …). */\n    override val cause: Throwable?\n        get() = \
                 super.cause ?: authExceptionCause(this)\n\n",
            );
            header = true;
        }
    }
    if redacted != REDACTED.len() {
        return Err(format!(
            "{redacted} of the {} secret-holding variants redacted",
            REDACTED.len()
        ));
    }
    match (messages, header, closed, objects) {
        (0, _, _, _) => Err("no `override val message` in AuthException".into()),
        (_, false, _, _) => Err("no `sealed class AuthException … {` header".into()),
        (_, _, 0, _) => Err("no 'object has already been destroyed' check".into()),
        (_, _, _, 0) => Err("no fieldless enum variant (`object X : Y()`)".into()),
        _ => Ok(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_kotlin_is_edited_or_the_run_fails() {
        let generated = r#"sealed class AuthException: kotlin.Exception() {
    class NotAuthorized(
        val `reason`: kotlin.String
        ) : AuthException() {
        override val message
            get() = "reason=${ `reason` }"
    }
    class Lambda(
        val `name`: kotlin.String,
        val `reason`: kotlin.String
        ) : AuthException() {
        override val message
            get() = "name=${ `name` }, reason=${ `reason` }"
    }
    companion object ErrorHandler : UniffiRustCallStatusErrorHandler<AuthException> {
    }
}
sealed class SignInNextStep {
    object Done : SignInNextStep()
    companion object
}
sealed class AuthenticatorStep {
    data class SetupTotp(
        val `sharedSecret`: kotlin.String, 
        val `setupUri`: kotlin.String) : AuthenticatorStep()
    {
        companion object
    }
}
    // The local Rust `Display`/`Debug` implementation.
    override fun toString(): String {
        return x
    }
            if (c == 0L) {
                throw IllegalStateException("${this.javaClass.simpleName} object has already been destroyed")
            }
"#;
        let out = patch_kotlin(generated).unwrap();
        assert!(
            out.contains("get() = authExceptionMessage(`reason`, null)"),
            "{out}"
        );
        assert!(out.contains("get() = authExceptionMessage(`reason`, `name`)"));
        assert!(out.contains("override val message: String\n"), "{out}");
        assert!(out.contains("get() = super.cause ?: authExceptionCause(this)"));
        assert!(out.contains("    data object Done : SignInNextStep()\n"));
        assert!(out.contains("throw AuthException.InvalidState(\"This ${"));
        assert!(!out.contains("reason=$"));
        assert!(out.contains("private fun uniffiDebugString(): String {\n        return x"));
        assert!(out.contains("(closed)"));
        assert!(out.contains(
            "        override fun toString(): String = \"SetupTotp(sharedSecret=***, setupUri=***)\"\n\n        companion object"
        ), "{out}");
        assert!(patch_kotlin("sealed class AuthException: kotlin.Exception() {\n").is_err());
    }
}
