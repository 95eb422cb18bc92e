//! Language identification for text the site does not label (YouTube comments, DOM-only posts): the script
//! from Unicode blocks, Simplified against Traditional Chinese from characters that exist in one form only,
//! and for Latin script a small stop-word model of eleven languages.
//!
//! Small and fast on purpose (no tables beyond a few kilobytes, each looked up by binary search; no allocation
//! beyond one word buffer), so that it costs nothing in the wasm build. Confidence is honest: a greeting of two
//! words gets little.
//!
//! ```
//! use trichome_text::lang::{detect, Script};
//! let d = detect("西方媒体一直在撒谎，这是事实");
//! assert_eq!((d.lang, d.script), (Some("zh-Hans"), Script::Han));
//! assert_eq!(detect("the cat is on the table and it is happy").lang, Some("en"));
//! ```

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The writing system most of a text's letters belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    /// No letters at all (numbers, emoji, punctuation, empty).
    None,
    /// Latin.
    Latin,
    /// Cyrillic.
    Cyrillic,
    /// Greek.
    Greek,
    /// Arabic (also Persian, Urdu).
    Arabic,
    /// Hebrew.
    Hebrew,
    /// Chinese characters (Han ideographs without kana).
    Han,
    /// Japanese: kana, with or without Han.
    Japanese,
    /// Korean Hangul.
    Hangul,
    /// Thai.
    Thai,
    /// Devanagari (Hindi, Marathi, Nepali).
    Devanagari,
    /// Bengali.
    Bengali,
    /// Any other letters.
    Other,
}

impl Script {
    /// The lowercase name used in evidence.
    pub fn as_str(self) -> &'static str {
        match self {
            Script::None => "none",
            Script::Latin => "latin",
            Script::Cyrillic => "cyrillic",
            Script::Greek => "greek",
            Script::Arabic => "arabic",
            Script::Hebrew => "hebrew",
            Script::Han => "han",
            Script::Japanese => "japanese",
            Script::Hangul => "hangul",
            Script::Thai => "thai",
            Script::Devanagari => "devanagari",
            Script::Bengali => "bengali",
            Script::Other => "other",
        }
    }
}

/// What [`detect`] makes of a text.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Detection {
    /// ISO 639-1 code, or `zh-Hans` / `zh-Hant` for Chinese whose form is clear (`zh` when it is not);
    /// `None` when the text gives too little to say.
    pub lang: Option<&'static str>,
    /// The dominant script of the letters.
    pub script: Script,
    /// How sure, 0..1. Below about 0.5 the language is a guess.
    pub confidence: f64,
}

/// The script of one character, or `None` for non-letters (digits, punctuation, emoji, spaces).
pub fn script_of(c: char) -> Option<Script> {
    let u = c as u32;
    let s = match u {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F | 0x1E00..=0x1EFF => {
            Script::Latin
        }
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F => Script::Cyrillic,
        0x591..=0x5F4 => Script::Hebrew,
        0x600..=0x6FF | 0x750..=0x77F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x900..=0x97F => Script::Devanagari,
        0x980..=0x9FF => Script::Bengali,
        0xE00..=0xE7F => Script::Thai,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Japanese,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF => Script::Han,
        // Full-width Latin letters.
        0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Script::Latin,
        _ if c.is_alphabetic() => Script::Other,
        _ => return None,
    };
    Some(s)
}

/// Pairs of Chinese characters, simplified form then traditional form, where each form is used by one
/// writing system only. Only common characters: a few of them appear in almost any sentence.
const HANS_HANT_PAIRS: &str =
    "这這个個们們来來时時为為说說对對国國会會过過还還发發后後经經现現样樣问問学學长長\
开開关關见見东東车車门門鸟鳥鱼魚书書话話听聽买買卖賣气氣电電网網语語读讀写寫认認识識让讓请請谢謝边邊\
远遠进進运運动動华華实實体體点點热熱爱愛变變应應头頭乐樂难難么麼没沒钱錢间間图圖办辦务務农農区區历歷\
万萬与與专專业業丰豐义義乡鄉亲親从從众眾优優传傳伤傷儿兒党黨兰蘭养養军軍冲衝决決况況净淨准準击擊刘劉\
则則刚剛创創别別剧劇劳勞势勢单單卫衛厂廠县縣号號叶葉吗嗎启啟员員响響团團园園围圍场場坏壞块塊声聲处處\
备備复復够夠夺奪奋奮妈媽孙孫宁寧宝寶审審宫宮将將尔爾尽盡层層岁歲岛島币幣师師带帶帮幫广廣庆慶库庫废廢\
张張弹彈归歸当當录錄总總恋戀战戰扩擴扫掃护護报報担擔拥擁择擇挥揮损損换換据據数數断斷无無旧舊显顯机機\
杀殺权權条條极極构構标標树樹桥橋检檢欢歡毕畢汉漢沟溝泪淚济濟测測湾灣灭滅灯燈灵靈烟煙爷爺环環画畫疗療\
盖蓋监監矿礦码碼础礎确確离離种種积積称稱穷窮竞競笔筆简簡类類红紅级級纪紀约約纯純纸紙线線练練组組细細\
终終结結给給统統继繼续續维維绿綠罗羅联聯职職脑腦脸臉节節苏蘇药藥获獲虽雖补補装裝观觀规規视視觉覺计計\
记記讲講许許论論设設访訪证證评評诉訴试試诗詩该該误誤调調谈談谁誰贝貝负負财財责責败敗货貨质質购購贵貴\
费費贸貿资資赛賽赶趕转轉轮輪软軟轻輕较較输輸达達迁遷连連适適选選邮郵释釋针針钟鐘铁鐵银銀错錯镇鎮闭閉\
闻聞队隊阳陽阴陰际際陆陸险險随隨难難韩韓页頁项項顺順须須顾顧领領题題颜顏风風飞飛饭飯马馬验驗鸡雞龙龍\
产產亚亞价價众衆凤鳳划劃图圖团團圣聖坚堅报報愿願态態惊驚战戰扑撲执執挤擠润潤独獨猪豬灾災热熱";

fn chinese_form(c: char) -> Option<bool> {
    // Some(true) = simplified only, Some(false) = traditional only.
    let forms = chinese_forms();
    forms.binary_search_by_key(&c, |&(p, _)| p).ok().map(|i| forms[i].1)
}

/// [`HANS_HANT_PAIRS`] as one table sorted by character (the pairs alternate simplified, traditional): one
/// binary search per Han character instead of a scan of the string.
fn chinese_forms() -> &'static [(char, bool)] {
    static TABLE: OnceLock<Vec<(char, bool)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<(char, bool)> =
            HANS_HANT_PAIRS.chars().zip([true, false].into_iter().cycle()).collect();
        crate::sort::sort_by_key(&mut table, |&(c, _)| c);
        // A character listed twice is listed in the same form (chinese_form_pairs_are_pairs).
        table.dedup_by_key(|&mut (c, _)| c);
        table
    })
}

/// Stop words per Latin-script language: frequent function words, a few dozen each, chosen to overlap as
/// little as possible between the languages. Each list is one string of words between single spaces, not a
/// slice of strings: a slice's pointer and length per word were 2.8 KiB of the gzipped wasm module.
const STOP_WORDS: &[(&str, &str)] = &[
    (
        "en",
        "the and is are was were of to in that this it for you with have has be not they we what on at \
         my your he she will just but all so if do can would about from by an our their who when there \
         been how i'm don't it's",
    ),
    (
        "es",
        "el los las del que y es en por para con una un pero como más mi su lo le se muy todo esta este \
         está son hay ya yo tu sus al sin sobre también cuando porque qué nos",
    ),
    (
        "pt",
        "o os as do da dos das que e é em no na um uma para com não por mais se mas como muito eu você \
         ele ela isso está são foi tem meu minha pra já também quando nós",
    ),
    (
        "fr",
        "le la les des du de et est un une en que qui pour dans pas sur au aux avec ce cette il elle je \
         nous vous ils sont mais ou plus c'est ne se son sa ses très été",
    ),
    (
        "de",
        "der die das und ist nicht ich zu den mit sich des auf für ein eine einen dem auch es an wir sie \
         er aber noch wie war bei nach wenn nur oder so kann sind hat mehr vom über",
    ),
    (
        "it",
        "il lo la gli le di che e è un una per non con del della dei delle nel nella sono si ma come \
         anche più questo questa alla al da io ci mi ti sei ha hanno perché tutti",
    ),
    (
        "nl",
        "de het een en van is dat op te in niet ik je zijn voor met die er maar ook als bij aan om wat \
         nog dit wel naar geen heb hij ze we zo kan was worden uit jij",
    ),
    (
        "id",
        "yang dan di ini itu dengan untuk dari tidak ada saya aku kamu akan juga ke karena pada bisa \
         sudah atau kita mereka dia kami lagi jadi tapi belum sangat harus oleh seperti apa semua banyak \
         hanya masih bukan sama",
    ),
    (
        "tr",
        "ve bir bu da de için ile çok ne ben sen o gibi daha ama var yok olarak kadar her şey mi mı \
         değil biz onlar olan en sonra şu diye ya bana seni beni nasıl neden ki tüm oldu",
    ),
    (
        "vi",
        "và của là có không được cho người những các một này đã với để trong khi thì như cũng đến từ tôi \
         bạn anh em chúng nhưng rất về ra lại làm đi vì nào sẽ đó mà nhiều",
    ),
    (
        "tl",
        "ang ng sa na mga ay at ko mo hindi ako ikaw siya kami tayo sila ito iyan nga po lang din rin pa \
         ba kasi pero para kung talaga naman wala may yung natin niya nila dito doon ano",
    ),
];

/// Every stop word with the languages whose lists hold it (bit `i` for `STOP_WORDS[i]`), sorted by word: one
/// binary search per word instead of a scan of every list.
fn stop_word_languages() -> &'static [(&'static str, u16)] {
    static TABLE: OnceLock<Vec<(&'static str, u16)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<(&'static str, u16)> = Vec::new();
        for (i, (_, list)) in STOP_WORDS.iter().enumerate() {
            table.extend(list.split(' ').map(|w| (w, 1u16 << i)));
        }
        crate::sort::sort_by_key(&mut table, |&(w, _)| w);
        table.dedup_by(|next, kept| {
            let same = next.0 == kept.0;
            if same {
                kept.1 |= next.1;
            }
            same
        });
        table
    })
}

/// The languages (bits, as in [`stop_word_languages`]) whose stop words hold `word`.
fn stop_word_bits(word: &str) -> u16 {
    let table = stop_word_languages();
    table.binary_search_by(|&(w, _)| w.cmp(word)).map_or(0, |i| table[i].1)
}

/// Letters that only some Latin-script languages use; each is a strong hint.
fn letter_hint(c: char) -> Option<&'static str> {
    Some(match c {
        'ñ' | '¿' | '¡' => "es",
        'ã' | 'õ' => "pt",
        'ß' => "de",
        'ğ' | 'ı' | 'ş' => "tr",
        'ơ' | 'ư' | 'đ' | 'ạ' | 'ả' | 'ấ' | 'ầ' | 'ẩ' | 'ậ' | 'ắ' | 'ằ' | 'ặ' | 'ẹ' | 'ẻ' | 'ẽ' | 'ế'
        | 'ề' | 'ể' | 'ệ' | 'ỉ' | 'ị' | 'ọ' | 'ỏ' | 'ố' | 'ồ' | 'ổ' | 'ộ' | 'ớ' | 'ờ' | 'ở' | 'ợ' | 'ụ'
        | 'ủ' | 'ứ' | 'ừ' | 'ử' | 'ự' | 'ỳ' | 'ỷ' | 'ỹ' => "vi",
        'œ' | 'ë' | 'î' | 'û' => "fr",
        _ => return None,
    })
}

/// Identifies the language and script of a text. URLs, @mentions and #hashtags are ignored: they are
/// addresses, not language.
pub fn detect(text: &str) -> Detection {
    let mut counts = [0usize; 13];
    let mut han_s = 0usize;
    let mut han_t = 0usize;
    let mut letters = 0usize;
    // Stop-word hits per language of the first 200 words (the Latin model's input), and one word buffer.
    let mut words = 0usize;
    let mut stop_hits = [0u32; 11];
    let mut word = String::new();
    let mut hints = [0usize; 11];
    let mut ukrainian = 0usize;
    let mut persian = 0usize;
    for raw in text.split_whitespace() {
        if raw.starts_with('@') || raw.starts_with('#') || raw.contains("://") || raw.starts_with("www.") {
            continue;
        }
        word.clear();
        for c in raw.chars() {
            let Some(s) = script_of(c) else {
                if c == '\'' || c == '’' {
                    word.push('\'');
                }
                continue;
            };
            letters += 1;
            counts[s as usize] += 1;
            match s {
                Script::Han => match chinese_form(c) {
                    Some(true) => han_s += 1,
                    Some(false) => han_t += 1,
                    None => {}
                },
                Script::Latin => {
                    let lower = crate::text::lower(c);
                    if let Some(l) = letter_hint(lower) {
                        if let Some(i) = STOP_WORDS.iter().position(|(code, _)| *code == l) {
                            hints[i] += 1;
                        }
                    }
                    word.push(lower);
                }
                Script::Cyrillic => {
                    if matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ') {
                        ukrainian += 1;
                    }
                }
                Script::Arabic => {
                    if matches!(c, 'پ' | 'چ' | 'ژ' | 'گ' | 'ی') {
                        persian += 1;
                    }
                }
                _ => {}
            }
        }
        let trimmed = word.trim_matches('\'');
        if !trimmed.is_empty() && words < 200 {
            words += 1;
            let bits = stop_word_bits(trimmed);
            for (i, hits) in stop_hits.iter_mut().enumerate() {
                *hits += u32::from(bits >> i & 1);
            }
        }
    }
    if letters == 0 {
        return Detection { lang: None, script: Script::None, confidence: 0.0 };
    }
    // Kana anywhere makes it Japanese: Japanese text mixes kana into Han; Chinese never does.
    let kana = counts[Script::Japanese as usize];
    let han = counts[Script::Han as usize];
    let script = if kana > 0 && kana * 10 >= han {
        Script::Japanese
    } else {
        let mut best = Script::Latin;
        for s in [
            Script::Latin,
            Script::Cyrillic,
            Script::Greek,
            Script::Arabic,
            Script::Hebrew,
            Script::Han,
            Script::Hangul,
            Script::Thai,
            Script::Devanagari,
            Script::Bengali,
            Script::Other,
        ] {
            if counts[s as usize] > counts[best as usize] {
                best = s;
            }
        }
        best
    };
    let in_script = match script {
        Script::Japanese => kana + han,
        s => counts[s as usize],
    };
    // How much of the text is in its main script, and how long it is.
    let purity = in_script as f64 / letters as f64;
    let length = |n: usize, full: f64| (n as f64 / full).min(1.0);
    let (lang, confidence) = match script {
        Script::Latin => latin(&stop_hits, &hints),
        Script::Han => {
            let form = match (han_s, han_t) {
                (0, 0) => "zh",
                (s, t) if s >= 2 * t.max(1) || (t == 0 && s > 0) => "zh-Hans",
                (s, t) if t >= 2 * s.max(1) || (s == 0 && t > 0) => "zh-Hant",
                _ => "zh",
            };
            let decided = (han_s.max(han_t) as f64 / 3.0).min(1.0);
            let base = 0.5 + 0.4 * length(han, 8.0);
            (Some(form), if form == "zh" { base * 0.8 } else { base * (0.7 + 0.3 * decided) })
        }
        Script::Japanese => (Some("ja"), 0.5 + 0.45 * length(in_script, 8.0)),
        Script::Hangul => (Some("ko"), 0.5 + 0.45 * length(in_script, 6.0)),
        Script::Thai => (Some("th"), 0.5 + 0.45 * length(in_script, 10.0)),
        Script::Greek => (Some("el"), 0.5 + 0.45 * length(in_script, 10.0)),
        Script::Hebrew => (Some("he"), 0.4 + 0.4 * length(in_script, 10.0)),
        Script::Bengali => (Some("bn"), 0.5 + 0.45 * length(in_script, 10.0)),
        Script::Devanagari => (Some("hi"), 0.3 + 0.4 * length(in_script, 10.0)),
        Script::Cyrillic => {
            if ukrainian > 0 {
                (Some("uk"), 0.4 + 0.4 * length(ukrainian, 3.0))
            } else {
                // Russian is the commonest; Bulgarian, Serbian and others look alike without a model.
                (Some("ru"), 0.3 + 0.4 * length(in_script, 20.0))
            }
        }
        Script::Arabic => {
            if persian > 0 {
                (Some("fa"), 0.3 + 0.4 * length(persian, 3.0))
            } else {
                (Some("ar"), 0.3 + 0.5 * length(in_script, 15.0))
            }
        }
        Script::Other | Script::None => (None, 0.0),
    };
    Detection { lang, script, confidence: (confidence * purity).clamp(0.0, 1.0) }
}

/// The Latin-script model: stop-word hits (per language, of the first 200 words) plus letter hints;
/// confidence from the number of hits and the margin over the runner-up.
fn latin(stop_hits: &[u32; 11], hints: &[usize; 11]) -> (Option<&'static str>, f64) {
    let mut scores = [0.0f64; 11];
    for ((score, hits), hint) in scores.iter_mut().zip(stop_hits).zip(hints) {
        *score = f64::from(*hits) + 1.5 * (*hint as f64).min(4.0);
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]));
    let (best, second) = (scores[order[0]], scores[order[1]]);
    if best < 1.0 {
        // No function word at all: a name, a hashtag-like word, or a language outside the model.
        return (None, 0.0);
    }
    let evidence = 1.0 - (-best / 3.0).exp();
    let margin = (best - second) / best;
    let confidence = evidence * (0.3 + 0.7 * margin);
    (Some(STOP_WORDS[order[0]].0), confidence)
}

/// Normalises a site's language label to the codes [`detect`] returns: X's old codes (`in`, `iw`) to
/// ISO 639-1, and X's non-language labels (`und`, `zxx`, `qme`, `qht`, `qam`, `art`) to `None`.
pub fn normalise_label(label: &str) -> Option<String> {
    let l = label.trim().to_ascii_lowercase();
    let code = match l.as_str() {
        "" | "und" | "zxx" | "qme" | "qht" | "qam" | "qct" | "qst" | "art" => return None,
        "in" => "id".to_string(),
        "iw" => "he".to_string(),
        "fil" => "tl".to_string(),
        "zh-cn" | "zh-hans" => "zh-Hans".to_string(),
        "zh-tw" | "zh-hant" => "zh-Hant".to_string(),
        other => other.to_string(),
    };
    Some(code)
}

/// The language of a post: the site's label when it gives a real one (refined to `zh-Hans`/`zh-Hant` by the
/// text when the label is plain `zh`), else the detector's guess when it is confident enough; `None` when
/// neither says.
pub fn post_language(label: Option<&str>, text: &str) -> Option<String> {
    let label = label.and_then(normalise_label);
    match label.as_deref() {
        Some("zh") => {
            let d = detect(text);
            Some(d.lang.filter(|l| l.starts_with("zh")).unwrap_or("zh").to_string())
        }
        Some(_) => label,
        None => {
            let d = detect(text);
            d.lang.filter(|_| d.confidence >= SURE).map(str::to_string)
        }
    }
}

/// The detector's confidence from which [`post_language`] takes its guess for an unlabelled post.
pub const SURE: f64 = 0.35;

/// [`post_language`] from what was detected in the text once, when the post was taken in (the text itself
/// need not be kept): `detected` is the detector's language, `sure` whether its confidence reached [`SURE`].
pub fn post_language_detected(label: Option<&str>, detected: Option<&str>, sure: bool) -> Option<String> {
    let label = label.and_then(normalise_label);
    match label.as_deref() {
        Some("zh") => Some(detected.filter(|l| l.starts_with("zh")).unwrap_or("zh").to_string()),
        Some(_) => label,
        None => detected.filter(|_| sure).map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, lang: Option<&str>, script: Script) {
        let d = detect(text);
        assert_eq!((d.lang, d.script), (lang, script), "{text:?} → {d:?}");
        assert!((0.0..=1.0).contains(&d.confidence));
    }

    #[test]
    fn detection_table() {
        use Script::{Arabic, Bengali, Cyrillic, Devanagari, Greek, Han, Hangul, Japanese, Latin, Thai};
        check("The weather is lovely today and we are going to the park", Some("en"), Latin);
        check("El gobierno dijo que la economía está creciendo más que nunca", Some("es"), Latin);
        check("Eu não sei se você já viu isso, mas é muito bom", Some("pt"), Latin);
        check("Je pense que c'est une très bonne idée pour nous", Some("fr"), Latin);
        check("Ich glaube nicht, dass das eine gute Idee ist", Some("de"), Latin);
        check("Non so se questo è il momento giusto per parlare della situazione", Some("it"), Latin);
        check("Ik weet niet of dat een goed idee is voor ons", Some("nl"), Latin);
        check("Saya tidak tahu apa yang harus dilakukan dengan ini", Some("id"), Latin);
        check("Bu çok güzel bir gün ve ben çok mutluyum", Some("tr"), Latin);
        check("Tôi không biết phải làm gì với những người này", Some("vi"), Latin);
        check("西方媒体一直在撒谎，新疆人民生活幸福", Some("zh-Hans"), Han);
        check("這個問題我們已經說過很多次了", Some("zh-Hant"), Han);
        check("今日はとても暑いですね", Some("ja"), Japanese);
        check("오늘 날씨가 정말 좋네요", Some("ko"), Hangul);
        check("Сегодня хорошая погода, и мы идём гулять", Some("ru"), Cyrillic);
        check("Сьогодні гарна погода, і ми йдемо гуляти", Some("uk"), Cyrillic);
        check("اليوم الطقس جميل جدا ونحن ذاهبون", Some("ar"), Arabic);
        check("วันนี้อากาศดีมาก", Some("th"), Thai);
        check("Σήμερα ο καιρός είναι πολύ ωραίος", Some("el"), Greek);
        check("आज मौसम बहुत अच्छा है", Some("hi"), Devanagari);
        check("আজ আবহাওয়া খুব ভালো", Some("bn"), Bengali);
        check("", None, Script::None);
        check("12345 !!! 😀😀", None, Script::None);
        check("@someone https://t.co/abc #tag", None, Script::None);
    }

    #[test]
    fn chinese_form_pairs_are_pairs() {
        let chars: Vec<char> = HANS_HANT_PAIRS.chars().collect();
        assert_eq!(chars.len() % 2, 0);
        for pair in chars.chunks(2) {
            assert_eq!((chinese_form(pair[0]), chinese_form(pair[1])), (Some(true), Some(false)), "{pair:?}");
        }
    }

    #[test]
    fn lookups_agree_with_scanning_the_lists() {
        let mut probes: Vec<&str> = STOP_WORDS.iter().flat_map(|(_, list)| list.split(' ')).collect();
        assert!(probes.iter().all(|w| !w.is_empty() && w.trim() == *w), "a list with a stray space");
        probes.extend(["", "xyz", "thee", "th", "zz", "\u{10FFFF}", "é", "ángel"]);
        for w in probes {
            let scanned = STOP_WORDS
                .iter()
                .enumerate()
                .filter(|(_, (_, list))| list.split(' ').any(|x| x == w))
                .fold(0u16, |bits, (i, _)| bits | 1 << i);
            assert_eq!(stop_word_bits(w), scanned, "{w:?}");
        }
        let scan = |c: char| HANS_HANT_PAIRS.chars().position(|p| p == c).map(|i| i % 2 == 0);
        for c in HANS_HANT_PAIRS.chars().chain(['中', '文', 'a', '\u{0}', '\u{10FFFF}']) {
            assert_eq!(chinese_form(c), scan(c), "{c:?}");
        }
    }

    #[test]
    fn short_text_gets_low_confidence() {
        let short = detect("the end");
        let long = detect("I think the end of the story was the best part of the whole book, and it was sad");
        assert_eq!(short.lang, Some("en"));
        assert!(short.confidence < 0.6, "{short:?}");
        assert!(long.confidence > short.confidence + 0.2, "{long:?}");
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for t in ["\u{0}", "'''", "’", "\u{FFFF}\u{10FFFF}", "ａｂｃ", "a\u{301}", &"x".repeat(100_000)]
        {
            let d = detect(t);
            assert!(d.confidence.is_finite());
        }
    }

    #[test]
    fn labels_are_normalised_and_refined() {
        assert_eq!(post_language(Some("in"), "whatever"), Some("id".into()));
        assert_eq!(post_language(Some("zh"), "這個問題我們說過"), Some("zh-Hant".into()));
        assert_eq!(post_language(Some("und"), "the cat is on the mat and it is happy"), Some("en".into()));
        assert_eq!(post_language(Some("qme"), "😀"), None);
    }
}
