//! What ordinary people write alike without copying anyone: a built-in prior of greetings, cheers, slogans,
//! condolences and one-word reactions, and the measure of how much a text says beyond them.
//!
//! A copy is evidence of coordination only when the text carries enough of its own to rule out coincidence.
//! "武汉加油", "辛苦了", "RIP 🙏", "Free Hong Kong" are written word for word by thousands of people who
//! never saw each other's posts; a long sentence with its own turns of phrase is not. Commonness must not
//! depend on the engine having seen the crowd first, so the prior is built in (documented in
//! `docs/duplicates.md`, "Common phrases"): [`ordinary_reading`] counts how much of a text is made of the
//! common material below and how much is left, in *content units*: a word of a spaced script is one unit, a
//! character of Chinese, Japanese or a Thai-like script half a unit (two characters carry about what one word
//! does). What the engine sees shared by many unrelated accounts is learned on top of this
//! (`Commonness::Template` in the duplicate signal).

use std::sync::OnceLock;

/// Below this many content units a shared text is too short to tell a copy from coincidence.
pub const MIN_CONTENT_UNITS: f64 = 5.0;

/// Phrases written alike in Chinese (Simplified: normalisation folds Traditional into it), Japanese and
/// Korean: cheering, thanks, greeting, condolence, praise, agreement, laughter, reposting, the epidemic-era
/// and national slogans people post under news, and the particles and pronouns that carry no content. Longer
/// phrases win over the shorter ones inside them. One string of phrases between single spaces per group, not a
/// slice of strings: a pointer and a length per phrase would be 2 KiB of the wasm module.
const PHRASES: &[&str] = &[
    // Cheering and slogans.
    "加油 挺住 顶住 冲鸭 冲啊 必胜 一定能赢 一定会好起来 会好起来的 \
     众志成城 共克时艰 同舟共济 守望相助 万众一心 一方有难八方支援 风雨同舟 \
     共渡难关 打赢 战胜疫情 抗击疫情 疫情 早日结束 早点结束 早日 胜利 \
     我爱你中国 爱国 祖国 强大 威武 厉害了我的国 为祖国点赞 中国人 万岁",
    // Thanks, salutes, praise.
    "谢谢 感谢 感恩 多谢 辛苦了 辛苦 致敬 敬礼 向你们致敬 英雄 逆行者 \
     白衣天使 医护人员 医生 护士 了不起 好样的 厉害 牛逼 真棒 太棒了 优秀 \
     点赞 赞 支持 顶 感动 泪目 暖心 最美",
    // Condolence and wishes.
    "一路走好 走好 安息 逝者安息 节哀 默哀 缅怀 悼念 哀悼 蜡烛 天堂 \
     早日康复 康复 平安 平平安安 健康 身体健康 保重 保重身体 注意安全 \
     注意身体 祈福 祈祷 保佑 祝福 祝 希望 愿 愿望",
    // Greetings and feasts.
    "生日快乐 新年快乐 节日快乐 中秋快乐 春节快乐 元旦快乐 快乐 万事如意 \
     心想事成 恭喜 恭喜发财 发财 幸福 早上好 晚上好 早安 晚安 午安 你好 \
     大家好",
    // Reactions and feelings.
    "哈哈 哈哈哈 哈哈哈哈 呵呵 嘻嘻 嘿嘿 笑死 笑死我了 心疼 心痛 难过 \
     哭了 太难了 可怜 气死 愤怒 可恶 无语 服了 绝了 好家伙 天哪 天呐 \
     我的天 开心 喜欢 爱了 爱你 想你 好看 好美 可爱 真的 确实 没错 是的 \
     同意 说得对 说得好 有道理 对的 好的 收到 来了 打卡 围观 吃瓜 沙发 \
     前排 转发 转发微博 转 评论 关注 大家",
    // Particles, pronouns and the commonest function words.
    "的 了 是 在 我 你 您 他 她 它 们 我们 你们 他们 也 都 就 还 \
     很 太 真 好 啊 吧 呀 啦 哦 呢 吗 哇 嗯 这 那 个 一 不 有 和 \
     要 会 能 让 给 被 把 对 为 着 过 得 地 又 再 最 更 嘛 哎 唉 \
     么 什么 怎么 为什么 一定 一起 一样 这样 那样 如此 所有 每个 已经 \
     现在 今天 明天 以后",
    // Japanese.
    "ありがとう ありがとうございます おめでとう おめでとうございます おはよう \
     おやすみ こんにちは がんばれ 頑張れ 頑張って お疲れ様 お疲れ様です \
     すごい かわいい 草 です ます ね よ の は が を に と て",
    // Korean (syllables are read as characters here).
    "감사합니다 고마워요 화이팅 파이팅 축하해요 축하합니다 사랑해요 \
     안녕하세요 대박",
];

/// The phrases by first character, for a binary search per position instead of a scan of the list.
fn by_first_char() -> &'static [(char, &'static str)] {
    static TABLE: OnceLock<Vec<(char, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<(char, &'static str)> = PHRASES
            .iter()
            .flat_map(|group| group.split(' '))
            .filter_map(|p| Some((p.chars().next()?, p)))
            .collect();
        crate::sort::sort(&mut table);
        table.dedup();
        table
    })
}

/// The length in characters of the longest common phrase starting at `chars[i]` (0 when none does).
pub(crate) fn phrase_at(chars: &[char], i: usize) -> usize {
    let Some(&first) = chars.get(i) else { return 0 };
    let table = by_first_char();
    let start = table.partition_point(|(c, _)| *c < first);
    table[start..]
        .iter()
        .take_while(|(c, _)| *c == first)
        .filter_map(|(_, p)| {
            let len = p.chars().count();
            (i + len <= chars.len() && chars[i..i + len].iter().copied().eq(p.chars())).then_some(len)
        })
        .max()
        .unwrap_or(0)
}

/// How a normalised text divides into common material and content of its own.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct OrdinaryReading {
    /// Words and characters counted (characters of unspaced scripts one each).
    pub total: usize,
    /// Of them, common: phatic words, common phrases, bare mentions.
    pub common: usize,
    /// What is left, in content units (a spaced word 1, an unspaced-script character ½).
    pub content_units: f64,
}

impl OrdinaryReading {
    /// Share of the text that is common material (0 for an empty text).
    pub fn common_share(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.common as f64 / self.total as f64
        }
    }

    /// Whether the text says too little of its own for a copy of it to mean anything.
    pub fn too_little_content(&self) -> bool {
        self.content_units < MIN_CONTENT_UNITS
    }
}

/// Reads a normalised text ([`super::normalise`]) against the prior: `is_common_word` decides the words of
/// spaced scripts (the text module's phatic words).
pub fn ordinary_reading(normalised: &str, is_common_word: impl Fn(&str) -> bool) -> OrdinaryReading {
    let mut out = OrdinaryReading::default();
    for token in normalised.split_ascii_whitespace() {
        if token.is_ascii() || !token.chars().any(super::is_unspaced_script) {
            out.total += 1;
            if token == "@" || is_common_word(token) {
                out.common += 1;
            } else {
                out.content_units += 1.0;
            }
            continue;
        }
        let chars: Vec<char> = token.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let len = phrase_at(&chars, i);
            if len > 0 {
                out.total += len;
                out.common += len;
                i += len;
            } else if super::is_unspaced_script(chars[i]) {
                out.total += 1;
                out.content_units += 0.5;
                i += 1;
            } else {
                // A run of a spaced script inside the token ("iphone" in "iphone好用") is one word.
                while i < chars.len() && !super::is_unspaced_script(chars[i]) {
                    i += 1;
                }
                out.total += 1;
                out.content_units += 1.0;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(text: &str) -> OrdinaryReading {
        ordinary_reading(&crate::text::normalise(text), crate::text::is_phatic_word)
    }

    #[test]
    fn the_longest_phrase_wins_whatever_its_length() {
        let chars: Vec<char> = "ありがとうございます".chars().collect();
        assert_eq!(phrase_at(&chars, 0), chars.len());
        let chars: Vec<char> = "一方有难八方支援".chars().collect();
        assert_eq!(phrase_at(&chars, 0), 8);
    }

    #[test]
    fn regression_issue_13_slogans_say_too_little_and_templates_do_not() {
        for slogan in
            ["武汉加油", "致敬逆行者！", "中国加油！武汉加油！湖北加油！", "Free Hong Kong", "RIP 🙏"]
        {
            assert!(reading(slogan).too_little_content(), "{slogan}: {:?}", reading(slogan));
        }
        for template in [
            "西方媒体一直在散布关于新疆的谎言。事实是新疆人民生活幸福，经济蓬勃发展。",
            "Western media keeps spreading lies about Xinjiang. The truth is people there live happy lives.",
        ] {
            assert!(!reading(template).too_little_content(), "{template}: {:?}", reading(template));
        }
    }
}
