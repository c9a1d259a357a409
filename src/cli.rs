//! Command line: `styrdok build | serve | check | new | import`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// styrdok — bygger en webbplats av styrdokument (Markdown, ett dokument per år).
#[derive(Debug, Parser)]
#[command(name = "styrdok", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default ROOT/public).
    Build(BuildArgs),
    /// Preview the site with live reload (drafts included).
    Serve(ServeArgs),
    /// Build and check every internal link and #fragment.
    Check(CheckArgs),
    /// Start next year's document of a series from the latest one.
    New(NewArgs),
    /// Import a Word document (.docx) as content/<serie>/<år>.md.
    Import(ImportArgs),
}

/// `styrdok build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Site root (holds content/, optional theme/ and styrdok.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output folder (default ROOT/public).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Absolute URL the site is published at, e.g. https://kommun.se/styrdokument/.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include drafts (status: utkast).
    #[arg(long)]
    pub drafts: bool,
}

/// `styrdok serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port (the next free one is taken if it is busy).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on (127.0.0.1 unless you say otherwise).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in the browser.
    #[arg(long)]
    pub open: bool,
    /// Watch by polling instead of file-system events (network drives, some editors).
    #[arg(long)]
    pub poll: bool,
}

/// `styrdok check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Base URL to check with (as for build).
    #[arg(long)]
    pub base_url: Option<String>,
}

/// `styrdok new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Series folder name under content/.
    pub series: String,
    /// Year of the new document (default: the latest year + 1).
    #[arg(long)]
    pub year: Option<i32>,
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// `styrdok import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The Word document (.docx).
    pub file: PathBuf,
    /// Series folder name under content/ (default: from the title without its year).
    #[arg(long)]
    pub series: Option<String>,
    /// Year of the document (default: from Giltighetstid, the title or Beslutsdatum).
    #[arg(long)]
    pub year: Option<i32>,
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Replace an existing document (and its images).
    #[arg(long)]
    pub force: bool,
}
