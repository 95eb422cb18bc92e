//! The `trichome` command-line tool, run as a built binary on the fixtures in `tests/fixtures/import/` and, when
//! present, on the real datasets of `../shared/data`.

use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use trichome::verdict::Verdict;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name).display().to_string()
}

/// What one run of the tool gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn verdicts(&self) -> Vec<Verdict> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a verdict: {e}: {l}")))
            .collect()
    }

    fn accounts(&self) -> BTreeSet<String> {
        self.verdicts().into_iter().map(|v| format!("{}:{}", v.site.as_str(), v.account.id)).collect()
    }
}

fn trichome(args: &[&str]) -> Run {
    trichome_with_stdin(args, None)
}

fn trichome_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trichome"))
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the trichome binary runs");
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// One fixture through `trichome score`: the exit code, the accounts scored, and what standard error must say.
fn check(args: &[&str], code: i32, accounts: &[&str], stderr_has: &[&str]) {
    let run = trichome(args);
    assert_eq!(run.code, code, "{args:?}\nstderr: {}", run.stderr);
    if code == 0 {
        let expected: BTreeSet<String> = accounts.iter().map(|a| a.to_string()).collect();
        assert_eq!(run.accounts(), expected, "{args:?}\nstderr: {}", run.stderr);
    }
    for needle in stderr_has {
        assert!(run.stderr.contains(needle), "{args:?}: stderr lacks {needle:?}:\n{}", run.stderr);
    }
}

#[test]
fn each_format_is_detected_and_read() {
    let campaign = ["x:1000", "x:1001", "x:1002", "x:1003", "x:@ordinary_reader"];
    check(&["score", &fixture("observations.jsonl")], 0, &campaign, &["(observations)"]);
    check(
        &["score", &fixture("io_archive.csv")],
        0,
        &["x:3100000001", "x:3100000002", "x:Qm9ndXNIYXNoZWRVc2VySWQ="],
        &["(io-archive)"],
    );
    check(&["score", &fixture("ira_author.csv")], 0, &["x:@prairievoice1"], &["(ira)"]);
    check(&["score", &fixture("ira_release.csv")], 0, &["x:2500000001"], &["(ira)"]);
    check(&["score", &fixture("posts.csv")], 0, &["other:4412", "other:@garden_notes"], &["(csv)"]);
    // The site readers decide what a capture holds; here it only has to be recognised and read without error.
    let x = trichome(&["score", &fixture("x_capture.json")]);
    assert_eq!(x.code, 0, "{}", x.stderr);
    assert!(x.stderr.contains("read 1 record (") && x.stderr.contains("(capture)"), "{}", x.stderr);
    x.verdicts();
    let youtube = trichome(&["score", &fixture("youtube_next_exchange.json")]);
    assert_eq!(youtube.code, 0, "{}", youtube.stderr);
    assert!(youtube.stderr.contains("read 1 record ("), "{}", youtube.stderr);
    youtube.verdicts();
}

#[test]
fn forced_input_formats() {
    let x = trichome(&["score", "--input-format", "x-graphql", &fixture("x_capture.json")]);
    assert!(x.code == 0 && x.stderr.contains("(x-graphql)"), "{}", x.stderr);
    let yt = trichome(&["score", "--input-format=youtube-next", &fixture("youtube_next_exchange.json")]);
    assert!(yt.code == 0 && yt.stderr.contains("(youtube-next)"), "{}", yt.stderr);
    // Forcing the wrong CSV format: every row lacks what that format needs, so every row is skipped.
    check(
        &["score", "--input-format", "io-archive", &fixture("posts.csv")],
        0,
        &[],
        &["skipped 5 malformed"],
    );
}

#[test]
fn campaign_accounts_are_flagged_and_the_ordinary_one_is_not() {
    let run = trichome(&["score", &fixture("observations.jsonl")]);
    for v in run.verdicts() {
        let expected = if v.account.id.starts_with('@') { "insufficient" } else { "watch" };
        assert_eq!(v.level.as_str(), expected, "{v:?}");
    }
}

#[test]
fn malformed_records_are_skipped_counted_and_named() {
    check(
        &["score", &fixture("io_archive.csv")],
        0,
        &["x:3100000001", "x:3100000002", "x:Qm9ndXNIYXNoZWRVc2VySWQ="],
        &[
            "skipped 2 malformed records",
            "io_archive.csv:6: tweet_time '19/08/2019 02:25' is not a time",
            "io_archive.csv:8: no tweet_time",
        ],
    );
    check(
        &["score", &fixture("observations.jsonl")],
        0,
        &["x:1000", "x:1001", "x:1002", "x:1003", "x:@ordinary_reader"],
        &["skipped 1 malformed record:", "observations.jsonl:6: not an observation"],
    );
    check(&["score", &fixture("broken.json")], 0, &[], &["broken.json: not JSON"]);
}

#[test]
fn strict_makes_the_first_malformed_record_fatal() {
    let cases = [
        ("io_archive.csv", "io_archive.csv:6: tweet_time"),
        ("posts.csv", "posts.csv:4: time 'not a time'"),
        ("observations.jsonl", "observations.jsonl:6: not an observation"),
        ("broken.json", "broken.json: not JSON"),
    ];
    for (file, message) in cases {
        let run = trichome(&["score", "--strict", &fixture(file)]);
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{file}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{file}: nothing is scored after a fatal error");
    }
    // A clean file passes under --strict.
    check(&["score", "--strict", &fixture("ira_release.csv")], 0, &["x:2500000001"], &[]);
}

#[test]
fn exit_codes() {
    let cases: [(&[&str], i32, &str); 11] = [
        (&["score", "--bogus", "x"], 2, "unknown option '--bogus'"),
        (&["score"], 2, "no input files"),
        (&["frobnicate", "x"], 2, "unknown command"),
        (&["score", "--format", "xml", "x"], 2, "unknown --format"),
        (&["score", "--jobs", "0", "x"], 2, "--jobs"),
        (&["score", "--input-format", "pdf", "x"], 2, "unknown --input-format"),
        (&["eval", "x"], 2, "eval needs --labels"),
        (&["score", "-", "-"], 2, "only once"),
        (&["score", "/nonexistent/file.csv"], 1, "cannot read '/nonexistent/file.csv'"),
        (&["score", &fixture("unknown.csv")], 1, "cannot tell the format"),
        (&["explain", "nobody", &fixture("posts.csv")], 1, "account 'nobody' is not in the input"),
    ];
    for (args, code, message) in cases {
        let run = trichome(args);
        assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
    assert_eq!(trichome(&["--help"]).code, 0);
    assert!(trichome(&["--version"]).stdout.starts_with("trichome "));
    // No arguments at all: the help, on standard output, and success.
    let bare = trichome(&[]);
    assert_eq!(bare.code, 0, "{}", bare.stderr);
    assert!(bare.stdout.contains("explain"), "{}", bare.stdout);
}

#[test]
fn completions_know_the_commands_and_their_options() {
    for shell in ["bash", "zsh", "fish"] {
        let run = trichome(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for word in ["score", "explain", "eval", "input-format", "browser-limits"] {
            assert!(run.stdout.contains(word), "{shell} completions lack {word}");
        }
    }
    let unknown = trichome(&["completions", "tcsh"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("unknown shell 'tcsh'"), "{}", unknown.stderr);
}

#[test]
fn csv_output() {
    let run = trichome(&["score", "--format", "csv", &fixture("observations.jsonl")]);
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("account,handle,level,score,signals"));
    let row = run.stdout.lines().find(|l| l.starts_with("x:1000,")).unwrap();
    assert!(row.starts_with("x:1000,meadow_lark21,watch,") && row.contains(",duplicate=0."), "{row}");
}

#[test]
fn table_output_is_sorted_by_score_and_aligned() {
    let run = trichome(&["score", "--format", "table", &fixture("observations.jsonl")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("SCORE  LEVEL"), "{}", run.stdout);
    let rows = &lines[1..6];
    let scores: Vec<u32> =
        rows.iter().map(|r| r.split_whitespace().next().unwrap().parse().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // Every column starts where its heading does.
    for heading in ["LEVEL", "POSTS", "ACCOUNT", "HANDLE"] {
        let column = lines[0].find(heading).unwrap();
        for row in rows {
            let before = &row[..column];
            assert!(before.ends_with("  "), "{heading} misaligned in {row:?}");
        }
    }
    let account_at = lines[0].find("ACCOUNT").unwrap();
    assert!(rows.iter().all(|r| !r[account_at..].starts_with(' ')), "{}", run.stdout);
    assert!(
        run.stdout.contains("5 accounts: 0 likely, 4 watch, 0 none, 1 insufficient data"),
        "{}",
        run.stdout
    );
}

#[test]
fn parallel_parsing_gives_the_same_verdicts() {
    let files = ["observations.jsonl", "io_archive.csv", "ira_author.csv", "ira_release.csv", "posts.csv"];
    let paths: Vec<String> = files.iter().map(|f| fixture(f)).collect();
    let mut one = vec!["score", "--jobs", "1"];
    one.extend(paths.iter().map(String::as_str));
    let mut three = vec!["score", "--jobs", "3"];
    three.extend(paths.iter().map(String::as_str));
    let (a, b) = (trichome(&one), trichome(&three));
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.accounts().len(), 12);
    // Under --strict with threads, the first malformed record in input order is the one reported.
    let mut strict = vec!["score", "--strict", "--jobs", "3"];
    strict.extend(paths.iter().map(String::as_str));
    let run = trichome(&strict);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("observations.jsonl:6"), "{}", run.stderr);
}

#[test]
fn standard_input_is_read() {
    let bytes = std::fs::read(fixture("posts.csv")).unwrap();
    let run = trichome_with_stdin(&["score", "-"], Some(&bytes));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.accounts().len(), 2);
    assert!(run.stderr.contains("-:4: time 'not a time'"), "{}", run.stderr);
}

#[test]
fn explain_shows_evidence_and_the_hour_of_week_grid() {
    let run = trichome(&["explain", "@river_stone88", &fixture("observations.jsonl")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.starts_with("x:1001  @river_stone88"), "{out}");
    assert!(out.contains("duplicate: strength"), "{out}");
    assert!(out.contains("Posted the same text as 3 other accounts"), "{out}");
    assert!(out.contains("Western media keeps spreading lies"), "{out}");
    assert!(out.contains("posting hours, UTC (4 of 4 posts known to the minute)"), "{out}");
    let days: Vec<&str> = out
        .lines()
        .filter(|l| {
            ["  Mon", "  Tue", "  Wed", "  Thu", "  Fri", "  Sat", "  Sun"].iter().any(|d| l.starts_with(d))
        })
        .collect();
    assert_eq!(days.len(), 7, "{out}");
    // Four posts, each alone in its hour of the week: four full cells.
    assert_eq!(out.matches("██").count(), 4, "{out}");
    // By id, by key and by handle without @ all find the same account.
    for name in ["1001", "x:1001", "RIVER_STONE88"] {
        let again = trichome(&["explain", name, &fixture("observations.jsonl")]);
        assert_eq!(again.stdout, run.stdout, "{name}");
    }
}

#[test]
fn eval_reports_rates_auc_and_unseen_accounts() {
    let run = trichome(&[
        "eval",
        "--labels",
        &fixture("labels.tsv"),
        "--format",
        "json",
        &fixture("observations.jsonl"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let e: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!((e["positives"].as_u64(), e["negatives"].as_u64()), (Some(4), Some(1)));
    assert_eq!(e["unseen"], serde_json::json!(["nobody_here"]));
    let watch = &e["thresholds"][0];
    assert_eq!(watch["threshold"], "watch+");
    assert_eq!((watch["precision"].as_f64(), watch["recall"].as_f64()), (Some(1.0), Some(1.0)));
    assert_eq!(watch["false_positive_rate"].as_f64(), Some(0.0));
    assert_eq!(e["thresholds"][1]["recall"].as_f64(), Some(0.0));
    assert_eq!(e["auc"][0]["score"], "score");
    assert_eq!(e["auc"][0]["auc"].as_f64(), Some(1.0));
    assert!(run.stderr.contains("labels.tsv:9: label 'maybe'"), "{}", run.stderr);
    let table = trichome(&["eval", "--labels", &fixture("labels.tsv"), &fixture("observations.jsonl")]);
    assert!(table.stdout.contains("watch+"), "{}", table.stdout);
    assert!(table.stdout.contains("labelled but not in the input: nobody_here"), "{}", table.stdout);
    let strict =
        trichome(&["eval", "--strict", "--labels", &fixture("labels.tsv"), &fixture("observations.jsonl")]);
    assert_eq!(strict.code, 1);
}

fn data_dir() -> Option<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("TRICHOME_DATA")
        .map(PathBuf::from)
        .into_iter()
        .chain([manifest.join("../../shared/data"), PathBuf::from("/work/shared/data")])
        .find(|p| p.is_dir())
}

#[test]
fn real_io_archive_sample_gives_one_verdict_per_userid() {
    let Some(data) = data_dir() else {
        println!("skipping: ../shared/data not found");
        return;
    };
    let path = data.join("campaigns/io-archive-sample/speed_layer_sample.csv");
    // Counted independently of the importer: every userid on any row, complete or not.
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(&path).unwrap();
    let column = reader.headers().unwrap().iter().position(|h| h == "userid").unwrap();
    let userids: HashSet<String> =
        reader.records().filter_map(Result::ok).filter_map(|r| r.get(column).map(str::to_string)).collect();
    let run = trichome(&["score", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let accounts: HashSet<String> = run.verdicts().into_iter().map(|v| v.account.id).collect();
    assert_eq!(accounts, userids);
    assert_eq!(accounts.len(), 86);
}

#[test]
fn real_ira_authors_are_all_read_and_labelled() {
    let Some(data) = data_dir() else {
        println!("skipping: ../shared/data not found");
        return;
    };
    let dir = data.join("campaigns/ira/authors");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path().display().to_string())
        .filter(|p| p.ends_with(".csv"))
        .collect();
    files.sort();
    let mut authors = HashSet::new();
    let mut rows = 0;
    for f in &files {
        let mut reader = csv::Reader::from_path(f).unwrap();
        for r in reader.byte_records() {
            let r = r.unwrap();
            authors.insert(String::from_utf8_lossy(&r[0]).to_lowercase());
            rows += 1;
        }
    }
    // One run (the engine is slow unoptimised): every distinct author, counted above, labelled positive.
    let labels: String = authors.iter().map(|a| format!("{a}\tpositive\n")).collect();
    let labels_path = std::env::temp_dir().join(format!("trichome-ira-labels-{}.tsv", std::process::id()));
    std::fs::write(&labels_path, labels).unwrap();
    let mut args = vec!["eval", "--jobs", "2", "--format", "json", "--labels", labels_path.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    let run = trichome(&args);
    let _ = std::fs::remove_file(&labels_path);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected =
        format!("read {} records ({} observations)", thousands(rows), thousands(rows + authors.len()));
    assert!(run.stderr.contains(&expected), "{expected}: {}", run.stderr);
    assert!(run.stderr.contains(&format!("holding {} accounts", authors.len())), "{}", run.stderr);
    let e: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(e["positives"].as_u64(), Some(authors.len() as u64));
    assert_eq!(e["unseen"], serde_json::json!([]));
    // With no negatives, AUC is not defined and says so.
    assert!(e["auc"][0]["auc"].is_null());
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
