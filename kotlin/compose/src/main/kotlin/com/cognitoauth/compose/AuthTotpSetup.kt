package com.cognitoauth.compose

import androidx.compose.foundation.Canvas
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.text.selection.SelectionContainer
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.text.style.TextAlign
import androidx.compose.ui.unit.Dp
import androidx.compose.ui.unit.dp
import io.nayuki.qrcodegen.QrCode
import kotlin.math.floor

/**
 * The TOTP set-up piece: the `otpauth://` URI as a QR code for an authenticator app to scan,
 * and the key as selectable text for one that cannot scan (a phone setting itself up). The
 * key is shown in groups of four; a screen reader spells it out character by character.
 *
 * Tags: [AuthTags.TOTP_QR], [AuthTags.TOTP_KEY].
 *
 * @param setupUri the core's `otpauth://totp/…` URI (`AuthenticatorStep.SetupTotp.setupUri`).
 * @param sharedSecret the key in base32 (`AuthenticatorStep.SetupTotp.sharedSecret`).
 * @param modifier for the column.
 * @param qrSize the QR code's side.
 */
@Composable
fun AuthTotpSetup(setupUri: String, sharedSecret: String, modifier: Modifier = Modifier, qrSize: Dp = 184.dp) {
    val strings = LocalAuthenticatorStrings.current
    Column(
        modifier.fillMaxWidth(),
        horizontalAlignment = Alignment.CenterHorizontally,
        verticalArrangement = Arrangement.spacedBy(8.dp),
    ) {
        AuthQrCode(
            setupUri,
            Modifier
                .size(qrSize)
                .testTag(AuthTags.TOTP_QR)
                .semantics { contentDescription = strings["a11y.totp_qr"] },
        )
        Text(strings["totp.key_label"], style = MaterialTheme.typography.labelMedium)
        SelectionContainer {
            Text(
                sharedSecret.chunked(4).joinToString(" "),
                fontFamily = FontFamily.Monospace,
                style = MaterialTheme.typography.bodyMedium,
                textAlign = TextAlign.Center,
                modifier = Modifier
                    .testTag(AuthTags.TOTP_KEY)
                    .semantics {
                        contentDescription = strings.format("a11y.totp_key", "key" to sharedSecret.toList().joinToString(" "))
                    },
            )
        }
    }
}

/**
 * [text] as a QR code (medium error correction, the standard four-module quiet zone), dark
 * modules on white whatever the theme: scanners need that contrast. Modules are whole pixels,
 * so no blurred seam confuses a scanner.
 *
 * @param text what the code holds.
 * @param modifier its size and semantics (give it a content description).
 */
@Composable
fun AuthQrCode(text: String, modifier: Modifier = Modifier) {
    val qr = remember(text) { QrCode.encodeText(text, QrCode.Ecc.MEDIUM) }
    Canvas(modifier) {
        val modules = qr.size + 2 * QUIET_ZONE
        val cell = floor(size.minDimension / modules).coerceAtLeast(1f)
        val origin = Offset(floor((size.width - cell * modules) / 2), floor((size.height - cell * modules) / 2))
        drawRect(Color.White, origin, Size(cell * modules, cell * modules))
        for (y in 0 until qr.size) {
            for (x in 0 until qr.size) {
                if (qr.getModule(x, y)) {
                    val at = origin + Offset((x + QUIET_ZONE) * cell, (y + QUIET_ZONE) * cell)
                    drawRect(Color.Black, at, Size(cell, cell))
                }
            }
        }
    }
}

private const val QUIET_ZONE = 4
