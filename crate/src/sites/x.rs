//! X (x.com, twitter.com): its GraphQL responses, in the three user schemas X has served.

use crate::observation::{ReadWarning, Reading};

/// Reads one X GraphQL response body. Never fails: what cannot be read becomes a warning.
pub fn read_graphql(body: &str, page_url: Option<&str>, observed_at: i64) -> Reading {
    let _ = (page_url, observed_at);
    let mut reading = Reading::default();
    if serde_json::from_str::<serde_json::Value>(body).is_err() {
        reading.warnings.push(ReadWarning::new("$", "not JSON"));
    }
    reading
}
