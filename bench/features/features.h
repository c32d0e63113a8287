#pragma once
// `vcbench features`: one row per environment, one column per feature (guest OS, startup time,
// isolation, checkpoint/restore, live migration, snapshot), every cell measured or probed on this
// host, or empty with the reason (issue 9). Shape: vcbench/features/1.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vcb {

struct FeaturesOptions {
  std::vector<std::string> envs;           // empty: every known environment the host offers
  bool no_vm = false;                      // leave out kvm/* (each boots a guest: seconds under TCG)
  std::string format = "table";            // table | markdown | json | csv
  std::string results_dir = "results/runs";  // where earlier runs (startup, checkpoint, migration) are read
  std::string out_dir = "results/features";  // where the table's JSON is written
  int startup_reps = 3;                    // fresh launches when no startup run exists
};

// The columns, in order: key and heading.
struct FeatureColumn { const char* key; const char* heading; };
inline constexpr FeatureColumn feature_columns[] = {
    {"guest_os", "guest OS"}, {"startup", "startup time"}, {"isolation", "isolation"},
    {"checkpoint_restore", "checkpoint/restore"}, {"live_migration", "live migration"}, {"snapshot", "snapshot"}};

std::string format_features_markdown(const nlohmann::json& table);
// The Markdown table and its sources without the page heading (the report embeds it).
std::string features_markdown_table(const nlohmann::json& table);
std::string format_features_table(const nlohmann::json& table);
std::string format_features_csv(const nlohmann::json& table);

// Exit 0 when the table was built (cells may still be empty with reasons); 2 on bad input.
int features_command(const FeaturesOptions& options);

}  // namespace vcb
