#pragma once
// Host provenance for every record: what the machine is and what makes its numbers trustworthy.
// Tri-state facts (governor, turbo) are null when this host cannot tell, never a guessed false.
#include <nlohmann/json.hpp>

namespace vcb {

// {"name","cpu","cores","pus","numa_nodes","caches":[{"level","type","size_bytes"}],"memory_bytes",
//  "kernel","governor","turbo","hypervisor","topology":"sha256:…"}
nlohmann::json host_info();

}  // namespace vcb
