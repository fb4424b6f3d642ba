//! Where a confirmation or verification code went: the answer of every operation that sends
//! one (sign-up, password reset, attribute verification).

use serde::{Deserialize, Serialize};

/// Where a code was sent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct CodeDeliveryDetails {
    /// Masked destination (`a***@e***.com`).
    pub destination: Option<String>,
    /// `SMS` or `EMAIL`.
    pub delivery_medium: Option<String>,
    /// Attribute the code verifies.
    pub attribute_name: Option<String>,
}

/// An answer carrying only code-delivery details.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct CodeDeliveryResponse {
    /// Where the code went.
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}
