//! Site knowledge: one module per site, each turning what that site sends the page into observations.

pub mod relative_time;
pub mod x;
pub mod youtube;

use crate::observation::Reading;

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
    /// Anything else: not read.
    Unknown,
}

/// Classifies a captured response by its URL.
pub fn classify(url: &str) -> CaptureKind {
    if url.starts_with(youtube::INITIAL_DATA_PREFIX) {
        return CaptureKind::YoutubeInitialData;
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    let host_and_path = path.split_once("://").map(|(_, rest)| rest).unwrap_or(path);
    let (host, path) = host_and_path.split_once('/').unwrap_or((host_and_path, ""));
    let x_host =
        matches!(host, "x.com" | "twitter.com" | "mobile.x.com" | "api.x.com" | "mobile.twitter.com")
            || host.is_empty();
    if x_host && path.contains("graphql/") {
        return CaptureKind::XGraphql;
    }
    if let Some(kind) = youtube::classify(host, path) {
        return kind;
    }
    CaptureKind::Unknown
}

/// Reads a captured response body into observations, choosing the reader from the URL.
pub fn read_capture(url: &str, body: &str, observed_at: i64) -> Reading {
    match classify(url) {
        CaptureKind::XGraphql => x::read_graphql(body, Some(url), observed_at),
        CaptureKind::YoutubeNext => youtube::read_next(body, None, observed_at),
        CaptureKind::YoutubeBrowse => youtube::read_browse(body, None, observed_at),
        CaptureKind::YoutubeInitialData => {
            let page_url = url.strip_prefix(youtube::INITIAL_DATA_PREFIX).filter(|u| !u.is_empty());
            youtube::read_initial_data(body, page_url, observed_at)
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
            ("https://evil.example/youtubei/v1/next", CaptureKind::Unknown),
        ];
        for (url, kind) in cases {
            assert_eq!(classify(url), kind, "{url}");
        }
    }
}
