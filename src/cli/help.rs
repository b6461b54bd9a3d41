//! The command line in Vietnamese: the help of every command, its usage line, and the mistakes
//! of a command line. clap writes them in English; here every heading, flag description and
//! error is replaced, so that no English reaches the staff member.

use super::Cli;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

const TEMPLATE: &str = "{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";

/// The command line, described in Vietnamese.
pub fn command() -> Command {
    let mut cmd = Cli::command()
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .global(true)
                .help("In hướng dẫn này"),
        )
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In phiên bản của kehoach"),
        )
        .subcommand_help_heading("Lệnh")
        .subcommand_value_name("LỆNH")
        .override_usage("kehoach <LỆNH> [TÙY CHỌN]");
    cmd = in_vietnamese(cmd);
    cmd.mut_subcommands(|sub| {
        let usage = usage_of(&sub, "kehoach");
        let prefix = format!("kehoach {}", sub.get_name());
        let sub = if sub.has_subcommands() {
            sub.subcommand_help_heading("Lệnh")
                .subcommand_value_name("LỆNH")
                .mut_subcommands(|s| {
                    let usage = usage_of(&s, &prefix);
                    in_vietnamese(s).override_usage(usage)
                })
        } else {
            sub
        };
        in_vietnamese(sub).override_usage(usage)
    })
}

fn in_vietnamese(cmd: Command) -> Command {
    cmd.help_template(TEMPLATE).mut_args(|a| {
        let heading = if a.is_positional() {
            "Đối số"
        } else {
            "Tùy chọn"
        };
        // Defaults are said in the help text, in Vietnamese.
        let takes_value = a.get_action().takes_values();
        a.help_heading(heading).hide_default_value(takes_value)
    })
}

/// "kehoach new [TÙY CHỌN] <SỐ-HIỆU-HOẶC-TRÍCH-YẾU>"; `prefix` is what comes before the
/// command's name.
fn usage_of(cmd: &Command, prefix: &str) -> String {
    if cmd.has_subcommands() {
        return format!("{prefix} {} <LỆNH> [TÙY CHỌN]", cmd.get_name());
    }
    let mut usage = format!("{prefix} {} [TÙY CHỌN]", cmd.get_name());
    for a in cmd.get_arguments().filter(|a| a.is_positional()) {
        let name = a
            .get_value_names()
            .and_then(|v| v.first())
            .map_or_else(|| a.get_id().to_string(), |n| n.to_string());
        if a.is_required_set() {
            usage += &format!(" <{name}>");
        } else {
            usage += &format!(" [{name}]");
        }
    }
    usage
}

/// The command line read, or the exit code after help, the version or a mistake was printed.
pub fn parse() -> Result<Cli, i32> {
    let mut cmd = command();
    let matches = cmd.try_get_matches_from_mut(std::env::args_os());
    match matches.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => Ok(cli),
        Err(e) => {
            // The command the mistake is in: `report` for `kehoach report bogus`.
            let name = std::env::args()
                .skip(1)
                .find(|a| cmd.find_subcommand(a).is_some());
            let within = match &name {
                Some(n) => cmd.find_subcommand_mut(n).cloned(),
                None => None,
            };
            match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    let _ = e.print();
                    Err(0)
                }
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                | ErrorKind::MissingSubcommand => {
                    let _ = within.unwrap_or(cmd).print_help();
                    Err(2)
                }
                _ => {
                    eprintln!("lỗi: {}", mistake(&e, within.as_ref().unwrap_or(&cmd)));
                    match name {
                        Some(n) => eprintln!("\nXem hướng dẫn: kehoach {n} --help"),
                        None => eprintln!("\nXem hướng dẫn: kehoach --help"),
                    }
                    Err(2)
                }
            }
        }
    }
}

/// Prints the help of `name` (a command), or of kehoach.
pub fn print_help(name: Option<&str>) -> i32 {
    let mut cmd = command();
    // Built, so that the help flag every command shares is in each.
    cmd.build();
    match name {
        None => {
            let _ = cmd.print_help();
            0
        }
        Some(n) => match cmd.find_subcommand_mut(n) {
            Some(sub) => {
                let _ = sub.print_help();
                0
            }
            None => {
                eprintln!(
                    "lỗi: không có lệnh `{n}`; các lệnh là {}",
                    commands(&cmd).join(", ")
                );
                2
            }
        },
    }
}

fn commands(cmd: &Command) -> Vec<String> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| format!("`{}`", s.get_name()))
        .collect()
}

fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// What is wrong with the command line (of the command `within`), in Vietnamese.
fn mistake(e: &clap::Error, within: &Command) -> String {
    let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
    let suggestion = text(e, ContextKind::SuggestedArg)
        .or_else(|| text(e, ContextKind::SuggestedSubcommand))
        .map(|s| format!("; có phải `{s}`?"))
        .unwrap_or_default();
    match e.kind() {
        ErrorKind::UnknownArgument => {
            format!("không có tùy chọn `{arg}` cho lệnh này{suggestion}")
        }
        ErrorKind::InvalidSubcommand => {
            let name = text(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!(
                "không có lệnh `{name}`{suggestion}; các lệnh là {}",
                commands(within).join(", ")
            )
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            // Our own checks of a value (a date, a port) say what is wrong in Vietnamese; a
            // check of the library's own is left out.
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .filter(|s| !s.is_ascii())
                .map(|s| format!(": {s}"))
                .unwrap_or_default();
            if value.is_empty() {
                format!("`{arg}` cần một giá trị{why}")
            } else {
                format!("giá trị `{value}` của `{arg}` không hợp lệ{why}")
            }
        }
        ErrorKind::MissingRequiredArgument => {
            format!("thiếu {arg}")
        }
        ErrorKind::ArgumentConflict => {
            format!("tùy chọn `{arg}` được viết hai lần, hoặc không dùng được cùng tùy chọn khác")
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("thừa giá trị `{value}`; giá trị có dấu cách đặt trong ngoặc kép")
        }
        ErrorKind::InvalidUtf8 => "dòng lệnh có ký tự không phải UTF-8".to_string(),
        _ => "dòng lệnh không hợp lệ".to_string(),
    }
}

#[cfg(test)]
mod tests {
    /// clap's own checks of a command line's description (run in debug builds).
    #[test]
    fn the_command_line_is_well_formed() {
        super::command().debug_assert();
    }
}
