//! Configuration: `cafe-lint.toml` or `.cafe-lint.toml`, layered over the embedded default.
//!
//! ```toml
//! include = ["*.md"]
//! exclude = ["drafts/**"]
//!
//! [rules]
//! bare-url = "warn"                 # a level: error | warn | off
//!
//! [rules.topic-notes]               # or a table: level and the rule's options
//! level = "error"
//!
//! [[overrides]]
//! files = ["2023.md"]
//! rules = { topic-description = "off" }
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Deserializer, Serialize};
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::linter::{ActiveRule, RuleSet};
use crate::rules::{self, RuleInfo};

pub const CONFIG_NAMES: [&str; 2] = ["cafe-lint.toml", ".cafe-lint.toml"];

/// The tool's opinion of a good Collaboration Cafe archive.
pub const DEFAULT_CONFIG: &str = include_str!("default.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Error,
    Warn,
    Off,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warn => "warn",
            Level::Off => "off",
        }
    }

    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warn => Some(Severity::Warning),
            Level::Off => None,
        }
    }
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("{path}{}: {message}", .line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfigError {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    include: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<RuleSetting>>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    files: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<RuleSetting>>,
}

/// `"warn"`, or a table with an optional `level` and the rule's options.
#[derive(Debug, Clone, Default)]
struct RuleSetting {
    level: Option<Level>,
    options: toml::Table,
    /// Where each option's key is in the file, to name the line of a bad option.
    option_spans: BTreeMap<String, std::ops::Range<usize>>,
}

impl<'de> Deserialize<'de> for RuleSetting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RuleSettingVisitor)
    }
}

struct RuleSettingVisitor;

impl<'de> serde::de::Visitor<'de> for RuleSettingVisitor {
    type Value = RuleSetting;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a level (\"error\", \"warn\", \"off\") or a table of options")
    }

    fn visit_str<E: serde::de::Error>(self, level: &str) -> Result<RuleSetting, E> {
        Ok(RuleSetting {
            level: Some(parse_level(level).map_err(E::custom)?),
            ..RuleSetting::default()
        })
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<RuleSetting, A::Error> {
        use serde::de::Error;
        let mut setting = RuleSetting::default();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let value: toml::Value = map.next_value()?;
            if key.get_ref() == "level" {
                let level = value
                    .as_str()
                    .ok_or_else(|| A::Error::custom("`level` is a string"))?;
                setting.level = Some(parse_level(level).map_err(A::Error::custom)?);
            } else {
                setting
                    .option_spans
                    .insert(key.get_ref().clone(), key.span());
                setting.options.insert(key.into_inner(), value);
            }
        }
        Ok(setting)
    }
}

fn parse_level(level: &str) -> Result<Level, String> {
    match level {
        "error" => Ok(Level::Error),
        "warn" => Ok(Level::Warn),
        "off" => Ok(Level::Off),
        other => Err(format!(
            "unknown level `{other}`: a level is one of \"error\", \"warn\", \"off\""
        )),
    }
}

impl RuleSetting {
    fn merge(&mut self, over: &RuleSetting) {
        if over.level.is_some() {
            self.level = over.level;
        }
        for (k, v) in &over.options {
            self.options.insert(k.clone(), v.clone());
        }
        self.option_spans.extend(
            over.option_spans
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
    }
}

type RuleSettings = BTreeMap<&'static str, RuleSetting>;

struct Override {
    files: GlobSet,
    rules: RuleSettings,
}

/// Command-line choices that win over every config file.
#[derive(Debug, Clone, Default)]
pub struct RuleSelection {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
}

impl RuleSelection {
    /// Checks that every named rule exists.
    pub fn validate(&self) -> Result<(), String> {
        let names = self.select.iter().flatten().chain(&self.ignore);
        match names.into_iter().find(|n| rules::find(n).is_none()) {
            Some(n) => Err(format!("unknown rule `{n}` (see `cafe-lint rules`)")),
            None => Ok(()),
        }
    }
}

/// A resolved configuration: one config file over the embedded default.
pub struct Config {
    /// The file it was read from (`None`: the embedded default alone).
    pub path: Option<PathBuf>,
    /// Globs are relative to this folder.
    pub root: PathBuf,
    include: GlobSet,
    exclude: GlobSet,
    rules: RuleSettings,
    overrides: Vec<Override>,
    selection: RuleSelection,
    /// Rule sets by which overrides apply: most files share one.
    cache: Mutex<HashMap<Vec<bool>, Arc<RuleSet>>>,
}

impl Config {
    /// The embedded default, with globs relative to `root`.
    pub fn embedded(root: &Path, selection: &RuleSelection) -> Result<Config, ConfigError> {
        Config::layered(None, root, selection)
    }

    /// A config file over the embedded default.
    pub fn load(path: &Path, selection: &RuleSelection) -> Result<Config, ConfigError> {
        let root = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        Config::layered(Some(path), &root, selection)
    }

    fn layered(
        path: Option<&Path>,
        root: &Path,
        selection: &RuleSelection,
    ) -> Result<Config, ConfigError> {
        let default = parse_raw(DEFAULT_CONFIG, "<embedded default config>")?;
        let mut layers = vec![default];
        if let Some(path) = path {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
                path: name.clone(),
                line: None,
                message: format!("cannot read: {e}"),
            })?;
            layers.push(parse_raw(&text, &name)?);
        }
        let mut include = Vec::new();
        let mut exclude = Vec::new();
        let mut rules = RuleSettings::new();
        let mut overrides = Vec::new();
        for layer in layers {
            let ParsedConfig { raw, name, text } = layer;
            if let Some(globs) = raw.include {
                include = globs;
            }
            if let Some(globs) = raw.exclude {
                exclude = globs;
            }
            for (rule, setting) in resolve_rules(raw.rules, &name, &text)? {
                rules.entry(rule).or_default().merge(&setting);
            }
            for o in raw.overrides {
                overrides.push(Override {
                    files: glob_set(&o.files, &name)?,
                    rules: resolve_rules(o.rules, &name, &text)?,
                });
            }
        }
        Ok(Config {
            path: path.map(Path::to_path_buf),
            root: root.to_path_buf(),
            include: glob_set(&include, "include")?,
            exclude: glob_set(&exclude, "exclude")?,
            rules,
            overrides,
            selection: selection.clone(),
            cache: Mutex::new(HashMap::new()),
        })
    }

    fn relative<'p>(&self, path: &'p Path) -> &'p Path {
        let path = path.strip_prefix("./").unwrap_or(path);
        path.strip_prefix(&self.root).unwrap_or(path)
    }

    /// Whether a file met while walking a folder is linted.
    pub fn includes(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        (self.include.is_empty() || matches(&self.include, rel)) && !self.excludes(path)
    }

    pub fn excludes(&self, path: &Path) -> bool {
        matches(&self.exclude, self.relative(path))
    }

    /// The rules for one file: the config's, changed by the overrides whose globs match it.
    pub fn rules_for(&self, path: &Path) -> Result<Arc<RuleSet>, String> {
        let rel = self.relative(path);
        let mask: Vec<bool> = self
            .overrides
            .iter()
            .map(|o| matches(&o.files, rel))
            .collect();
        // Built under the lock: threads starting together would each build the rules (and
        // their matchers) otherwise.
        let mut cache = self.cache.lock().expect("no panics while held");
        if let Some(set) = cache.get(&mask) {
            return Ok(set.clone());
        }
        let set = Arc::new(self.build(&mask)?);
        cache.insert(mask, set.clone());
        Ok(set)
    }

    fn build(&self, mask: &[bool]) -> Result<RuleSet, String> {
        let mut set = RuleSet::default();
        for info in rules::REGISTRY {
            let mut setting = self.rules.get(info.name).cloned().unwrap_or_default();
            for (o, _) in self.overrides.iter().zip(mask).filter(|(_, on)| **on) {
                if let Some(over) = o.rules.get(info.name) {
                    setting.merge(over);
                }
            }
            let Some(severity) = self.level(info, setting.level).severity() else {
                continue;
            };
            let rule =
                (info.build)(setting.options).map_err(|e| format!("rules.{}: {e}", info.name))?;
            set.rules.push(ActiveRule {
                info,
                severity,
                rule,
            });
        }
        Ok(set)
    }

    fn level(&self, info: &RuleInfo, configured: Option<Level>) -> Level {
        let level = configured.unwrap_or(info.default_level);
        let named = |list: &[String]| list.iter().any(|n| n == info.name);
        if named(&self.selection.ignore) {
            return Level::Off;
        }
        match &self.selection.select {
            Some(select) if !named(select) => Level::Off,
            // Selecting a rule turns it on even where the config has it off.
            Some(_) if level == Level::Off => match info.default_level {
                Level::Off => Level::Error,
                default => default,
            },
            _ => level,
        }
    }
}

/// Finds the config for each file: the nearest `cafe-lint.toml` or `.cafe-lint.toml` walking up
/// from its folder, stopping at the repository root; `--config` wins over all.
pub struct ConfigResolver {
    fixed: Option<Arc<Config>>,
    default: Arc<Config>,
    selection: RuleSelection,
    /// Folder to config, failures too: a broken config is reported once, not once a file.
    by_dir: Mutex<HashMap<PathBuf, Result<Arc<Config>, ConfigError>>>,
}

impl ConfigResolver {
    pub fn new(explicit: Option<&Path>, selection: RuleSelection) -> Result<Self, ConfigError> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let fixed = explicit
            .map(|p| Config::load(p, &selection).map(Arc::new))
            .transpose()?;
        Ok(ConfigResolver {
            fixed,
            default: Arc::new(Config::embedded(&cwd, &selection)?),
            selection,
            by_dir: Mutex::new(HashMap::new()),
        })
    }

    pub fn for_file(&self, path: &Path) -> Result<Arc<Config>, ConfigError> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        self.for_dir(dir)
    }

    pub fn for_dir(&self, dir: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        // Looked up by the folder as given first: making it absolute costs a `getcwd` per file.
        if let Some(c) = self.by_dir.lock().expect("no panics while held").get(dir) {
            return c.clone();
        }
        let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let cached = self
            .by_dir
            .lock()
            .expect("no panics while held")
            .get(&absolute)
            .cloned();
        let config = cached.unwrap_or_else(|| match find_config_file(&absolute) {
            Some(path) => Config::load(&path, &self.selection).map(Arc::new),
            None => Ok(self.default.clone()),
        });
        let mut by_dir = self.by_dir.lock().expect("no panics while held");
        by_dir.insert(absolute, config.clone());
        by_dir.insert(dir.to_path_buf(), config.clone());
        config
    }
}

fn find_config_file(dir: &Path) -> Option<PathBuf> {
    for d in dir.ancestors() {
        for name in CONFIG_NAMES {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if d.join(".git").exists() {
            return None;
        }
    }
    None
}

struct ParsedConfig {
    raw: RawConfig,
    name: String,
    text: String,
}

fn parse_raw(text: &str, name: &str) -> Result<ParsedConfig, ConfigError> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError {
        path: name.to_string(),
        line: e.span().map(|s| line_of(text, s.start)),
        message: e.message().to_string(),
    })?;
    Ok(ParsedConfig {
        raw,
        name: name.to_string(),
        text: text.to_string(),
    })
}

fn resolve_rules(
    raw: BTreeMap<Spanned<String>, Spanned<RuleSetting>>,
    name: &str,
    text: &str,
) -> Result<RuleSettings, ConfigError> {
    let mut out = RuleSettings::new();
    for (rule, setting) in raw {
        let error_at = |offset: usize, message: String| ConfigError {
            path: name.to_string(),
            line: Some(line_of(text, offset)),
            message,
        };
        let error = |message: String| error_at(rule.span().start, message);
        let info = rules::find(rule.get_ref()).ok_or_else(|| {
            error(format!(
                "unknown rule `{}` (see `cafe-lint rules`)",
                rule.get_ref()
            ))
        })?;
        let setting = setting.into_inner();
        if let Err(e) = (info.validate)(setting.options.clone()) {
            // Name the line of the first option that is bad on its own.
            let culprit = setting.options.iter().find_map(|(key, value)| {
                let alone = toml::Table::from_iter([(key.clone(), value.clone())]);
                (info.validate)(alone)
                    .is_err()
                    .then(|| setting.option_spans.get(key))
                    .flatten()
            });
            let offset = culprit.map_or(rule.span().start, |span| span.start);
            return Err(error_at(offset, format!("rules.{}: {e}", info.name)));
        }
        out.insert(info.name, setting);
    }
    Ok(out)
}

fn glob_set(globs: &[String], context: &str) -> Result<GlobSet, ConfigError> {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        // A glob without a folder matches the file name at any depth, as in .gitignore.
        let pattern = if g.contains('/') {
            g.clone()
        } else {
            format!("**/{g}")
        };
        builder.add(Glob::new(&pattern).map_err(|e| ConfigError {
            path: context.to_string(),
            line: None,
            message: format!("invalid glob `{g}`: {e}"),
        })?);
    }
    builder.build().map_err(|e| ConfigError {
        path: context.to_string(),
        line: None,
        message: e.to_string(),
    })
}

fn matches(set: &GlobSet, path: &Path) -> bool {
    !set.is_empty() && set.is_match(path)
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join("cafe-lint.toml");
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn unknown_keys_and_rules_are_named_with_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let sel = RuleSelection::default();
        let e = Config::load(&write(dir.path(), "include = []\nincldue = []\n"), &sel)
            .err()
            .unwrap();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("incldue"), "{e}");
        let e = Config::load(
            &write(dir.path(), "[rules]\n\nno-such-rule = \"off\"\n"),
            &sel,
        )
        .err()
        .unwrap();
        assert_eq!(e.line, Some(3));
        assert!(e.to_string().contains("no-such-rule"), "{e}");
        let e = Config::load(
            &write(dir.path(), "[rules.bare-url]\nlevel = \"loud\"\n"),
            &sel,
        )
        .err()
        .unwrap();
        assert!(e.message.contains("level"), "{e}");
        let e = Config::load(
            &write(dir.path(), "[rules.bare-url]\nbogus-option = 1\n"),
            &sel,
        )
        .err()
        .unwrap();
        assert!(e.message.contains("bogus-option"), "{e}");
    }

    #[test]
    fn overrides_change_levels_per_file_and_selection_wins() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "[rules]\nbare-url = \"warn\"\n[[overrides]]\nfiles = [\"old.md\"]\nrules = { bare-url = \"off\" }\n",
        );
        let c = Config::load(&path, &RuleSelection::default()).unwrap();
        let names = |p: &str| c.rules_for(&dir.path().join(p)).unwrap().names();
        assert!(names("new.md").contains(&"bare-url"));
        assert!(!names("sub/old.md").contains(&"bare-url"));
        let sel = RuleSelection {
            select: Some(vec!["bare-url".into()]),
            ignore: vec![],
        };
        let c = Config::load(&path, &sel).unwrap();
        assert_eq!(
            c.rules_for(&dir.path().join("new.md")).unwrap().names(),
            ["bare-url"]
        );
    }
}
