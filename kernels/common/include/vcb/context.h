#pragma once
// Facts about the process a kernel runs in, read from inside (so they are true in a container or
// a guest too). Unknown stays unknown: null in JSON, never a guessed false.
#include <nlohmann/json.hpp>
#include <string>

namespace vcb {

// {"seccomp": 0|1|2|null, "capabilities": CapEff hex, "cpus_allowed": [...], "clocksource", "thp",
//  "kernel_release": uname -r, "namespaces": {"net": inode, ...} (null where unreadable)}
nlohmann::json process_context();

// The file system a path lives on: {"path", "type" (statfs name, e.g. ext4/overlay/tmpfs/9p),
// "magic", "mount_point", "source", "options"}; "type" is null when statfs fails.
nlohmann::json filesystem_of(const std::string& path);

// First line of a small text file, without the newline; empty if unreadable.
std::string read_first_line(const std::string& path);

}  // namespace vcb
