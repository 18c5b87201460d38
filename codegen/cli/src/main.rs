//! The `codegen` command line: `codegen generate <SCHEMAS_DIR> [-o FILE]` and friends.
//! Exit codes: 0 success, 1 a finding (stale output, breaking change), 2 bad input.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "codegen",
    version,
    about = "Generate Rust types and validators from JSON Schema files, import OpenAPI documents, judge schema changes",
    after_help = "Example:\n  codegen generate schemas -o src/generated.rs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate Rust source from every *.json schema under a folder.
    #[command(
        after_help = "The generated code needs `serde`, `serde_json` and `codegen-runtime` \
        (its default feature `formats` for validators with format assertion).\n\n\
        Exit codes: 0 done, 2 bad input (the message names the file and the JSON pointer).\n\n\
        Examples:\n  codegen generate schemas -o src/generated.rs\n  \
        codegen generate schemas --naming flat --module api --enums closed --no-validators"
    )]
    Generate {
        /// Folder of schema files (searched recursively).
        schemas_dir: PathBuf,
        /// Write the source here (only when it changed; atomically for a regular file, into it
        /// for a device or FIFO) instead of to standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        settings: Settings,
    },
    /// Write one JSON Schema 2020-12 file per components/schemas entry of OpenAPI 3.0/3.1
    /// documents (YAML or JSON).
    #[command(
        after_help = "Exit codes: 0 done (or up to date with --check), 1 out of date (--check), 2 bad input.\n\n\
        Examples:\n  codegen import openapi/*.yml --into schemas\n  codegen import openapi/*.yml --into schemas --check"
    )]
    Import {
        /// OpenAPI documents; schemas they share must be identical.
        #[arg(required = true)]
        documents: Vec<PathBuf>,
        /// Folder of schema files to write (created if missing).
        #[arg(long, value_name = "DIR")]
        into: PathBuf,
        /// Write nothing; list the differences and exit 1 when DIR is out of date.
        #[arg(long)]
        check: bool,
    },
    /// List every change between two schema folders, judged breaking or not for Rust code and
    /// for the wire (`...Request` is sent, `...Response` received, anything else both).
    #[command(
        after_help = "Exit codes: 0 no breaking change, 1 a breaking change, 2 bad input.\n\n\
        Example:\n  codegen diff schemas new-schemas --format json"
    )]
    Diff {
        /// The schema folder in use.
        old_dir: PathBuf,
        /// The schema folder to compare it with.
        new_dir: PathBuf,
        /// `text` for people, `json` for tools (an array of changes).
        #[arg(long, value_enum, default_value = "text")]
        format: DiffFormat,
    },
}

/// Every setting of `codegen::Config`.
#[derive(clap::Args)]
struct Settings {
    /// How schema names become Rust paths: `stytch` groups types by API area
    /// (`api_discovery_v1_discovery_ListRequest` is `discovery::ListRequest`), `flat` puts every
    /// type in one module (see --module), `file` gives every file a module named after its path
    /// (`billing/Address.json` is `billing_address::Address`), so that schemas of different files
    /// never collide.
    #[arg(long, value_enum, default_value = "stytch")]
    naming: NamingArg,
    /// The module of every type with `--naming flat`.
    #[arg(long, value_name = "NAME", default_value = "types")]
    module: String,
    /// `open`: string enums get an `Unknown(String)` variant that keeps values added later;
    /// `closed`: an unknown value fails decoding.
    #[arg(long, value_enum, default_value = "open")]
    enums: EnumsArg,
    /// Reject `null` for an optional property whose schema does not allow it when decoding (by
    /// default it reads as absent, as real servers send it; validators report it either way).
    #[arg(long)]
    strict_decoding: bool,
    /// Generate the types only: no `Validate`/`FromJson` impls (the code then needs only
    /// `serde`, `serde_json` and `codegen-runtime` without features).
    #[arg(long)]
    no_validators: bool,
    /// Treat `format` as an annotation (JSON Schema 2020-12's default) instead of checking it.
    #[arg(long)]
    no_format_assertion: bool,
    /// The path generated code calls the runtime by, for a runtime re-exported by another
    /// crate.
    #[arg(long, value_name = "PATH", default_value = "::codegen_runtime")]
    runtime_path: String,
    /// The JSON Schema draft of files without `$schema`: draft4, draft6, draft7, 2019-09 or
    /// 2020-12 (a file's own `$schema` always wins).
    #[arg(long, value_name = "DRAFT", default_value = "2020-12")]
    default_draft: codegen::Draft,
}

impl Settings {
    fn config(&self) -> codegen::Config {
        let mut config = codegen::Config::new();
        config
            .naming(match self.naming {
                NamingArg::Stytch => codegen::Naming::Stytch,
                NamingArg::Flat => codegen::Naming::Flat {
                    module: self.module.clone(),
                },
                NamingArg::File => codegen::Naming::File,
            })
            .open_enums(matches!(self.enums, EnumsArg::Open))
            .strict_decoding(self.strict_decoding)
            .validators(!self.no_validators)
            .assert_format(!self.no_format_assertion)
            .runtime_path(self.runtime_path.clone())
            .default_draft(self.default_draft);
        config
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum NamingArg {
    Stytch,
    Flat,
    File,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum EnumsArg {
    Open,
    Closed,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            schemas_dir,
            output,
            settings,
        } => generate(schemas_dir, output, &settings.config()),
        Command::Import {
            documents,
            into,
            check,
        } => import(&documents, &into, check),
        Command::Diff {
            old_dir,
            new_dir,
            format,
        } => diff(&old_dir, &new_dir, format),
    }
}

fn generate(schemas_dir: PathBuf, output: Option<PathBuf>, config: &codegen::Config) -> ExitCode {
    let generated = match config.generate_dir(&schemas_dir) {
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
    let endpoints = match generated.endpoint_count {
        0 => String::new(),
        n => format!(" and {}", counted(n, "endpoint")),
    };
    eprintln!(
        "generated {}{endpoints} from {} in {} ms",
        counted(generated.type_count, "type"),
        counted(generated.file_count, "file"),
        generated.millis
    );
    ExitCode::SUCCESS
}

/// `1 type`, `2 types`.
fn counted(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

fn import(documents: &[PathBuf], into: &std::path::Path, check: bool) -> ExitCode {
    let code = codegen_cli::import::run(
        documents,
        into,
        check,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}

fn diff(old_dir: &std::path::Path, new_dir: &std::path::Path, format: DiffFormat) -> ExitCode {
    let format = match format {
        DiffFormat::Text => codegen_cli::diff::Format::Text,
        DiffFormat::Json => codegen_cli::diff::Format::Json,
    };
    let code = codegen_cli::diff::run(
        old_dir,
        new_dir,
        format,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}
