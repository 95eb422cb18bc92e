//! Phatic posts: greetings, thanks, congratulations and the other words many ordinary people write alike.

use super::{common, script_of, Script};

/// Whether a word belongs to greetings, thanks, congratulations and other phatic posts that many ordinary
/// people write in the same words. (A `match`, which compiles to a switch on length, not a search.)
pub fn is_phatic_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "all"
            | "amazing"
            | "amen"
            | "and"
            | "awesome"
            | "bday"
            | "best"
            | "birthday"
            | "bless"
            | "bravo"
            | "cheers"
            | "christmas"
            | "congrats"
            | "congratulations"
            | "cool"
            | "day"
            | "dear"
            | "done"
            | "easter"
            | "eid"
            | "evening"
            | "everyone"
            | "for"
            | "friday"
            | "friends"
            | "god"
            | "good"
            | "great"
            | "guys"
            | "haha"
            | "hahaha"
            | "happy"
            | "hello"
            | "hey"
            | "hi"
            | "holiday"
            | "holidays"
            | "is"
            | "it"
            | "lol"
            | "love"
            | "luck"
            | "lunar"
            | "merry"
            | "monday"
            | "morning"
            | "mubarak"
            | "much"
            | "new"
            | "nice"
            | "night"
            | "of"
            | "omg"
            | "please"
            | "rip"
            | "so"
            | "thank"
            | "thanks"
            | "thankyou"
            | "that"
            | "the"
            | "this"
            | "thx"
            | "to"
            | "true"
            | "ty"
            | "very"
            | "welcome"
            | "well"
            | "wishes"
            | "wow"
            | "year"
            | "yes"
            | "you"
            | "your"
            | "agree"
            | "agreed"
            | "blessed"
            | "brave"
            | "exactly"
            | "get"
            | "hahahaha"
            | "heart"
            | "hero"
            | "heroes"
            | "hope"
            | "i"
            | "in"
            | "lmao"
            | "me"
            | "my"
            | "on"
            | "peace"
            | "pray"
            | "prayers"
            | "praying"
            | "proud"
            | "respect"
            | "safe"
            | "same"
            | "soon"
            | "stay"
            | "strong"
            | "thoughts"
            | "we"
            | "yay"
    )
}

/// The words of a normalised text, which [`tokenise`] separates by single spaces and which hold no other
/// ASCII whitespace: split by bytes, several times cheaper than a `char` pattern on this hot path.
pub(super) fn words_of(normalised: &str) -> std::str::SplitAsciiWhitespace<'_> {
    normalised.split_ascii_whitespace()
}

/// Whether at least `share` of a normalised text's words are phatic ([`phatic_share`]). Stops as soon as the
/// words left cannot reach the share, which for most texts is after a few words.
pub fn is_phatic(normalised: &str, share: f64) -> bool {
    if !normalised.is_ascii() && normalised.chars().any(|c| script_of(c) == Script::Ideographic) {
        return phatic_share(normalised) >= share;
    }
    let total = words_of(normalised).count();
    if total == 0 {
        // As the share of nothing, which is 0.
        return share <= 0.0;
    }
    let needed = share * total as f64;
    let mut missed = 0usize;
    for word in words_of(normalised) {
        if !(is_phatic_word(word) || word == "@") {
            missed += 1;
            if ((total - missed) as f64) < needed {
                return false;
            }
        }
    }
    true
}

/// The share of a normalised text's words (and Chinese characters) that belong to greetings, thanks and
/// cheering: "happy new year to all", "生日快乐". Near 1 for phatic posts, which ordinary people write in
/// the same words without any coordination.
pub fn phatic_share(normalised: &str) -> f64 {
    common::ordinary_reading(normalised, is_phatic_word).common_share()
}
