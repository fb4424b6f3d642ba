//! One trait for every Cognito operation. The request type names its service, its operation
//! and its answer, so a request can only go to its own `X-Amz-Target` and be decoded as its
//! own response: no operation is called by a string name.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A JSON 1.1 operation, implemented by its request type.
pub(crate) trait Operation: Serialize {
    /// The service that serves it.
    type Service: Service;
    /// What a 2xx answer decodes to.
    type Output: DeserializeOwned;
    /// The operation's name: the part of `X-Amz-Target` after the dot.
    const NAME: &'static str;
}

/// A JSON 1.1 service: the part of `X-Amz-Target` before the dot.
pub(crate) trait Service {
    /// `AWSCognitoIdentityProviderService`, `AWSCognitoIdentityService`.
    const TARGET_PREFIX: &'static str;
}

/// Cognito user pools.
#[derive(Debug)]
pub(crate) enum UserPools {}

impl Service for UserPools {
    const TARGET_PREFIX: &'static str = "AWSCognitoIdentityProviderService";
}

/// Cognito identity pools.
#[derive(Debug)]
pub(crate) enum IdentityPools {}

impl Service for IdentityPools {
    const TARGET_PREFIX: &'static str = "AWSCognitoIdentityService";
}

/// `X-Amz-Target` of an operation.
pub(crate) fn target<Op: Operation>() -> String {
    format!("{}.{}", <Op::Service as Service>::TARGET_PREFIX, Op::NAME)
}

/// An answer with no fields of interest.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Empty {}

/// Declares request types as operations: `operations!(Service { "Name": Request => Response })`.
macro_rules! operations {
    ($service:ty { $($name:literal: $request:ty => $response:ty,)+ }) => {
        $(
            impl $crate::wire::Operation for $request {
                type Service = $service;
                type Output = $response;
                const NAME: &'static str = $name;
            }
        )+
    };
}
pub(crate) use operations;
