//! `--export-model`: every stage's program as an MPS file, with
//! `stages.json` saying what each is and how the plan's objective is
//! assembled from them, so that anyone can run another solver on exactly
//! the model serviceplan solved.
//!
//! The programs are written as built, before the search makes the evening
//! minimum elastic. HiGHS does not see an objective's constant, so neither
//! do the files: each stage's `objective_offset` is added to a solver's
//! objective value. The rooms stage is the bookings' program with the
//! quarter's staff plan fixed (written out of it), so its offset holds
//! the quarter's terms and its value is the plan's objective.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::solve::Lp;

/// One written stage.
#[derive(Debug, Clone, Serialize)]
pub struct StageFile {
    pub stage: String,
    pub file: String,
    pub objective_offset: f64,
    pub columns: usize,
    pub integers: usize,
    pub rows: usize,
    pub what: String,
}

/// The stages written so far, into `dir`.
pub struct Export {
    dir: PathBuf,
    pub stages: Vec<StageFile>,
    pub errors: Vec<String>,
}

impl Export {
    pub fn new(dir: &Path) -> Export {
        Export {
            dir: dir.to_path_buf(),
            stages: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// Writes `lp` as `<stage>.mps`.
    pub fn stage(&mut self, stage: &str, lp: &Lp, what: &str) {
        let file = format!("{stage}.mps");
        if let Err(e) = lp.write_model(&self.dir.join(&file)) {
            self.errors.push(e);
            return;
        }
        let size = lp.size();
        self.stages.push(StageFile {
            stage: stage.to_string(),
            file,
            objective_offset: lp.objective_offset(),
            columns: size.variables,
            integers: size.integers,
            rows: size.rows,
            what: what.to_string(),
        });
    }

    /// Writes `stages.json`.
    pub fn finish(&self, scenario: &str) -> anyhow::Result<()> {
        #[derive(Serialize)]
        struct Stages<'a> {
            scenario: &'a str,
            stages: &'a [StageFile],
            plan_objective: &'static str,
        }
        let json = serde_json::to_string_pretty(&Stages {
            scenario,
            stages: &self.stages,
            plan_objective: "the plan's objective is the value of its last stage's program plus \
                that stage's objective_offset: the rooms stage when the scenario has department \
                demand (its offset holds the fixed staff plan's terms), else the quarter; with \
                --method highs-alone, the whole stage (staff and bookings in one program). The \
                base schedule and the location stage only choose what the quarter is built on \
                (the cycle pattern, the offices).",
        })? + "\n";
        crate::output::write_file(&self.dir.join("stages.json"), json.as_bytes())?;
        if let Some(e) = self.errors.first() {
            anyhow::bail!("not every stage could be written: {e}");
        }
        Ok(())
    }
}
