//! Site knowledge: one module per site, each turning what that site sends the page into observations.

pub(crate) mod json_path;
pub mod x;
pub mod youtube;

use crate::observation::{ReadWarning, Reading, Site};

/// Every host whose responses are read, with its site: the one list of them in the library.
pub const HOSTS: &[(&str, Site)] = &[
    ("x.com", Site::X),
    ("twitter.com", Site::X),
    ("mobile.x.com", Site::X),
    ("api.x.com", Site::X),
    ("mobile.twitter.com", Site::X),
    ("www.youtube.com", Site::Youtube),
    ("youtube.com", Site::Youtube),
    ("m.youtube.com", Site::Youtube),
];

/// The site a host belongs to ([`HOSTS`]), if it is one that is read.
pub fn site_of_host(host: &str) -> Option<Site> {
    HOSTS.iter().find(|(h, _)| *h == host).map(|(_, site)| *site)
}

/// What a captured response is, judged from its URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureKind {
    /// An X GraphQL response (the operation name follows `/graphql/<id>/`).
    XGraphql,
    /// A YouTube `youtubei/v1/next` response (watch page: comments, video owner).
    YoutubeNext,
    /// A YouTube `youtubei/v1/browse` response (channel pages).
    YoutubeBrowse,
    /// `window.ytInitialData`, handed over as `ytinitialdata:<page url>`.
    YoutubeInitialData,
    /// `window.ytInitialPlayerResponse`, handed over as `ytplayerresponse:<page url>`.
    YoutubePlayerResponse,
    /// Anything else: not read.
    Unknown,
}

/// Parses a response body as JSON the way the page does (in the lowest layer, which the wasm module builds for
/// speed: trichome_text::json).
pub use trichome_text::json::parse_json;

/// Classifies a captured response by its URL.
pub fn classify(url: &str) -> CaptureKind {
    if url.starts_with(youtube::INITIAL_DATA_PREFIX) {
        return CaptureKind::YoutubeInitialData;
    }
    if url.starts_with(youtube::PLAYER_RESPONSE_PREFIX) {
        return CaptureKind::YoutubePlayerResponse;
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    let host_and_path = path.split_once("://").map(|(_, rest)| rest).unwrap_or(path);
    let (host, path) = host_and_path.split_once('/').unwrap_or((host_and_path, ""));
    let x_host = host.is_empty() || site_of_host(host) == Some(Site::X);
    if x_host && path.contains("graphql/") {
        return CaptureKind::XGraphql;
    }
    if let Some(kind) = youtube::classify(host, path) {
        return kind;
    }
    CaptureKind::Unknown
}

/// The largest response body read. The largest real responses at hand weigh 1.4 MB (a YouTube comment page
/// full of formatting) and 1 MB (an X timeline); a page that sends more is not showing a timeline, and a 12 MB
/// body once cost 23 s of the engine's time (issue #17, finding 4).
pub const MAX_CAPTURE_BYTES: usize = 4 * 1024 * 1024;

/// The most observations taken from one response: the real ones at hand give at most a few hundred
/// (`crate/tests/hardening.rs` checks every one), and a forged response of thousands of accounts once pushed
/// every account seen before out of the engine (issue #17, finding 1).
pub const MAX_OBSERVATIONS_PER_CAPTURE: usize = 500;

/// Reads a captured response body into observations, choosing the reader from the URL. Bodies over
/// [`MAX_CAPTURE_BYTES`] are not read, and observations past [`MAX_OBSERVATIONS_PER_CAPTURE`] are left out;
/// both with a warning.
pub fn read_capture(url: &str, body: &str, observed_at: i64) -> Reading {
    if body.len() > MAX_CAPTURE_BYTES {
        let message = format!("{} bytes, over {MAX_CAPTURE_BYTES}: not read", body.len());
        return Reading { observations: Vec::new(), warnings: vec![ReadWarning::new("$", message)] };
    }
    let mut reading = read_response(url, body, observed_at);
    if reading.observations.len() > MAX_OBSERVATIONS_PER_CAPTURE {
        let message = format!(
            "{} observations, over {MAX_OBSERVATIONS_PER_CAPTURE}: the rest left out",
            reading.observations.len()
        );
        reading.observations.truncate(MAX_OBSERVATIONS_PER_CAPTURE);
        reading.warnings.push(ReadWarning::new("$", message));
    }
    reading
}

/// Reads a response body of any size into observations, choosing the reader from the URL: for dataset files,
/// which a researcher chose (the command-line tool). What a page hands over goes through [`read_capture`].
pub fn read_response(url: &str, body: &str, observed_at: i64) -> Reading {
    match classify(url) {
        CaptureKind::XGraphql => x::read_graphql(body, Some(url), observed_at),
        CaptureKind::YoutubeNext => youtube::read_next(body, None, observed_at),
        CaptureKind::YoutubeBrowse => youtube::read_browse(body, None, observed_at),
        CaptureKind::YoutubeInitialData => {
            let page_url = url.strip_prefix(youtube::INITIAL_DATA_PREFIX).filter(|u| !u.is_empty());
            youtube::read_initial_data(body, page_url, observed_at)
        }
        CaptureKind::YoutubePlayerResponse => {
            let page_url = url.strip_prefix(youtube::PLAYER_RESPONSE_PREFIX).filter(|u| !u.is_empty());
            youtube::read_player_response(body, page_url, observed_at)
        }
        CaptureKind::Unknown => Reading::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_capture_urls() {
        let cases = [
            ("https://x.com/i/api/graphql/abc123/TweetDetail?variables=%7B%7D", CaptureKind::XGraphql),
            ("/i/api/graphql/abc/UserTweets", CaptureKind::XGraphql),
            ("https://twitter.com/i/api/graphql/q/SearchTimeline", CaptureKind::XGraphql),
            ("https://x.com/i/api/2/badge_count", CaptureKind::Unknown),
            ("https://evil.example/graphql/x/TweetDetail", CaptureKind::Unknown),
            ("https://www.youtube.com/youtubei/v1/next?prettyPrint=false", CaptureKind::YoutubeNext),
            ("https://www.youtube.com/youtubei/v1/browse?prettyPrint=false", CaptureKind::YoutubeBrowse),
            ("ytinitialdata:https://www.youtube.com/watch?v=GJLlxj_dtq8", CaptureKind::YoutubeInitialData),
            (
                "ytplayerresponse:https://www.youtube.com/watch?v=GJLlxj_dtq8",
                CaptureKind::YoutubePlayerResponse,
            ),
            ("https://evil.example/youtubei/v1/next", CaptureKind::Unknown),
        ];
        for (url, kind) in cases {
            assert_eq!(classify(url), kind, "{url}");
        }
    }
}
