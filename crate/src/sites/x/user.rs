//! An X GraphQL `User` object turned into an [`Account`], in whichever of the three schemas it comes.
//!
//! 2025-legacy keeps everything in `legacy.*`; 2026-transitional moved the names and creation time to
//! `core.*` and the location to `location.location` but kept counts in `legacy.*`; 2026-current has no
//! `legacy` at all (`profile_bio`, `avatar`, `relationship_counts`, `tweet_counts`, `verification`). Each field
//! is read from the newest place first, then the older ones.

use trichome_text::json::Value;

use crate::observation::{AboutAccount, Account};

use super::json::Fields;

/// Reads an account from a `User` object. `None` when it has no `rest_id` (nothing to key it by).
pub(super) fn read_account(user: &mut Fields) -> Option<Account> {
    let id = user.text(&["rest_id"])?.to_string();
    let handle = first_text(user, &[&["core", "screen_name"], &["legacy", "screen_name"]]);
    let name = first_text(user, &[&["core", "name"], &["legacy", "name"]]);
    let created_at = user.x_time(&["core", "created_at"]).or_else(|| user.x_time(&["legacy", "created_at"]));
    let bio = first_text(user, &[&["profile_bio", "description"], &["legacy", "description"]]);
    let location = read_location(user);
    let followers =
        first_count(user, &[&["relationship_counts", "followers"], &["legacy", "followers_count"]]);
    let following = first_count(user, &[&["relationship_counts", "following"], &["legacy", "friends_count"]]);
    let posts_count = first_count(user, &[&["tweet_counts", "tweets"], &["legacy", "statuses_count"]]);
    let verified = read_verified(user);
    let default_avatar = read_default_avatar(user);
    let about = read_about(user);
    Some(Account {
        id,
        handle,
        name,
        created_at,
        bio,
        location,
        default_avatar,
        followers,
        following,
        posts_count,
        verified,
        about,
    })
}

fn first_text(user: &mut Fields, places: &[&[&str]]) -> Option<String> {
    places.iter().find_map(|keys| user.text(keys)).map(str::to_string)
}

fn first_count(user: &mut Fields, places: &[&[&str]]) -> Option<u64> {
    places.iter().find_map(|keys| user.count(keys))
}

/// `location` is an object (`{"location": "…"}`) since 2026, a string in `legacy` before.
fn read_location(user: &mut Fields) -> Option<String> {
    match user.value(&["location"]) {
        Some(Value::String(s)) => Some(s.to_string()),
        Some(Value::Object(_)) => user.text(&["location", "location"]).map(str::to_string),
        Some(_) => {
            user.warn(&["location"], "expected an object or a string");
            None
        }
        None => user.text(&["legacy", "location"]).map(str::to_string),
    }
}

/// Any of X's verification marks counts: paid (`is_blue_verified`), legacy and organisational
/// (`verification.verified`, `legacy.verified`). Unknown when none of the fields is present.
fn read_verified(user: &mut Fields) -> Option<bool> {
    let marks = [
        user.flag(&["is_blue_verified"]),
        user.flag(&["verification", "verified"]),
        user.flag(&["legacy", "verified"]),
    ];
    marks.iter().flatten().copied().reduce(|a, b| a || b)
}

/// The explicit flag where the schema still has it, else whether the avatar is X's default picture.
fn read_default_avatar(user: &mut Fields) -> Option<bool> {
    if let Some(flag) = user.flag(&["legacy", "default_profile_image"]) {
        return Some(flag);
    }
    let url =
        user.text(&["avatar", "image_url"]).or_else(|| user.text(&["legacy", "profile_image_url_https"]))?;
    Some(url.contains("default_profile"))
}

/// AboutAccountQuery's `about_profile`: where X says the account is based, how it connects, renames.
fn read_about(user: &mut Fields) -> Option<AboutAccount> {
    user.object(&["about_profile"])?;
    let base = ["about_profile"];
    let at = |keys: &[&'static str]| -> Vec<&'static str> { base.iter().chain(keys).copied().collect() };
    let username_changes = match user.count(&at(&["username_changes", "count"])) {
        Some(n) => match u32::try_from(n) {
            Ok(n) => Some(n),
            Err(_) => {
                user.warn(&at(&["username_changes", "count"]), format!("implausible rename count {n}"));
                None
            }
        },
        None => None,
    };
    let last_username_change_at = user
        .count(&at(&["username_changes", "last_changed_at_msec"]))
        .and_then(|ms| i64::try_from(ms / 1000).ok());
    Some(AboutAccount {
        based_in: user.text(&at(&["account_based_in"])).map(str::to_string),
        username_changes,
        last_username_change_at,
        source: user.text(&at(&["source"])).map(str::to_string),
    })
}
