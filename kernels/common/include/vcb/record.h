#pragma once
// The one way a kernel speaks: one JSON object per line on stdout, prefixed by a marker so that
// records survive a serial console and interleaved output (DESIGN.md, "A kernel").
#include <nlohmann/json.hpp>
#include <string_view>

namespace vcb {

inline constexpr std::string_view record_marker = "@@vcb ";

// Writes `marker + json + '\n'` in one write(2) and returns false if stdout refused it.
bool emit_line(const nlohmann::json& object);

// Returns the JSON text of a line that carries a record, or an empty view if it carries none.
std::string_view record_payload(std::string_view line);

}  // namespace vcb
