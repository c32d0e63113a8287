#include "launcher.h"
#include "native/native_launcher.h"

namespace vcb {

std::vector<EnvironmentInfo> known_environments() {
  return {{"native", "bare metal: kernels as child processes, bound to hwloc cores"}};
}

std::unique_ptr<Launcher> make_launcher(const std::string& name, const std::string& scratch, std::string& error) {
  if (name == "native") return std::make_unique<NativeLauncher>(scratch);
  std::string known;
  for (const auto& e : known_environments()) known += (known.empty() ? "" : ", ") + e.name;
  error = "unknown environment '" + name + "'; known: " + known + " (see: vcbench list envs)";
  return nullptr;
}

}  // namespace vcb
