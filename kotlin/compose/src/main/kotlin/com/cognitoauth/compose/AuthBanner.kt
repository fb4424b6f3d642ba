package com.cognitoauth.compose

import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.clearAndSetSemantics
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.unit.dp

/**
 * A screen-level error ("The username or password is not right.", "The server cannot be
 * reached…"), in the theme's error colors. A screen reader announces it as soon as it appears
 * (assertive live region), prefixed as the `a11y.banner` string says ("Error: …").
 *
 * Tag: [AuthTags.BANNER].
 *
 * @param message the text.
 * @param modifier for the banner's surface.
 */
@Composable
fun AuthBanner(message: String, modifier: Modifier = Modifier) {
    val strings = LocalAuthenticatorStrings.current
    Surface(
        modifier = modifier
            .fillMaxWidth()
            .testTag(AuthTags.BANNER)
            .clearAndSetSemantics {
                contentDescription = strings.format("a11y.banner", "message" to message)
                liveRegion = LiveRegionMode.Assertive
            },
        color = MaterialTheme.colorScheme.errorContainer,
        contentColor = MaterialTheme.colorScheme.onErrorContainer,
        shape = MaterialTheme.shapes.small,
    ) {
        Text(message, modifier = Modifier.padding(12.dp), style = MaterialTheme.typography.bodyMedium)
    }
}
