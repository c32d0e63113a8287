#include "netns.h"

#include <signal.h>

#include <cerrno>
#include <sstream>

#include "common/subprocess.h"

namespace vcb::migrate {
namespace {

ProcessResult run_ip(const std::vector<std::string>& argv) {
  ProcessOptions o;
  o.timeout_s = 20;
  o.interruptible = false;  // clean-up must finish after SIGINT too
  return run_process(argv, o);
}

std::string joined(const std::vector<std::string>& argv) {
  std::string s;
  for (const auto& a : argv) s += (s.empty() ? "" : " ") + a;
  return s;
}

}  // namespace

bool NetnsPair::create(std::string& error) {
  created_ = true;  // whatever part was made is removed again
  for (const auto& c : netns_setup_commands(plan_)) {
    const auto r = run_ip(c);
    if (r.exit_code != 0) {
      error = "`" + joined(c) + "` failed: " + (r.err_tail.empty() ? r.error : r.err_tail);
      while (!error.empty() && error.back() == '\n') error.pop_back();
      remove();
      return false;
    }
  }
  return true;
}

void NetnsPair::remove() {
  if (!created_) return;
  for (const auto& c : netns_teardown_commands(plan_)) run_ip(c);
  created_ = false;
}

void remove_abandoned_namespaces() {
  std::istringstream names(run_ip({"ip", "netns", "list"}).out);
  for (std::string line; std::getline(names, line);) {
    const std::string name = line.substr(0, line.find(' '));  // "name (id: 3)"
    const int owner = netns_owner(name);
    if (owner > 0 && kill(owner, 0) != 0 && errno == ESRCH) run_ip({"ip", "netns", "delete", name});
  }
}

}  // namespace vcb::migrate
