//! A channel's account from the headers and metadata a channel page carries (c4, page header, metadata, about).

use super::*;

pub(super) fn read_c4_header(header: &Value<'_>) -> Account {
    let avatar = get(header, &["avatar", "thumbnails"])
        .and_then(Value::as_array)
        .and_then(|t| t.first())
        .and_then(|t| str_at(t, &["url"]));
    Account {
        id: str_at(header, &["channelId"])
            .or_else(|| str_at(header, &["navigationEndpoint", "browseEndpoint", "browseId"]))
            .unwrap_or("")
            .to_string(),
        handle: text_at(header, &["channelHandleText"]).and_then(|t| handle_from(&t)).or_else(|| {
            str_at(header, &["navigationEndpoint", "browseEndpoint", "canonicalBaseUrl"])
                .and_then(handle_from)
        }),
        name: text_at(header, &["title"]),
        default_avatar: avatar.and_then(default_avatar),
        followers: text_at(header, &["subscriberCountText"]).and_then(|t| parse_count(&t)),
        posts_count: text_at(header, &["videosCountText"]).and_then(|t| parse_count(&t)),
        verified: Some(header.get("badges").is_some_and(has_verified_badge)),
        ..Account::default()
    }
}

pub(super) fn read_page_header(header: &Value<'_>) -> Account {
    let view = get(header, &["content", "pageHeaderViewModel"]);
    let mut account = Account {
        name: view
            .and_then(|v| text_at(v, &["title", "dynamicTextViewModel", "text"]))
            .or_else(|| text_at(header, &["pageTitle"])),
        // The badge is an attachment of the title; its absence is not proof, so only `true` is said.
        verified: view.and_then(|v| v.get("title")).is_some_and(has_verified_badge).then_some(true),
        ..Account::default()
    };
    let avatar = view
        .and_then(|v| {
            get(v, &["image", "decoratedAvatarViewModel", "avatar", "avatarViewModel", "image", "sources"])
        })
        .and_then(Value::as_array)
        .and_then(|s| s.first())
        .and_then(|s| str_at(s, &["url"]));
    account.default_avatar = avatar.and_then(default_avatar);
    let rows = view
        .and_then(|v| get(v, &["metadata", "contentMetadataViewModel", "metadataRows"]))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    for row in rows {
        let parts: Vec<String> = row
            .get("metadataParts")
            .and_then(Value::as_array)
            .map(|parts| parts.iter().filter_map(|p| p.get("text").and_then(text_of)).collect())
            .unwrap_or_default();
        for (i, part) in parts.iter().enumerate() {
            let lower = crate::text::lowercase(part);
            if part.trim_start().starts_with('@') {
                account.handle = handle_from(part);
            } else if lower.contains("subscriber") || (i == 0 && parts.len() == 2 && !lower.contains("video"))
            {
                account.followers = parse_count(part);
            } else if lower.contains("video") || i == 1 {
                account.posts_count = parse_count(part);
            }
        }
    }
    account
}

pub(super) fn read_channel_metadata(metadata: &Value<'_>) -> Account {
    let avatar = get(metadata, &["avatar", "thumbnails"])
        .and_then(Value::as_array)
        .and_then(|t| t.first())
        .and_then(|t| str_at(t, &["url"]));
    Account {
        id: str_at(metadata, &["externalId"]).unwrap_or("").to_string(),
        handle: str_at(metadata, &["vanityChannelUrl"]).and_then(handle_from),
        name: text_at(metadata, &["title"]),
        bio: text_at(metadata, &["description"]),
        default_avatar: avatar.and_then(default_avatar),
        ..Account::default()
    }
}

pub(super) fn read_about(about: &Value<'_>) -> Account {
    Account {
        id: str_at(about, &["channelId"]).unwrap_or("").to_string(),
        handle: str_at(about, &["canonicalChannelUrl"]).and_then(handle_from),
        name: text_at(about, &["title"]),
        bio: text_at(about, &["description"]),
        location: text_at(about, &["country"]),
        created_at: text_at(about, &["joinedDateText"]).and_then(|t| parse_date(&t)),
        followers: text_at(about, &["subscriberCountText"]).and_then(|t| parse_count(&t)),
        posts_count: text_at(about, &["videoCountText"]).and_then(|t| parse_count(&t)),
        ..Account::default()
    }
}

/// The handle of a channel page from its address: `youtube.com/@handle/videos`.
pub(super) fn channel_handle_from_url(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    let path = path.split_once("://").map(|(_, rest)| rest).unwrap_or(path);
    let (_, path) = path.split_once('/')?;
    path.starts_with('@').then(|| handle_from(path)).flatten()
}

/// The id of a channel page from its address: `/channel/UC…`.
pub(super) fn channel_id_from_url(url: &str) -> Option<String> {
    let rest = &url[url.find("/channel/")? + "/channel/".len()..];
    let id = rest.split(['/', '?', '#']).next()?;
    (id.starts_with("UC") && id.len() == 24).then(|| id.to_string())
}
