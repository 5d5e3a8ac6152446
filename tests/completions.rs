//! `docket completions SHELL` and `docket man` are generated from the command definitions.

use std::process::Command;

fn docket(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(args)
        .output()
        .expect("run the docket binary");
    assert!(output.status.success(), "{args:?} failed");
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn completions_know_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = docket(&["completions", shell]);
        for command in [
            "build",
            "check",
            "serve",
            "init",
            "new",
            "completions",
            "man",
        ] {
            assert!(
                script.contains(command),
                "{shell} completion lacks {command}"
            );
        }
    }
    assert!(docket(&["completions", "bash"]).contains("--deny-warnings"));
}

#[test]
fn man_page_is_roff_with_the_commands() {
    let page = docket(&["man"]);
    assert!(page.contains(".TH docket 1"), "{page}");
    assert!(page.contains("serve"));
    assert!(page.contains("init"));
}
