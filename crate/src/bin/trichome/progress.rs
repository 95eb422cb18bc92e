//! The progress bar on standard error (indicatif): bytes read while the inputs stream in, then one bar per step
//! of archive mode. Drawn only when asked for and standard error is a terminal.

use std::time::{Duration, Instant};

use indicatif::{ProgressDrawTarget, ProgressStyle};
use trichome::import::pipeline::Progress;

use crate::display::thousands;

/// A one-line bar, redrawn at most ten times a second; it draws nothing when disabled.
pub struct ProgressBar {
    enabled: bool,
    started: Instant,
    last: Option<Instant>,
    bar: Option<(indicatif::ProgressBar, Option<Shape>)>,
}

/// What the bar shows, so that its style is set once per shape.
#[derive(Clone, PartialEq)]
enum Shape {
    /// Bytes read of a known total.
    Share,
    /// Bytes read, the total unknown (standard input).
    Bytes,
    /// A step after reading, by its name.
    Step(String),
}

impl ProgressBar {
    /// A bar that draws only when `enabled` (not `--quiet`, and standard error is a terminal).
    pub fn new(enabled: bool) -> Self {
        ProgressBar { enabled, started: Instant::now(), last: None, bar: None }
    }

    /// Reading: the share of bytes read (or the bytes, when the total is unknown), inputs done, observations
    /// and observations per second, and the time left.
    pub fn draw(&mut self, p: &Progress) {
        if !self.due(false) {
            return;
        }
        let seconds = self.started.elapsed().as_secs_f64().max(1e-3);
        let shape = match p.bytes_total {
            Some(t) if t > 0 => Shape::Share,
            _ => Shape::Bytes,
        };
        let bar = self.bar(shape);
        if let Some(total) = p.bytes_total.filter(|t| *t > 0) {
            bar.set_length(total);
        }
        bar.set_position(p.bytes_read);
        bar.set_message(format!(
            "{}/{} inputs  {} observations  {}/s",
            p.inputs_done,
            p.inputs_total,
            thousands(p.observations),
            thousands((p.observations as f64 / seconds) as u64),
        ));
    }

    /// A step after reading: its name, and how many of its parts are done.
    pub fn stage(&mut self, name: &str, done: usize, total: usize) {
        if !self.due(done == 0 || done >= total) {
            return;
        }
        let bar = self.bar(Shape::Step(name.to_string()));
        bar.set_length(total.max(1) as u64);
        bar.set_position(done as u64);
    }

    /// Takes the bar off the screen; the next draw starts a new one.
    pub fn clear(&mut self) {
        if let Some((bar, _)) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    /// Whether to draw now: enabled, and a tenth of a second since the last time (unless `always`).
    fn due(&mut self, always: bool) -> bool {
        if !self.enabled || (!always && self.last.is_some_and(|l| l.elapsed() < Duration::from_millis(100))) {
            return false;
        }
        self.last = Some(Instant::now());
        true
    }

    /// The bar in `shape`, made when there is none and restyled when the shape changes.
    fn bar(&mut self, shape: Shape) -> &indicatif::ProgressBar {
        let (bar, current) = self.bar.get_or_insert_with(|| {
            (indicatif::ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10)), None)
        });
        if current.as_ref() != Some(&shape) {
            let template = match &shape {
                Shape::Share => "[{bar:30}] {percent:>3}%  {msg}  {eta} left".to_string(),
                Shape::Bytes => "{bytes}  {msg}".to_string(),
                Shape::Step(name) => format!("[{{bar:30}}] {{percent:>3}}%  {name}  {{pos}}/{{len}}"),
            };
            // The templates are fixed above; the default style stands in should one ever not parse.
            let style = ProgressStyle::with_template(&template)
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("█░");
            bar.set_style(style);
            bar.reset();
            *current = Some(shape);
        }
        bar
    }
}
