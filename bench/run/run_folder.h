#pragma once
// The results folder of one run: run.json (the manifest) and records.jsonl (one record per line).
// Records of one measurement are appended in a single write and fsync'd, so a killed run loses at
// most the measurement in flight; reopening for --resume drops a torn last line and any measurement
// whose records are incomplete.
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "util/result.h"

namespace vcb {

class RunFolder {
 public:
  // Creates DIR (which must not hold a run yet); errors name the fix.
  static Result<RunFolder> create(const std::string& dir);
  // Opens an existing run for --resume and repairs records.jsonl as described above.
  static Result<RunFolder> reopen(const std::string& dir);

  const std::string& dir() const { return dir_; }
  Result<nlohmann::json> read_manifest() const;
  bool write_manifest(const nlohmann::json& manifest) const;  // atomic: temp file + rename
  bool append(const std::vector<nlohmann::json>& records) const;
  const std::set<std::string>& completed() const { return completed_; }  // measurement keys
  std::string records_path() const { return dir_ + "/records.jsonl"; }

 private:
  std::string dir_;
  std::set<std::string> completed_;
};

// Every parseable record of a results folder, in file order.
Result<std::vector<nlohmann::json>> read_records(const std::string& dir);

}  // namespace vcb
