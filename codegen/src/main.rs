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

fn generate(schemas_dir: PathBuf, output: Option<PathBuf>) -> ExitCode {
    let generated = match codegen::generate(&schemas_dir) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    for note in &generated.notes {
        eprintln!("note: {note}");
    }
    match output {
        Some(path) => {
            if let Err(error) = codegen::write_if_changed(&path, &generated.code) {
                eprintln!("error: {}: cannot write: {error}", path.display());
                return ExitCode::from(2);
            }
        }
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            if let Err(error) = stdout.write_all(generated.code.as_bytes()) {
                eprintln!("error: cannot write to standard output: {error}");
                return ExitCode::from(2);
            }
        }
    }
    eprintln!(
        "generated {} types from {} schema files in {} ms",
        generated.type_count, generated.file_count, generated.millis
    );
    ExitCode::SUCCESS
}
