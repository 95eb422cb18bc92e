//! The core's sentences as message ids and arguments, so that the extension can show them in the reader's
//! language: a [`Message`] is phrases, each a `sig_` message id of the extension's locales
//! (`extension/_locales/<lang>/messages.json`) with its `$1`…`$9` arguments.
//!
//! An argument is either data (a number, handle, UTC offset, date, quoted profile text: never translated) or
//! words (a nested message, rendered in the reader's language too). The English `summary` beside every message
//! is rendered here from the en locale's own templates, read at build time (`crate/build.rs`): one source for
//! the English the command line prints and the English the extension shows.
//!
//! ```
//! use trichome::verdict::message::{phrase, Arg};
//! let m = phrase("sig_cluster_copies", [Arg::data(3)]);
//! assert_eq!(m.english(), "3 accounts posted the same text.");
//! ```

use std::fmt::Display;

use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/sig_templates.rs"));

/// The en locale's template for a message id, if it has one.
pub fn english_template(id: &str) -> Option<&'static str> {
    TEMPLATES.binary_search_by(|(k, _)| (*k).cmp(id)).ok().map(|i| TEMPLATES[i].1)
}

/// One part of a sentence: a message id and its arguments, `$1` first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phrase {
    /// The message id (`sig_…`).
    pub id: String,
    /// The arguments, at most nine (what `getMessage` substitutes).
    pub args: Vec<Arg>,
}

/// An argument of a phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    /// Data, shown as it is in every language.
    Data(String),
    /// Words: phrases shown in the reader's language, one after the other.
    Words(Message),
}

impl Arg {
    /// Data: a number, handle, offset, date or quoted text, as it is written in every language.
    pub fn data(value: impl Display) -> Arg {
        Arg::Data(value.to_string())
    }
}

impl From<Message> for Arg {
    fn from(m: Message) -> Arg {
        Arg::Words(m)
    }
}

/// A sentence (or several) as phrases shown one after the other; written in JSON as
/// `[{"id": "sig_…", "args": ["4", [{"id": …, "args": […]}]]}]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Message(pub Vec<Phrase>);

/// A message of one phrase.
pub fn phrase<const N: usize>(id: &'static str, args: [Arg; N]) -> Message {
    debug_assert!(N <= 9, "{id}: getMessage substitutes at most nine arguments");
    Message(vec![Phrase { id: id.to_string(), args: args.into() }])
}

impl Message {
    /// This message followed by `next`.
    pub fn then(mut self, next: Message) -> Message {
        self.0.extend(next.0);
        self
    }

    /// Appends `next`.
    pub fn push(&mut self, next: Message) {
        self.0.extend(next.0);
    }

    /// The parts joined by the phrase `separator` (a `sig_` id without arguments: "; ", ", ").
    pub fn join(parts: impl IntoIterator<Item = Message>, separator: &'static str) -> Message {
        let mut out = Message::default();
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                out.push(phrase(separator, []));
            }
            out.push(part);
        }
        out
    }

    /// Whether there is nothing to say.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message in English, from the en locale's templates: what `summary` holds. An id the locale lacks
    /// is written as itself (a bug, made visible; a test keeps it from happening).
    pub fn english(&self) -> String {
        let mut out = String::new();
        self.render(&|id| english_template(id), &mut out);
        out
    }

    /// Renders with `template` giving each id's text, substituting `$1`…`$9` as `getMessage` does (`$$` is
    /// a dollar sign); an id without a template is written as itself.
    pub fn render<'t>(&self, template: &dyn Fn(&str) -> Option<&'t str>, out: &mut String) {
        for p in &self.0 {
            let Some(text) = template(&p.id) else {
                out.push_str(&p.id);
                continue;
            };
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                match (c, chars.peek()) {
                    ('$', Some(&d @ '1'..='9')) => {
                        chars.next();
                        match p.args.get(d as usize - '1' as usize) {
                            Some(Arg::Data(s)) => out.push_str(s),
                            Some(Arg::Words(m)) => m.render(template, out),
                            None => {}
                        }
                    }
                    ('$', Some('$')) => {
                        chars.next();
                        out.push('$');
                    }
                    _ => out.push(c),
                }
            }
        }
    }

    /// Every message id in it, nested ones too.
    pub fn ids(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for p in &self.0 {
            out.push(p.id.as_str());
            for a in &p.args {
                if let Arg::Words(m) = a {
                    out.extend(m.ids());
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_are_sorted_for_the_lookup() {
        assert!(TEMPLATES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(english_template("sig_period").is_some());
        assert_eq!(english_template("sig_no_such_id"), None);
    }

    #[test]
    fn arguments_nest_and_dollars_escape() {
        fn template(id: &str) -> Option<&'static str> {
            match id {
                "a" => Some("[$2|$1|$$|$3]"),
                "b" => Some("b$1"),
                _ => None,
            }
        }
        let inner = Message(vec![Phrase { id: "b".into(), args: vec![Arg::data("x")] }]);
        let m = Message(vec![
            Phrase { id: "a".into(), args: vec![Arg::data(1), inner.into()] },
            Phrase { id: "missing".into(), args: vec![] },
        ]);
        let mut out = String::new();
        m.render(&template, &mut out);
        assert_eq!(out, "[bx|1|$|]missing");
    }

    #[test]
    fn a_message_is_written_as_a_list_of_ids_and_arguments() {
        let m = phrase("sig_profile", [phrase("sig_id_no_followers", []).into()]);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"[{"id":"sig_profile","args":[[{"id":"sig_id_no_followers","args":[]}]]}]"#);
        assert_eq!(serde_json::from_str::<Message>(&json).unwrap(), m);
    }
}
