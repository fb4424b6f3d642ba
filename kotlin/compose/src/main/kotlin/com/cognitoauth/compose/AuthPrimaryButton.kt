package com.cognitoauth.compose

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.size
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.LocalContentColor
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.draw.alpha
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.semantics.stateDescription
import androidx.compose.ui.unit.dp

/**
 * The screen's main button. While [busy] (a request is on its way) it is disabled and shows
 * a progress indicator in place of its label, keeping its size; a screen reader hears the
 * label with the `a11y.busy` state ("Please wait").
 *
 * @param label the button's text.
 * @param onClick called when pressed (never while busy).
 * @param modifier for the button.
 * @param busy whether a request is on its way.
 * @param enabled false to disable it for another reason.
 */
@Composable
fun AuthPrimaryButton(
    label: String,
    onClick: () -> Unit,
    modifier: Modifier = Modifier,
    busy: Boolean = false,
    enabled: Boolean = true,
) {
    val strings = LocalAuthenticatorStrings.current
    Button(
        onClick = onClick,
        enabled = enabled && !busy,
        modifier = modifier
            .fillMaxWidth()
            .semantics {
                contentDescription = label
                if (busy) stateDescription = strings["a11y.busy"]
            },
    ) {
        Box(contentAlignment = Alignment.Center) {
            // The label keeps the button's width while the indicator shows.
            Text(label, modifier = Modifier.alpha(if (busy) 0f else 1f))
            if (busy) {
                CircularProgressIndicator(
                    modifier = Modifier.size(18.dp),
                    color = LocalContentColor.current,
                    strokeWidth = 2.dp,
                )
            }
        }
    }
}
