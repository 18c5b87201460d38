//! The `codegen` command line: `codegen generate <SCHEMAS_DIR> [-o FILE]` and friends.
//! Exit codes: 0 success, 1 a finding (stale output, breaking change), 2 bad input.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "codegen",
    version,
    about = "Generate Rust types and validators from JSON Schema (draft 2020-12) files",
    after_help = "Example:\n  codegen generate schemas -o src/generated.rs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate Rust source from every *.json schema under a folder.
    #[command(after_help = "Example:\n  codegen generate schemas -o stytch_types.rs")]
    Generate {
        /// Folder of schema files (searched recursively).
        schemas_dir: PathBuf,
        /// Write the source here (atomically) instead of to standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            schemas_dir,
            output,
        } => generate(schemas_dir, output),
    }
}

fn generate(_schemas_dir: PathBuf, _output: Option<PathBuf>) -> ExitCode {
    eprintln!("error: not yet implemented");
    ExitCode::from(2)
}
