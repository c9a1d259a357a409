//! The `styrdok` binary: parse arguments, run, map errors to exit codes.

use clap::Parser;
use std::process::ExitCode;
use styrdok::cli::{Cli, Command};
use styrdok::error::{show_path, terminal_safe};
use styrdok::site::BuildOptions;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(cli: Cli) -> styrdok::Result<()> {
    match cli.command {
        Command::Build(args) => {
            let start = std::time::Instant::now();
            let output = args
                .output
                .clone()
                .unwrap_or_else(|| args.root.join("public"));
            let options = BuildOptions {
                drafts: args.drafts,
                base_url: args.base_url,
            };
            let report = styrdok::build_to_dir(&args.root, &output, &options)?;
            for w in &report.warnings {
                eprintln!("warning: {}", terminal_safe(w));
            }
            if !cli.quiet {
                println!(
                    "built {} series, {} documents, {} files into {} in {} ms",
                    report.series,
                    report.documents,
                    report.files,
                    show_path(&output),
                    start.elapsed().as_millis()
                );
            }
            Ok(())
        }
        Command::New(args) => {
            let path = styrdok::new::new_document(&args.root, &args.series, args.year)?;
            if !cli.quiet {
                println!(
                    "created {} (status: utkast; diarienummer and beslutsdatum cleared)",
                    show_path(&path)
                );
            }
            Ok(())
        }
        Command::Serve(args) => styrdok::serve::run(&args, cli.quiet),
        Command::Import(args) => styrdok::import::run(&args, cli.quiet),
        Command::Check(args) => {
            let options = BuildOptions {
                drafts: false,
                base_url: args.base_url,
            };
            let report = styrdok::check::check(&args.root, &options)?;
            report.print(cli.quiet);
            report.into_result()
        }
    }
}

// Building a site allocates many small strings; mimalloc is markedly faster at that than glibc's malloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
