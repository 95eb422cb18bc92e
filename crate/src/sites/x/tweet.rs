//! An X GraphQL `Tweet` object turned into a [`Post`]: the same in all three schemas, since tweets kept
//! their `legacy` object; only `source` moved from `legacy` to the top level, and long posts carry their full
//! text in `note_tweet`.

use trichome_text::json::Value;

use crate::observation::{Post, PostTime};

use super::json::Fields;

/// Who wrote a tweet, as far as its `core.user_results` tells.
pub(super) struct Author {
    /// The author's `rest_id`.
    pub(super) id: Option<String>,
    /// The author's handle, for the post's address.
    pub(super) handle: Option<String>,
}

/// Reads a post from a `Tweet` object; `None` (with a warning) when it has no id or no author.
pub(super) fn read_post(tweet: &mut Fields, author: Author) -> Option<Post> {
    let Some(id) = tweet.text(&["rest_id"]).or_else(|| tweet.text(&["legacy", "id_str"])) else {
        tweet.warn(&["rest_id"], "tweet without an id: skipped");
        return None;
    };
    let id = id.to_string();
    let account_id = match author.id {
        Some(author_id) => author_id,
        None => match tweet.text(&["legacy", "user_id_str"]) {
            Some(author_id) => author_id.to_string(),
            None => {
                tweet.warn(&["core", "user_results"], format!("tweet {id} without an author: skipped"));
                return None;
            }
        },
    };
    let repost_of = result_id(tweet, &["legacy", "retweeted_status_result"])
        .or_else(|| result_id(tweet, &["retweeted_status_result"]));
    let text = if repost_of.is_some() {
        // A repost's text is someone else's; the reposted post is read on its own.
        String::new()
    } else if let Some(long) = tweet.text(&["note_tweet", "note_tweet_results", "result", "text"]) {
        long.to_string()
    } else {
        tweet.text(&["legacy", "full_text"]).map(unescape_full_text).unwrap_or_default()
    };
    let quote_of = if repost_of.is_some() {
        None
    } else {
        result_id(tweet, &["quoted_status_result"])
            .or_else(|| tweet.text(&["legacy", "quoted_status_id_str"]).map(str::to_string))
    };
    let client = tweet.text(&["source"]).or_else(|| tweet.text(&["legacy", "source"])).and_then(anchor_text);
    let url = match &author.handle {
        Some(handle) => format!("https://x.com/{handle}/status/{id}"),
        None => format!("https://x.com/i/status/{id}"),
    };
    Some(Post {
        account_id,
        text,
        lang: tweet.text(&["legacy", "lang"]).map(str::to_string),
        created: tweet.x_time(&["legacy", "created_at"]).map(PostTime::exact),
        client,
        reply_to: tweet.text(&["legacy", "in_reply_to_status_id_str"]).map(str::to_string),
        reply_to_account: tweet.text(&["legacy", "in_reply_to_user_id_str"]).map(str::to_string),
        quote_of,
        repost_of,
        url: Some(url),
        time_text: None,
        id,
    })
}

/// The `rest_id` of the tweet inside `{"result": …}` at a relative path, seeing through
/// `TweetWithVisibilityResults`.
fn result_id(tweet: &mut Fields, keys: &[&str]) -> Option<String> {
    let mut result = tweet.object(keys)?.get("result")?;
    if let Some(inner) = result.get("tweet").filter(|_| is_visibility_wrapper(result)) {
        result = inner;
    }
    result.get("rest_id").and_then(Value::as_str).map(str::to_string)
}

/// Whether a result is X's wrapper around a tweet with limited visibility.
fn is_visibility_wrapper(result: &Value<'_>) -> bool {
    result.get("__typename").and_then(Value::as_str) == Some("TweetWithVisibilityResults")
}

/// `legacy.full_text` is HTML-escaped (`&amp;`, `&lt;`, `&gt;`), while `note_tweet` text and the rendered
/// page are not; unescaping once makes the same words compare equal wherever they were read.
fn unescape_full_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (replacement, len) = if rest.starts_with("&amp;") {
            ('&', 5)
        } else if rest.starts_with("&lt;") {
            ('<', 4)
        } else if rest.starts_with("&gt;") {
            ('>', 4)
        } else {
            ('&', 1)
        };
        out.push(replacement);
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

/// The client's name from `source`, which X sends as an HTML anchor:
/// `<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>` gives `Twitter Web App`.
fn anchor_text(source: &str) -> Option<String> {
    let source = source.trim();
    let inner = if source.starts_with('<') {
        let after = &source[source.find('>')? + 1..];
        &after[..after.find('<').unwrap_or(after.len())]
    } else {
        source
    };
    let name = unescape_full_text(inner.trim());
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_is_the_anchor_text_of_source() {
        let cases = [
            (
                r#"<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>"#,
                Some("Twitter Web App"),
            ),
            (
                r#"<a href="http://twitter.com" rel="nofollow">Twitter for  iPhone</a>"#,
                Some("Twitter for  iPhone"),
            ),
            ("Twitter for Android", Some("Twitter for Android")),
            (r#"<a href="x">A &amp; B</a>"#, Some("A & B")),
            ("<a href=", None),
            ("", None),
        ];
        for (source, want) in cases {
            assert_eq!(anchor_text(source).as_deref(), want, "{source}");
        }
    }

    #[test]
    fn full_text_is_unescaped_once() {
        assert_eq!(unescape_full_text("a &amp;lt; b &lt;3 &gt; &amp; & &x"), "a &lt; b <3 > & & &x");
    }
}
