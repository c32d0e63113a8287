#pragma once
// Can CRIU checkpoint a container here? `criu check` answers for the kernel; the engine must also
// offer checkpointing (Docker only with an --experimental daemon). One line of why, and the fix.
#include <string>

namespace vcb {

struct CriuProbe {
  bool ok = false;
  std::string version;  // "criu 3.17.1", or empty when criu is missing
  std::string detail;   // what was found: CRIU's own first error line when it fails
  std::string fix;      // the next step, or why there is none
};

// The first line of `text` that reads like an error ("Error (criu/vdso.c:381): ..."), else its
// first non-empty line.
std::string first_error_line(const std::string& text);

// `engine` empty checks CRIU alone; "docker" or "podman" also checks that the engine can use it.
CriuProbe probe_criu(const std::string& engine);

}  // namespace vcb
