//! Text normalisation and shingling: what makes copies of a text meet and different texts stay apart.
//!
//! [`normalise`] folds away what copies of one text differ in without meaning anything (width, case,
//! Traditional or Simplified characters, link paths, reply addressing, emoji, punctuation, spacing);
//! [`shingles`] cuts the result into overlapping pieces by script (word pairs where words are spaced,
//! character pairs or triples where they are not), hashed to `u64`, ready for MinHash.

pub mod common;
mod hash;
mod lower;
mod nfkc;
mod phatic;

pub use self::hash::{avalanche, fnv1a, hash_str, FNV_OFFSET, GOLDEN_GAMMA};
pub use self::lower::{lower, lower_chars, lowercase};
use self::phatic::words_of;
pub use self::phatic::{is_phatic, is_phatic_word, phatic_share};

use std::borrow::Cow;

use self::nfkc::is_combining_mark;
pub use self::nfkc::nfkc;
#[cfg(target_arch = "wasm32")]
pub use self::nfkc::use_platform_nfkc;

/// Normalises a post's text for comparison.
///
/// - Unicode NFKC (which also folds full-width and half-width forms), lower case, `ß`→`ss`, final `ς`→`σ`.
/// - Traditional Chinese characters folded to Simplified by [`simplified`] (a table of 641 common ones).
/// - HTML entities the sites leave in (`&amp;`, `&#39;` …) decoded.
/// - URLs reduced to their domain (`https://www.example.com/a?b` → `example.com`).
/// - Leading reply mentions (`@a @b …`, and a leading `RT @a:`) dropped: that is the site's addressing, not
///   content. Mentions inside the text become a bare `@`, so that one text aimed at different people meets.
/// - `#` dropped from hashtags (the word stays), so `#Xinjiang` and `Xinjiang` meet.
/// - Emoji, Weibo-style bracket emoticons (`[doge]`, `[哈哈]`), punctuation and symbol runs become word
///   breaks; invisible characters (zero-width joiners and spaces, variation selectors, soft hyphens) vanish,
///   so that `hel\u{200b}lo` meets `hello`; apostrophes inside words vanish (`don't` → `dont`).
/// - White space folded to single spaces.
///
/// Idempotent: `normalise(&normalise(t)) == normalise(t)` (a property test checks it on arbitrary text).
pub fn normalise(text: &str) -> String {
    let once = tokenise(&fold(&decode_entities(text)));
    // Joining the two sides of a dropped apostrophe can, in a few scripts (Hangul jamo), make a sequence
    // that NFKC composes; one more pass over such rare output settles it.
    match nfkc(&once) {
        Cow::Borrowed(_) => once,
        Cow::Owned(_) => tokenise(&fold(&once)),
    }
}

/// The HTML entities that X's `full_text` and scraped datasets leave in.
fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    const ENTITIES: [(&str, &str); 8] = [
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&#x27;", "'"),
        ("&apos;", "'"),
        ("&nbsp;", " "),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((e, r)) => {
                out.push_str(r);
                rest = &rest[e.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// NFKC, then case and script folding. Lower-casing can, rarely, leave text that NFKC would change again;
/// a second round settles it, which is what makes [`normalise`] idempotent.
fn fold(s: &str) -> String {
    let once = fold_chars(&nfkc(s));
    match nfkc(&once) {
        Cow::Borrowed(_) => once,
        Cow::Owned(again) => fold_chars(&again),
    }
}

fn fold_chars(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_invisible(c) {
            // Dropped outright (not a word break), so that a zero-width space inside a word cannot split it.
        } else if is_han(c) {
            out.push(simplified(c));
        } else {
            match c {
                'ß' | 'ẞ' => out.push_str("ss"),
                'ς' => out.push('σ'),
                _ => out.extend(lower_chars(c)),
            }
        }
    }
    out
}

/// Characters that change nothing a reader sees: zero-width spaces and joiners, word joiners, byte-order
/// marks, soft hyphens, variation selectors, the keycap mark, tag characters (flag sequences).
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}' | '\u{20E3}'
        | '\u{E0000}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}')
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF)
}

/// The Simplified form of a Traditional Chinese character, or the character itself.
///
/// The table holds the 641 Traditional characters whose Simplified forms are most frequent in running
/// Chinese text. It was taken from OpenCC's `TSCharacters.txt` (Apache-2.0, github.com/BYVoid/OpenCC),
/// keeping the first (preferred) Simplified form of each entry, dropping entries whose Traditional form is
/// itself in ordinary Simplified use (乾, 著, 於 as a surname aside, 藉, 瞭 …) and ranking by the summed
/// word frequencies of jieba's dictionary (MIT, github.com/fxsjy/jieba); 於→于 was added by hand. No
/// Simplified form in it is also a Traditional key, so folding twice changes nothing.
pub fn simplified(c: char) -> char {
    match TRADITIONAL_TO_SIMPLIFIED.binary_search_by(|(t, _)| t.cmp(&c)) {
        Ok(i) => TRADITIONAL_TO_SIMPLIFIED[i].1,
        Err(_) => c,
    }
}

/// Where a character may start or continue a word.
fn is_word_char(c: char) -> bool {
    // Lower-case Cyrillic first (folded text is lower case): Unicode's letter table is a search.
    matches!(c, '\u{0430}'..='\u{045F}') || c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Splits folded text into words, applying the URL, mention, hashtag, emoticon and punctuation rules.
///
/// Walks the text by byte offset rather than through a collected `Vec<char>`: this runs on every post, and
/// the copy cost more than the rules.
fn tokenise(s: &str) -> String {
    let n = s.len();
    let mut out = String::with_capacity(n);
    // Whether a content word has been written: mentions before it are reply addressing.
    let mut content = false;
    let mut in_word = false;
    let mut i = 0;
    let bytes = s.as_bytes();
    while let Some(c) = s[i..].chars().next() {
        // The common case first: a run of ASCII letters and digits inside a word, or starting one that cannot
        // be a link, is copied whole.
        if c.is_ascii_alphanumeric() && (in_word || !matches!(c, 'h' | 'w')) {
            let run = bytes[i..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            begin_word(&mut out, &mut in_word, &mut content);
            out.push_str(&s[i..i + run]);
            i += run;
            continue;
        }
        // Any other letter or digit: no link, mention or emoticon rule starts with one.
        if !c.is_ascii() && is_word_char(c) {
            begin_word(&mut out, &mut in_word, &mut content);
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        let rest = &s[i..];
        let after = &rest[c.len_utf8()..];
        if !in_word
            && (rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www."))
        {
            let end = rest.find(char::is_whitespace).map_or(n, |p| i + p);
            let domain = url_domain(&s[i..end]);
            if !domain.is_empty() {
                begin_word(&mut out, &mut in_word, &mut content);
                out.push_str(&domain);
            }
            in_word = false;
            i = end;
            continue;
        }
        if c == '@' && !in_word {
            let handle = after.find(|d: char| !(is_word_char(d) || d == '_')).unwrap_or(after.len());
            if out == "rt" {
                // "RT @someone:" opens a manual retweet: addressing, like a reply's mentions.
                out.clear();
                content = false;
            }
            if content {
                begin_word(&mut out, &mut in_word, &mut content);
                out.push('@');
            }
            in_word = false;
            i = n - after.len() + handle;
            continue;
        }
        if c == '[' {
            // Weibo and many forums write emoticons as a short bracketed name: "[doge]", "[哈哈]".
            let close = after.char_indices().take(11).find(|&(_, d)| d == ']' || d.is_whitespace());
            if let Some((p, ']')) = close.filter(|&(p, _)| p > 0) {
                in_word = false;
                i = n - after.len() + p + 1;
                continue;
            }
        }
        let next = after.chars().next();
        if is_word_char(c) || in_word && is_combining_mark(c) {
            begin_word(&mut out, &mut in_word, &mut content);
            out.push(c);
        } else if in_word && c == '.' && next.is_some_and(|d| d.is_alphanumeric()) {
            // Dots inside a word ("3.5", "example.com") stay, so that a reduced URL survives a second pass.
            out.push(c);
        } else if in_word && is_apostrophe(c) && next.is_some_and(is_word_char) {
            // "don't" and "dont" meet.
        } else {
            in_word = false;
        }
        i = n - after.len();
    }
    out
}

fn begin_word(out: &mut String, in_word: &mut bool, content: &mut bool) {
    if !*in_word {
        if !out.is_empty() {
            out.push(' ');
        }
        *in_word = true;
        *content = true;
    }
}

/// The host of a URL, without `www.`, keeping only what [`tokenise`] keeps inside a word.
fn url_domain(url: &str) -> String {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).unwrap_or(url);
    let end = rest.find(['/', '?', '#', ':', '@']).unwrap_or(rest.len());
    let mut host = &rest[..end];
    while let Some(h) = host.strip_prefix("www.") {
        host = h;
    }
    let chars: Vec<char> = host.chars().collect();
    let mut out = String::with_capacity(host.len());
    for (i, &c) in chars.iter().enumerate() {
        let inner_dot = c == '.'
            && out.chars().last().is_some_and(char::is_alphanumeric)
            && chars.get(i + 1).is_some_and(|d| d.is_alphanumeric());
        if is_word_char(c) || inner_dot {
            out.push(c);
        }
    }
    // A host that itself begins "www." after filtering ("www-.www.x") must not be reduced again next time.
    while let Some(h) = out.strip_prefix("www.") {
        out = h.to_string();
    }
    out
}

/// Whether a raw text is a manual repost or quote of another account's post: `RT @handle …` anywhere,
/// or `\u{201C}@handle: …` quoted anywhere (`😂 “@JetBlue: Our fleet's on fleek.”`).
/// Its words are someone else's, as in a site's own repost.
pub fn is_manual_repost(raw: &str) -> bool {
    // By byte offset of each '@' (ASCII, so never inside another character), looking back a few characters
    // and on from it, without collecting the text into characters: this runs on every post.
    let handle_then_colon = |rest: &str| {
        let len = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
        len > 0 && rest[len..].starts_with(':')
    };
    raw.match_indices('@').any(|(i, _)| {
        let rest = &raw[i + 1..];
        let mut before = raw[..i].chars().rev();
        let (b1, b2, b3, b4) = (before.next(), before.next(), before.next(), before.next());
        let Some(b1) = b1 else { return false };
        // An old-style quote: “@handle: their words” with a comment before or after it.
        let quoted = matches!(b1, '"' | '\u{201C}' | '\u{201D}')
            && !b2.is_some_and(char::is_alphanumeric)
            && handle_then_colon(rest);
        // The same with the opening mark lost: `Haha! @JetBlue: Our fleet's on fleek.”`.
        let closed = !b1.is_alphanumeric() && handle_then_colon(rest) && rest.contains('\u{201D}');
        // `RT @handle` anywhere, as a word.
        let retweet = b1 == ' '
            && b2.is_some_and(|c| c.eq_ignore_ascii_case(&'t'))
            && b3.is_some_and(|c| c.eq_ignore_ascii_case(&'r'))
            && !b4.is_some_and(char::is_alphanumeric)
            && rest.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_');
        quoted || closed || retweet
    })
}

/// How a character is shingled.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    /// Written with spaces between words: shingled by words.
    Spaced,
    /// Chinese characters and Japanese kana: each character carries meaning; shingled by character pairs.
    Ideographic,
    /// Thai, Lao, Khmer, Myanmar: letters written without spaces; shingled by character triples.
    UnspacedAlphabetic,
}

fn script_of(c: char) -> Script {
    match c as u32 {
        // Latin, Greek, Cyrillic, Hebrew, Arabic, Indic: the usual answer, in one comparison.
        0..0x0E00 => Script::Spaced,
        0x3040..=0x30FF
        | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F
        | 0x20000..=0x323AF => Script::Ideographic,
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x19E0..=0x19FF | 0xAA60..=0xAA7F => {
            Script::UnspacedAlphabetic
        }
        _ => Script::Spaced,
    }
}

/// Whether a character belongs to a script written without spaces between words.
pub fn is_unspaced_script(c: char) -> bool {
    script_of(c) != Script::Spaced
}

/// Words per shingle in spaced scripts. Pairs rather than triples: one typo or inserted word in a
/// 20-word post then changes 2 of 19 shingles (Jaccard 0.81) instead of 3 of 18 (0.71), so that edited
/// copies stay above the similarity threshold, while two unrelated posts still share almost no pairs.
pub const WORD_GRAM: usize = 2;
/// Characters per shingle for Chinese and Japanese: most Chinese words are one or two characters long.
pub const IDEOGRAPHIC_GRAM: usize = 2;
/// Characters per shingle for Thai, Lao, Khmer and Myanmar, whose characters are letters, not words.
pub const ALPHABETIC_GRAM: usize = 3;

/// The shingles of a normalised text, hashed to `u64`, sorted and without repeats.
///
/// The text is read as three streams, each in its own order: the words of spaced scripts (shingled in
/// [`WORD_GRAM`]s), the characters of Chinese and Japanese (in [`IDEOGRAPHIC_GRAM`]s, across spaces, which
/// carry no meaning there) and the characters of Thai-like scripts (in [`ALPHABETIC_GRAM`]s). Mixed text
/// yields shingles from each. A stream shorter than its gram yields one shingle for the whole stream, so a
/// short text still has something to compare.
pub fn shingles(normalised: &str) -> Vec<u64> {
    let mut out = Vec::new();
    shingles_unsorted(normalised, &mut out);
    crate::sort::u64s(&mut out);
    out.dedup();
    out
}

/// The shingles of [`shingles`], appended to `out` in the order they are cut, repeats included: for a
/// caller that narrows them before sorting.
pub fn shingles_unsorted(normalised: &str, out: &mut Vec<u64>) {
    // Room for every word at once (a word and its space take at least two bytes): growing from empty
    // would allocate four or five times for a tweet.
    let mut words: Vec<u64> = Vec::with_capacity(normalised.len() / 2 + 1);
    let mut ideographic: Vec<u64> = Vec::new();
    let mut alphabetic: Vec<u64> = Vec::new();
    for token in words_of(normalised) {
        if token.is_ascii() {
            words.push(hash_str(token, 0));
            continue;
        }
        let mut piece_start: Option<usize> = None;
        for (at, c) in token.char_indices() {
            match script_of(c) {
                Script::Spaced => {
                    piece_start.get_or_insert(at);
                    continue;
                }
                Script::Ideographic => ideographic.push(u64::from(u32::from(c))),
                Script::UnspacedAlphabetic => alphabetic.push(u64::from(u32::from(c))),
            }
            if let Some(start) = piece_start.take() {
                words.push(hash_str(&token[start..at], 0));
            }
        }
        if let Some(start) = piece_start {
            words.push(hash_str(&token[start..], 0));
        }
    }
    out.reserve(words.len() + ideographic.len() + alphabetic.len());
    grams(&words, WORD_GRAM, 1, out);
    grams(&ideographic, IDEOGRAPHIC_GRAM, 2, out);
    grams(&alphabetic, ALPHABETIC_GRAM, 3, out);
}

fn grams(units: &[u64], n: usize, kind: u64, out: &mut Vec<u64>) {
    if units.is_empty() {
        return;
    }
    let n = n.min(units.len());
    for window in units.windows(n) {
        // Seeded by the stream and the gram length, so that a word pair never equals a character pair.
        let mut h = kind.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (n as u64);
        for &u in window {
            h = avalanche((h ^ u).wrapping_add(GOLDEN_GAMMA));
        }
        out.push(h);
    }
}

/// Traditional → Simplified, sorted by the Traditional character (see [`simplified`] for the source).
#[rustfmt::skip]
const TRADITIONAL_TO_SIMPLIFIED: &[(char, char)] = &[
    ('並', '并'), ('亂', '乱'), ('亞', '亚'), ('佈', '布'), ('佔', '占'), ('併', '并'), ('來', '来'),
    ('侷', '局'), ('係', '系'), ('俬', '私'), ('個', '个'), ('們', '们'), ('倖', '幸'), ('倫', '伦'),
    ('側', '侧'), ('傢', '家'), ('傳', '传'), ('傷', '伤'), ('傾', '倾'), ('僅', '仅'), ('價', '价'),
    ('儀', '仪'), ('億', '亿'), ('儘', '尽'), ('優', '优'), ('兒', '儿'), ('內', '内'), ('兩', '两'),
    ('別', '别'), ('則', '则'), ('剛', '刚'), ('創', '创'), ('劃', '划'), ('劇', '剧'), ('劉', '刘'),
    ('劍', '剑'), ('劑', '剂'), ('勁', '劲'), ('動', '动'), ('務', '务'), ('勝', '胜'), ('勞', '劳'),
    ('勢', '势'), ('匯', '汇'), ('區', '区'), ('協', '协'), ('卻', '却'), ('卽', '即'), ('厤', '历'),
    ('參', '参'), ('吳', '吴'), ('員', '员'), ('唸', '念'), ('問', '问'), ('啓', '启'), ('啟', '启'),
    ('喫', '吃'), ('單', '单'), ('嗎', '吗'), ('噁', '恶'), ('噸', '吨'), ('噹', '当'), ('嚮', '向'),
    ('嚴', '严'), ('囌', '苏'), ('國', '国'), ('圍', '围'), ('園', '园'), ('圓', '圆'), ('圖', '图'),
    ('團', '团'), ('埰', '采'), ('執', '执'), ('堅', '坚'), ('報', '报'), ('場', '场'), ('塊', '块'),
    ('墰', '坛'), ('墻', '墙'), ('壇', '坛'), ('壓', '压'), ('壜', '坛'), ('壞', '坏'), ('壯', '壮'),
    ('夠', '够'), ('夢', '梦'), ('奧', '奥'), ('奪', '夺'), ('奬', '奖'), ('奮', '奋'), ('婦', '妇'),
    ('媽', '妈'), ('孃', '娘'), ('孫', '孙'), ('學', '学'), ('宮', '宫'), ('寀', '采'), ('實', '实'),
    ('寧', '宁'), ('審', '审'), ('寫', '写'), ('寬', '宽'), ('寶', '宝'), ('將', '将'), ('專', '专'),
    ('尋', '寻'), ('對', '对'), ('導', '导'), ('屆', '届'), ('層', '层'), ('屬', '属'), ('峯', '峰'),
    ('島', '岛'), ('峽', '峡'), ('崗', '岗'), ('嵗', '岁'), ('嶺', '岭'), ('嶽', '岳'), ('巖', '岩'),
    ('師', '师'), ('帶', '带'), ('幣', '币'), ('幫', '帮'), ('幷', '并'), ('幹', '干'), ('幾', '几'),
    ('庫', '库'), ('廟', '庙'), ('廠', '厂'), ('廢', '废'), ('廣', '广'), ('廳', '厅'), ('張', '张'),
    ('強', '强'), ('彆', '别'), ('彈', '弹'), ('彔', '录'), ('彙', '汇'), ('彫', '雕'), ('彿', '佛'),
    ('後', '后'), ('徑', '径'), ('從', '从'), ('復', '复'), ('惡', '恶'), ('愛', '爱'), ('態', '态'),
    ('慮', '虑'), ('慶', '庆'), ('慾', '欲'), ('憲', '宪'), ('應', '应'), ('懞', '蒙'), ('懷', '怀'),
    ('戰', '战'), ('戲', '戏'), ('戶', '户'), ('捲', '卷'), ('掛', '挂'), ('採', '采'), ('揚', '扬'),
    ('換', '换'), ('揮', '挥'), ('損', '损'), ('搖', '摇'), ('搶', '抢'), ('摺', '折'), ('擁', '拥'),
    ('擇', '择'), ('擊', '击'), ('擔', '担'), ('據', '据'), ('擴', '扩'), ('擺', '摆'), ('敎', '教'),
    ('敗', '败'), ('敵', '敌'), ('數', '数'), ('斷', '断'), ('於', '于'), ('旂', '旗'), ('旣', '既'),
    ('時', '时'), ('晉', '晋'), ('曆', '历'), ('曏', '向'), ('書', '书'), ('會', '会'), ('朮', '术'),
    ('東', '东'), ('査', '查'), ('條', '条'), ('楊', '杨'), ('業', '业'), ('極', '极'), ('榦', '干'),
    ('榮', '荣'), ('構', '构'), ('槍', '枪'), ('樂', '乐'), ('樑', '梁'), ('樓', '楼'), ('標', '标'),
    ('樣', '样'), ('樹', '树'), ('橋', '桥'), ('機', '机'), ('橫', '横'), ('檢', '检'), ('檯', '台'),
    ('權', '权'), ('歐', '欧'), ('歡', '欢'), ('歲', '岁'), ('歷', '历'), ('歸', '归'), ('殘', '残'),
    ('殺', '杀'), ('氣', '气'), ('汎', '泛'), ('決', '决'), ('沒', '没'), ('沖', '冲'), ('況', '况'),
    ('淚', '泪'), ('減', '减'), ('測', '测'), ('準', '准'), ('溝', '沟'), ('溫', '温'), ('滙', '汇'),
    ('滿', '满'), ('漢', '汉'), ('漸', '渐'), ('潛', '潜'), ('潤', '润'), ('澤', '泽'), ('濛', '蒙'),
    ('濟', '济'), ('灣', '湾'), ('為', '为'), ('烏', '乌'), ('無', '无'), ('煙', '烟'), ('熱', '热'),
    ('燈', '灯'), ('燒', '烧'), ('營', '营'), ('爭', '争'), ('爲', '为'), ('爺', '爷'), ('爾', '尔'),
    ('牀', '床'), ('牆', '墙'), ('牴', '抵'), ('狀', '状'), ('獎', '奖'), ('獨', '独'), ('獲', '获'),
    ('獻', '献'), ('現', '现'), ('琱', '雕'), ('環', '环'), ('產', '产'), ('産', '产'), ('畢', '毕'),
    ('畫', '画'), ('異', '异'), ('畵', '画'), ('當', '当'), ('痠', '酸'), ('療', '疗'), ('發', '发'),
    ('盃', '杯'), ('盡', '尽'), ('監', '监'), ('盤', '盘'), ('眞', '真'), ('眾', '众'), ('睏', '困'),
    ('矇', '蒙'), ('硃', '朱'), ('確', '确'), ('碼', '码'), ('礎', '础'), ('礦', '矿'), ('禦', '御'),
    ('禮', '礼'), ('稅', '税'), ('種', '种'), ('稱', '称'), ('穀', '谷'), ('積', '积'), ('穩', '稳'),
    ('穫', '获'), ('競', '竞'), ('筆', '笔'), ('箇', '个'), ('節', '节'), ('範', '范'), ('築', '筑'),
    ('簽', '签'), ('籤', '签'), ('糧', '粮'), ('糰', '团'), ('紀', '纪'), ('約', '约'), ('紅', '红'),
    ('納', '纳'), ('純', '纯'), ('紙', '纸'), ('級', '级'), ('紛', '纷'), ('紡', '纺'), ('紹', '绍'),
    ('終', '终'), ('組', '组'), ('結', '结'), ('絕', '绝'), ('絡', '络'), ('給', '给'), ('統', '统'),
    ('絲', '丝'), ('絶', '绝'), ('經', '经'), ('綜', '综'), ('綠', '绿'), ('綫', '线'), ('維', '维'),
    ('網', '网'), ('綵', '彩'), ('緊', '紧'), ('緑', '绿'), ('線', '线'), ('緣', '缘'), ('編', '编'),
    ('緩', '缓'), ('練', '练'), ('緻', '致'), ('縣', '县'), ('縮', '缩'), ('縱', '纵'), ('總', '总'),
    ('織', '织'), ('繫', '系'), ('繼', '继'), ('續', '续'), ('纍', '累'), ('纔', '才'), ('罈', '坛'),
    ('罎', '坛'), ('罵', '骂'), ('罷', '罢'), ('羅', '罗'), ('羣', '群'), ('義', '义'), ('習', '习'),
    ('翫', '玩'), ('聖', '圣'), ('聞', '闻'), ('聯', '联'), ('聲', '声'), ('職', '职'), ('聽', '听'),
    ('脈', '脉'), ('脫', '脱'), ('腦', '脑'), ('腳', '脚'), ('臉', '脸'), ('臨', '临'), ('臺', '台'),
    ('與', '与'), ('興', '兴'), ('舉', '举'), ('舊', '旧'), ('舖', '铺'), ('舘', '馆'), ('艦', '舰'),
    ('荊', '荆'), ('莊', '庄'), ('華', '华'), ('菸', '烟'), ('萬', '万'), ('葉', '叶'), ('葯', '药'),
    ('蓆', '席'), ('蓋', '盖'), ('蓮', '莲'), ('蔘', '参'), ('薩', '萨'), ('藝', '艺'), ('藥', '药'),
    ('蘇', '苏'), ('蘭', '兰'), ('處', '处'), ('虛', '虚'), ('號', '号'), ('蟲', '虫'), ('衆', '众'),
    ('術', '术'), ('衕', '同'), ('衚', '胡'), ('衛', '卫'), ('衝', '冲'), ('裏', '里'), ('補', '补'),
    ('裝', '装'), ('裡', '里'), ('製', '制'), ('複', '复'), ('襬', '摆'), ('覈', '核'), ('見', '见'),
    ('規', '规'), ('視', '视'), ('親', '亲'), ('覺', '觉'), ('觀', '观'), ('觸', '触'), ('訂', '订'),
    ('計', '计'), ('訊', '讯'), ('討', '讨'), ('訓', '训'), ('託', '托'), ('記', '记'), ('訪', '访'),
    ('設', '设'), ('許', '许'), ('訴', '诉'), ('註', '注'), ('証', '证'), ('評', '评'), ('詞', '词'),
    ('試', '试'), ('詩', '诗'), ('話', '话'), ('該', '该'), ('誌', '志'), ('認', '认'), ('語', '语'),
    ('誤', '误'), ('說', '说'), ('説', '说'), ('誰', '谁'), ('課', '课'), ('調', '调'), ('談', '谈'),
    ('請', '请'), ('論', '论'), ('諸', '诸'), ('諾', '诺'), ('謀', '谋'), ('謂', '谓'), ('講', '讲'),
    ('謝', '谢'), ('證', '证'), ('識', '识'), ('議', '议'), ('護', '护'), ('譽', '誉'), ('讀', '读'),
    ('變', '变'), ('讓', '让'), ('讚', '赞'), ('豐', '丰'), ('貝', '贝'), ('負', '负'), ('財', '财'),
    ('貢', '贡'), ('貧', '贫'), ('貨', '货'), ('責', '责'), ('貴', '贵'), ('買', '买'), ('費', '费'),
    ('貼', '贴'), ('貿', '贸'), ('資', '资'), ('賊', '贼'), ('賣', '卖'), ('質', '质'), ('賽', '赛'),
    ('贊', '赞'), ('趕', '赶'), ('趙', '赵'), ('跡', '迹'), ('蹟', '迹'), ('躍', '跃'), ('車', '车'),
    ('軍', '军'), ('軟', '软'), ('較', '较'), ('載', '载'), ('輕', '轻'), ('輩', '辈'), ('輪', '轮'),
    ('輯', '辑'), ('輸', '输'), ('轄', '辖'), ('轉', '转'), ('辦', '办'), ('農', '农'), ('迴', '回'),
    ('逕', '径'), ('這', '这'), ('連', '连'), ('週', '周'), ('進', '进'), ('遊', '游'), ('運', '运'),
    ('過', '过'), ('達', '达'), ('遠', '远'), ('適', '适'), ('選', '选'), ('遺', '遗'), ('還', '还'),
    ('邊', '边'), ('鄉', '乡'), ('醣', '糖'), ('醫', '医'), ('釋', '释'), ('針', '针'), ('鈡', '钟'),
    ('鉅', '巨'), ('銀', '银'), ('銅', '铜'), ('銷', '销'), ('鋒', '锋'), ('鋪', '铺'), ('鋼', '钢'),
    ('錄', '录'), ('錛', '锛'), ('錢', '钱'), ('錯', '错'), ('録', '录'), ('錶', '表'), ('鍼', '针'),
    ('鍾', '钟'), ('鎭', '镇'), ('鎮', '镇'), ('鏡', '镜'), ('鐘', '钟'), ('鐵', '铁'), ('長', '长'),
    ('門', '门'), ('閃', '闪'), ('閉', '闭'), ('開', '开'), ('間', '间'), ('閣', '阁'), ('閤', '合'),
    ('闆', '板'), ('闇', '暗'), ('關', '关'), ('陣', '阵'), ('陰', '阴'), ('陳', '陈'), ('陸', '陆'),
    ('陽', '阳'), ('隊', '队'), ('階', '阶'), ('際', '际'), ('隨', '随'), ('險', '险'), ('隱', '隐'),
    ('隻', '只'), ('雖', '虽'), ('雙', '双'), ('雜', '杂'), ('雞', '鸡'), ('離', '离'), ('難', '难'),
    ('雲', '云'), ('電', '电'), ('靈', '灵'), ('靜', '静'), ('鞦', '秋'), ('韆', '千'), ('韋', '韦'),
    ('韓', '韩'), ('響', '响'), ('頁', '页'), ('頂', '顶'), ('項', '项'), ('順', '顺'), ('須', '须'),
    ('預', '预'), ('頓', '顿'), ('領', '领'), ('頭', '头'), ('頻', '频'), ('題', '题'), ('額', '额'),
    ('願', '愿'), ('類', '类'), ('顧', '顾'), ('顯', '显'), ('風', '风'), ('颱', '台'), ('飛', '飞'),
    ('飯', '饭'), ('飲', '饮'), ('養', '养'), ('餘', '余'), ('館', '馆'), ('馬', '马'), ('駐', '驻'),
    ('駡', '骂'), ('騎', '骑'), ('驗', '验'), ('驚', '惊'), ('體', '体'), ('髮', '发'), ('鬆', '松'),
    ('鬍', '胡'), ('鬚', '须'), ('鬥', '斗'), ('鬧', '闹'), ('魚', '鱼'), ('魯', '鲁'), ('鮮', '鲜'),
    ('鵰', '雕'), ('鷄', '鸡'), ('鹽', '盐'), ('麗', '丽'), ('麥', '麦'), ('麪', '面'), ('麫', '面'),
    ('麯', '曲'), ('麴', '曲'), ('麵', '面'), ('麼', '么'), ('黃', '黄'), ('點', '点'), ('黨', '党'),
    ('齊', '齐'), ('齣', '出'), ('龍', '龙'), ('𡻕', '岁'),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_gives_the_published_values_and_goes_on_from_a_state() {
        // The FNV-1a 64-bit test vectors: "" and "a", "foobar".
        assert_eq!(fnv1a(FNV_OFFSET, *b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(FNV_OFFSET, *b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(FNV_OFFSET, *b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(fnv1a(fnv1a(FNV_OFFSET, *b"foo"), *b"bar"), fnv1a(FNV_OFFSET, *b"foobar"));
    }

    fn check(input: &str, expected: &str) {
        assert_eq!(normalise(input), expected, "normalise({input:?})");
    }

    #[test]
    fn normalisation_cases() {
        check(
            "@bob @carol ＨＥＬＬＯ   World!! https://www.example.com/a?b #Tag @dave 😀",
            "hello world example.com tag @",
        );
        check("RT @someone: Big news today", "big news today");
        check("'@a @b that is the stupidest thing'", "that is the stupidest thing");
        check("don't &amp; won&#39;t", "dont wont");
        check("hel\u{200b}lo wor\u{00ad}ld", "hello world");
        check("Straße ΣΟΦΟΣ", "strasse σοφοσ");
        check("我在#微博电影之夜#活动中[浪][老师夸夸]获得纪念票！", "我在 微博电影之夜 活动中 获得纪念票");
        check("這是一個測試，們來說說", "这是一个测试 们来说说");
        check("3.5 million, e.g. test...", "3.5 million e.g test");
        check("❤️ 1️⃣ 👍🏽", "1");
        check("", "");
        check("@only @mentions", "");
    }

    #[test]
    fn normalise_is_idempotent_on_cases() {
        for t in [
            "@a Hi THERE http://x.y/z",
            "西方媒体 一直在 撒谎！",
            "",
            "  ",
            "＠ｘ ｙ",
            "https://www.www.x.com/",
            "rt @",
        ] {
            let once = normalise(t);
            assert_eq!(normalise(&once), once, "{t:?}");
        }
    }

    #[test]
    fn chinese_text_gets_character_pairs_across_spaces() {
        assert_eq!(shingles(&normalise("新疆人民生活幸福")).len(), 7);
        assert_eq!(shingles(&normalise("新疆人民 生活幸福")), shingles(&normalise("新疆人民生活幸福")));
    }

    #[test]
    fn mixed_text_yields_word_and_character_shingles() {
        let s = shingles(&normalise("Hong Kong police 香港警察 are great"));
        // Words: hong kong police are great → 4 pairs; characters: 香港警察 → 3 pairs.
        assert_eq!(s.len(), 7);
    }

    #[test]
    fn short_streams_still_yield_one_shingle() {
        assert_eq!(shingles("hello").len(), 1);
        assert_eq!(shingles("好").len(), 1);
        assert!(shingles("").is_empty());
    }

    #[test]
    fn traditional_and_simplified_meet() {
        assert_eq!(normalise("國家發展與經濟改革"), normalise("国家发展与经济改革"));
    }

    #[test]
    fn the_folding_table_is_sorted_and_closed() {
        assert!(TRADITIONAL_TO_SIMPLIFIED.windows(2).all(|w| w[0].0 < w[1].0));
        for (_, s) in TRADITIONAL_TO_SIMPLIFIED {
            assert_eq!(simplified(*s), *s, "{s} is also a key");
        }
        assert!(TRADITIONAL_TO_SIMPLIFIED.len() >= 600);
    }

    #[test]
    fn manual_reposts_are_recognised() {
        assert!(is_manual_repost("RT @someone: the text"));
        assert!(is_manual_repost("so true RT @someone: the text"));
        assert!(is_manual_repost("Why? RT @JetBlue Our fleet's on fleek."));
        assert!(is_manual_repost("\u{201C}@JetBlue: Our fleet's on fleek.\u{201D} lol"));
        assert!(is_manual_repost("\u{1F629}\u{1F602} \u{201C}@JetBlue: Our fleet's on fleek.\u{201D}"));
        assert!(is_manual_repost("Haha! @JetBlue: Our fleet's on fleek. http://t.co/x\u{201D}"));
        assert!(!is_manual_repost("@JetBlue: my bag is lost"));
        assert!(!is_manual_repost("ART @gallery: opening"));
        assert!(!is_manual_repost("hello @bob how are you"));
    }

    #[test]
    fn phatic_posts_are_recognised() {
        assert!(phatic_share(&normalise("Happy new year to all of you!! 🎉")) >= 0.99);
        assert!(phatic_share(&normalise("祝大家新年快乐！")) >= 0.99);
        assert!(phatic_share(&normalise("Western media keeps lying about Xinjiang")) < 0.2);
        for text in [
            "Happy new year to all of you!! 🎉",
            "祝大家新年快乐！",
            "Western media keeps lying",
            "",
            "a b c d e",
            "  thanks   so  much ",
        ] {
            let normalised = normalise(text);
            for share in [0.0, 0.3, 0.6, 0.99, 1.0] {
                assert_eq!(
                    is_phatic(&normalised, share),
                    phatic_share(&normalised) >= share,
                    "{text} at {share}"
                );
            }
        }
    }
}
