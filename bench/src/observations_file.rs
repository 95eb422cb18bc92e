//! The examples' shared input: observations, one JSON object a line, from the file named by the first argument.

use trichome::observation::Observation;

/// Reads the file named by the first command-line argument; exits with `usage` when there is none and with the
/// error when it cannot be read. Lines that are not observations are left out.
pub fn from_args(usage: &str) -> Vec<Observation> {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: {usage}");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error reading '{path}': {e}");
            std::process::exit(1);
        }
    };
    text.lines().filter_map(|l| trichome::observation::read::from_str(l).ok()).collect()
}
