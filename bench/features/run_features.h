#pragma once
// The feature table of one results folder (issue 9: "the table goes into the report as well"),
// built only from what the run already knows, so `vcbench report` stays fast: nothing is started,
// booted or probed (that is `vcbench features`). Sources, in this order:
//   run.json     the environments' descriptions (the launchers' describe(): kind, guest kernel, QEMU
//                command, engine, security options) and the host's kernel
//   records      the context each kernel read inside its environment (seccomp mode, capabilities)
//   the report   this run's own startup rows (the default comparison runs micro + startup) and
//                migration rows
//   results/     the newest startup, checkpoint and migration runs next to the folder
// A cell none of these can fill is empty with the reason and the command that would fill it.
// Same shape as `vcbench features` (vcbench/features/1), with "from": "run".
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vcb {

nlohmann::json features_of_run(const std::string& dir, const nlohmann::json& manifest,
                               const std::vector<nlohmann::json>& records, const nlohmann::json& report);

// The table under a heading, to append to the report in `format` (table | markdown); "" for others.
std::string features_section(const nlohmann::json& table, const std::string& format);

}  // namespace vcb
